//! The library: notes in, rendered notes and search results out.
//!
//! This is the core API that [`crate::wasm`] exposes to JS one-to-one.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::index::{DocId, Field, Index, FIELDS};
use crate::ingest::{parse_note, FormatChoice};
use crate::model::{Format, MetaValue, Note, NoteMeta, SectionMeta, Warning};
use crate::normalize::{collapse_whitespace, fold};
use crate::outline::{normalized_slug_base, outline, Outline, Section, TocEntry};
use crate::query::{self, Filter, Query};
use crate::render::{render_html, RenderOptions};
use crate::search::{self, RankOptions};
use crate::snippet::{around, matches_in};

/// Longest note id, in characters.
pub const MAX_ID_CHARS: usize = 256;

/// Library-wide options.
#[derive(Debug, Clone, Copy, Default)]
pub struct LibraryOptions {
    /// Render raw HTML from notes as-is (default false: escaped).
    pub trusted_html: bool,
}

/// Options of [`Library::export_index_with`].
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions {
    /// Write each note's source (default true), so that the loaded library can render it.
    /// Without them a snapshot only searches, which is all the search-only build does: the
    /// handbook's snapshot is then 2.7 instead of 4.4 MiB.
    pub sources: bool,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions { sources: true }
    }
}

/// Per-note options for [`Library::add_note`].
#[derive(Debug, Clone, Copy, Default)]
pub struct AddOptions {
    pub format: FormatChoice,
    /// Keep no copy of the note's text, for a caller that holds it anyway (default false):
    /// rendering and exporting the note then ask for it through a [`Lender`]
    /// ([`Library::render_with`], [`Library::to_markdown_with`],
    /// [`Library::export_index_with`]), and fail with `unknown_note` when it does not give it.
    pub lend_source: bool,
}

/// Search options, with documented defaults and ranges.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Hits (and groups) per page: default 10, 1..=1000.
    pub limit: usize,
    /// Hits (and groups) to skip: default 0.
    pub offset: usize,
    /// Section hits per note group: default 3, 0..=100.
    pub sub_results: usize,
    /// Match the last word as a prefix while typing: default true.
    pub prefix: bool,
    /// Typo tolerance for Latin words: default true.
    pub fuzzy: bool,
    /// Completions (`prefix`) and typo corrections (`fuzzy`) are a fallback: they are tried
    /// only when the words as typed, with their stemmed forms, match fewer than this many
    /// sections. Default 1 (only when nothing matches); 0 never expands; a large value always
    /// expands, ranking completions and typos below every exact and stemmed match.
    pub expand_below: usize,
    /// Per-term score contributions on each hit: default false.
    pub explain: bool,
    /// Snippet length in characters: default 100, 20..=1000.
    pub snippet_chars: usize,
    /// Count [`Facets`] over every match: default true. Without them the facet lists are
    /// empty, and a search box that shows none saves a quarter of a query matching a
    /// thousand sections.
    pub facets: bool,
    /// Ranking parameters (field weights, BM25 constants).
    pub rank: RankOptions,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            limit: 10,
            offset: 0,
            sub_results: 3,
            prefix: true,
            fuzzy: true,
            expand_below: 1,
            explain: false,
            snippet_chars: 100,
            facets: true,
            rank: RankOptions::default(),
        }
    }
}

impl SearchOptions {
    /// Rejects values outside the documented ranges.
    pub fn validate(&self) -> Result<()> {
        if !(1..=1000).contains(&self.limit) {
            return Err(Error::invalid_option("limit", "must be 1..=1000"));
        }
        if self.sub_results > 100 {
            return Err(Error::invalid_option("subResults", "must be 0..=100"));
        }
        if !(20..=1000).contains(&self.snippet_chars) {
            return Err(Error::invalid_option("snippetChars", "must be 20..=1000"));
        }
        if self.rank.weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err(Error::invalid_option("weights", "must be finite and >= 0"));
        }
        Ok(())
    }
}

/// A section as reported to callers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SectionInfo {
    pub slug: String,
    pub heading: String,
    pub level: u8,
    pub path: Vec<String>,
    #[serde(flatten)]
    pub meta: SectionMeta,
}

/// What callers learn about a note: its metadata (flattened into the same object in JS),
/// sections, warnings and text statistics.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteInfo {
    pub id: String,
    pub format: Format,
    #[serde(flatten)]
    pub meta: NoteMeta,
    pub sections: Vec<SectionInfo>,
    pub warnings: Vec<Warning>,
    /// Share of Han characters among letters.
    pub han: f32,
    /// Share of Latin letters among letters.
    pub latin: f32,
    /// CJK characters plus other non-space characters.
    pub chars: usize,
    /// CJK characters plus Latin words.
    pub words: usize,
    /// At 400 CJK characters or 200 English words a minute, at least 1.
    pub reading_minutes: u32,
}

/// A rendered note.
#[derive(Debug, Clone, Serialize)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub meta: NoteInfo,
}

/// One section hit.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    pub note_id: String,
    pub note_title: String,
    pub slug: String,
    pub heading: String,
    pub heading_path: Vec<String>,
    pub level: u8,
    pub score: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    pub snippet: String,
    pub snippet_html: String,
    /// Byte ranges into `snippet` here; the wasm layer turns them into UTF-16 offsets.
    pub highlights: Vec<(usize, usize)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<Explain>>,
}

/// One term's contribution in one field.
#[derive(Debug, Clone, Serialize)]
pub struct Explain {
    pub term: String,
    pub form: String,
    pub field: &'static str,
    pub score: f32,
}

/// Hits of one note.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub note_id: String,
    pub note_title: String,
    pub score: f32,
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// A facet value and how many matched it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
}

/// Facet counts over all matching sections: each value counts the matching sections it
/// applies to (a note's tags and year apply to all of its sections).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub tags: Vec<FacetCount>,
    pub speakers: Vec<FacetCount>,
    pub notes: Vec<FacetCount>,
    pub years: Vec<FacetCount>,
}

/// A page of search results.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    pub total: usize,
    pub total_notes: usize,
    pub hits: Vec<Hit>,
    pub groups: Vec<Group>,
    pub facets: Facets,
    pub terms: Vec<String>,
}

/// What the library keeps of a note: the source (re-parsed on demand for rendering, which is
/// cheap, instead of holding every parsed tree in memory), the summary search needs, and the
/// note's document ids in section order.
pub(crate) struct Stored {
    pub summary: Summary,
    /// A note's documents are added together, so their ids are consecutive: a range, not a list
    /// (the lists took 0.3 MiB of wasm memory for the handbook 20 times).
    pub docs: Range<DocId>,
    pub text: Source,
    /// Insertion sequence number, kept by updates: orders notes as `order` does.
    pub seq: u64,
    /// Text statistics, counted on first request (listing notes would otherwise rescan every
    /// note's text each time) and not persisted: the snapshot format stays as it is.
    pub stats: OnceCell<Stats>,
}

/// A note's source, as the library holds it.
pub(crate) enum Source {
    /// A copy of its own.
    Kept(String),
    /// Lent: the caller keeps the source and hands it back through a [`Lender`] when a note
    /// is rendered or exported. The JS layer lends the strings it was given: the page often
    /// holds them anyway, and the copies were a third of wasm memory (the handbook 20 times
    /// in Node: 116.7 MiB with them, 78.8 without).
    Lent,
    /// Left out of the snapshot the note was loaded from ([`ExportOptions::sources`]): it can
    /// be searched and listed, not rendered.
    Absent,
}

