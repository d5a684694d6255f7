//! Results to JS objects (search results, `NoteInfo`s, rendered notes), built by hand rather
//! than through serde.
//!
//! Why: serde-wasm-bindgen decodes each string with its own `TextDecoder` call and crosses
//! the wasm boundary for every field, and a page of results holds a few hundred strings (up
//! to 40 hits, each with ids, titles, headings, paths and two snippets). Here one walk over
//! the value ([`Walk`]) writes its strings into one UTF-16 buffer, its numbers into another
//! and its shape into a list of small instructions ([`Ops`]); one call hands the three to a
//! little JS function ([`build_value`], `results.js` beside this file) that decodes the text
//! once and makes the objects, each string a slice of that one JS string (V8 slices share the
//! parent's characters). A long string met again (a snippet in both `hits` and a group, a
//! note title) is written once and reused.
//!
//! Before, the objects were made from Rust, a call across the boundary for every string
//! slice, every property set and every list push (and one more to drop each handle). In Node,
//! over the bench's query mix, p95 went from 0.149 to 0.141 ms for the top 10 sections and
//! from 0.295 to 0.285 ms with default options; making the objects in JS now takes 8 and
//! 25 µs of such a query. The buffer is UTF-16, not UTF-8: Node 20 decodes 40 KB of mixed
//! Chinese and English in 111 µs as UTF-8 and in 14 µs as UTF-16LE (the layout of a JS
//! string).
//!
//! The objects have the keys and values the types' `Serialize` derives give through
//! serde-wasm-bindgen (maps as objects, `None` as `undefined`, `skip_serializing_if` fields
//! left out), in the same order: wasm-bindgen tests compare the two key by key. One
//! difference, on purpose: a front-matter integer beyond 2^53 becomes the nearest number,
//! where serde-wasm-bindgen failed (and `addNote` threw after adding the note).

use std::cell::{Cell, RefCell};
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorKind};
use crate::library::{FacetCount, Hit, NoteInfo, Rendered, SearchResult, SectionInfo};
use crate::model::{MetaValue, NoteMeta};
use crate::outline::TocEntry;

#[wasm_bindgen(module = "/src/wasm/results.js")]
extern "C" {
    /// Makes the value that `ops` describe (see [`Ops`]) from its strings (`text`, UTF-16)
    /// and numbers. The slices are read in place, during the call.
    #[wasm_bindgen(js_name = buildValue, catch)]
    fn build_value(text: &[u16], ops: &[u32], nums: &[f64]) -> Result<JsValue, JsValue>;
}

/// A value that can be written as JS: one walk, run by [`Ops`].
pub trait Walk {
    fn walk<'r, S: Sink<'r>>(&'r self, s: &mut S) -> S::Out;
}

/// The JS value of `value`; `result_too_large` when JS cannot make it (its text is longer
/// than a JS string can be).
pub fn to_js<W: Walk + ?Sized>(value: &W) -> Result<JsValue, Error> {
    let Scratch { text, ops, nums } = SCRATCH.take();
    let mut out = Ops {
        text,
        ops,
        nums,
        seen: FxHashMap::default(),
    };
    value.walk(&mut out);
    let Ops {
        mut text,
        mut ops,
        mut nums,
        ..
    } = out;
    let units = text.len();
    let value = build_value(&text, &ops, &nums);
    text.clear();
    ops.clear();
    nums.clear();
    SCRATCH.set(Scratch { text, ops, nums });
    value.map_err(|_| {
        // The names this call sent for the first time may not have reached results.js:
        // every name is sent again from the next call on, or later results would lack them.
        KEYS.with_borrow_mut(FxHashMap::clear);
        Error::new(
            ErrorKind::ResultTooLarge,
            format!(
                "the result is too large to hand to JS ({units} UTF-16 units of text); ask for \
                 fewer hits (limit, subResults), or leave explain off"
            ),
        )
    })
}

/// What one call of [`to_js`] writes into.
#[derive(Default)]
struct Scratch {
    text: Vec<u16>,
    ops: Vec<u32>,
    nums: Vec<f64>,
}

thread_local! {
    /// Kept between calls. With fresh buffers for every `addNote`, wasm memory after indexing
    /// the handbook 20 times in Node was one growth step higher (123.9 MB instead of 117.2):
    /// the short-lived buffers sat among the index's growing allocations.
    static SCRATCH: Cell<Scratch> = const {
        Cell::new(Scratch {
            text: Vec::new(),
            ops: Vec::new(),
            nums: Vec::new(),
        })
    };
    /// Property names by number, as sent to `results.js` (which keeps them): each name
    /// travels once. Keyed by address and length: every key is a literal, and hashing those
    /// is cheaper than hashing the text (a literal stored twice is only sent twice; the length
    /// tells apart a literal stored as the start of a longer one).
    static KEYS: RefCell<FxHashMap<(usize, usize), u32>> = RefCell::default();
}

/// Strings at least this long are written once however often they occur (shorter ones cost
/// more to look up than to decode again).
const SHARED: usize = 32;

/// What a [`Walk`] emits into: strings, numbers, `true`/`false`, `undefined`, objects of
/// named fields (a `None` field is left out), objects with keys from the data, lists. Values
/// are emitted in order; an object, map or list comes after its values.
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

/// The instructions `results.js` runs, one `u32` each: the operation in the low 3 bits, its
/// argument above them. Values go on a stack; an object, map or list takes its values off it.
mod op {
    /// The next `n` code units of the text.
    pub const STR: u32 = 0;
    /// The same, remembered as the next long string.
    pub const LONG: u32 = 1;
    /// Long string `n` again.
    pub const REPEAT: u32 = 2;
    /// The next number.
    pub const NUM: u32 = 3;
    /// `undefined` (0), `false` (1) or `true` (2).
    pub const CONST: u32 = 4;
    /// A list of the last `n` values.
    pub const LIST: u32 = 5;
    /// An object of the last `n` values, named by the `n` words that follow: a key's number,
    /// with [`NEW_KEY`] and then its length in the text the first time it is sent.
    pub const OBJ: u32 = 6;
    /// An object of the last `n` key-value pairs.
    pub const MAP: u32 = 7;
    pub const NEW_KEY: u32 = 1 << 31;
}

/// The one pass: strings into `text` (a long one only the first time), numbers into `nums`,
/// the instructions into `ops`.
struct Ops<'r> {
    text: Vec<u16>,
    ops: Vec<u32>,
    nums: Vec<f64>,
    /// Long strings met so far, by their number among them.
    seen: FxHashMap<&'r str, u32>,
}

