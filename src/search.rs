//! Query execution and BM25F ranking.
//!
//! Each positive term yields the documents it matches with a score; clauses are OR-unions,
//! the query is the AND-intersection of its clauses, minus excluded terms. Scores are summed
//! over clauses.
//!
//! Matching per term kind:
//! - CJK runs: exact substring semantics. Runs of one or two characters are answered from the
//!   unigram/bigram postings; longer runs intersect their bigram postings and verify the
//!   candidates against the stored text (no false hits, no misses).
//! - Latin words: the exact form (weight 1.0), forms sharing its Snowball stem
//!   ([`RankOptions::stem_weight`]), completions of the word being typed
//!   ([`RankOptions::prefix_weight`]) and, for words of 4+ letters, forms within 1 edit
//!   (2 for 8+ letters, [`RankOptions::typo_weight`]). A document scores its best form.
//!   Completions and typo forms are a fallback: [`run`] only tries them when `expand` is set,
//!   which the library does when the words as typed match too few sections (as Typesense's
//!   `typo_tokens_threshold` and Lucene's `SUGGEST_WHEN_NOT_IN_INDEX` do), so a correctly
//!   spelled, complete word never drags in look-alikes.
//! - Phrases: documents containing every word are verified to contain the phrase.

use rustc_hash::FxHashSet;

use crate::analysis::stemmer::stem;
use crate::index::{name_hash, Counts, DocId, Field, Index, Needle, Posting, TermId, FIELDS};
use crate::query::{terms_of, Query, Term};

/// Ranking parameters, with documented defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankOptions {
    /// Field weights, by [`Field`]: title 3.0, heading 2.0, meta 1.5, body 1.0.
    pub weights: [f32; FIELDS],
    /// BM25 term-frequency saturation, default 1.2.
    pub k1: f32,
    /// BM25 length normalization, default 0.75.
    pub b: f32,
    /// Weight of a stemmed variant relative to the exact word, default 0.8.
    pub stem_weight: f32,
    /// Weight of a prefix completion, default 0.6.
    pub prefix_weight: f32,
    /// Weight of a typo match, default 0.45 (1 edit) and 0.8× that for 2 edits.
    pub typo_weight: f32,
    /// Most forms a prefix or typo expands to (highest document frequency first), default 48.
    pub max_expansions: usize,
}

impl Default for RankOptions {
    fn default() -> RankOptions {
        RankOptions {
            weights: [3.0, 2.0, 1.5, 1.0],
            k1: 1.2,
            b: 0.75,
            stem_weight: 0.8,
            prefix_weight: 0.6,
            typo_weight: 0.45,
            max_expansions: 48,
        }
    }
}

/// One term's contribution to a document's score, for `explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The query term.
    pub term: String,
    /// The indexed form that matched (differs from `term` for stems, prefixes and typos).
    pub form: String,
    pub field: &'static str,
    pub score: f32,
}

/// How a term matched one document.
#[derive(Debug, Clone, Copy)]
struct TermHit {
    score: f32,
    tf: Counts,
    form: u32,
    /// How the term matched: [`EXACT`], [`STEM`], [`PREFIX`] or [`TYPO`].
    tier: u8,
}

/// Match tiers, best first. Results sort by their summed tier before their score, so a
/// section with the exact word always ranks above one that only has a variant of it.
const EXACT: u8 = 0;
const STEM: u8 = 1;
const PREFIX: u8 = 2;
const TYPO: u8 = 3;

/// What a term matched: per document, in document order (merged, not hashed: a common word
/// matches thousands of sections), plus the forms (for highlighting and explain).
struct TermResult {
    hits: Vec<(DocId, TermHit)>,
    forms: Vec<String>,
    term: String,
}

/// Whether any of `rs` matched a document, asked in increasing document order.
fn any_of(rs: &[TermResult]) -> impl FnMut(&DocId) -> bool + '_ {
    let mut cursors: Vec<Cursor> = rs.iter().map(Cursor::new).collect();
    move |d| cursors.iter_mut().any(|c| c.seek(*d).is_some())
}