impl Source {
    /// `text` as a note's source: lent as `options` say, else a copy.
    fn new(text: &str, options: &AddOptions) -> Source {
        if options.lend_source {
            Source::Lent
        } else {
            Source::Kept(text.to_string())
        }
    }
}

/// Hands back, by note id, the source of a note added with [`AddOptions::lend_source`];
/// `None` when it has none.
pub type Lender<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The lender of a library that keeps every source.
const NO_LENDER: Lender<'static> = &|_| None;

/// The parts of a parsed note that search and listings need.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Summary {
    pub format: Format,
    /// The note's metadata but for `extra` (always empty here: see [`Summary::extra`]), as
    /// search reads it; [`Summary::note_meta`] gives all of it.
    pub meta: NoteMeta,
    /// The other front-matter keys, in key order: a `BTreeMap` of two or three keys, as Hugo
    /// front matter has (`weight`, `type`, `linktitle`), is a node of 320 bytes. Kept as a
    /// list, they took 1 MiB less of wasm memory for the handbook 20 times.
    pub extra: Box<[(Box<str>, MetaValue)]>,
    pub sections: Sections,
    pub warnings: Vec<Warning>,
}

impl Summary {
    /// A summary of a note with metadata `meta`, whose extra keys move to [`Summary::extra`].
    pub fn new(
        format: Format,
        mut meta: NoteMeta,
        sections: Sections,
        warnings: Vec<Warning>,
    ) -> Summary {
        let extra = std::mem::take(&mut meta.extra)
            .into_iter()
            .map(|(k, v)| (k.into_boxed_str(), v))
            .collect();
        Summary {
            format,
            meta,
            extra,
            sections,
            warnings,
        }
    }

    /// The note's metadata, `extra` included.
    pub fn note_meta(&self) -> NoteMeta {
        let mut meta = self.meta.clone();
        // Inserted one by one, not collected: collecting into a `BTreeMap` sorts first, and
        // that code alone was 2 KB of the search-only build, gzipped.
        for (k, v) in &self.extra {
            meta.extra.insert(k.to_string(), v.clone());
        }
        meta
    }
}

/// A note's [`SectionInfo`]s, kept compact: each part is stored only where nothing else gives
/// it. A heading path is rebuilt from the section's parent; a heading is read from where it is
/// kept anyway ([`shared_headings`]: the note's documents hold every heading but the lead
/// section's, which is the note title); a slug is worked out from the heading
/// ([`base_slug`]) unless it had to be made unique.
///
/// As plain `SectionInfo`s (160 bytes and five to ten allocations each) the sections were
/// 19.7 MB of a library holding the handbook 20 times. Storing each heading and slug, in
/// entries of 28 bytes instead of 12, took 3.7 MiB more of wasm memory at 20×.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Sections(Vec<CompactSection>);

#[derive(Debug, Clone, PartialEq)]
struct CompactSection {
    /// The section whose path, followed by this section's heading, is this one's path (as an
    /// outline's paths are); [`CompactSection::OWN_PATH`] when the path is stored in `extra`
    /// (empty without it, as top-level sections' are).
    parent: u32,
    level: u8,
    /// What is stored as is: `None` for most sections.
    extra: Option<Box<Extra>>,
}

impl CompactSection {
    const OWN_PATH: u32 = u32::MAX;
}

/// The parts of a section that nothing else gives.
#[derive(Debug, Clone, PartialEq, Default)]
struct Extra {
    /// When it is not the shared one ([`shared_headings`]).
    heading: Option<Box<str>>,
    /// When it is not the heading's [`base_slug`].
    slug: Option<Box<str>>,
    /// A path no earlier section accounts for (a snapshot may hold anything).
    path: Box<[Box<str>]>,
    meta: SectionMeta,
}

static NO_META: SectionMeta = SectionMeta {
    speaker: None,
    org: None,
    pages: None,
    size: None,
};

/// The headings the sections of a note titled `title`, whose documents are `docs` in `index`,
/// get without storing them: the lead section's is the title (as [`outline`] makes it); any
/// other's is the heading field of its document. [`Sections`] are made and read with these.
pub(crate) fn shared_headings<'a>(
    index: &'a Index,
    title: &'a str,
    docs: &Range<DocId>,
) -> impl Fn(usize) -> &'a str + Copy {
    let (first, end) = (docs.start, docs.end);
    move |i| {
        if i == 0 {
            return title;
        }
        (first..end)
            .nth(i)
            .and_then(|d| index.doc(d))
            .map_or("", |doc| doc.field(Field::Heading))
    }
}

/// The slug section `i` with heading `heading` gets unless it had to be made unique: none for
/// the lead section, else the heading's [`normalized_slug_base`]. For the headings of a parsed
/// note that is the [`slug_base`](crate::outline::slug_base) the outline gave them; where a
/// slug differs, it is stored.
fn base_slug(i: usize, heading: &str) -> String {
    if i == 0 {
        String::new()
    } else {
        normalized_slug_base(heading)
    }
}

/// A section as [`Sections::new`] reads it, borrowed from a note's outline or a snapshot's
/// [`SectionInfo`]s (no copy on the way: `Sections` makes the only one).
pub(crate) struct SectionRef<'a> {
    pub slug: &'a str,
    pub heading: &'a str,
    pub level: u8,
    pub path: &'a [String],
    pub meta: &'a SectionMeta,
}

impl<'a> From<&'a Section> for SectionRef<'a> {
    fn from(s: &'a Section) -> SectionRef<'a> {
        SectionRef {
            slug: &s.slug,
            heading: &s.heading,
            level: s.level,
            path: &s.path,
            meta: &s.meta,
        }
    }
}

impl<'a> From<&'a SectionInfo> for SectionRef<'a> {
    fn from(s: &'a SectionInfo) -> SectionRef<'a> {
        SectionRef {
            slug: &s.slug,
            heading: &s.heading,
            level: s.level,
            path: &s.path,
            meta: &s.meta,
        }
    }
}