impl Ops<'_> {
    fn op(&mut self, op: u32, n: usize) {
        self.ops.push(op | (n as u32) << 3);
    }

    fn write(&mut self, s: &str) -> usize {
        let before = self.text.len();
        if s.is_ascii() {
            self.text.extend(s.bytes().map(u16::from));
        } else {
            // A character takes no more UTF-16 units than UTF-8 bytes: written in place, then
            // cut to size (`extend` with `encode_utf16` checked the capacity unit by unit).
            self.text.resize(before + s.len(), 0);
            let out = &mut self.text[before..];
            let mut n = 0;
            for c in s.chars() {
                n += c.encode_utf16(&mut out[n..]).len();
            }
            self.text.truncate(before + n);
        }
        self.text.len() - before
    }
}

impl<'r> Sink<'r> for Ops<'r> {
    type Out = ();
    fn str(&mut self, s: &'r str) {
        let mut op = op::STR;
        if s.len() >= SHARED {
            let next = self.seen.len() as u32;
            let again = match self.seen.entry(s) {
                Entry::Occupied(n) => Some(*n.get()),
                Entry::Vacant(slot) => {
                    slot.insert(next);
                    None
                }
            };
            if let Some(n) = again {
                return self.op(op::REPEAT, n as usize);
            }
            op = op::LONG;
        }
        let units = self.write(s);
        self.op(op, units);
    }

    fn num(&mut self, n: f64) {
        self.op(op::NUM, 0);
        self.nums.push(n);
    }

    fn bool(&mut self, b: bool) {
        self.op(op::CONST, if b { 2 } else { 1 });
    }

    fn undefined(&mut self) {
        self.op(op::CONST, 0);
    }

    fn obj<const N: usize>(&mut self, fields: [(&'static str, Option<()>); N]) {
        let present = fields.iter().filter(|(_, v)| v.is_some()).count();
        self.op(op::OBJ, present);
        KEYS.with_borrow_mut(|keys| {
            for (key, value) in fields {
                if value.is_none() {
                    continue;
                }
                let next = keys.len() as u32;
                match keys.entry((key.as_ptr() as usize, key.len())) {
                    Entry::Occupied(id) => self.ops.push(*id.get()),
                    Entry::Vacant(slot) => {
                        slot.insert(next);
                        self.ops.push(next | op::NEW_KEY);
                        let units = self.write(key);
                        self.ops.push(units as u32);
                    }
                }
            }
        });
    }

    fn map(&mut self, entries: Vec<((), ())>) {
        self.op(op::MAP, entries.len());
    }

    fn list(&mut self, items: Vec<()>) {
        self.op(op::LIST, items.len());
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
