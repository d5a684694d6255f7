//! Search results to JS objects, built by hand rather than through serde.
//!
//! Why: serde-wasm-bindgen decodes each string with its own `TextDecoder` call, and a page of
//! results holds a few hundred strings (up to 40 hits, each with ids, titles, headings, paths
//! and two snippets). Turning the result into JS was a third of a query's time at p95 in Node,
//! most of it those calls. Here a result's strings are written into one buffer, decoded once,
//! and each field is a slice of that one JS string (V8 slices share the parent's characters).
//! A long string met again (a snippet in both `hits` and a group, a note title) is written
//! once and reused: decoding was still a tenth of a query.
//!
//! One walk over the result ([`result`]) drives both passes, so the order in which strings are
//! written and sliced cannot drift apart. The objects have serde's keys in serde's order: a
//! wasm-bindgen test compares the two on many queries.

use std::cell::RefCell;

use js_sys::{Array, JsString, Object};
use rustc_hash::{FxHashMap, FxHashSet};
use wasm_bindgen::prelude::*;

use crate::library::{Explain, FacetCount, Hit, SearchResult};

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
}

/// A value being built: numbers stay `f64` until they are set, so that each costs one call
/// across the boundary, not three.
enum Value {
    Js(JsValue),
    Num(f64),
}

/// The JS object for `r`: the same keys and values `serde_wasm_bindgen` gives (maps as
/// objects, `None` fields left out).
pub fn search_result(r: &SearchResult) -> JsValue {
    let mut text = Text::default();
    result(&mut text, r);
    let mut build = Build {
        all: JsString::from(text.buf.as_str()),
        at: 0,
        seen: FxHashMap::default(),
    };
    match result(&mut build, r) {
        Value::Js(v) => v,
        Value::Num(n) => n.into(),
    }
}

/// Strings at least this long are written once however often they occur (shorter ones cost
/// more to look up than to decode again).
const SHARED: usize = 32;

/// What [`result`] emits into: a string, a number, an object of named fields, a list.
trait Sink<'r> {
    type Out;
    fn str(&mut self, s: &'r str) -> Self::Out;
    fn num(&mut self, n: f64) -> Self::Out;
    fn obj<const N: usize>(&mut self, fields: [(&'static str, Option<Self::Out>); N]) -> Self::Out;
    fn list(&mut self, items: Vec<Self::Out>) -> Self::Out;
}

/// First pass: every string, in walk order (a long one only the first time).
#[derive(Default)]
struct Text<'r> {
    buf: String,
    seen: FxHashSet<&'r str>,
}

impl<'r> Sink<'r> for Text<'r> {
    type Out = ();
    fn str(&mut self, s: &'r str) {
        if s.len() < SHARED || self.seen.insert(s) {
            self.buf.push_str(s);
        }
    }
    fn num(&mut self, _: f64) {}
    fn obj<const N: usize>(&mut self, _: [(&'static str, Option<()>); N]) {}
    fn list(&mut self, _: Vec<()>) {}
}

/// Second pass: JS values; each string is the next slice of `all`, or a long one met before.
struct Build<'r> {
    all: JsString,
    /// UTF-16 offset of the next string in `all`.
    at: u32,
    seen: FxHashMap<&'r str, JsValue>,
}

thread_local! {
    /// Property names, made into JS strings once per key rather than once per object.
    static KEYS: RefCell<FxHashMap<&'static str, JsValue>> = RefCell::default();
}

impl<'r> Sink<'r> for Build<'r> {
    type Out = Value;
    fn str(&mut self, s: &'r str) -> Value {
        if s.len() >= SHARED {
            if let Some(v) = self.seen.get(s) {
                return Value::Js(v.clone());
            }
        }
        let units = if s.is_ascii() {
            s.len()
        } else {
            s.chars().map(char::len_utf16).sum()
        } as u32;
        let start = self.at;
        self.at += units;
        let v: JsValue = self.all.slice(start, self.at).into();
        if s.len() >= SHARED {
            self.seen.insert(s, v.clone());
        }
        Value::Js(v)
    }

    fn num(&mut self, n: f64) -> Value {
        Value::Num(n)
    }

    fn obj<const N: usize>(&mut self, fields: [(&'static str, Option<Value>); N]) -> Value {
        let obj: Plain = Object::new().unchecked_into();
        KEYS.with_borrow_mut(|keys| {
            for (key, value) in fields {
                let Some(value) = value else { continue };
                let key = keys.entry(key).or_insert_with(|| JsValue::from_str(key));
                match value {
                    Value::Js(v) => obj.set(key, v),
                    Value::Num(n) => obj.set_num(key, n),
                }
            }
        });
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

fn result<'r, S: Sink<'r>>(s: &mut S, r: &'r SearchResult) -> S::Out {
    let fields = [
        ("total", Some(s.num(r.total as f64))),
        ("totalNotes", Some(s.num(r.total_notes as f64))),
        ("hits", Some(hits(s, &r.hits))),
        ("groups", {
            let groups = r
                .groups
                .iter()
                .map(|g| {
                    let fields = [
                        ("noteId", Some(s.str(&g.note_id))),
                        ("noteTitle", Some(s.str(&g.note_title))),
                        ("score", Some(s.num(g.score.into()))),
                        ("total", Some(s.num(g.total as f64))),
                        ("hits", Some(hits(s, &g.hits))),
                    ];
                    s.obj(fields)
                })
                .collect();
            Some(s.list(groups))
        }),
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

fn hits<'r, S: Sink<'r>>(s: &mut S, hits: &'r [Hit]) -> S::Out {
    let items = hits.iter().map(|h| hit(s, h)).collect();
    s.list(items)
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
        ("highlights", {
            let pairs = h
                .highlights
                .iter()
                .map(|&(a, b)| {
                    let pair = vec![s.num(a as f64), s.num(b as f64)];
                    s.list(pair)
                })
                .collect();
            Some(s.list(pairs))
        }),
        ("explain", h.explain.as_deref().map(|e| explain(s, e))),
    ];
    s.obj(fields)
}

fn explain<'r, S: Sink<'r>>(s: &mut S, parts: &'r [Explain]) -> S::Out {
    let items = parts
        .iter()
        .map(|e| {
            let fields = [
                ("term", Some(s.str(&e.term))),
                ("form", Some(s.str(&e.form))),
                ("field", Some(s.str(e.field))),
                ("score", Some(s.num(e.score.into()))),
            ];
            s.obj(fields)
        })
        .collect();
    s.list(items)
}

fn facet<'r, S: Sink<'r>>(s: &mut S, counts: &'r [FacetCount]) -> S::Out {
    let items = counts
        .iter()
        .map(|c| {
            let fields = [
                ("value", Some(s.str(&c.value))),
                ("count", Some(s.num(c.count as f64))),
            ];
            s.obj(fields)
        })
        .collect();
    s.list(items)
}

fn strs<'r, S: Sink<'r>>(s: &mut S, list: &'r [String]) -> S::Out {
    let items = list.iter().map(|v| s.str(v)).collect();
    s.list(items)
}