impl Sections {
    /// `shared(i)` is section `i`'s shared heading ([`shared_headings`]); every later call
    /// that reads headings must pass the same.
    pub fn new<'s>(infos: &[SectionRef<'_>], shared: impl Fn(usize) -> &'s str) -> Sections {
        // By path length, the last section with a path that long: the only candidate parent
        // of a section one level deeper (checking each earlier section would be quadratic).
        let mut last_at_depth: Vec<Option<usize>> = Vec::new();
        let mut out = Vec::with_capacity(infos.len());
        for (i, s) in infos.iter().enumerate() {
            let depth = s.path.len();
            let parent = depth
                .checked_sub(1)
                .and_then(|d| last_at_depth.get(d).copied().flatten())
                .filter(|&j| {
                    let (last, init) = s.path.split_last().expect("depth > 0");
                    s.heading == *last && infos[j].path == init
                });
            let extra = Extra {
                heading: (s.heading != shared(i)).then(|| s.heading.into()),
                slug: (s.slug != base_slug(i, s.heading)).then(|| s.slug.into()),
                path: match parent {
                    Some(_) => Box::default(),
                    None => s.path.iter().map(|p| p.as_str().into()).collect(),
                },
                meta: s.meta.clone(),
            };
            out.push(CompactSection {
                parent: parent.map_or(CompactSection::OWN_PATH, |j| j as u32),
                level: s.level,
                extra: (extra != Extra::default()).then(|| Box::new(extra)),
            });
            last_at_depth.resize(depth + 1, None);
            last_at_depth[depth] = Some(i);
        }
        Sections(out)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn meta(&self, i: usize) -> &SectionMeta {
        self.0[i].extra.as_ref().map_or(&NO_META, |e| &e.meta)
    }

    fn heading<'a>(&'a self, i: usize, shared: impl Fn(usize) -> &'a str) -> &'a str {
        match self.0[i].extra.as_ref().and_then(|e| e.heading.as_deref()) {
            Some(heading) => heading,
            None => shared(i),
        }
    }

    pub fn path<'a>(&'a self, i: usize, shared: impl Fn(usize) -> &'a str + Copy) -> Vec<String> {
        // Headings from section `i` up to the first section that stores its path.
        let mut up = Vec::new();
        let mut at = i;
        loop {
            let s = &self.0[at];
            if s.parent == CompactSection::OWN_PATH {
                let own = s.extra.as_ref().map_or(&[][..], |e| &e.path);
                let mut out: Vec<String> = own.iter().map(|p| String::from(&**p)).collect();
                out.extend(up.iter().rev().map(|&h| String::from(h)));
                return out;
            }
            up.push(self.heading(at, shared));
            at = s.parent as usize;
        }
    }

    pub fn info<'a>(&'a self, i: usize, shared: impl Fn(usize) -> &'a str + Copy) -> SectionInfo {
        let s = &self.0[i];
        let heading = self.heading(i, shared);
        SectionInfo {
            slug: match s.extra.as_ref().and_then(|e| e.slug.as_deref()) {
                Some(slug) => slug.to_string(),
                None => base_slug(i, heading),
            },
            heading: heading.to_string(),
            level: s.level,
            path: self.path(i, shared),
            meta: self.meta(i).clone(),
        }
    }

    pub fn to_vec<'a>(&'a self, shared: impl Fn(usize) -> &'a str + Copy) -> Vec<SectionInfo> {
        (0..self.len()).map(|i| self.info(i, shared)).collect()
    }
}

impl Stored {
    pub fn new(summary: Summary, docs: Range<DocId>, text: Source, seq: u64) -> Stored {
        Stored {
            summary,
            docs,
            text,
            seq,
            stats: OnceCell::new(),
        }
    }

    /// The note's source, kept or lent by `lender`.
    pub fn source(&self, id: &str, lender: Lender<'_>) -> Result<Cow<'_, str>> {
        match &self.text {
            Source::Kept(text) => Ok(Cow::Borrowed(text)),
            Source::Lent => lender(id).map(Cow::Owned).ok_or_else(|| {
                Error::new(
                    ErrorKind::UnknownNote,
                    format!("the source of note {id:?} was not handed back"),
                )
            }),
            Source::Absent => Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "note {id:?} was loaded from a snapshot exported without sources: it can \
                     be searched, not rendered; add or update it to render it"
                ),
            )),
        }
    }

    /// Parses the note again (deterministic: the same slugs every time).
    fn parse(&self, id: &str, lender: Lender<'_>) -> Result<(Note, Outline)> {
        let choice = match self.summary.format {
            Format::Markdown => FormatChoice::Markdown,
            Format::Text => FormatChoice::Text,
            Format::Listing => FormatChoice::Listing,
        };
        let note = parse_note(id, &self.source(id, lender)?, choice);
        let outline = outline(&note);
        Ok((note, outline))
    }
}

/// A collection of notes with one search index.
pub struct Library {
    pub(crate) options: LibraryOptions,
    /// Boxed: a map keeps an eighth to over half of its slots empty, and a `Stored` is 200
    /// bytes (4,040 notes took 8,192 slots, 1.7 MiB of wasm memory, unboxed).
    pub(crate) notes: FxHashMap<String, Box<Stored>>,
    /// Ids in insertion order.
    pub(crate) order: Vec<String>,
    pub(crate) index: Index,
    /// The note and section of each doc id.
    pub(crate) owners: Owners,
    /// The next note's [`Stored::seq`].
    pub(crate) next_seq: u64,
}

/// The note and section a document belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owner<'a> {
    pub note: &'a str,
    pub section: usize,
}

/// Which note and section each document belongs to. A note's documents have consecutive
/// ids, so a document stores only its note's slot (4 bytes) and its section is its distance
/// from the note's first document. (As a note id, sequence number and section per document,
/// 24 bytes in wasm, the handbook 20 times took 3 MiB with the vector's spare capacity.)
#[derive(Debug, Clone, Default)]
pub(crate) struct Owners {
    /// By doc id (dense, never reused): the note's slot, [`Owners::NONE`] once removed.
    slots: Vec<u32>,
    /// By slot: the notes that own documents; `None` once removed, until reused.
    notes: Vec<Option<OwnerNote>>,
    /// Slots of removed notes, for the next notes added.
    free: Vec<u32>,
}

#[derive(Debug, Clone)]
struct OwnerNote {
    id: Box<str>,
    /// The note's [`Stored::seq`]: results tie-break in insertion order.
    seq: u64,
    first: DocId,
}

impl Owners {
    const NONE: u32 = u32::MAX;

    /// Records that documents `docs` (consecutive ids, after every earlier one) are the
    /// sections of note `id`, in order.
    pub fn add(&mut self, id: &str, seq: u64, docs: Range<DocId>) {
        let note = OwnerNote {
            id: id.into(),
            seq,
            first: docs.start,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.notes[slot as usize] = Some(note);
                slot
            }
            None => {
                self.notes.push(Some(note));
                u32::try_from(self.notes.len() - 1).expect("fewer than 2^32 notes")
            }
        };
        debug_assert!(docs.start as usize >= self.slots.len());
        self.slots.resize(docs.start as usize, Owners::NONE);
        self.slots.extend(docs.map(|_| slot));
    }

    /// Forgets `docs`, all the documents of one note.
    pub fn remove(&mut self, docs: Range<DocId>) {
        let Some(&slot) = self.slots.get(docs.start as usize) else {
            return;
        };
        for doc in docs {
            self.slots[doc as usize] = Owners::NONE;
        }
        if let Some(note) = self.notes.get_mut(slot as usize) {
            if note.take().is_some() {
                self.free.push(slot);
            }
        }
    }

    /// Doc ids given out so far (live or not).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// The slot of a live document's note.
    pub fn slot(&self, doc: DocId) -> u32 {
        self.slots[doc as usize]
    }

    /// The [`Stored::seq`] and first document of the note in `slot`.
    pub fn seq_and_first(&self, slot: u32) -> (u64, DocId) {
        let note = self.notes[slot as usize]
            .as_ref()
            .expect("a live note's slot");
        (note.seq, note.first)
    }

    /// Whether `doc` belongs to a note (is not removed).
    pub fn is_live(&self, doc: DocId) -> bool {
        self.slots
            .get(doc as usize)
            .is_some_and(|&s| s != Owners::NONE)
    }

    pub fn get(&self, doc: DocId) -> Option<Owner<'_>> {
        let &slot = self.slots.get(doc as usize)?;
        if slot == Owners::NONE {
            return None;
        }
        let note = self.notes[slot as usize].as_ref()?;
        Some(Owner {
            note: &note.id,
            section: (doc - note.first) as usize,
        })
    }
}

impl Default for Library {
    fn default() -> Library {
        Library::new(LibraryOptions::default())
    }
}

