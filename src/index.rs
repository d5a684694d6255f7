//! The inverted index: one document per section, four fields, per-field term frequencies.
//!
//! Positions are not stored in postings: CJK substrings and phrases are verified against the
//! stored field text (which snippets need anyway), which is exact and keeps postings small.
//! The lists themselves are compressed in memory ([`postings`]).

pub mod postings;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::analysis::stemmer::stem;
use crate::analysis::{self, TermKind};
use crate::normalize::{fold_into, is_cjk, nfkc_line, runs_kept_and_foldable};
use postings::{List, Pool};

/// Number of indexed fields.
pub const FIELDS: usize = 4;

/// The fields of a section document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The note title (lead section only).
    Title = 0,
    /// The section heading.
    Heading = 1,
    /// Speaker, organisation, tags and authors.
    Meta = 2,
    /// The section's own text.
    Body = 3,
}

impl Field {
    pub const ALL: [Field; FIELDS] = [Field::Title, Field::Heading, Field::Meta, Field::Body];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Heading => "heading",
            Field::Meta => "meta",
            Field::Body => "body",
        }
    }
}

pub type DocId = u32;
pub type TermId = u32;

/// A term's occurrence count per field, saturating at 255: BM25 has long flattened out by
/// then, and a byte is what a count takes in a compressed posting.
pub type Counts = [u8; FIELDS];

/// A term's occurrence counts in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: DocId,
    pub tf: Counts,
}

/// `n` as a [`Counts`] entry.
pub fn saturate(n: usize) -> u8 {
    n.min(u8::MAX as usize) as u8
}

/// A stored section document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Whitespace-collapsed original text of the fields, one after another: snippets show what
    /// the author wrote. Matching uses its NFKC, case-folded form (see [`matchable`]). One
    /// allocation instead of four strings: 72 bytes less per section, and no spare capacity.
    text: Box<str>,
    /// Where each field but the last ends in `text`.
    ends: [u32; FIELDS - 1],
    /// Field lengths in positions.
    pub lens: [u32; FIELDS],
    /// Bit `f` set when field `f` [`keeps_cjk_runs`](crate::normalize::keeps_cjk_runs) (CJK
    /// runs are counted in it directly), bit `4 + f` when it is
    /// [`is_ascii_foldable`](crate::normalize::is_ascii_foldable) (snippets search it
    /// ASCII-lowercased).
    /// Worked out on first need: most documents are never verified against a query, and
    /// loading a snapshot should not scan all text. [`Doc::UNKNOWN_SHAPE`] until then.
    shape: Cell<u16>,
    /// [`name_hash`]es of the [`matchable`] title (low half) and heading (high half), worked
    /// out on first need: checking whether a query names a section outright normalized the
    /// heading of every candidate, a tenth of a query for common words.
    /// [`Doc::UNKNOWN_NAMES`] until then (and when that is what they hash to: then they are
    /// worked out each time). Cells with a marker, not `OnceLock`s, keep a document at 44
    /// bytes instead of 48 (0.3 MiB of wasm memory for the handbook 20 times).
    names: Cell<u32>,
}

impl PartialEq for Doc {
    fn eq(&self, other: &Doc) -> bool {
        self.text == other.text && self.ends == other.ends && self.lens == other.lens
    }
}

impl Doc {
    /// Above any shape, which is a byte.
    const UNKNOWN_SHAPE: u16 = u16::MAX;
    const UNKNOWN_NAMES: u32 = u32::MAX;

    pub fn new(fields: [&str; FIELDS], lens: [u32; FIELDS]) -> Doc {
        let mut text = String::with_capacity(fields.iter().map(|f| f.len()).sum());
        let mut ends = [0u32; FIELDS - 1];
        for (f, field) in fields.iter().enumerate() {
            text.push_str(field);
            if let Some(end) = ends.get_mut(f) {
                *end = u32::try_from(text.len()).expect("a section is under 4 GiB");
            }
        }
        Doc {
            text: text.into_boxed_str(),
            ends,
            lens,
            shape: Cell::new(Doc::UNKNOWN_SHAPE),
            names: Cell::new(Doc::UNKNOWN_NAMES),
        }
    }

