//! Snapshots: the committed v4 snapshot still loads and answers known queries (format changes
//! must be deliberate), and any library round-trips with identical search results.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use recapdex::library::ExportOptions;
use recapdex::{AddOptions, Library, SearchOptions};

const PINNED: &str = "tests/fixtures/snapshot-v4.bin";
/// Older snapshots of the same notes: version 1, from before postings took their in-memory
/// encoding, version 2, checked by CRC-32, and version 3, with all section texts after all
/// notes.
const OLD: [(&str, u32); 3] = [
    ("tests/fixtures/snapshot-v1.bin", 1),
    ("tests/fixtures/snapshot-v2.bin", 2),
    ("tests/fixtures/snapshot-v3.bin", 3),
];

/// The notes the pinned snapshot was built from (written for this test).
const NOTES: &[(&str, &str)] = &[
    (
        "kubecon-recap",
        "---\ntitle: KubeCon 回顾\ndate: 2024-03-20\ntags: [云原生, Kubernetes]\n---\n\n开场很精彩。\n\n<!--more-->\n\n## Scheduling at Scale\n\n调度器的数据拷贝优化，scheduling 延迟下降一半。\n\n## eBPF Observability\n\n用 eBPF 探针观测网络。\n",
    ),
    (
        "weekly",
        "云原生周报\n前言\n本周社区动态很多，挑重点说。\nCompiling to Containers - Jane Doe, Acme\n把应用编译成容器镜像的思路。\n",
    ),
];

fn build() -> Library {
    let mut lib = Library::default();
    for (id, text) in NOTES {
        lib.add_note(id, text, &AddOptions::default()).unwrap();
    }
    lib
}

#[test]
fn older_snapshots_are_refused_with_a_version_error() {
    for (path, version) in OLD {
        let bytes = std::fs::read(path).expect("old snapshots are committed");
        let err = Library::load(&bytes)
            .err()
            .expect("old versions are no longer read");
        assert_eq!(err.code(), "snapshot_version");
        let says = format!("version {version} ");
        assert!(err.message().contains(&says), "{}", err.message());
    }
}

#[test]
fn the_committed_v4_snapshot_loads_and_answers_known_queries() {
    if std::env::var_os("RECAPDEX_WRITE_SNAPSHOT").is_some() {
        std::fs::write(PINNED, build().export_index()).unwrap();
    }
    let bytes = std::fs::read(PINNED).expect("tests/fixtures/snapshot-v4.bin is committed");
    let lib = Library::load(&bytes).expect("a v4 snapshot loads");
    assert_eq!(lib.note_ids(), ["kubecon-recap", "weekly"]);
    let top = |q: &str| {
        let res = lib.search(q, &SearchOptions::default()).unwrap();
        res.hits
            .first()
            .map(|h| (h.note_id.clone(), h.slug.clone()))
    };
    assert_eq!(
        top("数据拷贝"),
        Some(("kubecon-recap".into(), "scheduling-at-scale".into()))
    );
    assert_eq!(
        top("ebpf 探针"),
        Some(("kubecon-recap".into(), "ebpf-observability".into()))
    );
    assert_eq!(
        top("speaker:\"jane doe\""),
        Some(("weekly".into(), "compiling-to-containers".into()))
    );
    assert!(lib
        .render("kubecon-recap")
        .unwrap()
        .html
        .contains("id=\"ebpf-observability\""));
    // Loading does not change the bytes: the format is stable.
    assert_eq!(lib.export_index(), bytes);
}

