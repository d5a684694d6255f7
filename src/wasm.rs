//! The JS boundary: every `#[wasm_bindgen]` item lives here, and only converts.
//!
//! - Options arrive as plain objects and are read field by field into typed option structs; a
//!   wrong type or an out-of-range value throws `invalid_option`.
//! - Results leave as plain objects with the shape of their types' `Serialize` derives, built
//!   by hand ([`results`]): serde-wasm-bindgen decoded each string separately, a third of a
//!   search and a tenth of indexing.
//! - Errors leave as thrown `Error`s with a stable `code` property.
//! - Offsets: Rust works in UTF-8 byte offsets; JS strings index UTF-16 code units. Snippet
//!   highlight ranges are converted here, and only here.
//! - Text from JS with lone surrogates arrives with U+FFFD in their place (the encoder's
//!   doing), so Rust always sees valid UTF-8; a note id with one is refused instead
//!   ([`note_id`]), or two ids would name one note.

use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorKind};
use crate::library::{self, LibraryOptions, SearchOptions};
#[cfg(feature = "authoring")]
use crate::{library::AddOptions, FormatChoice};

pub mod results;

type JsResult<T> = Result<T, JsValue>;

fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(e.message());
    err.set_name("RecapdexError");
    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code().into());
    err.into()
}

/// A note id from JS. Not taken as `&str`: wasm-bindgen's glue reads anything as a string,
/// and a number made it write out of bounds. A lone surrogate would arrive as U+FFFD, so that
/// ids differing only there named one note: such an id is refused.
fn note_id(id: &JsValue) -> JsResult<String> {
    let wrong = |why: &str| js_error(Error::new(ErrorKind::InvalidId, why));
    let text = id
        .dyn_ref::<js_sys::JsString>()
        .ok_or_else(|| wrong("a note id must be a string"))?;
    if !text.is_valid_utf16() {
        return Err(wrong(
            "a note id must be well-formed text (it holds a lone surrogate)",
        ));
    }
    Ok(String::from(text))
}

/// Snapshot bytes from JS: a `Uint8Array` (a Node `Buffer` is one), an `ArrayBuffer`, the
/// bytes under any other view of one (a `DataView`; an `Int16Array`'s bytes, not its
/// elements), or an array of numbers. Taken as `&[u8]`, wasm-bindgen's glue read an
/// `ArrayBuffer` as no bytes at all, so a valid snapshot failed as `snapshot_foreign`.
fn snapshot_bytes(value: &JsValue) -> JsResult<Vec<u8>> {
    use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    if ArrayBuffer::is_view(value) {
        let field = |name: &str| Reflect::get(value, &name.into()).unwrap_or_default();
        let (buffer, offset, length) = (field("buffer"), field("byteOffset"), field("byteLength"));
        if let (Some(buffer), Some(offset), Some(length)) = (
            buffer.dyn_ref::<ArrayBuffer>(),
            offset.as_f64(),
            length.as_f64(),
        ) {
            return Ok(Uint8Array::new_with_byte_offset_and_length(
                buffer,
                offset as u32,
                length as u32,
            )
            .to_vec());
        }
    }
    if Array::is_array(value) {
        return Ok(Uint8Array::new(value).to_vec());
    }
    Err(js_error(Error::new(
        ErrorKind::InvalidInput,
        "Library.load needs the snapshot's bytes: a Uint8Array or an ArrayBuffer",
    )))
}

/// A JS value that must be a string (a query); `what` names it in the error.
fn string(value: &JsValue, what: &str) -> JsResult<String> {
    value.as_string().ok_or_else(|| {
        js_error(Error::new(
            ErrorKind::InvalidInput,
            format!("{what} must be a string"),
        ))
    })
}

/// An options bag from JS, read field by field. Not through serde: its type errors format
/// floating-point numbers, and that formatting code with serde-wasm-bindgen's deserializer
/// was 17 KB of the search-only build, gzipped. Unknown fields are ignored, as serde's
/// default is; `undefined` and `null` mean "not given", for the bag and for each field.
struct Bag(Option<JsValue>);

impl Bag {
    fn new(value: Option<JsValue>, what: &str) -> JsResult<Bag> {
        match value.filter(|v| !v.is_undefined() && !v.is_null()) {
            None => Ok(Bag(None)),
            Some(v) if v.is_object() => Ok(Bag(Some(v))),
            Some(_) => Err(js_error(Error::invalid_option(what, "must be an object"))),
        }
    }

