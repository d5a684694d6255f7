//! The JS boundary: every `#[wasm_bindgen]` item lives here, and only converts.
//!
//! - Options arrive as plain objects and are deserialized into typed option structs; a wrong
//!   type or an out-of-range value throws `invalid_option`.
//! - Results leave as plain objects (serde), maps as objects.
//! - Errors leave as thrown `Error`s with a stable `code` property.
//! - Offsets: Rust works in UTF-8 byte offsets; JS strings index UTF-16 code units. Snippet
//!   highlight ranges are converted here, and only here.
//! - Text from JS with lone surrogates arrives with U+FFFD in their place (the encoder's
//!   doing), so Rust always sees valid UTF-8.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorKind};
use crate::library::{self, LibraryOptions, SearchOptions};
#[cfg(feature = "authoring")]
use crate::{library::AddOptions, FormatChoice};

type JsResult<T> = Result<T, JsValue>;

fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(e.message());
    err.set_name("RecapdexError");
    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code().into());
    err.into()
}

fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value
        .serialize(&ser)
        .map_err(|e| js_error(Error::new(ErrorKind::InvalidInput, e.to_string())))
}

fn options<T: for<'de> Deserialize<'de> + Default>(
    value: Option<JsValue>,
    what: &str,
) -> JsResult<T> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(T::default());
    };
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| js_error(Error::invalid_option(what, e.to_string().to_lowercase())))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct JsLibraryOptions {
    trusted_html: bool,
}

#[cfg(feature = "authoring")]
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct JsAddOptions {
    format: Option<String>,
}

