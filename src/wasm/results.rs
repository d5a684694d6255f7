//! Results to JS objects (search results, `NoteInfo`s, rendered notes), built by hand rather
//! than through serde.
//!
//! Why: serde-wasm-bindgen decodes each string with its own `TextDecoder` call, and a page of
//! results holds a few hundred strings (up to 40 hits, each with ids, titles, headings, paths
//! and two snippets). Turning the result into JS was a third of a query's time at p95 in Node,
//! most of it those calls; the `NoteInfo` that `addNote` returns was a tenth of indexing.
//! Here a value's strings are written into one buffer, decoded once, and each field is a
//! slice of that one JS string (V8 slices share the parent's characters). A long string met
//! again (a snippet in both `hits` and a group, a note title) is written once and reused:
//! decoding was still a tenth of a query. The buffer is UTF-16, not UTF-8: Node 20 decodes
//! 40 KB of mixed Chinese and English in 111 µs as UTF-8 and in 14 µs as UTF-16LE (which is
//! the layout of a JS string), and the UTF-16 lengths that slicing needs come from encoding.
//!
//! One walk over the value ([`Walk`]) drives both passes, so the order in which strings are
//! written and sliced cannot drift apart. The objects have the keys and values the types'
//! `Serialize` derives give through serde-wasm-bindgen (maps as objects, `None` as
//! `undefined`, `skip_serializing_if` fields left out), in the same order: wasm-bindgen tests
//! compare the two key by key. One difference, on purpose: a front-matter integer beyond
//! 2^53 becomes the nearest number, where serde-wasm-bindgen failed (and `addNote` threw
//! after adding the note).

use std::cell::{Cell, RefCell};
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;

use js_sys::{Array, JsString, Object};
use rustc_hash::FxHashMap;
use wasm_bindgen::prelude::*;

use crate::library::{FacetCount, Hit, NoteInfo, Rendered, SearchResult, SectionInfo};
use crate::model::{MetaValue, NoteMeta};
use crate::outline::TocEntry;

#[wasm_bindgen]
extern "C" {
    /// Any object or array, for plain `obj[key] = value` and `list.push(value)` (no
    /// `Reflect.set` wrapper, no try/catch).
    type Plain;
    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Plain, key: &JsValue, value: JsValue);
    /// The same for a number, passed as an `f64` (no JS value handle to make and drop).
    #[wasm_bindgen(method, indexing_setter)]
    fn set_num(this: &Plain, key: &JsValue, value: f64);
    /// `push` on an array.
    #[wasm_bindgen(method)]
    fn push(this: &Plain, value: JsValue);
    #[wasm_bindgen(method, js_name = push)]
    fn push_num(this: &Plain, value: f64);

    /// A `TextDecoder`, for UTF-16LE: `decode` gives the JS string itself, where web-sys's
    /// binding would bring it back into Rust as a `String`.
    #[wasm_bindgen(js_name = TextDecoder)]
    type Utf16Decoder;
    #[wasm_bindgen(constructor, js_class = TextDecoder)]
    fn new(label: &str) -> Utf16Decoder;
    /// Reads the bytes in place (a view of wasm memory, not a copy).
    #[wasm_bindgen(method, js_class = TextDecoder)]
    fn decode(this: &Utf16Decoder, bytes: &[u8]) -> JsString;
}

/// A value being built: numbers stay `f64` until they are set, so that each costs one call
/// across the boundary, not three.
enum Value {
    Js(JsValue),
    Num(f64),
}

