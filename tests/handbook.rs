//! Robustness on the 202-page handbook corpus (`../shared/corpus/handbook`): every page parses
//! without warnings, has unique non-empty slugs, and renders; a query of several clauses
//! scores as its clauses do alone. Skips when `../shared` is absent.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::HashSet;

use recapdex::{AddOptions, Library, SearchOptions};

#[test]
fn every_handbook_page_parses_cleanly_has_unique_slugs_and_renders() {
    let Some(notes) = common::handbook() else {
        return;
    };
    assert_eq!(notes.len(), 202);
    let mut lib = Library::default();
    for (id, text) in &notes {
        let info = lib.add_note(id, text, &AddOptions::default()).unwrap();
        assert!(info.warnings.is_empty(), "{id}: {:?}", info.warnings);
        assert!(!info.meta.title.is_empty(), "{id} has a title");
        let mut seen = HashSet::new();
        for s in &info.sections[1..] {
            assert!(!s.slug.is_empty(), "{id}: empty slug for {:?}", s.heading);
            assert!(
                seen.insert(s.slug.clone()),
                "{id}: duplicate slug {}",
                s.slug
            );
        }
        let page = lib.render(id).unwrap();
        assert!(
            !page.html.contains("{{<"),
            "{id}: a shortcode leaked into the html"
        );
        for s in &info.sections[1..] {
            assert!(
                page.html.contains(&format!("id=\"{}\"", s.slug)),
                "{id}: #{}",
                s.slug
            );
        }
    }
}

/// Every match of `query`, by (note id, slug), with its score.
fn all_scores(lib: &Library, query: &str) -> std::collections::BTreeMap<(String, String), f32> {
    let options = SearchOptions {
        limit: 1000,
        sub_results: 0,
        facets: false,
        prefix: false,
        fuzzy: false,
        ..SearchOptions::default()
    };
    let mut out = std::collections::BTreeMap::new();
    let mut offset = 0;
    loop {
        let page = SearchOptions {
            offset,
            ..options.clone()
        };
        let res = lib.search(query, &page).unwrap();
        if res.hits.is_empty() {
            break;
        }
        offset += res.hits.len();
        for h in res.hits {
            out.insert((h.note_id, h.slug), h.score);
        }
    }
    out
}

/// Clauses are matched rarest first, later ones scoring only what the earlier ones matched:
/// a query still matches what every clause matches alone, each section scoring the sum of
/// its clauses' scores (a common word's or a one- or two-character run's weight counts all
/// its sections, not only those left).
#[test]
fn clauses_score_beside_others_as_they_do_alone() {
    let Some(notes) = common::handbook() else {
        return;
    };
    let mut lib = Library::default();
    for (id, text) in &notes {
        lib.add_note(id, text, &AddOptions::default()).unwrap();
    }
    let queries: [&[&str]; 8] = [
        &["的", "kubernetes"],
        &["kubernetes", "调度器"],
        &["pod", "状态"],
        &["的", "时代使命"],
        &["controller", "节点", "的"],
        &["\"service account\"", "的"],
        &["api OR 通过", "的", "集群"],
        &["自定义", "\"service account\""],
    ];
    for parts in queries {
        let alone: Vec<_> = parts.iter().map(|p| all_scores(&lib, p)).collect();
        let together = all_scores(&lib, &parts.join(" "));
        let expected: Vec<_> = alone[0]
            .keys()
            .filter(|k| alone.iter().all(|a| a.contains_key(*k)))
            .collect();
        assert!(!expected.is_empty(), "{parts:?}");
        assert_eq!(together.keys().collect::<Vec<_>>(), expected, "{parts:?}");
        for (key, score) in &together {
            let sum: f32 = alone.iter().map(|a| a[key]).sum();
            assert!(
                (score - sum).abs() <= 1e-4 * sum,
                "{parts:?} {key:?}: {score} vs {sum}"
            );
        }
    }
}