/// Looks documents up in a [`TermResult`] in increasing order, each lookup starting where the
/// previous one stopped.
struct Cursor<'a> {
    hits: &'a [(DocId, TermHit)],
}

impl<'a> Cursor<'a> {
    fn new(r: &'a TermResult) -> Cursor<'a> {
        Cursor { hits: &r.hits }
    }

    /// The hit for `doc`, which must be higher than any document asked for before.
    ///
    /// Galloping: the hit sought is usually the next one or close (scoring a one-term query
    /// asks for every hit in turn), so the cursor probes 1, 2, 4, ... hits ahead and
    /// binary-searches only the last stretch, instead of the whole rest of the list each time.
    fn seek(&mut self, doc: DocId) -> Option<&'a TermHit> {
        if self.hits.first().is_some_and(|h| h.0 < doc) {
            // `hits[bound / 2]` is below `doc`; the first hit at or past it is at most `bound`.
            let mut bound = 1;
            while self.hits.get(bound).is_some_and(|h| h.0 < doc) {
                bound *= 2;
            }
            let end = bound.min(self.hits.len());
            let skip = bound / 2 + self.hits[bound / 2..end].partition_point(|h| h.0 < doc);
            self.hits = &self.hits[skip..];
        }
        let (_, hit) = self.hits.first().filter(|h| h.0 == doc)?;
        // Documents are asked in increasing order: this one will not be asked again.
        self.hits = &self.hits[1..];
        Some(hit)
    }
}

/// A scored document.
#[derive(Debug, Clone)]
pub struct Scored {
    pub doc: DocId,
    pub score: f32,
    /// Sum over clauses of how each matched (0 = every term exactly); lower ranks first.
    pub tier: u32,
    /// The whole query equals this section's heading (or its note's title): a known-item
    /// lookup, ranked first.
    pub heading_match: bool,
    pub explain: Vec<Contribution>,
}

/// The needles to highlight: folded strings and whether they must sit at word boundaries.
pub type Needles = Vec<(String, bool)>;

/// What [`run`] does beyond exact words and their stems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expand {
    /// Complete the word being typed.
    pub prefix: bool,
    /// Match Latin words within 1–2 edits: each word whose exact and stemmed forms are in
    /// fewer than [`Expand::typos_below`] sections, so that in a query with one misspelled word
    /// the words spelled right do not pull in look-alikes.
    pub typos: bool,
    /// See [`Expand::typos`]: `expandBelow`, a count of sections.
    pub typos_below: usize,
}

impl Expand {
    pub const NONE: Expand = Expand {
        prefix: false,
        typos: false,
        typos_below: 0,
    };
}