    /// Whether the [`matchable`] title or heading is `whole`, whose [`name_hash`] is `hash`.
    pub fn is_named(&self, whole: &str, hash: u16) -> bool {
        const NAMES: [Field; 2] = [Field::Title, Field::Heading];
        let mut hashes = self.names.get();
        if hashes == Doc::UNKNOWN_NAMES {
            let [t, h] = NAMES.map(|f| u32::from(name_hash(&matchable(self.field(f)))));
            hashes = t | h << 16;
            self.names.set(hashes);
        }
        NAMES.iter().enumerate().any(|(i, &f)| {
            hashes >> (16 * i) & 0xFFFF == u32::from(hash)
                && !self.field(f).is_empty()
                && matchable(self.field(f)) == whole
        })
    }

    /// The stored text of field `f`.
    pub fn field(&self, f: Field) -> &str {
        self.field_at(f as usize)
    }

    fn field_at(&self, f: usize) -> &str {
        let start = if f == 0 { 0 } else { self.ends[f - 1] as usize };
        let end = self.ends.get(f).map_or(self.text.len(), |&e| e as usize);
        &self.text[start..end]
    }

    /// The stored text of each field, in [`Field::ALL`] order.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        (0..FIELDS).map(|f| self.field_at(f))
    }

    fn shape(&self) -> u8 {
        if let Ok(shape) = u8::try_from(self.shape.get()) {
            return shape;
        }
        let shape = (0..FIELDS).fold(0u8, |bits, f| {
            let (kept, foldable) = runs_kept_and_foldable(self.field_at(f));
            bits | u8::from(kept) << f | u8::from(foldable) << (4 + f)
        });
        self.shape.set(u16::from(shape));
        shape
    }

    /// Whether field `f` is [`is_ascii_foldable`](crate::normalize::is_ascii_foldable) (worked
    /// out once per document).
    pub fn ascii_foldable(&self, f: Field) -> bool {
        self.shape() & 1 << (4 + f as usize) != 0
    }
}

/// The inverted index.
#[derive(Debug, Default, Clone)]
pub struct Index {
    /// Word terms by text.
    pub(crate) terms: FxHashMap<String, TermId>,
    /// CJK unigrams and bigrams by [`cjk_key`]: hashing a `u64` is far cheaper than a string,
    /// and these are most of the terms.
    pub(crate) cjk: FxHashMap<u64, TermId>,
    /// By term id: the text of word terms; `None` for CJK terms, whose text is their key
    /// (no allocation for the bulk of the dictionary).
    pub(crate) word_text: Vec<Option<Box<str>>>,
    /// By term id: the [`cjk_key`] of CJK terms (0 for words).
    pub(crate) term_keys: Vec<u64>,
    /// By term id: its postings, in [`Index::pool`].
    pub(crate) lists: Vec<List>,
    pub(crate) pool: Pool,
    /// By term id: while a document is being added, 1 + the term's place in
    /// [`Index::open`] if the document has it so far, else 0.
    slot: Vec<u32>,
    /// The terms of the document being added, with their counts so far.
    open: Vec<(TermId, Counts)>,
    /// Word terms in sorted order, for prefix and typo expansion.
    pub(crate) words: BTreeMap<String, TermId>,
    pub(crate) docs: Vec<Option<Doc>>,
    /// Snowball stems of the word terms queries have met (a word's stem never changes):
    /// matching `pod` stemmed each of the 40 words starting with it, every time.
    /// By term id, grown on demand.
    stems: RefCell<Vec<Option<Box<str>>>>,
    pub(crate) live: u32,
    pub(crate) len_sum: [u64; FIELDS],
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// The id the next document added gets.
    pub fn next_doc(&self) -> DocId {
        self.docs.len() as DocId
    }