    fn get(&self, key: &str) -> Option<JsValue> {
        let bag = self.0.as_ref()?;
        let v = match OPTION_NAMES.iter().position(|&name| name == key) {
            Some(i) => NAMES.with(|names| js_sys::Reflect::get(bag, &names[i])),
            None => js_sys::Reflect::get(bag, &JsValue::from_str(key)),
        }
        .ok()?;
        (!v.is_undefined() && !v.is_null()).then_some(v)
    }

    /// Field `key` read by `read`, or `None` when not given; `why` says what else it must be.
    fn typed<T>(
        &self,
        key: &str,
        read: impl FnOnce(&JsValue) -> Option<T>,
        why: &str,
    ) -> JsResult<Option<T>> {
        self.get(key)
            .map(|v| read(&v).ok_or_else(|| wrong(key, why)))
            .transpose()
    }

    fn bool(&self, key: &str) -> JsResult<Option<bool>> {
        self.typed(key, JsValue::as_bool, "must be true or false")
    }

    fn number(&self, key: &str) -> JsResult<Option<f64>> {
        self.typed(key, JsValue::as_f64, "must be a number")
    }

    /// A whole number, 0 or more.
    fn count(&self, key: &str) -> JsResult<Option<usize>> {
        self.number(key)?
            .map(|n| {
                let whole = n.is_finite() && n >= 0.0 && n.fract() == 0.0;
                // Saturating: past usize::MAX is out of every option's range anyway.
                whole
                    .then_some(n as usize)
                    .ok_or_else(|| wrong(key, "must be a whole number, 0 or more"))
            })
            .transpose()
    }

    #[cfg(feature = "authoring")]
    fn string(&self, key: &str) -> JsResult<Option<String>> {
        self.typed(key, JsValue::as_string, "must be a string")
    }

    fn bag(&self, key: &str) -> JsResult<Bag> {
        Bag::new(self.get(key), key)
    }
}

/// Every option name, made into a JS string once ([`NAMES`]) instead of on every read: making
/// them was a third of reading a search's options, which was 6% of a query in Node. (A name
/// not listed here still works, made on each read.)
const OPTION_NAMES: [&str; 17] = [
    "trustedHtml",
    "limit",
    "offset",
    "subResults",
    "prefix",
    "fuzzy",
    "expandBelow",
    "explain",
    "snippetChars",
    "facets",
    "weights",
    "title",
    "heading",
    "meta",
    "body",
    "format",
    "sources",
];

thread_local! {
    static NAMES: [JsValue; OPTION_NAMES.len()] = OPTION_NAMES.map(JsValue::from_str);
}

fn wrong(key: &str, why: &str) -> JsValue {
    js_error(Error::invalid_option(key, why))
}

fn library_options(value: Option<JsValue>) -> JsResult<LibraryOptions> {
    let bag = Bag::new(value, "library options")?;
    let mut o = LibraryOptions::default();
    if let Some(v) = bag.bool("trustedHtml")? {
        o.trusted_html = v;
    }
    Ok(o)
}

#[cfg(feature = "authoring")]
fn add_options(value: Option<JsValue>) -> JsResult<AddOptions> {
    let bag = Bag::new(value, "note options")?;
    let format = match bag.string("format")? {
        None => FormatChoice::Auto,
        Some(name) => FormatChoice::from_name(&name).ok_or_else(|| {
            js_error(Error::invalid_option(
                "format",
                format!("{name:?} is not one of auto, markdown, text, listing"),
            ))
        })?,
    };
    Ok(AddOptions {
        format,
        ..AddOptions::default()
    })
}

#[cfg(feature = "authoring")]
fn export_options(value: Option<JsValue>) -> JsResult<library::ExportOptions> {
    let bag = Bag::new(value, "export options")?;
    let mut o = library::ExportOptions::default();
    if let Some(v) = bag.bool("sources")? {
        o.sources = v;
    }
    Ok(o)
}