/// Runs `query` over `index`, keeping documents for which `allow` holds.
pub fn run(
    index: &Index,
    query: &Query,
    opts: &RankOptions,
    explain: bool,
    expand: Expand,
    allow: impl Fn(DocId) -> bool,
) -> (Vec<Scored>, Needles) {
    // A plain query (no phrases, alternatives or exclusions) may name a heading outright.
    let whole: Option<String> = (query.excludes.is_empty()
        && query
            .clauses
            .iter()
            .all(|c| c.len() == 1 && !matches!(c[0], Term::Phrase(_))))
    .then(|| {
        query
            .clauses
            .iter()
            .map(|c| c[0].text())
            .collect::<Vec<_>>()
            .join(" ")
    });
    let whole_hash = whole.as_deref().map_or(0, name_hash);
    let mut m = Matcher {
        index,
        opts,
        expand,
        avg: index.avg_lens().map(|a| a.max(1.0)),
        n: index.live() as f32,
        buf: String::new(),
        within: None,
    };
    // Clauses are matched rarest first, by an estimate from the dictionary, and each later
    // one scores only the documents that every one before it matched: a common word next to
    // a rare one ('的', 'kubernetes') otherwise scored thousands of sections to keep a few.
    let mut order: Vec<u32> = (0..query.clauses.len() as u32).collect();
    sort_by_key32(&mut order, |i| m.estimate(&query.clauses[i as usize]));
    let mut matched: Vec<Option<Vec<TermResult>>> = query.clauses.iter().map(|_| None).collect();
    for i in order.into_iter().map(|i| i as usize) {
        let results: Vec<TermResult> = query.clauses[i].iter().map(|t| m.term(t)).collect();
        let mut docs: Vec<DocId> = results
            .iter()
            .flat_map(|r| r.hits.iter().map(|h| h.0))
            .collect();
        if results.len() > 1 {
            docs.sort_unstable();
            docs.dedup();
        }
        match &m.within {
            // A clause matched in full (a verified run or phrase) may have more.
            Some(within) => docs.retain(any_doc(within)),
            None => docs.retain(|&d| allow(d)),
        }
        m.within = Some(docs);
        matched[i] = Some(results);
    }
    let clause_results: Vec<Vec<TermResult>> = matched.into_iter().flatten().collect();
    let mut needles: Needles = Vec::new();
    for (clause, results) in query.clauses.iter().zip(&clause_results) {
        for (t, r) in clause.iter().zip(results) {
            let bounded = matches!(t, Term::Word { .. } | Term::Phrase(_));
            needles.extend(r.forms.iter().map(|f| (f.clone(), bounded)));
        }
    }
    let Some(mut docs) = m.within.take() else {
        return (Vec::new(), needles);
    };
    if !query.excludes.is_empty() {
        // An excluded word removes its stemmed forms, never look-alikes within an edit.
        m.expand = Expand::NONE;
        m.within = Some(docs.clone());
        let excluded: Vec<TermResult> = query.excludes.iter().map(|t| m.term(t)).collect();
        let mut excluded_has = any_of(&excluded);
        docs.retain(|d| !excluded_has(d));
    }
    let mut cursors: Vec<Vec<Cursor>> = clause_results
        .iter()
        .map(|rs| rs.iter().map(Cursor::new).collect())
        .collect();
    let scored = docs
        .into_iter()
        .map(|doc| {
            let mut score = 0.0;
            let mut tier = 0u32;
            let mut contributions = Vec::new();
            // Whether every clause occurs in the title or heading: only then can the whole
            // query equal one of them, which is costly to check (both are normalized).
            let mut in_headings = true;
            for (rs, cs) in clause_results.iter().zip(&mut cursors) {
                let mut best = u8::MAX;
                let mut in_heading = false;
                for (r, c) in rs.iter().zip(cs.iter_mut()) {
                    if let Some(hit) = c.seek(doc) {
                        score += hit.score;
                        best = best.min(hit.tier);
                        in_heading |= hit.tf[Field::Title as usize] > 0
                            || hit.tf[Field::Heading as usize] > 0;
                        if explain {
                            contributions.extend(m.explain(doc, r, hit));
                        }
                    }
                }
                tier += u32::from(best);
                in_headings &= in_heading;
            }
            let heading_match = in_headings
                && whole
                    .as_deref()
                    .is_some_and(|w| index.doc(doc).is_some_and(|d| d.is_named(w, whole_hash)));
            Scored {
                doc,
                score,
                tier,
                heading_match,
                explain: contributions,
            }
        })
        .collect();
    (scored, needles)
}

struct Matcher<'a> {
    index: &'a Index,
    opts: &'a RankOptions,
    expand: Expand,
    /// Average field lengths, at least 1 (clamped once per query: `f32::max` is a call on
    /// wasm32, for its NaN rules).
    avg: [f32; FIELDS],
    n: f32,
    buf: String,
    /// The documents every clause matched so far (in order), when some has been: terms
    /// answered from postings score only these. Terms verified against the text are matched
    /// in full, since their score counts every match.
    within: Option<Vec<DocId>>,
}

/// Sorts `ids` by `(key(id), id)`, as one `u64` each: every such sort is then the one sort
/// of `u64`s, where each key type and closure was a sort of its own, about a kilobyte of the
/// search-only build apiece.
fn sort_by_key32(ids: &mut [u32], key: impl Fn(u32) -> u32) {
    let mut keyed: Vec<u64> = ids
        .iter()
        .map(|&id| u64::from(key(id)) << 32 | u64::from(id))
        .collect();
    keyed.sort_unstable();
    for (id, k) in ids.iter_mut().zip(keyed) {
        *id = k as u32;
    }
}