/// A value that can be written as JS: one walk, run by both passes.
pub trait Walk {
    fn walk<'r, S: Sink<'r>>(&'r self, s: &mut S) -> S::Out;
}

/// The JS value of `value`.
pub fn to_js<W: Walk + ?Sized>(value: &W) -> JsValue {
    let Scratch { buf, plan, long } = SCRATCH.take();
    let mut text = Text {
        buf,
        plan,
        seen: FxHashMap::default(),
    };
    value.walk(&mut text);
    let Text {
        mut buf, mut plan, ..
    } = text;
    // SAFETY: any two bytes are a valid `u8` pair and `u8` needs no alignment: this is the
    // same memory as `buf`, read as the little-endian bytes (wasm is little-endian) that
    // UTF-16LE names.
    let bytes = unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), 2 * buf.len()) };
    let all = DECODER.with(|d| d.decode(bytes));
    let mut build = Build {
        all,
        at: 0,
        plan: plan.iter(),
        long,
    };
    let out = match value.walk(&mut build) {
        Value::Js(v) => v,
        Value::Num(n) => n.into(),
    };
    let mut long = build.long;
    buf.clear();
    plan.clear();
    long.clear();
    SCRATCH.set(Scratch { buf, plan, long });
    out
}

/// What one call of [`to_js`] works in: the first pass's UTF-16 text and plan, the second
/// pass's long strings.
#[derive(Default)]
struct Scratch {
    buf: Vec<u16>,
    plan: Vec<u32>,
    long: Vec<JsValue>,
}

thread_local! {
    /// Kept between calls. With fresh buffers for every `addNote`, wasm memory after indexing
    /// the handbook 20 times in Node was one growth step higher (123.9 MB instead of 117.2
    /// with the first pass's buffer; 124.8 MiB instead of 116.7 with the long strings' list):
    /// the short-lived buffers sat among the index's growing allocations.
    static SCRATCH: Cell<Scratch> = const {
        Cell::new(Scratch {
            buf: Vec::new(),
            plan: Vec::new(),
            long: Vec::new(),
        })
    };
    static DECODER: Utf16Decoder = Utf16Decoder::new("utf-16le");
}

/// Strings at least this long are written once however often they occur (shorter ones cost
/// more to look up than to decode again).
const SHARED: usize = 32;