#[test]
fn a_snapshot_without_sources_searches_alike_and_cannot_render() {
    let lib = build();
    let lean = lib
        .export_index_with(&|_| None, &ExportOptions { sources: false })
        .unwrap();
    assert!(lean.len() < lib.export_index().len());
    let mut back = Library::load(&lean).unwrap();
    let opts = SearchOptions::default();
    for q in [
        "数据拷贝",
        "ebpf 探针",
        "speaker:\"jane doe\"",
        "调度",
        "开场",
    ] {
        let (a, b) = (
            back.search(q, &opts).unwrap(),
            lib.search(q, &opts).unwrap(),
        );
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "{q}");
    }
    assert_eq!(format!("{:?}", back.notes()), format!("{:?}", lib.notes()));
    assert_eq!(back.render("weekly").err().unwrap().code(), "unsupported");
    assert_eq!(
        back.to_markdown("weekly").err().unwrap().code(),
        "unsupported"
    );
    // Exported again, sources asked for, the notes stay without them: the same bytes.
    assert_eq!(back.export_index(), lean);
    // A note added again has its source.
    back.update_note("weekly", NOTES[1].1, &AddOptions::default())
        .unwrap();
    assert_eq!(
        back.render("weekly").unwrap().html,
        lib.render("weekly").unwrap().html
    );
    assert!(back.render("kubecon-recap").is_err());
}

/// Completions and typo corrections are cut to the most frequent few. Words as frequent as one
/// another must be cut alike in a loaded snapshot, which numbers its terms in another order
/// (here: added in reverse alphabetical order, numbered alphabetically when loaded).
#[test]
fn completions_cut_to_the_most_frequent_are_the_same_after_loading() {
    let words: Vec<String> = (0..60)
        .rev()
        .map(|i: u8| {
            format!(
                "zq{}{}",
                char::from(b'a' + i % 26),
                char::from(b'a' + i / 26)
            )
        })
        .collect();
    let mut lib = Library::default();
    for (i, w) in words.iter().enumerate() {
        let text = format!("## Note {i}\n\nThis section mentions {w} once.\n");
        lib.add_note(&format!("n{i}"), &text, &AddOptions::default())
            .unwrap();
    }
    let back = Library::load(&lib.export_index()).unwrap();
    let opts = SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    };
    for q in ["zq", "zqa", "zqxx"] {
        let (a, b) = (
            lib.search(q, &opts).unwrap(),
            back.search(q, &opts).unwrap(),
        );
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "{q}");
    }
    let found = lib.search("zq", &opts).unwrap();
    assert_eq!(found.total, 48, "cut to 48 completions");
    // The first 48 in the dictionary's order, whatever order the notes came in.
    let mut expected: Vec<&String> = words.iter().collect();
    expected.sort();
    expected.truncate(48);
    let mut terms: Vec<&String> = found.terms.iter().collect();
    terms.sort();
    assert_eq!(terms, expected);
}

const ALPHABET: &[&str] = &[
    "数", "据", "调", "度", "云", "原", "生", "Kube", "sched", "ing", " ", "。", "\n", "## ", "- ",
];

proptest! {
    #[test]
    fn snapshots_round_trip_with_identical_results(
        notes in prop::collection::vec(prop::collection::vec(prop::sample::select(ALPHABET), 0..50), 1..5),
        queries in prop::collection::vec(prop::collection::vec(prop::sample::select(&ALPHABET[..10]), 1..3), 1..5),
        removed in prop::option::of(0usize..5),
    ) {
        let mut lib = Library::default();
        for (i, parts) in notes.iter().enumerate() {
            lib.add_note(&format!("n{i}"), &parts.concat(), &AddOptions::default()).unwrap();
        }
        if let Some(r) = removed.filter(|r| *r < notes.len()) {
            lib.remove_note(&format!("n{r}")).unwrap();
        }
        let back = Library::load(&lib.export_index()).unwrap();
        prop_assert_eq!(back.note_ids(), lib.note_ids());
        for q in queries {
            let q = q.concat();
            let a = lib.search(&q, &SearchOptions::default()).unwrap();
            let b = back.search(&q, &SearchOptions::default()).unwrap();
            prop_assert_eq!(format!("{:?}", a), format!("{:?}", b), "query {:?}", q);
        }
    }
}