/// Whether CJK `run` is itself a term of the index (a unigram or bigram, at most two
/// characters): its postings answer it, where a longer run is verified against the text.
fn is_indexed_run(run: &str) -> bool {
    run.chars().nth(2).is_none()
}

/// Whether a document is in `docs` (sorted), asked in increasing document order.
fn any_doc(docs: &[DocId]) -> impl FnMut(&DocId) -> bool + '_ {
    let mut rest = docs;
    move |&d| {
        while let [x, tail @ ..] = rest {
            if *x >= d {
                return *x == d;
            }
            rest = tail;
        }
        false
    }
}

impl Matcher<'_> {
    fn term(&mut self, term: &Term) -> TermResult {
        match term {
            Term::Word { text, prefix } => self.word(text, *prefix),
            Term::Cjk(run) => self.cjk(run),
            Term::Phrase(phrase) => self.phrase(phrase),
        }
    }

    /// Whether a posting's document is one to score ([`Matcher::within`]), asked in
    /// increasing document order.
    fn keeps(&self) -> impl FnMut(&DocId) -> bool + '_ {
        let mut within = self.within.as_deref().map(any_doc);
        move |d| within.as_mut().is_none_or(|has| has(d))
    }

    /// How many documents a clause may match, from the dictionary alone, to match rare
    /// clauses first. Terms verified against the text count 0: they are matched in full
    /// whatever the order, so their matches had best narrow the others.
    fn estimate(&self, clause: &[Term]) -> u32 {
        let df = |text: &str| self.index.term(text).map_or(0, |id| self.index.df(id));
        clause
            .iter()
            .map(|t| match t {
                Term::Word { text, .. } => df(text),
                Term::Cjk(run) if is_indexed_run(run) => df(run),
                Term::Cjk(_) | Term::Phrase(_) => 0,
            })
            .fold(0, u32::saturating_add)
    }

    /// BM25F: field-weighted, length-normalized term frequency, saturated once.
    fn bm25f(&self, tf: &Counts, doc: DocId, idf: f32) -> f32 {
        let Some(d) = self.index.doc(doc) else {
            return 0.0;
        };
        let mut t = 0.0f32;
        for f in (0..FIELDS).filter(|&f| tf[f] > 0) {
            t += self.opts.weights[f] * f32::from(tf[f]) / self.norm(d.lens[f], f);
        }
        idf * t * (self.opts.k1 + 1.0) / (self.opts.k1 + t)
    }

    /// Inverse document frequency of a term in `df` documents (once per term, not per posting).
    fn idf(&self, df: u32) -> f32 {
        let df = df as f32;
        (1.0 + (self.n - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25 length normalization of field `f` with length `len`.
    fn norm(&self, len: u32, f: usize) -> f32 {
        1.0 - self.opts.b + self.opts.b * len as f32 / self.avg[f]
    }

    fn word(&mut self, text: &str, prefix: bool) -> TermResult {
        let index = self.index;
        let mut forms: Vec<(u32, f32, u8)> = Vec::new();
        let mut seen = FxHashSet::default();
        // Terms whose notes were all removed linger in the dictionary with no postings; they
        // must not count as matched forms, or results would differ from a fresh build.
        let live = |id: &u32| index.df(*id) > 0;
        if let Some(id) = index.term(text).filter(live) {
            forms.push((id, 1.0, EXACT));
            seen.insert(id);
        }
        let st = stem(text);
        let stem_prefix = st.strip_suffix('i').unwrap_or(&st);
        if stem_prefix.len() >= 3 {
            for (w, id) in index.words_with_prefix(stem_prefix) {
                if !seen.contains(&id) && live(&id) && index.stems_to(id, w, &st) {
                    forms.push((id, self.opts.stem_weight, STEM));
                    seen.insert(id);
                }
            }
        }
        if prefix && self.expand.prefix && !text.is_empty() {
            let mut more: Vec<u32> = index
                .words_with_prefix(text)
                .map(|(_, id)| id)
                .filter(|id| !seen.contains(id) && live(id))
                .collect();
            self.keep_most_frequent(&mut more);
            for id in more {
                forms.push((id, self.opts.prefix_weight, PREFIX));
                seen.insert(id);
            }
        }
        let letters = text.chars().count();
        // Whether the word as typed, stems included, is in fewer sections than the threshold
        // (counted at most: a section may hold two forms; summed only while under it).
        let rare = || {
            forms
                .iter()
                .filter(|f| f.2 != PREFIX)
                .try_fold(0usize, |n, f| {
                    let n = n + index.df(f.0) as usize;
                    (n < self.expand.typos_below).then_some(n)
                })
                .is_some_and(|n| n < self.expand.typos_below)
        };
        if self.expand.typos
            && rare()
            && self.opts.typo_weight > 0.0
            && letters >= 4
            && text.chars().all(char::is_alphabetic)
        {
            let max = if letters >= 8 { 2 } else { 1 };
            let pattern = Myers::new(text);
            let mut typos: Vec<(u32, usize)> = index
                .words()
                .filter(|(w, id)| {
                    w.len().abs_diff(text.len()) <= max && !seen.contains(id) && live(id)
                })
                .filter_map(|(w, id)| {
                    let d = match &pattern {
                        Some(p) if w.is_ascii() => {
                            Some(p.distance(w.as_bytes())).filter(|&d| d <= max)
                        }
                        _ => edit_distance(text, w, max),
                    };
                    d.map(|d| (id, d))
                })
                .filter(|&(_, d)| d > 0)
                .collect();
            let mut ids: Vec<u32> = typos.iter().map(|t| t.0).collect();
            self.keep_most_frequent(&mut ids);
            typos.retain(|t| ids.contains(&t.0));
            for (id, d) in typos {
                let w = self.opts.typo_weight * if d == 1 { 1.0 } else { 0.8 };
                forms.push((id, w, TYPO));
            }
        }
        let mut hits: Vec<(DocId, TermHit)> = Vec::new();
        for (k, &(id, weight, tier)) in forms.iter().enumerate() {
            let df = index.df(id);
            let idf = self.idf(df);
            let most = df as usize;
            hits.reserve(self.within.as_ref().map_or(most, |w| w.len().min(most)));
            let mut kept = self.keeps();
            hits.extend(index.postings(id).filter(|p| kept(&p.doc)).map(|p| {
                let hit = TermHit {
                    score: weight * self.bm25f(&p.tf, p.doc, idf),
                    tf: p.tf,
                    form: k as u32,
                    tier,
                };
                (p.doc, hit)
            }));
        }
        if forms.len() > 1 {
            // A document keeps its best-tier form, and the best score within that tier (the
            // first form listed on a tie: the sort is stable).
            hits.sort_by(|(da, a), (db, b)| {
                da.cmp(db)
                    .then(a.tier.cmp(&b.tier))
                    .then(b.score.total_cmp(&a.score))
            });
            hits.dedup_by_key(|h| h.0);
        }
        let forms = forms
            .iter()
            .map(|&(id, _, _)| index.term_text(id))
            .collect();
        TermResult {
            hits,
            forms,
            term: text.to_string(),
        }
    }

    /// Keeps the `max_expansions` most frequent of `ids`, most frequent first. Ties go to the
    /// earlier in `ids` (the dictionary's order of the words), not to the lower term id: a
    /// loaded snapshot numbers its terms otherwise than the library that wrote it, and must
    /// keep the same completions.
    fn keep_most_frequent(&self, ids: &mut Vec<u32>) {
        if ids.len() > self.opts.max_expansions {
            let mut at: Vec<u32> = (0..ids.len() as u32).collect();
            sort_by_key32(&mut at, |i| u32::MAX - self.index.df(ids[i as usize]));
            *ids = at[..self.opts.max_expansions]
                .iter()
                .map(|&i| ids[i as usize])
                .collect();
        }
    }

    /// Documents that may contain the CJK run (exact for runs of 1–2 characters).
    fn cjk_candidates(&self, run: &str) -> Option<Vec<Posting>> {
        let chars: Vec<char> = run.chars().collect();
        if chars.len() <= 2 {
            return Some(self.index.postings(self.index.term(run)?).collect());
        }
        let mut lists: Vec<TermId> = Vec::new();
        let mut bigram = String::new();
        for pair in chars.windows(2) {
            bigram.clear();
            bigram.extend(pair);
            lists.push(self.index.term(&bigram)?);
        }
        sort_by_key32(&mut lists, |id| self.index.df(id));
        lists.dedup();
        let mut out: Vec<Posting> = self.index.postings(lists[0]).collect();
        for &id in &lists[1..] {
            // Both in document order: a merge, which reads the longer list only as far as the
            // last candidate left.
            let mut other = self.index.postings(id).map(|p| p.doc).peekable();
            out.retain(|p| {
                while other.next_if(|&d| d < p.doc).is_some() {}
                other.peek() == Some(&p.doc)
            });
            if out.is_empty() {
                break;
            }
        }
        Some(out)
    }

    fn cjk(&mut self, run: &str) -> TermResult {
        if is_indexed_run(run) {
            // Answered by the run's own postings, read straight into the kept matches.
            let Some(id) = self.index.term(run) else {
                return self.scored(run, 0, Vec::new());
            };
            let mut kept = self.keeps();
            let found = self
                .index
                .postings(id)
                .filter(|p| kept(&p.doc))
                .map(|p| (p.doc, p.tf))
                .collect();
            return self.scored(run, self.index.df(id) as usize, found);
        }
        let candidates = self.cjk_candidates(run).unwrap_or_default();
        let verified: Vec<(DocId, Counts)> = {
            let mut buf = std::mem::take(&mut self.buf);
            let needle = Needle::new(run, false);
            let out = candidates
                .iter()
                .map(|p| (p.doc, self.index.count_in_fields(p.doc, &needle, &mut buf)))
                .filter(|(_, tf)| tf.iter().any(|&t| t > 0))
                .collect();
            self.buf = buf;
            out
        };
        self.scored(run, verified.len(), verified)
    }

    fn phrase(&mut self, phrase: &str) -> TermResult {
        let mut candidates: Option<FxHashSet<DocId>> = None;
        for t in terms_of(phrase) {
            let docs: FxHashSet<DocId> = match &t {
                Term::Word { text, .. } => self
                    .index
                    .term(text)
                    .map(|id| self.index.postings(id).map(|p| p.doc).collect())
                    .unwrap_or_default(),
                Term::Cjk(run) => self
                    .cjk_candidates(run)
                    .unwrap_or_default()
                    .iter()
                    .map(|p| p.doc)
                    .collect(),
                Term::Phrase(_) => continue,
            };
            candidates = Some(match candidates {
                None => docs,
                Some(c) => c.intersection(&docs).copied().collect(),
            });
        }
        let mut candidates: Vec<DocId> = candidates.unwrap_or_default().into_iter().collect();
        candidates.sort_unstable();
        let mut buf = std::mem::take(&mut self.buf);
        let needle = Needle::new(phrase, true);
        let verified: Vec<(DocId, Counts)> = candidates
            .into_iter()
            .map(|d| (d, self.index.count_in_fields(d, &needle, &mut buf)))
            .filter(|(_, tf)| tf.iter().any(|&t| t > 0))
            .collect();
        self.buf = buf;
        self.scored(phrase, verified.len(), verified)
    }

    /// The result of a term found in `df` documents, of which `found` are kept.
    fn scored(&self, term: &str, df: usize, found: Vec<(DocId, Counts)>) -> TermResult {
        let idf = self.idf(df as u32);
        let hits = found
            .into_iter()
            .map(|(doc, tf)| {
                let score = self.bm25f(&tf, doc, idf);
                (
                    doc,
                    TermHit {
                        score,
                        tf,
                        form: 0,
                        tier: EXACT,
                    },
                )
            })
            .collect();
        TermResult {
            hits,
            forms: vec![term.to_string()],
            term: term.to_string(),
        }
    }

    /// Splits a term's score over the fields it matched in, proportionally to each field's
    /// share of the weighted term frequency.
    fn explain(&self, doc: DocId, r: &TermResult, hit: &TermHit) -> Vec<Contribution> {
        let Some(d) = self.index.doc(doc) else {
            return Vec::new();
        };
        let parts: Vec<(usize, f32)> = (0..FIELDS)
            .filter(|&f| hit.tf[f] > 0)
            .map(|f| {
                (
                    f,
                    self.opts.weights[f] * f32::from(hit.tf[f]) / self.norm(d.lens[f], f),
                )
            })
            .collect();
        let total: f32 = parts.iter().map(|p| p.1).sum();
        parts
            .into_iter()
            .map(|(f, part)| Contribution {
                term: r.term.clone(),
                form: r.forms.get(hit.form as usize).cloned().unwrap_or_default(),
                field: Field::ALL[f].name(),
                score: hit.score * part / total.max(f32::MIN_POSITIVE),
            })
            .collect()
    }
}

/// Myers' bit-parallel Levenshtein distance (Hyyrö's formulation) for an ASCII pattern of at
/// most 64 bytes: one pass over each dictionary word instead of a DP table, which is what
/// makes typo tolerance cheap enough to run on every keystroke.
struct Myers {
    peq: [u64; 128],
    len: usize,
}

impl Myers {
    fn new(pattern: &str) -> Option<Myers> {
        if !pattern.is_ascii() || pattern.is_empty() || pattern.len() > 64 {
            return None;
        }
        let mut peq = [0u64; 128];
        for (i, b) in pattern.bytes().enumerate() {
            peq[b as usize] |= 1 << i;
        }
        Some(Myers {
            peq,
            len: pattern.len(),
        })
    }

    /// Edit distance between the pattern and the ASCII `text`.
    fn distance(&self, text: &[u8]) -> usize {
        let m = self.len;
        let mask = if m == 64 { !0 } else { (1u64 << m) - 1 };
        let high = 1u64 << (m - 1);
        let (mut pv, mut mv, mut score) = (mask, 0u64, m);
        for &c in text {
            let eq = self.peq[(c & 0x7f) as usize];
            let xv = eq | mv;
            let xh = (((eq & pv).wrapping_add(pv)) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & high != 0 {
                score += 1;
            } else if mh & high != 0 {
                score -= 1;
            }
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = (mh | !(xv | ph)) & mask;
            mv = ph & xv & mask;
        }
        score
    }
}

/// Levenshtein distance between `a` and `b` if it is at most `max` (banded, early exit).
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn keyed_sorts_order_by_key_then_id(
            ids in proptest::collection::vec(proptest::num::u32::ANY, 0..40),
            keys in proptest::collection::vec(proptest::num::u32::ANY, 1..4),
        ) {
            let key = |id: u32| keys[id as usize % keys.len()];
            let mut got = ids.clone();
            sort_by_key32(&mut got, key);
            let mut want = ids;
            want.sort_unstable_by_key(|&id| (key(id), id));
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn a_galloping_cursor_finds_what_a_scan_finds(
            docs in proptest::collection::btree_set(0u32..200, 0..80),
            asked in proptest::collection::btree_set(0u32..210, 0..60),
        ) {
            let hit = |doc: DocId| TermHit { score: doc as f32, tf: Counts::default(), form: 0, tier: EXACT };
            let r = TermResult {
                hits: docs.iter().map(|&d| (d, hit(d))).collect(),
                forms: Vec::new(),
                term: String::new(),
            };
            let mut cursor = Cursor::new(&r);
            for &doc in &asked {
                let found = cursor.seek(doc).map(|h| h.score);
                proptest::prop_assert_eq!(found, docs.contains(&doc).then_some(doc as f32));
            }
        }
    }

    #[test]
    fn myers_agrees_with_the_table() {
        let words = [
            "kubernetes",
            "kubernetse",
            "etcd",
            "etc",
            "abcd",
            "",
            "scheduler",
            "schedule",
            "k8s",
            "kubernetesx",
        ];
        for a in words.iter().filter(|w| !w.is_empty()) {
            let m = Myers::new(a).unwrap();
            for b in words {
                assert_eq!(
                    Some(m.distance(b.as_bytes())),
                    edit_distance(a, b, 64),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(edit_distance("kubernetes", "kubernetse", 2), Some(2));
        assert_eq!(edit_distance("etcd", "etc", 1), Some(1));
        assert_eq!(edit_distance("etcd", "abcd", 1), None);
    }
}