    /// Adds a document and returns its id. Ids grow monotonically and are never reused, so
    /// posting lists stay sorted by appending. Counts gather in [`Index::open`] while the
    /// document is analyzed, and each term's posting is appended once at the end.
    pub fn add(&mut self, fields: [String; FIELDS]) -> DocId {
        let doc = self.next_doc();
        let mut lens = [0u32; FIELDS];
        let mut open = std::mem::take(&mut self.open);
        for (f, text) in fields.iter().enumerate() {
            lens[f] = analysis::analyze_keys(&nfkc_line(text), |token| {
                let id = match token.kind {
                    TermKind::Word => self.term_id_keyed(&token.text, None),
                    TermKind::Unigram | TermKind::Bigram => {
                        self.term_id_keyed(&token.text, Some(token.key))
                    }
                };
                let slot = &mut self.slot[id as usize];
                if *slot == 0 {
                    open.push((id, Counts::default()));
                    *slot = open.len() as u32;
                }
                let count = &mut open[*slot as usize - 1].1[f];
                *count = count.saturating_add(1);
            });
        }
        for (id, tf) in open.drain(..) {
            self.slot[id as usize] = 0;
            self.lists[id as usize].push(&mut self.pool, Posting { doc, tf });
        }
        self.open = open;
        for (sum, len) in self.len_sum.iter_mut().zip(lens) {
            *sum += u64::from(len);
        }
        self.live += 1;
        if self.docs.len() == self.docs.capacity() {
            // A quarter more, not double: a spare half of a large library's documents would be
            // megabytes (still amortized O(1)).
            self.docs.reserve_exact(self.docs.len() / 4 + 16);
        }
        self.docs
            .push(Some(Doc::new(fields.each_ref().map(String::as_str), lens)));
        doc
    }

    /// Removes a document: its postings go, so statistics equal a fresh build without it.
    pub fn remove(&mut self, doc: DocId) {
        let Some(Some(entry)) = self.docs.get_mut(doc as usize).map(Option::take) else {
            return;
        };
        let mut seen = FxHashSet::default();
        for text in entry.fields() {
            analysis::analyze(&nfkc_line(text), |token| {
                if let Some(id) = self.term(&token.text) {
                    if seen.insert(id) {
                        self.lists[id as usize].remove(&mut self.pool, doc);
                    }
                }
            });
        }
        for (sum, len) in self.len_sum.iter_mut().zip(entry.lens) {
            *sum -= u64::from(len);
        }
        self.live -= 1;
        self.pool.compact(&mut self.lists);
    }

    /// The id of `text`, whose [`cjk_key`] is `key`, added when new.
    fn term_id_keyed(&mut self, text: &str, key: Option<u64>) -> TermId {
        self.term_id_with(text, key, false)
    }

    /// [`Index::term_id_keyed`]; when `loading`, a new word is not added to
    /// [`Index::words`] (see [`Index::set_sorted_words`]).
    fn term_id_with(&mut self, text: &str, key: Option<u64>, loading: bool) -> TermId {
        let found = match key {
            Some(k) => self.cjk.get(&k),
            None => self.terms.get(text),
        };
        if let Some(&id) = found {
            return id;
        }
        let id = self.word_text.len() as TermId;
        if self.lists.len() == self.lists.capacity() {
            // By a quarter, not doubling: the vectors by term hold 44 bytes a term, and the
            // handbook's 41,000 terms left doubled ones a third empty (1 MiB of wasm memory).
            let more = (self.lists.len() / 4).max(1024);
            self.word_text.reserve_exact(more);
            self.term_keys.reserve_exact(more);
            self.lists.reserve_exact(more);
            self.slot.reserve_exact(more);
        }
        match key {
            Some(k) => {
                self.cjk.insert(k, id);
                self.word_text.push(None);
                self.term_keys.push(k);
            }
            None => {
                self.terms.insert(text.to_string(), id);
                if !loading {
                    self.words.insert(text.to_string(), id);
                }
                self.word_text.push(Some(text.into()));
                self.term_keys.push(0);
            }
        }
        self.lists.push(List::default());
        self.slot.push(0);
        id
    }

    /// Word terms in sorted order (snapshot loading, where [`Index::insert_term`] leaves them
    /// out): built in one pass, not by an insertion each.
    pub(crate) fn set_sorted_words(&mut self, words: Vec<(String, TermId)>) {
        self.words = words.into_iter().collect();
    }

    /// Whether term `id` is a word (not a CJK unigram or bigram).
    pub(crate) fn is_word(&self, id: TermId) -> bool {
        self.word_text[id as usize].is_some()
    }