impl Library {
    pub fn new(options: LibraryOptions) -> Library {
        Library {
            options,
            notes: FxHashMap::default(),
            order: Vec::new(),
            index: Index::new(),
            owners: Owners::default(),
            next_seq: 0,
        }
    }

    /// Parses, normalizes and indexes a note. Fails on an empty, over-long or taken id.
    pub fn add_note(&mut self, id: &str, text: &str, options: &AddOptions) -> Result<NoteInfo> {
        check_id(id)?;
        if self.notes.contains_key(id) {
            return Err(Error::new(
                ErrorKind::DuplicateNote,
                format!("a note with id {id:?} exists; use updateNote to replace it"),
            ));
        }
        let note = parse_note(id, text, options.format);
        let seq = self.next_seq;
        self.next_seq += 1;
        self.insert(note, Source::new(text, options), seq);
        self.order.push(id.to_string());
        Ok(self.info(id).expect("just added"))
    }

    /// Replaces a note in place (keeping its position), or adds it when absent.
    pub fn update_note(&mut self, id: &str, text: &str, options: &AddOptions) -> Result<NoteInfo> {
        check_id(id)?;
        let Some(seq) = self.notes.get(id).map(|s| s.seq) else {
            return self.add_note(id, text, options);
        };
        self.unindex(id);
        let note = parse_note(id, text, options.format);
        self.insert(note, Source::new(text, options), seq);
        Ok(self.info(id).expect("just updated"))
    }

    /// Removes a note and its sections from the index.
    pub fn remove_note(&mut self, id: &str) -> Result<()> {
        if !self.notes.contains_key(id) {
            return Err(Error::unknown_note(id));
        }
        self.unindex(id);
        self.notes.remove(id);
        self.order.retain(|x| x != id);
        Ok(())
    }

    /// The whole library as snapshot bytes (see [`crate::snapshot`]).
    pub fn export_index(&self) -> Vec<u8> {
        self.export_index_with(NO_LENDER, &ExportOptions::default())
            .expect("a library that keeps its sources exports")
    }

    /// [`Library::export_index`] with `options`, and the lent sources from `lender`. A note
    /// loaded without its source is written without it.
    pub fn export_index_with(
        &self,
        lender: Lender<'_>,
        options: &ExportOptions,
    ) -> Result<Vec<u8>> {
        crate::snapshot::export(self, lender, options)
    }

    /// Restores a library from [`Library::export_index`] bytes without re-tokenizing.
    pub fn load(bytes: &[u8]) -> Result<Library> {
        crate::snapshot::load(bytes)
    }

    /// Note ids in insertion order.
    pub fn note_ids(&self) -> Vec<String> {
        self.order.clone()
    }

    /// Metadata of one note.
    pub fn note(&self, id: &str) -> Result<NoteInfo> {
        self.info(id).ok_or_else(|| Error::unknown_note(id))
    }

    /// Metadata of all notes in insertion order.
    pub fn notes(&self) -> Vec<NoteInfo> {
        self.order.iter().filter_map(|id| self.info(id)).collect()
    }

    /// Renders a note to safe HTML with its table of contents.
    pub fn render(&self, id: &str) -> Result<Rendered> {
        self.render_with(id, NO_LENDER)
    }

    /// [`Library::render`], with a lent source from `lender`.
    pub fn render_with(&self, id: &str, lender: Lender<'_>) -> Result<Rendered> {
        let stored = self.notes.get(id).ok_or_else(|| Error::unknown_note(id))?;
        let (note, outline) = stored.parse(id, lender)?;
        let html = render_html(
            &note,
            &outline,
            RenderOptions {
                trusted_html: self.options.trusted_html,
            },
        );
        Ok(Rendered {
            html,
            toc: outline.toc,
            meta: self.info(id).expect("exists"),
        })
    }

    /// The normalized note as clean Markdown.
    pub fn to_markdown(&self, id: &str) -> Result<String> {
        self.to_markdown_with(id, NO_LENDER)
    }

    /// [`Library::to_markdown`], with a lent source from `lender`.
    pub fn to_markdown_with(&self, id: &str, lender: Lender<'_>) -> Result<String> {
        let stored = self.notes.get(id).ok_or_else(|| Error::unknown_note(id))?;
        Ok(crate::export_md::to_markdown(&stored.parse(id, lender)?.0))
    }

    /// Searches all sections. A malformed query is searched as text; only option values
    /// outside their ranges fail.
    pub fn search(&self, input: &str, options: &SearchOptions) -> Result<SearchResult> {
        options.validate()?;
        let query = query::parse(input, options.prefix);
        self.run(&query, options)
    }