#[cfg(feature = "authoring")]
impl JsAddOptions {
    fn parse(self) -> JsResult<AddOptions> {
        let format = match self.format.as_deref() {
            None => FormatChoice::Auto,
            Some(name) => FormatChoice::from_name(name).ok_or_else(|| {
                js_error(Error::invalid_option(
                    "format",
                    format!("{name:?} is not one of auto, markdown, text, listing"),
                ))
            })?,
        };
        Ok(AddOptions { format })
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct JsWeights {
    title: Option<f32>,
    heading: Option<f32>,
    meta: Option<f32>,
    body: Option<f32>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct JsSearchOptions {
    limit: Option<usize>,
    offset: Option<usize>,
    sub_results: Option<usize>,
    prefix: Option<bool>,
    fuzzy: Option<bool>,
    /// A count, or `Infinity` to always expand.
    expand_below: Option<f64>,
    explain: Option<bool>,
    snippet_chars: Option<usize>,
    weights: Option<JsWeights>,
}

impl JsSearchOptions {
    fn parse(self) -> JsResult<SearchOptions> {
        let mut o = SearchOptions::default();
        o.limit = self.limit.unwrap_or(o.limit);
        o.offset = self.offset.unwrap_or(o.offset);
        o.sub_results = self.sub_results.unwrap_or(o.sub_results);
        o.prefix = self.prefix.unwrap_or(o.prefix);
        o.fuzzy = self.fuzzy.unwrap_or(o.fuzzy);
        if let Some(v) = self.expand_below {
            if v.is_nan() || v < 0.0 {
                let why = "must be 0 or more (Infinity: always)";
                return Err(js_error(Error::invalid_option("expandBelow", why)));
            }
            // Saturating: Infinity and anything past usize::MAX mean "always".
            o.expand_below = v as usize;
        }
        o.explain = self.explain.unwrap_or(o.explain);
        o.snippet_chars = self.snippet_chars.unwrap_or(o.snippet_chars);
        if let Some(w) = self.weights {
            let cur = &mut o.rank.weights;
            for (slot, v) in cur.iter_mut().zip([w.title, w.heading, w.meta, w.body]) {
                if let Some(v) = v {
                    *slot = v;
                }
            }
        }
        Ok(o)
    }
}

/// Byte offset in `s` → UTF-16 code-unit offset.
fn utf16_offset(s: &str, byte: usize) -> usize {
    s[..byte].chars().map(char::len_utf16).sum()
}

fn hits_to_utf16(hits: &mut [library::Hit]) {
    for hit in hits {
        for h in &mut hit.highlights {
            *h = (
                utf16_offset(&hit.snippet, h.0),
                utf16_offset(&hit.snippet, h.1),
            );
        }
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Options of `new Library(options)`. */
export interface LibraryOptions {
    /** Render raw HTML from notes as-is instead of escaping it (default false). */
    trustedHtml?: boolean;
}
/** Options of `addNote` and `updateNote`. */
export interface NoteOptions {
    format?: "auto" | "markdown" | "text" | "listing";
}
export interface SectionInfo {
    slug: string;
    heading: string;
    level: number;
    path: string[];
    speaker?: string;
    org?: string;
    pages?: number;
    size?: string;
}
export interface NoteInfo {
    id: string;
    format: "markdown" | "text" | "listing";
    title: string;
    date?: string | null;
    lastmod?: string | null;
    authors: string[];
    tags: string[];
    categories: string[];
    description?: string | null;
    draft: boolean;
    excerpt: string;
    extra: Record<string, unknown>;
    sections: SectionInfo[];
    warnings: { code: string; message: string }[];
    han: number;
    latin: number;
    chars: number;
    words: number;
    readingMinutes: number;
}
export interface TocEntry {
    level: number;
    text: string;
    slug: string;
    children: TocEntry[];
}
export interface Rendered {
    html: string;
    toc: TocEntry[];
    meta: NoteInfo;
}
/** Options of `search`; docs/API.md gives defaults and ranges. */
export interface SearchOptions {
    limit?: number;
    offset?: number;
    subResults?: number;
    prefix?: boolean;
    fuzzy?: boolean;
    expandBelow?: number;
    explain?: boolean;
    snippetChars?: number;
    weights?: { title?: number; heading?: number; meta?: number; body?: number };
}
export interface Explain {
    term: string;
    form: string;
    field: "title" | "heading" | "meta" | "body";
    score: number;
}
export interface Hit {
    noteId: string;
    noteTitle: string;
    slug: string;
    heading: string;
    headingPath: string[];
    level: number;
    score: number;
    speaker?: string;
    snippet: string;
    snippetHtml: string;
    /** UTF-16 `[start, end)` offsets into `snippet`. */
    highlights: [number, number][];
    explain?: Explain[];
}
export interface Group {
    noteId: string;
    noteTitle: string;
    score: number;
    total: number;
    hits: Hit[];
}
export interface FacetCount {
    value: string;
    count: number;
}
export interface SearchResult {
    total: number;
    totalNotes: number;
    hits: Hit[];
    groups: Group[];
    facets: { tags: FacetCount[]; speakers: FacetCount[]; notes: FacetCount[]; years: FacetCount[] };
    terms: string[];
}
/** The `code` of every `Error` recapdex throws. */
export type ErrorCode =
    | "unknown_note" | "duplicate_note" | "invalid_id" | "invalid_option" | "invalid_input"
    | "snapshot_corrupt" | "snapshot_version" | "snapshot_foreign" | "unsupported";
export interface RecapdexError extends Error {
    name: "RecapdexError";
    code: ErrorCode;
}
"#;

/// A collection of recap notes with a search index.
#[wasm_bindgen]
pub struct Library {
    inner: library::Library,
}

#[wasm_bindgen]
impl Library {
    /// `new Library({ trustedHtml: false })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "LibraryOptions")] options: Option<JsValue>,
    ) -> JsResult<Library> {
        let o: JsLibraryOptions = self::options(options, "library options")?;
        Ok(Library {
            inner: library::Library::new(LibraryOptions {
                trusted_html: o.trusted_html,
            }),
        })
    }

    /// `"<crate version>+snapshot<format version>"`: a cache key for stored snapshots.
    pub fn version() -> String {
        format!(
            "{}+snapshot{}",
            env!("CARGO_PKG_VERSION"),
            crate::snapshot::VERSION
        )
    }

    /// Removes a note; throws `unknown_note` when absent.
    #[wasm_bindgen(js_name = removeNote)]
    pub fn remove_note(&mut self, id: &str) -> JsResult<bool> {
        self.inner.remove_note(id).map_err(js_error)?;
        Ok(true)
    }

    /// Note ids in insertion order.
    #[wasm_bindgen(js_name = noteIds)]
    pub fn note_ids(&self) -> Vec<String> {
        self.inner.note_ids()
    }

    /// One note's `NoteInfo`.
    #[wasm_bindgen(unchecked_return_type = "NoteInfo")]
    pub fn note(&self, id: &str) -> JsResult<JsValue> {
        to_js(&self.inner.note(id).map_err(js_error)?)
    }

    /// Every note's `NoteInfo`, in insertion order.
    #[wasm_bindgen(unchecked_return_type = "NoteInfo[]")]
    pub fn notes(&self) -> JsResult<JsValue> {
        to_js(&self.inner.notes())
    }

    /// Searches every section; see docs/API.md for the query language and options.
    #[wasm_bindgen(unchecked_return_type = "SearchResult")]
    pub fn search(
        &self,
        query: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let o = self::options::<JsSearchOptions>(options, "search options")?.parse()?;
        let mut res = self.inner.search(query, &o).map_err(js_error)?;
        hits_to_utf16(&mut res.hits);
        for g in &mut res.groups {
            hits_to_utf16(&mut g.hits);
        }
        to_js(&res)
    }

    /// Restores a library from `exportIndex()` bytes; throws `snapshot_corrupt`,
    /// `snapshot_version` or `snapshot_foreign` for bytes it cannot use.
    pub fn load(bytes: &[u8]) -> JsResult<Library> {
        Ok(Library {
            inner: library::Library::load(bytes).map_err(js_error)?,
        })
    }
}

/// Adding, rendering and exporting notes: the full build's half of the API. The search-only
/// build (`recapdex/search`, without the `authoring` feature) keeps these methods, so that it
/// has the same API and types, but each throws `unsupported`: it loads snapshots and searches
/// them. Each body is compiled out there, so the parsers are too.
#[cfg_attr(not(feature = "authoring"), allow(unused_variables))]
#[wasm_bindgen]
impl Library {
    /// Parses, normalizes and indexes a note; returns its `NoteInfo`.
    #[wasm_bindgen(js_name = addNote, unchecked_return_type = "NoteInfo")]
    pub fn add_note(
        &mut self,
        id: &str,
        text: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "NoteOptions")] options: Option<JsValue>,
    ) -> JsResult<JsValue> {
        #[cfg(not(feature = "authoring"))]
        return Err(unsupported("addNote"));
        #[cfg(feature = "authoring")]
        {
            let o = self::options::<JsAddOptions>(options, "note options")?.parse()?;
            let info = self.inner.add_note(id, text, &o).map_err(js_error)?;
            to_js(&info)
        }
    }

    /// Replaces a note (or adds it when absent) without rebuilding the index.
    #[wasm_bindgen(js_name = updateNote, unchecked_return_type = "NoteInfo")]
    pub fn update_note(
        &mut self,
        id: &str,
        text: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "NoteOptions")] options: Option<JsValue>,
    ) -> JsResult<JsValue> {
        #[cfg(not(feature = "authoring"))]
        return Err(unsupported("updateNote"));
        #[cfg(feature = "authoring")]
        {
            let o = self::options::<JsAddOptions>(options, "note options")?.parse()?;
            let info = self.inner.update_note(id, text, &o).map_err(js_error)?;
            to_js(&info)
        }
    }