    /// The text of term `id`.
    pub fn term_text(&self, id: TermId) -> String {
        match &self.word_text[id as usize] {
            Some(word) => word.to_string(),
            None => cjk_text(self.term_keys[id as usize]),
        }
    }

    /// Number of terms in the dictionary (including ones whose postings are now empty).
    pub fn term_count(&self) -> usize {
        self.word_text.len()
    }

    /// Adds a term (snapshot loading; words then go to [`Index::set_sorted_words`]);
    /// [`Index::set_encoded_postings`] gives it its postings.
    pub(crate) fn insert_term(&mut self, text: &str) -> TermId {
        self.term_id_with(text, cjk_key(text), true)
    }

    /// Gives term `id` the `n` postings encoded in `bytes`, checked by
    /// [`postings::check_encoded`] (which gave `last`).
    pub(crate) fn set_encoded_postings(&mut self, id: TermId, bytes: &[u8], n: u32, last: DocId) {
        self.lists[id as usize] = List::from_encoded(&mut self.pool, bytes, n, last);
    }

    /// Room for `n` more terms (a snapshot says how many it holds).
    pub(crate) fn reserve_terms(&mut self, n: usize) {
        self.cjk.reserve(n);
        self.word_text.reserve(n);
        self.term_keys.reserve(n);
        self.lists.reserve(n);
        self.slot.reserve(n);
    }

    pub fn term(&self, text: &str) -> Option<TermId> {
        match cjk_key(text) {
            Some(k) => self.cjk.get(&k).copied(),
            None => self.terms.get(text).copied(),
        }
    }

    /// Whether word term `id`, whose text is `word`, stems to `st`.
    pub fn stems_to(&self, id: TermId, word: &str, st: &str) -> bool {
        let mut stems = self.stems.borrow_mut();
        let at = id as usize;
        if stems.len() <= at {
            stems.resize(at + 1, None);
        }
        **stems[at].get_or_insert_with(|| stem(word).into()) == *st
    }

    /// The postings of `term`, in document order.
    pub fn postings(&self, term: TermId) -> postings::Iter<'_> {
        self.lists[term as usize].iter(&self.pool)
    }

    /// Number of live documents with `term` (its document frequency).
    pub fn df(&self, term: TermId) -> u32 {
        self.lists[term as usize].len()
    }

    pub fn doc(&self, doc: DocId) -> Option<&Doc> {
        self.docs.get(doc as usize).and_then(Option::as_ref)
    }

    /// Number of live documents.
    pub fn live(&self) -> u32 {
        self.live
    }

    /// Average length of each field over live documents.
    pub fn avg_lens(&self) -> [f32; FIELDS] {
        let n = self.live.max(1) as f64;
        self.len_sum.map(|s| (s as f64 / n) as f32)
    }

    /// Word terms starting with `prefix`, in order.
    pub fn words_with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, TermId)> + 'a {
        self.words
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(move |(w, _)| w.starts_with(prefix))
            .map(|(w, &id)| (w.as_str(), id))
    }

    /// All word terms.
    pub fn words(&self) -> impl Iterator<Item = (&str, TermId)> {
        self.words.iter().map(|(w, &id)| (w.as_str(), id))
    }

    /// Counts non-overlapping occurrences of `needle` in each field of `doc`. Reuses `buf`.
    pub fn count_in_fields(&self, doc: DocId, needle: &Needle<'_>, buf: &mut String) -> Counts {
        let mut tf = Counts::default();
        let Some(d) = self.doc(doc) else { return tf };
        for (f, text) in d.fields().enumerate() {
            if text.is_empty() {
                continue;
            }
            let count = match &needle.direct {
                // A CJK run needs no normalization of text that keeps its CJK runs: most
                // sections.
                Some(finder) if d.shape() & 1 << f != 0 => {
                    finder.find_iter(text.as_bytes()).count()
                }
                _ => {
                    fold_into(&nfkc_line(text), buf);
                    find_all(buf, needle.text, needle.word_bounded).count()
                }
            };
            tf[f] = saturate(count);
        }
        tf
    }
}

