//! Property: a Chinese substring or an English word hits exactly the sections that contain it
//! (after NFKC and case folding) — no misses, no false hits. Checked on generated notes always,
//! and on the 202-page handbook corpus when `../shared` is present.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;

use proptest::prelude::*;
use recapdex::index::find_all;
use recapdex::ingest::{parse_note, FormatChoice};
use recapdex::normalize::{fold, is_han, nfkc_line};
use recapdex::outline::outline;
use recapdex::{AddOptions, Library, SearchOptions};

/// Every section of every note as (note id, slug, folded field texts).
fn oracle(notes: &[(String, String)]) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for (id, text) in notes {
        let note = parse_note(id, text, FormatChoice::Auto);
        let o = outline(&note);
        for (i, s) in o.sections.iter().enumerate() {
            let mut fields = vec![fold(&nfkc_line(&s.body_text(&note)))];
            let mut meta: Vec<String> = Vec::new();
            if i == 0 {
                // The lead carries the title unless the first heading already does.
                if o.sections.get(1).map(|s| s.heading.as_str()) != Some(&note.meta.title) {
                    fields.push(fold(&note.meta.title));
                }
                meta.extend(note.meta.tags.iter().cloned());
                meta.extend(note.meta.authors.iter().cloned());
            } else {
                fields.push(fold(&s.heading));
            }
            meta.extend(s.meta.speaker.clone());
            meta.extend(s.meta.org.clone());
            fields.push(fold(&nfkc_line(&meta.join(" · "))));
            out.push((id.clone(), s.slug.clone(), fields));
        }
    }
    out
}

fn expected(
    sections: &[(String, String, Vec<String>)],
    needle: &str,
    bounded: bool,
) -> BTreeSet<(String, String)> {
    sections
        .iter()
        .filter(|(_, _, fields)| {
            fields
                .iter()
                .any(|f| find_all(f, needle, bounded).next().is_some())
        })
        .map(|(id, slug, _)| (id.clone(), slug.clone()))
        .collect()
}

fn got(lib: &Library, query: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut opts = SearchOptions {
        limit: 1000,
        prefix: false,
        fuzzy: false,
        ..SearchOptions::default()
    };
    loop {
        let res = lib.search(query, &opts).unwrap();
        out.extend(res.hits.into_iter().map(|h| (h.note_id, h.slug)));
        opts.offset += opts.limit;
        if opts.offset >= res.total {
            return out;
        }
    }
}

fn library(notes: &[(String, String)]) -> Library {
    let mut lib = Library::default();
    for (id, text) in notes {
        lib.add_note(id, text, &AddOptions::default()).unwrap();
    }
    lib
}

/// A deterministic xorshift generator: the corpus check picks the same queries every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn handbook_chinese_substrings_hit_exactly_the_sections_containing_them() {
    let Some(notes) = common::handbook() else {
        return;
    };
    let lib = library(&notes);
    let sections = oracle(&notes);
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut checked = 0;
    while checked < 400 {
        let (_, _, fields) = &sections[rng.below(sections.len())];
        let body = &fields[0];
        let chars: Vec<char> = body.chars().collect();
        if chars.len() < 8 {
            continue;
        }
        let len = 2 + rng.below(5);
        let start = rng.below(chars.len() - len);
        let sub: String = chars[start..start + len].iter().collect();
        if !sub.chars().all(is_han) {
            continue;
        }
        let want = expected(&sections, &sub, false);
        assert!(!want.is_empty());
        assert_eq!(got(&lib, &sub), want, "query {sub:?}");
        checked += 1;
    }
}

#[test]
fn handbook_english_words_hit_exactly_the_sections_containing_them() {
    let Some(notes) = common::handbook() else {
        return;
    };
    let lib = library(&notes);
    let sections = oracle(&notes);
    let mut rng = Rng(0x5eed_1234_abcd_0002);
    let mut checked = 0;
    while checked < 200 {
        let (_, _, fields) = &sections[rng.below(sections.len())];
        let words: Vec<&str> = fields[0]
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3)
            .collect();
        if words.is_empty() {
            continue;
        }
        let word = words[rng.below(words.len())];
        let want = expected(&sections, word, true);
        // A quoted word is matched exactly (whole word, case-folded).
        assert_eq!(got(&lib, &format!("\"{word}\"")), want, "query \"{word}\"");
        // A bare word also finds its stemmed variants: a superset, exact forms first.
        let bare = got(&lib, word);
        assert!(
            bare.is_superset(&want),
            "bare {word:?} misses exact sections"
        );
        checked += 1;
    }
}

/// The first 11 entries are query characters; notes also contain look-alikes that only match
/// after NFKC (`⾸` is KANGXI RADICAL HEAD, `，` full-width), spaces and punctuation.
const ALPHABET: &[&str] = &[
    "数", "据", "拷", "贝", "调", "度", "器", "的", "云", "原", "首", "⾸", "Kube", " ", "，", "\n",
];

proptest! {
    /// Generated notes over a tiny alphabet make substrings collide often, which is where a
    /// bigram index would produce false hits without verification.
    #[test]
    fn generated_notes_give_exact_substring_hits(
        notes in prop::collection::vec(prop::collection::vec(prop::sample::select(ALPHABET), 0..60), 1..6),
        query in prop::collection::vec(prop::sample::select(&ALPHABET[..11]), 1..5),
    ) {
        let notes: Vec<(String, String)> = notes
            .into_iter()
            .enumerate()
            .map(|(i, parts)| (format!("n{i}"), parts.concat()))
            .collect();
        let lib = library(&notes);
        let sections = oracle(&notes);
        let q: String = query.concat();
        prop_assert_eq!(got(&lib, &q), expected(&sections, &q, false), "query {:?}", q);
    }

    /// Removing and re-adding notes gives the same results as a fresh build.
    #[test]
    fn incremental_updates_equal_a_fresh_build(
        notes in prop::collection::vec(prop::collection::vec(prop::sample::select(ALPHABET), 0..40), 2..6),
        remove in 0usize..6,
        query in prop::collection::vec(prop::sample::select(&ALPHABET[..11]), 1..3),
    ) {
        let notes: Vec<(String, String)> = notes
            .into_iter()
            .enumerate()
            .map(|(i, parts)| (format!("n{i}"), parts.concat()))
            .collect();
        let remove = remove % notes.len();
        let mut incremental = library(&notes);
        incremental.remove_note(&notes[remove].0).unwrap();
        incremental.update_note("n0", "云原生的调度器", &AddOptions::default()).unwrap();
        let mut fresh_notes: Vec<(String, String)> = notes
            .iter()
            .filter(|(id, _)| *id != notes[remove].0)
            .cloned()
            .collect();
        match fresh_notes.iter_mut().find(|(id, _)| id == "n0") {
            Some(n0) => n0.1 = "云原生的调度器".to_string(),
            None => fresh_notes.push(("n0".to_string(), "云原生的调度器".to_string())),
        }
        let fresh = library(&fresh_notes);
        let q: String = query.concat();
        let opts = SearchOptions::default();
        let a = incremental.search(&q, &opts).unwrap();
        let b = fresh.search(&q, &opts).unwrap();
        let key = |r: &recapdex::library::SearchResult| {
            r.hits.iter().map(|h| (h.note_id.clone(), h.slug.clone(), h.score.to_bits())).collect::<BTreeSet<_>>()
        };
        prop_assert_eq!(key(&a), key(&b));
    }
}