fn search_options(value: Option<JsValue>) -> JsResult<SearchOptions> {
    let bag = Bag::new(value, "search options")?;
    let mut o = SearchOptions::default();
    o.limit = bag.count("limit")?.unwrap_or(o.limit);
    o.offset = bag.count("offset")?.unwrap_or(o.offset);
    o.sub_results = bag.count("subResults")?.unwrap_or(o.sub_results);
    o.prefix = bag.bool("prefix")?.unwrap_or(o.prefix);
    o.fuzzy = bag.bool("fuzzy")?.unwrap_or(o.fuzzy);
    // A count, or `Infinity` to always expand.
    if let Some(v) = bag.number("expandBelow")? {
        if v.is_nan() || v < 0.0 {
            return Err(wrong("expandBelow", "must be 0 or more (Infinity: always)"));
        }
        // Saturating: Infinity and anything past usize::MAX mean "always".
        o.expand_below = v as usize;
    }
    o.explain = bag.bool("explain")?.unwrap_or(o.explain);
    o.snippet_chars = bag.count("snippetChars")?.unwrap_or(o.snippet_chars);
    o.facets = bag.bool("facets")?.unwrap_or(o.facets);
    let weights = bag.bag("weights")?;
    for (slot, key) in o
        .rank
        .weights
        .iter_mut()
        .zip(["title", "heading", "meta", "body"])
    {
        if let Some(v) = weights.number(key)? {
            *slot = v as f32;
        }
    }
    Ok(o)
}

/// The length of `s` in UTF-16 code units.
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