    fn run(&self, query: &Query, options: &SearchOptions) -> Result<SearchResult> {
        let filters = &query.filters;
        let no_filters = filters.is_empty();
        let allow = |doc: DocId| -> bool {
            if no_filters {
                return self.owners.is_live(doc);
            }
            let Some(Owner {
                note: note_id,
                section,
            }) = self.owner(doc)
            else {
                return false;
            };
            let stored = &self.notes[note_id];
            let meta = &stored.summary.meta;
            let section = stored.summary.sections.meta(section);
            filters.allow(|filter| match filter {
                Filter::Tag(t) => meta.tags.iter().any(|v| fold(v) == *t),
                Filter::Author(a) => meta.authors.iter().any(|v| fold(v).contains(a.as_str())),
                Filter::Note(n) => fold(note_id) == *n,
                Filter::Speaker(s) => section
                    .speaker
                    .as_deref()
                    .is_some_and(|v| fold(v).contains(s.as_str())),
                Filter::Date(r) => meta.date.as_deref().is_some_and(|d| {
                    year(d).is_some() && r.from.as_str() <= d && d <= r.to.as_str()
                }),
            })
        };
        let (scored, needles) = if query.clauses.is_empty() && !filters.is_empty() {
            // Filters alone list every matching section in document order.
            let all: Vec<search::Scored> = (0..self.owners.len() as DocId)
                .filter(|&d| allow(d))
                .map(|doc| search::Scored {
                    doc,
                    score: 0.0,
                    tier: 0,
                    heading_match: false,
                    explain: Vec::new(),
                })
                .collect();
            (all, Vec::new())
        } else {
            let search = |expand| {
                search::run(
                    &self.index,
                    query,
                    &options.rank,
                    options.explain,
                    expand,
                    allow,
                )
            };
            let as_typed = search(search::Expand::NONE);
            let expand = search::Expand {
                prefix: options.prefix,
                typos: options.fuzzy,
                typos_below: options.expand_below,
            };
            if as_typed.0.len() < options.expand_below && expand != search::Expand::NONE {
                search(expand)
            } else {
                as_typed
            }
        };
        // Order: a heading named by the whole query first, then by match tier (exact words
        // before stems, completions and typos), then by score. Ties break by note insertion
        // order, then document order: the order a fresh build of the same notes gives,
        // whatever the internal ids. The keys are unique, so the order is total, and only the
        // hits and groups on this page need sorting: a query matching thousands of sections
        // costs a pass over them plus a sort of a page.
        // Matches come in document order, where a note's sections are neighbours: a note's
        // sequence number and first document are looked up once per run of them.
        let mut note = (Owners::NONE, 0, 0);
        let ranked: Vec<Ranked> = scored
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let slot = self.owners.slot(s.doc);
                if slot != note.0 {
                    let (seq, first) = self.owners.seq_and_first(slot);
                    note = (slot, seq, first);
                }
                Ranked {
                    order: rank_order(s),
                    key: (note.1, (s.doc - note.2) as usize),
                    i,
                }
            })
            .collect();
        let before = |a: &Ranked, b: &Ranked| -> std::cmp::Ordering {
            a.order.cmp(&b.order).then(a.key.cmp(&b.key))
        };
        let page = options.offset.saturating_add(options.limit);

        // One pass: each matching note's section count and best section.
        let mut notes: Vec<NoteMatches> = Vec::new();
        let mut slot_of: FxHashMap<u64, usize> = FxHashMap::with_capacity_and_hasher(
            ranked.len().min(self.notes.len()),
            Default::default(),
        );
        let mut slots: Vec<usize> = Vec::with_capacity(ranked.len());
        // Matches come in document order, where a note's sections are neighbours: the map is
        // asked only when the note changes (192 times, not 1,250, for `kubernetes`).
        let mut last: Option<(u64, usize)> = None;
        for r in &ranked {
            let slot = match last {
                Some((seq, slot)) if seq == r.key.0 => slot,
                _ => *slot_of.entry(r.key.0).or_insert_with(|| {
                    let id = self.live_owner(scored[r.i].doc).note;
                    notes.push(NoteMatches {
                        id,
                        summary: &self.notes[id].summary,
                        best: *r,
                        count: 0,
                    });
                    notes.len() - 1
                }),
            };
            last = Some((r.key.0, slot));
            slots.push(slot);
            let note = &mut notes[slot];
            note.count += 1;
            if before(r, &note.best).is_lt() {
                note.best = *r;
            }
        }

        let mut result = SearchResult {
            total: scored.len(),
            total_notes: notes.len(),
            terms: matched_terms(&needles),
            ..SearchResult::default()
        };
        if options.facets {
            result.facets = facets(&ranked, &slots, &notes);
        }
        let hit_page: Vec<Ranked> = first_sorted(&ranked, page, before)
            .into_iter()
            .skip(options.offset)
            .collect();
        // Groups: notes by their best section (which names its note: a note's sections share
        // its insertion number), each with its best sections.
        let bests: Vec<Ranked> = notes.iter().map(|n| n.best).collect();
        let group_page: Vec<usize> = first_sorted(&bests, page, before)
            .iter()
            .skip(options.offset)
            .map(|best| slot_of[&best.key.0])
            .collect();
        // Where each note (by its slot in `slots`) sits on this page, if it does.
        let mut on_page: Vec<Option<usize>> = vec![None; result.total_notes];
        for (at, &slot) in group_page.iter().enumerate() {
            on_page[slot] = Some(at);
        }
        // Each group's matches, to pick its sub-results from (none to gather when none are
        // asked for, as `recapdex-hits` asks).
        let mut sections: Vec<Vec<Ranked>> = vec![Vec::new(); group_page.len()];
        if options.sub_results > 0 {
            for (r, &slot) in ranked.iter().zip(&slots) {
                if let Some(at) = on_page[slot] {
                    sections[at].push(*r);
                }
            }
        }
        let groups: Vec<(&NoteMatches, Vec<Ranked>)> = group_page
            .iter()
            .zip(sections)
            .map(|(&slot, sections)| {
                (
                    &notes[slot],
                    first_sorted(&sections, options.sub_results, before),
                )
            })
            .collect();
        // A section can be both a hit and a group's sub-result: each is built once, and
        // copied only for the uses before its last.
        let mut uses: FxHashMap<DocId, (usize, Option<Hit>)> = FxHashMap::default();
        for r in hit_page
            .iter()
            .chain(groups.iter().flat_map(|(_, sub)| sub))
        {
            uses.entry(scored[r.i].doc).or_default().0 += 1;
        }
        let mut make_hit = |r: &Ranked| {
            let s = &scored[r.i];
            let (left, built) = uses.get_mut(&s.doc).expect("every use was counted");
            *left -= 1;
            let hit = built
                .take()
                .unwrap_or_else(|| self.hit(s, &needles, options));
            if *left > 0 {
                *built = Some(hit.clone());
            }
            hit
        };
        result.hits = hit_page.iter().map(&mut make_hit).collect();
        result.groups = groups
            .into_iter()
            .map(|(note, sub)| Group {
                note_id: note.id.to_string(),
                note_title: note.summary.meta.title.clone(),
                score: scored[note.best.i].score,
                total: note.count,
                hits: sub.iter().map(&mut make_hit).collect(),
            })
            .collect();
        Ok(result)
    }

    fn hit(&self, s: &search::Scored, needles: &[(String, bool)], options: &SearchOptions) -> Hit {
        let Owner {
            note: note_id,
            section,
        } = self.live_owner(s.doc);
        let stored = &self.notes[note_id];
        let sec = stored
            .summary
            .sections
            .info(section, self.headings_of(stored));
        let doc = self.index.doc(s.doc).expect("live doc");
        let body = doc.field(Field::Body);
        let snip = {
            let found = matches_in(body, doc.ascii_foldable(Field::Body), needles);
            let in_body = around(body, found, options.snippet_chars);
            if in_body.highlights.is_empty() && !needles.is_empty() {
                // The match is in the heading, title or metadata: show that with the body's start.
                let head = Field::ALL[..Field::Body as usize]
                    .iter()
                    .map(|&f| (doc.field(f), doc.ascii_foldable(f)))
                    .map(|(t, foldable)| (t, matches_in(t, foldable, needles)))
                    .find(|(_, found)| !found.is_empty());
                match head {
                    Some((t, found)) => around(t, found, options.snippet_chars),
                    None => in_body,
                }
            } else {
                in_body
            }
        };
        Hit {
            note_id: String::from(note_id),
            note_title: stored.summary.meta.title.clone(),
            slug: sec.slug,
            heading: sec.heading,
            heading_path: sec.path,
            level: sec.level,
            score: s.score,
            speaker: sec.meta.speaker,
            snippet_html: snip.html(),
            highlights: snip.highlights.iter().map(|r| (r.start, r.end)).collect(),
            snippet: snip.text,
            explain: options.explain.then(|| {
                s.explain
                    .iter()
                    .map(|c| Explain {
                        term: c.term.clone(),
                        form: c.form.clone(),
                        field: c.field,
                        score: c.score,
                    })
                    .collect()
            }),
        }
    }

    fn insert(&mut self, note: Note, text: Source, seq: u64) {
        let outline = outline(&note);
        let meta = &note.meta;
        // Ids are given out in order: the note's documents are consecutive.
        let first = self.index.next_doc();
        for i in 0..outline.sections.len() {
            self.index.add(section_fields(&note, meta, &outline, i));
        }
        let docs = first..self.index.next_doc();
        if !docs.is_empty() {
            self.owners.add(&note.id, seq, docs.clone());
        }
        let sections = Sections::new(
            &outline
                .sections
                .iter()
                .map(SectionRef::from)
                .collect::<Vec<_>>(),
            shared_headings(&self.index, &meta.title, &docs),
        );
        let summary = Summary::new(note.format, note.meta, sections, note.warnings);
        self.notes
            .insert(note.id, Box::new(Stored::new(summary, docs, text, seq)));
    }

    /// The [`shared_headings`] of `stored`'s sections, which its [`Sections`] read.
    pub(crate) fn headings_of<'a>(
        &'a self,
        stored: &'a Stored,
    ) -> impl Fn(usize) -> &'a str + Copy {
        shared_headings(&self.index, &stored.summary.meta.title, &stored.docs)
    }

    fn owner(&self, doc: DocId) -> Option<Owner<'_>> {
        self.owners.get(doc)
    }

    /// The owner of a live document (every scored document is live).
    fn live_owner(&self, doc: DocId) -> Owner<'_> {
        self.owner(doc).expect("live doc has an owner")
    }

    fn unindex(&mut self, id: &str) {
        if let Some(stored) = self.notes.get(id) {
            for doc in stored.docs.clone() {
                self.index.remove(doc);
            }
            self.owners.remove(stored.docs.clone());
        }
    }

    fn info(&self, id: &str) -> Option<NoteInfo> {
        let stored = self.notes.get(id)?;
        let Summary {
            format,
            sections,
            warnings,
            ..
        } = &stored.summary;
        let stats = stored
            .stats
            .get_or_init(|| text_stats(stored.docs.clone(), &self.index));
        Some(NoteInfo {
            id: id.to_string(),
            format: *format,
            meta: stored.summary.note_meta(),
            sections: sections.to_vec(self.headings_of(stored)),
            warnings: warnings.clone(),
            han: stats.han,
            latin: stats.latin,
            chars: stats.chars,
            words: stats.words,
            reading_minutes: stats.minutes,
        })
    }
}

