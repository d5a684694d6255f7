//! The inverted index: one document per section, four fields, per-field term frequencies.
//!
//! Positions are not stored in postings: CJK substrings and phrases are verified against the
//! stored field text (which snippets need anyway), which is exact and keeps postings small.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::analysis::{self, TermKind};
use crate::normalize::{fold_into, is_cjk, nfkc_line, simple_and_foldable};

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
/// then, and a byte keeps a posting at 8 bytes (postings are most of the index's memory).
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
    /// Whitespace-collapsed original text of each field: snippets show what the author wrote.
    /// Matching uses its NFKC, case-folded form (see [`matchable`]).
    pub fields: [String; FIELDS],
    /// Field lengths in positions.
    pub lens: [u32; FIELDS],
    /// Bit `f` set when field `f` is [`is_simple`](crate::normalize::is_simple) (CJK runs are
    /// counted in it directly), bit `4 + f` when it is
    /// [`is_ascii_foldable`](crate::normalize::is_ascii_foldable) (snippets search it
    /// ASCII-lowercased).
    /// Worked out on first need: most documents are never verified against a query, and
    /// loading a snapshot should not scan all text.
    simple: OnceLock<u8>,
}

impl PartialEq for Doc {
    fn eq(&self, other: &Doc) -> bool {
        self.fields == other.fields && self.lens == other.lens
    }
}

impl Doc {
    pub fn new(fields: [String; FIELDS], lens: [u32; FIELDS]) -> Doc {
        Doc {
            fields,
            lens,
            simple: OnceLock::new(),
        }
    }

    fn simple(&self) -> u8 {
        *self.simple.get_or_init(|| {
            (0..FIELDS).fold(0u8, |bits, f| {
                let (simple, foldable) = simple_and_foldable(&self.fields[f]);
                bits | u8::from(simple) << f | u8::from(foldable) << (4 + f)
            })
        })
    }