/// Highlight byte ranges → UTF-16 offsets, counted on from one bound to the next (they are
/// sorted), not from the start of the snippet for each bound: that was 3% of a search.
fn hits_to_utf16(hits: &mut [library::Hit]) {
    for hit in hits {
        let text = &hit.snippet;
        let (mut byte, mut units) = (0, 0);
        let mut to_units = |to: usize| {
            units = if to >= byte {
                units + text.get(byte..to).map_or(0, utf16_len)
            } else {
                text.get(..to).map_or(0, utf16_len)
            };
            byte = to;
            units
        };
        for h in &mut hit.highlights {
            *h = (to_units(h.0), to_units(h.1));
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
/** Options of `exportIndex`. */
export interface ExportOptions {
    /** Write each note's source (default true). Without them the snapshot is ~40% smaller
     *  (~17% gzipped) and its library searches but cannot render (`render` and `toMarkdown` throw
     *  `unsupported` for those notes): all that the search-only build does. */
    sources?: boolean;
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
    facets?: boolean;
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
    | "snapshot_corrupt" | "snapshot_version" | "snapshot_foreign" | "unsupported"
    | "result_too_large" | "freed" | "not_initialized";
export interface RecapdexError extends Error {
    name: "RecapdexError";
    code: ErrorCode;
}
"#;

/// A collection of recap notes with a search index.
#[wasm_bindgen]
pub struct Library {
    inner: library::Library,
    /// The sources of the notes added here, as the JS strings they came in: the library
    /// borrows them back to render and export (`library::Source::Lent`) instead of keeping a
    /// UTF-8 copy in wasm memory, which never shrinks.
    #[cfg(feature = "authoring")]
    lent: rustc_hash::FxHashMap<String, js_sys::JsString>,
}

impl Library {
    fn from_inner(inner: library::Library) -> Library {
        Library {
            inner,
            #[cfg(feature = "authoring")]
            lent: Default::default(),
        }
    }

    /// Hands back a lent source.
    #[cfg(feature = "authoring")]
    fn lender(&self) -> impl Fn(&str) -> Option<String> + '_ {
        |id| self.lent.get(id).and_then(|text| text.as_string())
    }

    /// `addNote` and `updateNote`: the text read, the change made with its source lent
    /// ([`AddOptions::lend_source`]), the JS string kept, the `NoteInfo` returned.
    #[cfg(feature = "authoring")]
    fn change(
        &mut self,
        id: &JsValue,
        text: js_sys::JsString,
        options: Option<JsValue>,
        apply: fn(
            &mut library::Library,
            &str,
            &str,
            &AddOptions,
        ) -> crate::Result<library::NoteInfo>,
    ) -> JsResult<JsValue> {
        let id = note_id(id)?;
        // The JS string is kept here, so the library keeps no copy.
        let options = AddOptions {
            lend_source: true,
            ..add_options(options)?
        };
        let source = string(&text, "a note's text")?;
        let info = apply(&mut self.inner, &id, &source, &options).map_err(js_error)?;
        self.lent.insert(id, text);
        results::to_js(&info).map_err(js_error)
    }
}

#[wasm_bindgen]
impl Library {
    /// `new Library({ trustedHtml: false })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "LibraryOptions")] options: Option<JsValue>,
    ) -> JsResult<Library> {
        let o = library_options(options)?;
        Ok(Library::from_inner(library::Library::new(o)))
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
    pub fn remove_note(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> JsResult<bool> {
        let id = note_id(&id)?;
        self.inner.remove_note(&id).map_err(js_error)?;
        #[cfg(feature = "authoring")]
        self.lent.remove(&id);
        Ok(true)
    }

    /// Note ids in insertion order.
    #[wasm_bindgen(js_name = noteIds)]
    pub fn note_ids(&self) -> Vec<String> {
        self.inner.note_ids()
    }

    /// One note's `NoteInfo`.
    #[wasm_bindgen(unchecked_return_type = "NoteInfo")]
    pub fn note(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> JsResult<JsValue> {
        let id = note_id(&id)?;
        results::to_js(&self.inner.note(&id).map_err(js_error)?).map_err(js_error)
    }

    /// Every note's `NoteInfo`, in insertion order.
    #[wasm_bindgen(unchecked_return_type = "NoteInfo[]")]
    pub fn notes(&self) -> JsResult<JsValue> {
        results::to_js(self.inner.notes().as_slice()).map_err(js_error)
    }

    /// Searches every section; see docs/API.md for the query language and options.
    #[wasm_bindgen(unchecked_return_type = "SearchResult")]
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let query = string(&query, "a query")?;
        let o = search_options(options)?;
        let mut res = self.inner.search(&query, &o).map_err(js_error)?;
        hits_to_utf16(&mut res.hits);
        for g in &mut res.groups {
            hits_to_utf16(&mut g.hits);
        }
        results::to_js(&res).map_err(js_error)
    }

    /// Restores a library from `exportIndex()` bytes; throws `snapshot_corrupt`,
    /// `snapshot_version` or `snapshot_foreign` for bytes it cannot use.
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | ArrayBufferView")]
        bytes: JsValue,
    ) -> JsResult<Library> {
        let bytes = snapshot_bytes(&bytes)?;
        Ok(Library::from_inner(
            library::Library::load(&bytes).map_err(js_error)?,
        ))
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
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        text: js_sys::JsString,
        #[wasm_bindgen(unchecked_optional_param_type = "NoteOptions")] options: Option<JsValue>,
    ) -> JsResult<JsValue> {
        #[cfg(not(feature = "authoring"))]
        return Err(unsupported("addNote"));
        #[cfg(feature = "authoring")]
        self.change(&id, text, options, library::Library::add_note)
    }

    /// Replaces a note (or adds it when absent) without rebuilding the index.
    #[wasm_bindgen(js_name = updateNote, unchecked_return_type = "NoteInfo")]
    pub fn update_note(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        text: js_sys::JsString,
        #[wasm_bindgen(unchecked_optional_param_type = "NoteOptions")] options: Option<JsValue>,
    ) -> JsResult<JsValue> {
        #[cfg(not(feature = "authoring"))]
        return Err(unsupported("updateNote"));
        #[cfg(feature = "authoring")]
        self.change(&id, text, options, library::Library::update_note)
    }

    /// `{ html, toc, meta }` for a note.
    #[wasm_bindgen(unchecked_return_type = "Rendered")]
    pub fn render(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> JsResult<JsValue> {
        #[cfg(not(feature = "authoring"))]
        return Err(unsupported("render"));
        #[cfg(feature = "authoring")]
        {
            let rendered = self
                .inner
                .render_with(&note_id(&id)?, &self.lender())
                .map_err(js_error)?;
            results::to_js(&rendered).map_err(js_error)
        }
    }

    /// The library as snapshot bytes for `Library.load`; `{ sources: false }` leaves the
    /// notes' sources out (a snapshot that searches but cannot render).
    #[wasm_bindgen(js_name = exportIndex)]
    pub fn export_index(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions")] options: Option<JsValue>,
    ) -> JsResult<Vec<u8>> {
        #[cfg(not(feature = "authoring"))]
        return Err(unsupported("exportIndex"));
        #[cfg(feature = "authoring")]
        self.inner
            .export_index_with(&self.lender(), &export_options(options)?)
            .map_err(js_error)
    }

    /// The normalized note as clean Markdown.
    #[wasm_bindgen(js_name = toMarkdown)]
    pub fn to_markdown(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> JsResult<String> {
        #[cfg(not(feature = "authoring"))]
        return Err(unsupported("toMarkdown"));
        #[cfg(feature = "authoring")]
        self.inner
            .to_markdown_with(&note_id(&id)?, &self.lender())
            .map_err(js_error)
    }
}

#[cfg(not(feature = "authoring"))]
fn unsupported(method: &str) -> JsValue {
    js_error(Error::new(
        crate::error::ErrorKind::Unsupported,
        format!(
            "{method} is not in the search-only build (recapdex/search): build the index \
             with the full build (recapdex, or npx recapdex build) and load its snapshot"
        ),
    ))
}