/// A match's place in the ranking: its [`rank_order`], its tie-break key (note insertion
/// number, section number) and its index in the scored list.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    order: u64,
    key: (u64, usize),
    i: usize,
}

/// Where a match ranks before ties are broken, as one number, lowest first: a heading named
/// by the whole query, then the match tier, then the score, highest first.
///
/// Why: selecting and sorting a page compares matches thousands of times; comparing the
/// three fields of the scored match each time was a fifth of a query matching a thousand
/// sections.
fn rank_order(s: &search::Scored) -> u64 {
    // The bits of an `f32` as a `u32` in `f32::total_cmp` order (its own mapping).
    let bits = s.score.to_bits();
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    };
    let tier = u64::from(s.tier.min(u32::MAX >> 1));
    u64::from(!s.heading_match) << 63 | tier << 32 | u64::from(!ascending)
}

/// What the result page needs of one matching note (in first-match order: its index is its
/// slot, as `slots` in `Library::run` names it).
struct NoteMatches<'a> {
    id: &'a str,
    summary: &'a Summary,
    best: Ranked,
    count: usize,
}

/// The first `n` of `items` in `before` order (a total order: no two items tie), sorted.
///
/// A page of up to [`SMALL_PAGE`] is kept sorted while the items stream past: most are not
/// better than its last and cost one comparison, where a selection moved each of a thousand
/// matches several times (after copying them all), a tenth of a query for a common word.
/// Larger pages are selected, then sorted.
fn first_sorted<T: Copy>(
    items: &[T],
    n: usize,
    before: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    if n == 0 {
        return Vec::new();
    }
    if n <= SMALL_PAGE {
        let mut page: Vec<T> = Vec::with_capacity(n + 1);
        for item in items {
            if page.len() == n && before(item, &page[n - 1]).is_gt() {
                continue;
            }
            let at = page.partition_point(|p| before(p, item).is_lt());
            page.insert(at, *item);
            page.truncate(n);
        }
        return page;
    }
    let mut items = items.to_vec();
    if items.len() > n {
        items.select_nth_unstable_by(n - 1, &before);
        items.truncate(n);
    }
    items.sort_unstable_by(&before);
    items
}

/// The largest page [`first_sorted`] keeps by insertion.
const SMALL_PAGE: usize = 64;

/// Facet counts over every match (`slots[k]` is the note of `ranked[k]`): a note's tags and
/// year count once per matching note, weighted by its matching sections; speakers count per
/// section.
fn facets(ranked: &[Ranked], slots: &[usize], notes: &[NoteMatches]) -> Facets {
    let mut tags: FxHashMap<&str, usize> = FxHashMap::default();
    let mut years: FxHashMap<&str, usize> = FxHashMap::default();
    let mut counts: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(notes.len(), Default::default());
    let mut speakers: FxHashMap<&str, usize> = FxHashMap::default();
    for note in notes {
        let meta = &note.summary.meta;
        counts.insert(note.id, note.count);
        for t in &meta.tags {
            *tags.entry(t.as_str()).or_default() += note.count;
        }
        if let Some(y) = meta.date.as_deref().and_then(year) {
            *years.entry(y).or_default() += note.count;
        }
    }
    for (r, &slot) in ranked.iter().zip(slots) {
        if let Some(sp) = &notes[slot].summary.sections.meta(r.key.1).speaker {
            *speakers.entry(sp.as_str()).or_default() += 1;
        }
    }
    let sorted = |counts: FxHashMap<&str, usize>| {
        let mut v: Vec<FacetCount> = counts
            .into_iter()
            .map(|(value, count)| FacetCount {
                value: value.to_string(),
                count,
            })
            .collect();
        v.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        v
    };
    Facets {
        tags: sorted(merge_case(tags)),
        speakers: sorted(merge_case(speakers)),
        notes: sorted(counts),
        years: sorted(years),
    }
}

/// The year an ISO date (`date_string` in ingest makes other forms ISO) starts with; none
/// for a date not recognised, which `date:` filters never match either.
fn year(date: &str) -> Option<&str> {
    date.get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
}

/// `counts` with values that differ only in case merged into one, shown as the form counted
/// most (the smallest on a tie): `tag:` and `speaker:` filters ignore case, so `Kubernetes`
/// and `kubernetes` are one value, whose count the filter gives.
fn merge_case(counts: FxHashMap<&str, usize>) -> FxHashMap<&str, usize> {
    let mut by_fold: FxHashMap<String, (&str, usize, usize)> = FxHashMap::default();
    for (value, count) in counts {
        let (shown, most, total) = by_fold.entry(fold(value)).or_insert((value, count, 0));
        if count > *most || count == *most && value < *shown {
            (*shown, *most) = (value, count);
        }
        *total += count;
    }
    by_fold
        .into_values()
        .map(|(shown, _, total)| (shown, total))
        .collect()
}