/// A folded needle for [`Index::count_in_fields`], set up once for all the documents it is
/// counted in.
pub struct Needle<'a> {
    text: &'a str,
    /// Word boundaries required at Latin ends.
    word_bounded: bool,
    /// For a CJK run, its searcher in text that need not be normalized (`str::matches`
    /// built a searcher per field, a tenth of verifying a run).
    direct: Option<memchr::memmem::Finder<'a>>,
}

impl<'a> Needle<'a> {
    pub fn new(text: &'a str, word_bounded: bool) -> Needle<'a> {
        let direct = (!word_bounded && !text.is_empty() && text.chars().all(is_cjk))
            .then(|| memchr::memmem::Finder::new(text));
        Needle {
            text,
            word_bounded,
            direct,
        }
    }
}

/// A 16-bit hash of a [`matchable`] string, for [`Doc::is_named`] (equal strings, equal
/// hashes; the strings are compared when the hashes agree).
pub fn name_hash(s: &str) -> u16 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    let h = BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(s);
    // All four quarters folded in: FxHasher hashes in a `usize`, so on wasm32 the top half
    // is zero, and taking the top quarter alone gave every name the same hash there.
    (h ^ h >> 16 ^ h >> 32 ^ h >> 48) as u16
}

/// The form of stored text that queries are matched against: NFKC, whitespace collapsed,
/// case-folded.
pub fn matchable(text: &str) -> String {
    crate::normalize::fold(&nfkc_line(text))
}

/// The dictionary key of a CJK unigram or bigram: its one or two code points packed into a
/// `u64`; `None` for anything else.
pub fn cjk_key(text: &str) -> Option<u64> {
    let mut chars = text.chars();
    let a = chars.next().filter(|&c| crate::normalize::is_cjk(c))?;
    match (chars.next(), chars.next()) {
        (None, _) => Some(analysis::cjk_ngrams::key(a, None)),
        (Some(b), None) if crate::normalize::is_cjk(b) => {
            Some(analysis::cjk_ngrams::key(a, Some(b)))
        }
        _ => None,
    }
}

/// The text of a [`cjk_key`].
fn cjk_text(key: u64) -> String {
    let ch = |v: u64| char::from_u32((v & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
    if key & 1 << 63 != 0 {
        [ch(key >> 21), ch(key)].iter().collect()
    } else {
        ch(key).to_string()
    }
}

/// Non-overlapping occurrences of `needle` in `hay`, optionally only at word boundaries.
pub fn find_all<'a>(
    hay: &'a str,
    needle: &'a str,
    word_bounded: bool,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let mut from = 0;
    // One searcher for every occurrence (`str::find` set one up per call), SIMD where there is.
    let finder = memchr::memmem::Finder::new(needle);
    std::iter::from_fn(move || {
        if needle.is_empty() {
            return None;
        }
        while let Some(p) = finder.find(&hay.as_bytes()[from..]) {
            let start = from + p;
            let end = start + needle.len();
            if !word_bounded || at_boundary(hay, start, end) {
                from = end;
                return Some(start..end);
            }
            from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    })
}

/// [`find_all`] of an ASCII-lowercase `needle` in `hay` with its ASCII letters matched in either
/// case: what `find_all` gives in `hay.to_ascii_lowercase()` (the same byte offsets), without
/// that copy of a whole section for each snippet of an English query.
pub fn find_all_ignoring_ascii_case<'a>(
    hay: &'a str,
    needle: &'a str,
    word_bounded: bool,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    // An uppercase needle never occurs in lowercased text.
    let from = if n.iter().any(u8::is_ascii_uppercase) {
        h.len()
    } else {
        0
    };
    found_by_first_byte(hay, n.first().copied(), from, move |start| {
        let end = start + n.len();
        // The first byte starts a character (it is ASCII or a lead byte) and the others
        // match exactly or as ASCII: `start..end` lies on character boundaries.
        let found = h.get(start..end).is_some_and(|w| w.eq_ignore_ascii_case(n));
        (found && (!word_bounded || at_boundary(hay, start, end))).then_some(end)
    })
}

/// Whole-word occurrences of any of `words` in `hay`, in either ASCII case: what
/// [`find_all_ignoring_ascii_case`] finds for each word bounded, in one pass. The words are
/// ASCII lowercase letters and digits sharing their first byte, as a word's stems and
/// completions do (`operator`, `operators`, `operation`): at most one of them is the whole
/// word at a place, and whole words never overlap.
pub fn find_words_ignoring_ascii_case<'a>(
    hay: &'a str,
    words: &'a [&'a str],
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    debug_assert!(words.iter().all(|w| !w.is_empty()
        && w.as_bytes()[0] == words[0].as_bytes()[0]
        && w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())));
    let (h, first) = (hay.as_bytes(), words.first().and_then(|w| w.bytes().next()));
    found_by_first_byte(hay, first, 0, move |start| {
        words.iter().find_map(|w| {
            let end = start + w.len();
            let found = h
                .get(start..end)
                .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()));
            (found && at_boundary(hay, start, end)).then_some(end)
        })
    })
}