/// What a [`Walk`] emits into: strings, numbers, `true`/`false`, `undefined`, objects of
/// named fields (a `None` field is left out), objects with keys from the data, lists.
pub trait Sink<'r> {
    type Out;
    fn str(&mut self, s: &'r str) -> Self::Out;
    fn num(&mut self, n: f64) -> Self::Out;
    fn bool(&mut self, b: bool) -> Self::Out;
    fn undefined(&mut self) -> Self::Out;
    fn obj<const N: usize>(&mut self, fields: [(&'static str, Option<Self::Out>); N]) -> Self::Out;
    fn map(&mut self, entries: Vec<(Self::Out, Self::Out)>) -> Self::Out;
    fn list(&mut self, items: Vec<Self::Out>) -> Self::Out;
}

/// How the second pass makes the next string, one entry per string in walk order: the next
/// slice of the decoded text, `units` UTF-16 code units long (flagged [`LONG`] when later
/// strings may repeat it), or with [`REPEAT`], the `n`th long string again.
const LONG: u32 = 1 << 30;
const REPEAT: u32 = 1 << 31;

/// First pass: every string, in walk order (a long one only the first time), as UTF-16,
/// and the plan the second pass follows, so that only this pass looks strings up.
struct Text<'r> {
    buf: Vec<u16>,
    plan: Vec<u32>,
    /// Long strings met so far, by their number among them.
    seen: FxHashMap<&'r str, u32>,
}

impl<'r> Sink<'r> for Text<'r> {
    type Out = ();
    fn str(&mut self, s: &'r str) {
        let mut flag = 0;
        if s.len() >= SHARED {
            let next = self.seen.len() as u32;
            match self.seen.entry(s) {
                Entry::Occupied(n) => return self.plan.push(REPEAT | n.get()),
                Entry::Vacant(slot) => slot.insert(next),
            };
            flag = LONG;
        }
        let before = self.buf.len();
        if s.is_ascii() {
            self.buf.extend(s.bytes().map(u16::from));
        } else {
            self.buf.extend(s.encode_utf16());
        }
        self.plan.push(flag | (self.buf.len() - before) as u32);
    }
    fn num(&mut self, _: f64) {}
    fn bool(&mut self, _: bool) {}
    fn undefined(&mut self) {}
    fn obj<const N: usize>(&mut self, _: [(&'static str, Option<()>); N]) {}
    fn map(&mut self, _: Vec<((), ())>) {}
    fn list(&mut self, _: Vec<()>) {}
}

/// Second pass: JS values; each string is the next slice of `all`, or a long one met before,
/// as [`Text`]'s plan says.
struct Build<'u> {
    all: JsString,
    /// UTF-16 offset of the next string in `all`.
    at: u32,
    plan: std::slice::Iter<'u, u32>,
    /// The long strings made so far, by their number among them.
    long: Vec<JsValue>,
}

thread_local! {
    /// Property names, made into JS strings once per key rather than once per object. Keyed
    /// by address and length: every key is a literal, and hashing those is cheaper than
    /// hashing the text (a literal stored twice is only made twice; the length tells apart a
    /// literal stored as the start of a longer one).
    static KEYS: RefCell<FxHashMap<(usize, usize), JsValue>> = RefCell::default();
}

impl<'r> Sink<'r> for Build<'_> {
    type Out = Value;
    fn str(&mut self, _: &'r str) -> Value {
        // Both passes take the same walk, so the plan has an entry for every string.
        let step = self.plan.next().copied().unwrap_or_default();
        if step & REPEAT != 0 {
            let v = self.long.get((step & !REPEAT) as usize).cloned();
            return Value::Js(v.unwrap_or(JsValue::UNDEFINED));
        }
        let start = self.at;
        self.at += step & !LONG;
        let v: JsValue = self.all.slice(start, self.at).into();
        if step & LONG != 0 {
            self.long.push(v.clone());
        }
        Value::Js(v)
    }

    fn num(&mut self, n: f64) -> Value {
        Value::Num(n)
    }

    fn bool(&mut self, b: bool) -> Value {
        Value::Js(JsValue::from_bool(b))
    }

    fn undefined(&mut self) -> Value {
        Value::Js(JsValue::UNDEFINED)
    }

    fn obj<const N: usize>(&mut self, fields: [(&'static str, Option<Value>); N]) -> Value {
        let obj: Plain = Object::new().unchecked_into();
        KEYS.with_borrow_mut(|keys| {
            for (key, value) in fields {
                let Some(value) = value else { continue };
                let key = keys
                    .entry((key.as_ptr() as usize, key.len()))
                    .or_insert_with(|| JsValue::from_str(key));
                match value {
                    Value::Js(v) => obj.set(key, v),
                    Value::Num(n) => obj.set_num(key, n),
                }
            }
        });
        Value::Js(obj.into())
    }

    fn map(&mut self, entries: Vec<(Value, Value)>) -> Value {
        let obj: Plain = Object::new().unchecked_into();
        for (key, value) in entries {
            let key = match key {
                Value::Js(k) => k,
                Value::Num(n) => n.into(),
            };
            match value {
                Value::Js(v) => obj.set(&key, v),
                Value::Num(n) => obj.set_num(&key, n),
            }
        }
        Value::Js(obj.into())
    }

    fn list(&mut self, items: Vec<Value>) -> Value {
        let list: Plain = Array::new().unchecked_into();
        for item in items {
            match item {
                Value::Js(v) => list.push(v),
                Value::Num(n) => list.push_num(n),
            }
        }
        Value::Js(list.into())
    }
}

impl Walk for SearchResult {
    fn walk<'r, S: Sink<'r>>(&'r self, s: &mut S) -> S::Out {
        result(s, self)
    }
}

impl Walk for NoteInfo {
    fn walk<'r, S: Sink<'r>>(&'r self, s: &mut S) -> S::Out {
        note_info(s, self)
    }
}

impl Walk for [NoteInfo] {
    fn walk<'r, S: Sink<'r>>(&'r self, s: &mut S) -> S::Out {
        list_of(s, self, note_info)
    }
}

impl Walk for Rendered {
    fn walk<'r, S: Sink<'r>>(&'r self, s: &mut S) -> S::Out {
        let fields = [
            ("html", Some(s.str(&self.html))),
            ("toc", Some(toc(s, &self.toc))),
            ("meta", Some(note_info(s, &self.meta))),
        ];
        s.obj(fields)
    }
}

/// `items` as a list, each written by `item`.
fn list_of<'r, S: Sink<'r>, T>(
    s: &mut S,
    items: &'r [T],
    mut item: impl FnMut(&mut S, &'r T) -> S::Out,
) -> S::Out {
    let out = items.iter().map(|x| item(s, x)).collect();
    s.list(out)
}

fn strs<'r, S: Sink<'r>>(s: &mut S, list: &'r [String]) -> S::Out {
    list_of(s, list, |s, v| s.str(v))
}

fn opt_str<'r, S: Sink<'r>>(s: &mut S, v: &'r Option<String>) -> S::Out {
    match v {
        Some(v) => s.str(v),
        None => s.undefined(),
    }
}

fn result<'r, S: Sink<'r>>(s: &mut S, r: &'r SearchResult) -> S::Out {
    let facet = |s: &mut S, counts: &'r [FacetCount]| {
        list_of(s, counts, |s, c| {
            let fields = [
                ("value", Some(s.str(&c.value))),
                ("count", Some(s.num(c.count as f64))),
            ];
            s.obj(fields)
        })
    };
    let fields = [
        ("total", Some(s.num(r.total as f64))),
        ("totalNotes", Some(s.num(r.total_notes as f64))),
        ("hits", Some(list_of(s, &r.hits, hit))),
        (
            "groups",
            Some(list_of(s, &r.groups, |s, g| {
                let fields = [
                    ("noteId", Some(s.str(&g.note_id))),
                    ("noteTitle", Some(s.str(&g.note_title))),
                    ("score", Some(s.num(g.score.into()))),
                    ("total", Some(s.num(g.total as f64))),
                    ("hits", Some(list_of(s, &g.hits, hit))),
                ];
                s.obj(fields)
            })),
        ),
        ("facets", {
            let f = &r.facets;
            let fields = [
                ("tags", Some(facet(s, &f.tags))),
                ("speakers", Some(facet(s, &f.speakers))),
                ("notes", Some(facet(s, &f.notes))),
                ("years", Some(facet(s, &f.years))),
            ];
            Some(s.obj(fields))
        }),
        ("terms", Some(strs(s, &r.terms))),
    ];
    s.obj(fields)
}

fn hit<'r, S: Sink<'r>>(s: &mut S, h: &'r Hit) -> S::Out {
    let fields = [
        ("noteId", Some(s.str(&h.note_id))),
        ("noteTitle", Some(s.str(&h.note_title))),
        ("slug", Some(s.str(&h.slug))),
        ("heading", Some(s.str(&h.heading))),
        ("headingPath", Some(strs(s, &h.heading_path))),
        ("level", Some(s.num(h.level.into()))),
        ("score", Some(s.num(h.score.into()))),
        ("speaker", h.speaker.as_deref().map(|v| s.str(v))),
        ("snippet", Some(s.str(&h.snippet))),
        ("snippetHtml", Some(s.str(&h.snippet_html))),
        (
            "highlights",
            Some(list_of(s, &h.highlights, |s, &(a, b)| {
                let pair = vec![s.num(a as f64), s.num(b as f64)];
                s.list(pair)
            })),
        ),
        (
            "explain",
            h.explain.as_deref().map(|parts| {
                list_of(s, parts, |s, e| {
                    let fields = [
                        ("term", Some(s.str(&e.term))),
                        ("form", Some(s.str(&e.form))),
                        ("field", Some(s.str(e.field))),
                        ("score", Some(s.num(e.score.into()))),
                    ];
                    s.obj(fields)
                })
            }),
        ),
    ];
    s.obj(fields)
}

/// `NoteInfo` with its metadata flattened into it, as `#[serde(flatten)]` does.
fn note_info<'r, S: Sink<'r>>(s: &mut S, i: &'r NoteInfo) -> S::Out {
    let NoteMeta {
        title,
        date,
        lastmod,
        authors,
        tags,
        categories,
        description,
        draft,
        excerpt,
        extra,
    } = &i.meta;
    let fields = [
        ("id", Some(s.str(&i.id))),
        ("format", Some(s.str(i.format.as_str()))),
        ("title", Some(s.str(title))),
        ("date", Some(opt_str(s, date))),
        ("lastmod", Some(opt_str(s, lastmod))),
        ("authors", Some(strs(s, authors))),
        ("tags", Some(strs(s, tags))),
        ("categories", Some(strs(s, categories))),
        ("description", Some(opt_str(s, description))),
        ("draft", Some(s.bool(*draft))),
        ("excerpt", Some(s.str(excerpt))),
        ("extra", Some(meta_map(s, extra))),
        ("sections", Some(list_of(s, &i.sections, section))),
        (
            "warnings",
            Some(list_of(s, &i.warnings, |s, w| {
                let fields = [
                    ("code", Some(s.str(w.code))),
                    ("message", Some(s.str(&w.message))),
                ];
                s.obj(fields)
            })),
        ),
        ("han", Some(s.num(i.han.into()))),
        ("latin", Some(s.num(i.latin.into()))),
        ("chars", Some(s.num(i.chars as f64))),
        ("words", Some(s.num(i.words as f64))),
        ("readingMinutes", Some(s.num(i.reading_minutes.into()))),
    ];
    s.obj(fields)
}

/// `SectionInfo` with its metadata flattened into it.
fn section<'r, S: Sink<'r>>(s: &mut S, x: &'r SectionInfo) -> S::Out {
    let m = &x.meta;
    let fields = [
        ("slug", Some(s.str(&x.slug))),
        ("heading", Some(s.str(&x.heading))),
        ("level", Some(s.num(x.level.into()))),
        ("path", Some(strs(s, &x.path))),
        ("speaker", m.speaker.as_deref().map(|v| s.str(v))),
        ("org", m.org.as_deref().map(|v| s.str(v))),
        ("pages", m.pages.map(|v| s.num(v.into()))),
        ("size", m.size.as_deref().map(|v| s.str(v))),
    ];
    s.obj(fields)
}

fn meta_map<'r, S: Sink<'r>>(s: &mut S, map: &'r BTreeMap<String, MetaValue>) -> S::Out {
    let entries = map
        .iter()
        .map(|(k, v)| (s.str(k), meta_value(s, v)))
        .collect();
    s.map(entries)
}

/// A front-matter value as `#[serde(untagged)]` writes it (`Null` is `undefined`, as
/// serde-wasm-bindgen writes a unit).
fn meta_value<'r, S: Sink<'r>>(s: &mut S, v: &'r MetaValue) -> S::Out {
    match v {
        MetaValue::Null => s.undefined(),
        MetaValue::Bool(b) => s.bool(*b),
        MetaValue::Int(n) => s.num(*n as f64),
        MetaValue::Float(x) => s.num(*x),
        MetaValue::Str(t) => s.str(t),
        MetaValue::List(items) => list_of(s, items, meta_value),
        MetaValue::Map(map) => meta_map(s, map),
    }
}

fn toc<'r, S: Sink<'r>>(s: &mut S, entries: &'r [TocEntry]) -> S::Out {
    list_of(s, entries, |s, e| {
        let fields = [
            ("level", Some(s.num(e.level.into()))),
            ("text", Some(s.str(&e.text))),
            ("slug", Some(s.str(&e.slug))),
            ("children", Some(toc(s, &e.children))),
        ];
        s.obj(fields)
    })
}