/// The indexed fields of section `i`: the note title, tags and authors go to the lead
/// section only, so a note-level match is one hit, not one per section.
fn section_fields(note: &Note, meta: &NoteMeta, outline: &Outline, i: usize) -> [String; FIELDS] {
    let sec = &outline.sections[i];
    let mut fields: [String; FIELDS] = Default::default();
    let mut meta_text: Vec<&str> = Vec::new();
    if i == 0 {
        // A title that is also the first heading (`# Title` with no front matter) is found
        // in that heading's section; indexing it here too would give two hits for one place.
        let first_heading = outline.sections.get(1).map(|s| s.heading.as_str());
        if first_heading != Some(meta.title.as_str()) {
            fields[Field::Title as usize] = meta.title.clone();
        }
        meta_text.extend(meta.tags.iter().map(String::as_str));
        meta_text.extend(meta.authors.iter().map(String::as_str));
    } else {
        fields[Field::Heading as usize] = sec.heading.clone();
    }
    meta_text.extend(sec.meta.speaker.as_deref());
    meta_text.extend(sec.meta.org.as_deref());
    fields[Field::Meta as usize] = collapse_whitespace(&meta_text.join(" · "));
    fields[Field::Body as usize] = collapse_whitespace(&sec.body_text(note));
    fields
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Stats {
    han: f32,
    latin: f32,
    chars: usize,
    words: usize,
    minutes: u32,
}

/// Counts over the indexed (normalized) text of a note's sections.
fn text_stats(docs: Range<DocId>, index: &Index) -> Stats {
    let mut counts = CharCounts::default();
    for doc in docs {
        let Some(d) = index.doc(doc) else { continue };
        counts.add(d.field(Field::Heading));
        counts.add(d.field(Field::Body));
    }
    let CharCounts {
        han,
        latin,
        other,
        latin_words,
    } = counts;
    let letters = (han + latin).max(1) as f32;
    let minutes = (han as f32 / 400.0 + latin_words as f32 / 200.0)
        .ceil()
        .max(1.0) as u32;
    Stats {
        han: han as f32 / letters,
        latin: latin as f32 / letters,
        chars: han + latin + other,
        words: han + latin_words,
        minutes,
    }
}

/// Han (CJK) characters, ASCII letters, other non-space characters and runs of letters and
/// digits that start with an ASCII letter, counted for [`text_stats`].
#[derive(Default)]
struct CharCounts {
    han: usize,
    latin: usize,
    other: usize,
    latin_words: usize,
}

impl CharCounts {
    /// Counts one text by byte: ASCII and the core Han block
    /// ([`starts_core_han`](crate::normalize::starts_core_han)), nearly all of a note's
    /// characters, are told apart without decoding; only other characters are decoded
    /// (counting by `char` was ~5% of building an index).
    fn add(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut in_word = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                i += 1;
                if b.is_ascii_alphabetic() {
                    self.latin += 1;
                    self.latin_words += usize::from(!in_word);
                    in_word = true;
                } else {
                    self.other += usize::from(!crate::normalize::is_ascii_space(b));
                    in_word = b.is_ascii_digit();
                }
                continue;
            }
            if crate::normalize::starts_core_han(b) {
                i += 3;
                self.han += 1;
                in_word = false;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            if crate::normalize::is_cjk(c) {
                self.han += 1;
                in_word = false;
            } else {
                self.other += usize::from(!c.is_whitespace());
                in_word = c.is_alphanumeric();
            }
        }
    }
}