    /// `{ html, toc, meta }` for a note.
    #[wasm_bindgen(unchecked_return_type = "Rendered")]
    pub fn render(&self, id: &str) -> JsResult<JsValue> {
        #[cfg(not(feature = "authoring"))]
        return Err(unsupported("render"));
        #[cfg(feature = "authoring")]
        to_js(&self.inner.render(id).map_err(js_error)?)
    }

    /// The library as snapshot bytes for `Library.load`.
    #[wasm_bindgen(js_name = exportIndex)]
    pub fn export_index(&self) -> JsResult<Vec<u8>> {
        #[cfg(not(feature = "authoring"))]
        return Err(unsupported("exportIndex"));
        #[cfg(feature = "authoring")]
        Ok(self.inner.export_index())
    }

    /// The normalized note as clean Markdown.
    #[wasm_bindgen(js_name = toMarkdown)]
    pub fn to_markdown(&self, id: &str) -> JsResult<String> {
        #[cfg(not(feature = "authoring"))]
        return Err(unsupported("toMarkdown"));
        #[cfg(feature = "authoring")]
        self.inner.to_markdown(id).map_err(js_error)
    }
}

#[cfg(not(feature = "authoring"))]
fn unsupported(method: &str) -> JsValue {
    js_error(Error::new(
        ErrorKind::Unsupported,
        format!(
            "{method} is not in the search-only build (recapdex/search): build the index \
             with the full build (recapdex, or npx recapdex build) and load its snapshot"
        ),
    ))
}