/// The matches in `hay` from byte `from` on: at each place where `first` stands in either
/// ASCII case (`memchr2`), `match_at` gives where a match starting there ends, if one does;
/// the search goes on after each match.
fn found_by_first_byte<'a>(
    hay: &'a str,
    first: Option<u8>,
    mut from: usize,
    match_at: impl Fn(usize) -> Option<usize> + 'a,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let h = hay.as_bytes();
    std::iter::from_fn(move || {
        let first = first?;
        let upper = first.to_ascii_uppercase();
        loop {
            let rest = h.get(from..)?;
            let at = if upper == first {
                memchr::memchr(first, rest)
            } else {
                memchr::memchr2(first, upper, rest)
            }?;
            let start = from + at;
            if let Some(end) = match_at(start) {
                from = end;
                return Some(start..end);
            }
            from = start + 1;
        }
    })
}

/// True when `hay[start..end]` does not continue a Latin word on either side.
fn at_boundary(hay: &str, start: usize, end: usize) -> bool {
    // The same notion of a word as the tokenizer's: letters, digits and `_` (UAX #29 joins
    // `fuse_conn`), CJK excluded.
    let wordish = |c: char| (c.is_alphanumeric() || c == '_') && !crate::normalize::is_cjk(c);
    let inner_first = hay[start..end].chars().next();
    let inner_last = hay[start..end].chars().next_back();
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    // And as it does, `.`, `,`, `;` or `'` between two digits joins them: `3` is no word of
    // `v1.28.3` or `1,000`.
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let joins = |c: Option<char>| matches!(c, Some('.' | ',' | ';' | '\''));
    let joined_left =
        digit(inner_first) && joins(before) && digit(hay[..start].chars().nth_back(1));
    let joined_right = digit(inner_last) && joins(after) && digit(hay[end..].chars().nth(1));
    let left_ok = !(inner_first.is_some_and(wordish) && before.is_some_and(wordish) || joined_left);
    let right_ok = !(inner_last.is_some_and(wordish) && after.is_some_and(wordish) || joined_right);
    left_ok && right_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(body: &str) -> [String; FIELDS] {
        [
            String::new(),
            String::new(),
            String::new(),
            body.to_string(),
        ]
    }

    #[test]
    fn a_section_is_named_by_its_matchable_title_or_heading_only() {
        let named = |title: &str, heading: &str, whole: &str| {
            Doc::new([title, heading, "", "body"], [0; FIELDS]).is_named(whole, name_hash(whole))
        };
        assert!(named("", "Kubernetes  Pods", "kubernetes pods"));
        assert!(named("ＫＵＢＥ Con", "", "kube con"));
        assert!(!named("", "Kubernetes Pods", "kubernetes"));
        assert!(!named("", "", ""));
        assert!(!named("Pods", "Kubernetes", "kubernetes pods"));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// One searcher for every occurrence finds what searching the rest of the text anew
        /// after each match, or after each place rejected for want of a word boundary, finds.
        #[test]
        fn one_searcher_finds_what_searching_anew_finds(
            hay in "[pPoOdD调度 _.\u{E9}1x]{0,40}",
            needle in proptest::sample::select(vec!["pod", "p", "od", "调度", "度调", "pod调", "x1", "\u{E9}", "1"]),
            bounded in proptest::bool::ANY,
        ) {
            let mut want = Vec::new();
            let mut from = 0;
            while let Some(p) = hay[from..].find(needle) {
                let (start, end) = (from + p, from + p + needle.len());
                if !bounded || at_boundary(&hay, start, end) {
                    want.push(start..end);
                    from = end;
                } else {
                    from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
                }
            }
            let got: Vec<_> = find_all(&hay, needle, bounded).collect();
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn ignoring_ascii_case_finds_what_lowercasing_finds(
            hay in "[pPoOdD调度 _.\u{E9}\u{C9}1xX]{0,24}",
            needle in proptest::sample::select(vec!["pod", "p", "od", "调度", "pod调", "x1", "\u{E9}", "d\u{E9}", "1"]),
            bounded in proptest::bool::ANY,
        ) {
            let got: Vec<_> = find_all_ignoring_ascii_case(&hay, needle, bounded).collect();
            let want: Vec<_> = find_all(&hay.to_ascii_lowercase(), needle, bounded).collect();
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn words_in_one_pass_are_what_a_pass_per_word_finds(
            hay in "[pPoOdDsSeE调 _.\u{E9}1]{0,32}",
            words in proptest::sample::subsequence(vec!["p", "pod", "pods", "pode", "po1", "pe"], 1..6),
        ) {
            let got: Vec<_> = find_words_ignoring_ascii_case(&hay, &words).collect();
            let mut want: Vec<_> = words
                .iter()
                .flat_map(|w| find_all_ignoring_ascii_case(&hay, w, true))
                .collect();
            want.sort_unstable_by_key(|r| r.start);
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn cjk_runs_count_as_in_the_normalized_body(
            body in "(数|据|数据|调度|⾸|云|…|，| |a){0,16}",
            needle in proptest::sample::select(vec!["数据", "数数", "据数据", "调度数据", "首云", "云云"]),
        ) {
            let mut index = Index::new();
            let d = index.add(fields(&body));
            let got = index.count_in_fields(d, &Needle::new(needle, false), &mut String::new());
            let want = nfkc_line(&body).matches(needle).count();
            proptest::prop_assert_eq!(usize::from(got[3]), want);
        }
    }

    #[test]
    fn an_uppercase_needle_is_not_found_as_lowercased_text_never_holds_it() {
        assert_eq!(
            find_all_ignoring_ascii_case("Pod pod", "Pod", false).count(),
            0
        );
        assert_eq!(
            find_all_ignoring_ascii_case("Pod POD", "pod", true).count(),
            2
        );
    }

    #[test]
    fn names_hash_to_many_values() {
        let hashes: FxHashSet<u16> = (0..1000)
            .map(|i| name_hash(&format!("heading {i}")))
            .collect();
        assert!(hashes.len() > 950, "{} distinct hashes", hashes.len());
    }

    #[test]
    fn add_and_remove_restore_statistics() {
        let mut a = Index::new();
        a.add(fields("调度 Kubernetes"));
        let d = a.add(fields("数据拷贝 fuse"));
        a.remove(d);
        let mut b = Index::new();
        b.add(fields("调度 Kubernetes"));
        assert_eq!(a.live(), b.live());
        assert_eq!(a.avg_lens(), b.avg_lens());
        let t = a.term("数据").unwrap();
        assert_eq!(a.df(t), 0);
    }

    #[test]
    fn verification_compares_normalized_text() {
        // Regression: stored fields keep the original text (Kangxi radicals here), so
        // verifying a 3+ character CJK run must normalize them first.
        let mut index = Index::new();
        let d = index.add(fields("⾸云容器产品"));
        let mut buf = String::new();
        let needle = Needle::new("首云容器", false);
        assert_eq!(index.count_in_fields(d, &needle, &mut buf)[3], 1);
    }

    #[test]
    fn cjk_keys_decode_to_their_text() {
        for t in ["数", "数据", "𠀀好"] {
            assert_eq!(cjk_text(cjk_key(t).unwrap()), t);
        }
    }

    #[test]
    fn word_bounded_find_skips_inner_matches() {
        let got: Vec<_> = find_all("cat concat cat.", "cat", true).collect();
        assert_eq!(got, [0..3, 11..14]);
        assert_eq!(find_all("数据数据", "数据", true).count(), 2);
    }
}