/// The distinct strings that matched (exact words, their stems' variants, completions, typo
/// corrections, CJK runs, phrases), for highlighting in the reader.
fn matched_terms(needles: &[(String, bool)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (n, _) in needles {
        if !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}

fn check_id(id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidId,
            "note id is empty; pass a non-empty string",
        ));
    }
    if id.chars().count() > MAX_ID_CHARS {
        return Err(Error::new(
            ErrorKind::InvalidId,
            format!("note id is longer than {MAX_ID_CHARS} characters"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(heading: &str, level: u8, path: &[&str]) -> SectionInfo {
        SectionInfo {
            slug: if level == 0 {
                String::new()
            } else {
                normalized_slug_base(heading)
            },
            heading: heading.to_string(),
            level,
            path: path.iter().map(|p| p.to_string()).collect(),
            meta: SectionMeta::default(),
        }
    }

    /// The per-character definition [`CharCounts::add`] speeds up.
    #[cfg(not(target_arch = "wasm32"))]
    fn counted_by_char(text: &str) -> [usize; 4] {
        let ([mut han, mut latin, mut other, mut words], mut in_word) = ([0; 4], false);
        for c in text.chars() {
            if crate::normalize::is_cjk(c) {
                han += 1;
                in_word = false;
            } else if c.is_ascii_alphabetic() {
                latin += 1;
                words += usize::from(!in_word);
                in_word = true;
            } else {
                other += usize::from(!c.is_whitespace());
                in_word = c.is_alphanumeric();
            }
        }
        [han, latin, other, words]
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn char_counts_agree_with_counting_each_character(
            text in "[aZ1 \t\n\u{0B}\u{0C}_\u{4E00}\u{3002}\u{3042}\u{00E9}\u{00B2}\u{3000}\u{20000}\u{4DC0}\u{5B57}\u{9FA5}]{0,24}"
        ) {
            let mut counts = CharCounts::default();
            counts.add(&text);
            let got = [counts.han, counts.latin, counts.other, counts.latin_words];
            proptest::prop_assert_eq!(got, counted_by_char(&text));
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Whatever its headings hold (full-width forms, separators only, repeats, line-break
        /// look-alikes), a note's sections come back from the library, and from its snapshot,
        /// as its outline has them: the headings read from its documents and the slugs worked
        /// out from them are the outline's.
        #[test]
        fn a_notes_sections_come_back_as_its_outline_has_them(
            headings in proptest::collection::vec(
                ("#{1,4}", "[aZ1 _\\-/.·|\u{4E00}\u{5B57}\u{FF21}\u{FF11}\u{3000}\u{2028}\u{00E9}\u{0301}!?（）]{1,10}"),
                1..8,
            ),
            title in proptest::option::of("[a 字\u{FF21}]{0,6}"),
        ) {
            let mut text = title.map_or(String::new(), |t| format!("---\ntitle: \"{t}\"\n---\n"));
            for (marks, heading) in &headings {
                text += &format!("{marks} {heading}\n\nText.\n\n");
            }
            let mut lib = Library::new(LibraryOptions::default());
            let info = lib.add_note("n", &text, &AddOptions::default()).unwrap();
            let outline = outline(&parse_note("n", &text, FormatChoice::Markdown));
            let want: Vec<SectionInfo> = outline.sections.iter().map(section_of).collect();
            proptest::prop_assert_eq!(&info.sections, &want);
            let back = Library::load(&lib.export_index()).unwrap();
            proptest::prop_assert_eq!(&back.note("n").unwrap().sections, &want);
        }
    }

    fn section_of(s: &Section) -> SectionInfo {
        SectionInfo {
            slug: s.slug.clone(),
            heading: s.heading.clone(),
            level: s.level,
            path: s.path.clone(),
            meta: s.meta.clone(),
        }
    }

    #[test]
    fn compact_sections_give_back_every_path() {
        let mut with_speaker = section("Talk", 3, &["Day 1", "Track A", "Talk"]);
        with_speaker.meta.speaker = Some("Mei Chen".into());
        let mut made_unique = section("Day 1", 1, &["Day 1"]);
        made_unique.slug = "day-1-1".into();
        let infos = vec![
            section("Title", 0, &[]),
            section("Day 1", 1, &["Day 1"]),
            section("Track A", 2, &["Day 1", "Track A"]),
            with_speaker,
            section("Track B", 2, &["Day 1", "Track B"]),
            section("Deep", 4, &["Day 1", "Track B", "Skipped level", "Deep"]),
            section(
                "Deeper",
                5,
                &["Day 1", "Track B", "Skipped level", "Deep", "Deeper"],
            ),
            section("Day 2", 1, &["Day 2"]),
            // Paths no earlier section accounts for (a snapshot can hold anything).
            section("Orphan", 2, &["Day 9", "Orphan"]),
            section("Under orphan", 3, &["Day 9", "Orphan", "Under orphan"]),
            section("Not its own", 3, &["Day 9", "Orphan", "Elsewhere"]),
            made_unique,
        ];
        // Where the headings are kept anyway. Section 2's is kept there as something else, so
        // it must store its own, and its child's path must use that.
        let shared = |i: usize| {
            if i == 2 {
                "Track 1"
            } else {
                infos[i].heading.as_str()
            }
        };
        let refs: Vec<SectionRef> = infos.iter().map(SectionRef::from).collect();
        let compact = Sections::new(&refs, shared);
        assert_eq!(compact.to_vec(shared), infos);
        assert_eq!(compact.meta(3).speaker.as_deref(), Some("Mei Chen"));
        assert_eq!(compact.meta(4), &SectionMeta::default());
        let parent = |i: usize| compact.0[i].parent;
        let extra = |i: usize| compact.0[i].extra.as_deref();
        assert_eq!(parent(1), 0);
        assert_eq!(parent(3), 2);
        assert_eq!(parent(6), 5);
        assert_eq!(parent(9), 8);
        for own in [5, 10] {
            assert_eq!(parent(own), CompactSection::OWN_PATH);
            assert_eq!(extra(own).unwrap().path.len(), infos[own].path.len());
        }
        assert_eq!(extra(2).unwrap().heading.as_deref(), Some("Track A"));
        assert_eq!(extra(11).unwrap().slug.as_deref(), Some("day-1-1"));
        for stores_nothing in [0, 1, 4, 6, 7, 9] {
            assert_eq!(extra(stores_nothing), None, "section {stores_nothing}");
        }
    }

    /// An outline's paths end with the section's own heading and skip missing levels, its
    /// headings are in the note's documents and its slugs are worked out from them: a note's
    /// sections store nothing but the slugs made unique.
    #[test]
    fn a_notes_sections_store_only_slugs_made_unique() {
        let text = "# Recap\n\nLead.\n\n## Day 1\n\n### Keynote\n\nText.\n\n##### Deep\n\n\
                    Text.\n\n## Day 2\n\n### Keynote\n\n### 服务网格\n\nText.\n\n# Appendix\n";
        let mut lib = Library::new(LibraryOptions::default());
        let info = lib.add_note("n", text, &AddOptions::default()).unwrap();
        let outline = outline(&parse_note("n", text, FormatChoice::Markdown));
        let want: Vec<SectionInfo> = outline.sections.iter().map(section_of).collect();
        assert_eq!(info.sections, want);
        let sections = &lib.notes["n"].summary.sections;
        assert_eq!(sections.len(), 9);
        for (i, c) in sections.0.iter().enumerate() {
            if i > 0 {
                assert!((c.parent as usize) < i, "section {i}");
            }
            match c.extra.as_deref() {
                None => {}
                Some(e) => {
                    assert_eq!(want[i].slug, "keynote-1");
                    assert_eq!(
                        e,
                        &Extra {
                            slug: Some("keynote-1".into()),
                            ..Extra::default()
                        }
                    );
                }
            }
        }
        assert!(sections.0[6].extra.is_some());
    }

    /// Owners give each document its note and section; a removed note's documents have none,
    /// and its slot goes to the next note without touching the other notes' documents.
    #[test]
    fn owners_follow_adds_and_removals() {
        let mut owners = Owners::default();
        owners.add("a", 0, 0..3);
        owners.add("b", 1, 3..5);
        let of = |o: &Owners, d: DocId| {
            let w = o.get(d)?;
            Some((w.note.to_string(), o.seq_and_first(o.slot(d)).0, w.section))
        };
        assert_eq!(of(&owners, 2), Some(("a".into(), 0, 2)));
        assert_eq!(of(&owners, 3), Some(("b".into(), 1, 0)));
        owners.remove(0..3);
        assert_eq!(of(&owners, 0), None);
        assert_eq!(of(&owners, 2), None);
        // Ids are never reused, and a note may start after ids no note owns.
        owners.add("c", 2, 7..9);
        assert_eq!(owners.notes.len(), 2, "a's slot is reused");
        assert_eq!(of(&owners, 5), None);
        assert_eq!(of(&owners, 8), Some(("c".into(), 2, 1)));
        assert_eq!(of(&owners, 4), Some(("b".into(), 1, 1)));
        assert_eq!(of(&owners, 0), None, "a's documents stay ownerless");
        assert_eq!(owners.len(), 9);
        assert_eq!(of(&owners, 9), None);
    }

    /// A lent source is asked for when needed and never kept: what the library does with it
    /// equals what it does with a kept copy, and without its lender it fails, typed.
    #[test]
    fn lent_sources_are_asked_for_and_never_kept() {
        let notes = [
            ("a", "## 调度\n\n调度器的优化。\n"),
            ("b", "周报\n前言\n本周动态。\n"),
        ];
        let opts = AddOptions::default();
        let lend = AddOptions {
            lend_source: true,
            ..opts
        };
        let (mut kept, mut lent) = (Library::default(), Library::default());
        for (id, text) in notes {
            kept.add_note(id, text, &opts).unwrap();
            lent.add_note(id, text, &lend).unwrap();
        }
        kept.update_note("b", "## 改\n\n新的。\n", &opts).unwrap();
        lent.update_note("b", "## 改\n\n新的。\n", &lend).unwrap();
        assert!(lent.notes.values().all(|s| matches!(s.text, Source::Lent)));
        let asked = std::cell::RefCell::new(Vec::new());
        let lender = |id: &str| {
            asked.borrow_mut().push(id.to_string());
            Some(kept.notes[id].source(id, NO_LENDER).unwrap().into_owned())
        };
        assert_eq!(
            lent.render_with("a", &lender).unwrap().html,
            kept.render("a").unwrap().html
        );
        assert_eq!(
            lent.to_markdown_with("b", &lender).unwrap(),
            kept.to_markdown("b").unwrap()
        );
        assert_eq!(
            lent.export_index_with(&lender, &ExportOptions::default())
                .unwrap(),
            kept.export_index()
        );
        assert_eq!(*asked.borrow(), ["a", "b", "a", "b"]);
        assert_eq!(
            lent.search("调度", &SearchOptions::default())
                .unwrap()
                .total,
            1
        );
        for err in [
            lent.render("a").err(),
            lent.to_markdown("a").err(),
            lent.export_index_with(NO_LENDER, &ExportOptions::default())
                .err(),
        ] {
            assert_eq!(err.unwrap().code(), "unknown_note");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Kept by insertion (pages of up to 64) or selected, a page is the sorted start.
        #[test]
        fn first_sorted_is_the_start_of_the_sorted_items(
            items in proptest::collection::hash_set(proptest::num::u32::ANY, 0..300),
            n in proptest::sample::select(vec![0usize, 1, 5, 63, 64, 65, 200, 400]),
        ) {
            let items: Vec<u32> = items.into_iter().collect();
            let mut want = items.clone();
            want.sort_unstable();
            want.truncate(n);
            proptest::prop_assert_eq!(first_sorted(&items, n, u32::cmp), want);
        }

        /// The packed order ranks as comparing the fields one by one did.
        #[test]
        fn rank_order_sorts_as_the_fields_do(
            a in (proptest::bool::ANY, 0u32..6, proptest::num::f32::ANY),
            b in (proptest::bool::ANY, 0u32..6, proptest::num::f32::ANY),
        ) {
            let scored = |(heading_match, tier, score): (bool, u32, f32)| search::Scored {
                doc: 0,
                score,
                tier,
                heading_match,
                explain: Vec::new(),
            };
            let (sa, sb) = (scored(a), scored(b));
            let fields = sb
                .heading_match
                .cmp(&sa.heading_match)
                .then(sa.tier.cmp(&sb.tier))
                .then_with(|| sb.score.total_cmp(&sa.score));
            proptest::prop_assert_eq!(rank_order(&sa).cmp(&rank_order(&sb)), fields);
        }
    }
}