    /// Whether field `f` is [`is_ascii_foldable`](crate::normalize::is_ascii_foldable) (worked
    /// out once per document).
    pub fn ascii_foldable(&self, f: Field) -> bool {
        self.simple() & 1 << (4 + f as usize) != 0
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
    pub(crate) postings: Vec<Vec<Posting>>,
    /// Word terms in sorted order, for prefix and typo expansion.
    pub(crate) words: BTreeMap<String, TermId>,
    pub(crate) docs: Vec<Option<Doc>>,
    pub(crate) live: u32,
    pub(crate) len_sum: [u64; FIELDS],
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// Adds a document and returns its id. Ids grow monotonically and are never reused, so
    /// posting lists stay sorted by appending, and a list whose last posting is this
    /// document's is where a repeated term is counted (no per-document term map).
    pub fn add(&mut self, fields: [String; FIELDS]) -> DocId {
        let doc = self.docs.len() as DocId;
        let mut lens = [0u32; FIELDS];
        for (f, text) in fields.iter().enumerate() {
            lens[f] = analysis::analyze(&nfkc_line(text), |token| {
                let id = match token.kind {
                    TermKind::Word => self.term_id_keyed(&token.text, None),
                    TermKind::Unigram | TermKind::Bigram => {
                        self.term_id_keyed(&token.text, Some(token.key))
                    }
                };
                let list = &mut self.postings[id as usize];
                match list.last_mut() {
                    Some(last) if last.doc == doc => last.tf[f] = last.tf[f].saturating_add(1),
                    _ => {
                        if list.len() == list.capacity() {
                            // Grow by a quarter, not double: posting lists are most of the
                            // index, and doubling leaves them a third empty on average (still
                            // amortized O(1)).
                            list.reserve_exact(list.len() / 4 + 2);
                        }
                        let mut tf = Counts::default();
                        tf[f] = 1;
                        list.push(Posting { doc, tf });
                    }
                }
            });
        }
        for (sum, len) in self.len_sum.iter_mut().zip(lens) {
            *sum += u64::from(len);
        }
        self.live += 1;
        self.docs.push(Some(Doc::new(fields, lens)));
        doc
    }

    /// Removes a document: its postings go, so statistics equal a fresh build without it.
    pub fn remove(&mut self, doc: DocId) {
        let Some(Some(entry)) = self.docs.get_mut(doc as usize).map(Option::take) else {
            return;
        };
        let mut seen = FxHashSet::default();
        for text in &entry.fields {
            analysis::analyze(&nfkc_line(text), |token| {
                if let Some(id) = self.term(&token.text) {
                    if seen.insert(id) {
                        let list = &mut self.postings[id as usize];
                        if let Ok(i) = list.binary_search_by_key(&doc, |p| p.doc) {
                            list.remove(i);
                        }
                    }
                }
            });
        }
        for (sum, len) in self.len_sum.iter_mut().zip(entry.lens) {
            *sum -= u64::from(len);
        }
        self.live -= 1;
    }

    /// The id of `text`, whose [`cjk_key`] is `key`, added when new.
    fn term_id_keyed(&mut self, text: &str, key: Option<u64>) -> TermId {
        let found = match key {
            Some(k) => self.cjk.get(&k),
            None => self.terms.get(text),
        };
        if let Some(&id) = found {
            return id;
        }
        let id = self.word_text.len() as TermId;
        match key {
            Some(k) => {
                self.cjk.insert(k, id);
                self.word_text.push(None);
                self.term_keys.push(k);
            }
            None => {
                self.terms.insert(text.to_string(), id);
                self.words.insert(text.to_string(), id);
                self.word_text.push(Some(text.into()));
                self.term_keys.push(0);
            }
        }
        self.postings.push(Vec::new());
        id
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

    /// Adds a term with ready postings (snapshot loading).
    pub(crate) fn insert_term(&mut self, text: &str, postings: Vec<Posting>) {
        let id = self.term_id_keyed(text, cjk_key(text));
        self.postings[id as usize] = postings;
    }

    /// Room for `n` more terms (a snapshot says how many it holds).
    pub(crate) fn reserve_terms(&mut self, n: usize) {
        self.cjk.reserve(n);
        self.word_text.reserve(n);
        self.term_keys.reserve(n);
        self.postings.reserve(n);
    }

    pub fn term(&self, text: &str) -> Option<TermId> {
        match cjk_key(text) {
            Some(k) => self.cjk.get(&k).copied(),
            None => self.terms.get(text).copied(),
        }
    }

    pub fn postings(&self, term: TermId) -> &[Posting] {
        &self.postings[term as usize]
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

    /// Counts non-overlapping occurrences of the folded `needle` in each field of `doc`,
    /// requiring word boundaries at Latin ends when `word_bounded`. Reuses `buf`.
    pub fn count_in_fields(
        &self,
        doc: DocId,
        needle: &str,
        word_bounded: bool,
        buf: &mut String,
    ) -> Counts {
        let mut tf = Counts::default();
        let Some(d) = self.doc(doc) else { return tf };
        // A CJK run needs no normalization of simple text: most sections take this path.
        let direct = !word_bounded && needle.chars().all(is_cjk);
        for (f, text) in d.fields.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let count = if direct && d.simple() & 1 << f != 0 {
                text.matches(needle).count()
            } else {
                fold_into(&nfkc_line(text), buf);
                find_all(buf, needle, word_bounded).count()
            };
            tf[f] = saturate(count);
        }
        tf
    }
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
    std::iter::from_fn(move || {
        if needle.is_empty() {
            return None;
        }
        while let Some(p) = hay[from..].find(needle) {
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

/// True when `hay[start..end]` does not continue a Latin word on either side.
fn at_boundary(hay: &str, start: usize, end: usize) -> bool {
    // The same notion of a word as the tokenizer's: letters, digits and `_` (UAX #29 joins
    // `fuse_conn`), CJK excluded.
    let wordish = |c: char| (c.is_alphanumeric() || c == '_') && !crate::normalize::is_cjk(c);
    let inner_first = hay[start..end].chars().next();
    let inner_last = hay[start..end].chars().next_back();
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    let left_ok = !(inner_first.is_some_and(wordish) && before.is_some_and(wordish));
    let right_ok = !(inner_last.is_some_and(wordish) && after.is_some_and(wordish));
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
        assert!(a.postings(t).is_empty());
    }

    #[test]
    fn verification_compares_normalized_text() {
        // Regression: stored fields keep the original text (Kangxi radicals here), so
        // verifying a 3+ character CJK run must normalize them first.
        let mut index = Index::new();
        let d = index.add(fields("⾸云容器产品"));
        let mut buf = String::new();
        assert_eq!(index.count_in_fields(d, "首云容器", false, &mut buf)[3], 1);
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
