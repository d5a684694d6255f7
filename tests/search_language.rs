//! The query language and the shape of search results, through the public `Library` API, on
//! small hand-written recaps: one test per behaviour (`AND`, `OR`, `-exclude`, phrases,
//! filters, stems, completions, typos, Chinese substrings, malformed input, paging, groups,
//! facets, snippets, explain, option checks, incremental updates).

use recapdex::library::SearchResult;
use recapdex::search::edit_distance;
use recapdex::{AddOptions, ErrorKind, FormatChoice, Library, SearchOptions};

/// A library of Markdown (or auto-detected) notes, added in order.
fn library(notes: &[(&str, &str)]) -> Library {
    let mut lib = Library::default();
    for (id, text) in notes {
        lib.add_note(id, text, &AddOptions::default()).unwrap();
    }
    lib
}

/// Default options with room for every hit of these small libraries.
fn options() -> SearchOptions {
    SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    }
}

/// Completions and typo corrections tried on every query, not only when nothing matches.
fn always_expand() -> SearchOptions {
    SearchOptions {
        expand_below: usize::MAX,
        ..options()
    }
}

fn search(lib: &Library, query: &str) -> SearchResult {
    lib.search(query, &options()).unwrap()
}

/// Hits as `note#slug`, in rank order.
fn keys(res: &SearchResult) -> Vec<String> {
    res.hits
        .iter()
        .map(|h| format!("{}#{}", h.note_id, h.slug))
        .collect()
}

fn found(lib: &Library, query: &str) -> Vec<String> {
    keys(&search(lib, query))
}

fn found_with(lib: &Library, query: &str, opts: &SearchOptions) -> Vec<String> {
    keys(&lib.search(query, opts).unwrap())
}

/// Hits as a sorted list, for tests about which sections match rather than their order.
fn found_set(lib: &Library, query: &str) -> Vec<String> {
    let mut v = found(lib, query);
    v.sort();
    v
}

const KUBECON: &str = "---
title: KubeCon 上海回顾
date: 2021-12-10
authors: [Lin Wei]
tags: [云原生, Kubernetes]
---
## Batch Scheduling

Volcano 负责调度批处理任务，etcd 压力不大。

## Etcd 性能调优

etcd 的写入性能受磁盘影响，建议使用 SSD。
";

const PLATFORM: &str = "---
title: Platform Day 笔记
date: 2022-05-20
author: Zhang Min
tags: [Platform Engineering, 云原生]
---
## Developer Portals

团队用 Backstage 搭建开发者门户，etcd 只在附录提到。
";

/// Plain text, added as [`FormatChoice::Text`] (front matter alone would make it Markdown):
/// each `Title - Speaker, Org` line is a session heading with a speaker.
const SUMMIT: &str = "---
title: Cloud Summit 2023 见闻
date: 2023-03-01
tags: [Observability]
---
Scaling Kubernetes Controllers - Mei Chen, Acme Cloud

控制器的工作队列需要限流，etcd 压力会小很多。

Dashboards Nobody Reads - Raj Patel, Example Labs

Grafana 仪表盘太多反而没人看。
";

/// No front matter: no date, tags or authors.
const MISC: &str = "## 杂记\n\netcd 备份要定期演练。\n";

/// Four recaps, three dated 2021–2023 and one undated; `etcd` occurs in five sections, in
/// every note.
fn recaps() -> Library {
    let mut lib = library(&[("kubecon", KUBECON), ("platform", PLATFORM)]);
    let text = AddOptions {
        format: FormatChoice::Text,
        ..AddOptions::default()
    };
    let info = lib.add_note("summit", SUMMIT, &text).unwrap();
    assert_eq!(info.sections[1].meta.speaker.as_deref(), Some("Mei Chen"));
    lib.add_note("misc", MISC, &AddOptions::default()).unwrap();
    lib
}

const ETCD_SECTIONS: [&str; 5] = [
    "kubecon#batch-scheduling",
    "kubecon#etcd-性能调优",
    "misc#杂记",
    "platform#developer-portals",
    "summit#scaling-kubernetes-controllers",
];

/// Five one-section notes for the boolean operators and phrases.
fn operators() -> Library {
    library(&[
        ("a", "## 备份\n\netcd backup 每天一次。"),
        ("b", "## 存储\n\netcd 使用 SSD。"),
        ("c", "## 恢复\n\nvelero backup 到对象存储。"),
        ("d", "## 性能\n\ncpu burst 能降低延迟。"),
        ("e", "## 争用\n\nburst 时 cpu 被抢占。"),
    ])
}

// 1. Words, OR, exclusion, phrases.

#[test]
fn words_are_anded_by_default() {
    let lib = operators();
    assert_eq!(found_set(&lib, "etcd"), ["a#备份", "b#存储"]);
    assert_eq!(found_set(&lib, "backup"), ["a#备份", "c#恢复"]);
    assert_eq!(found(&lib, "etcd backup"), ["a#备份"]);
    assert_eq!(found(&lib, "etcd velero"), Vec::<String>::new());
}

#[test]
fn or_matches_either_side_and_binds_tighter_than_and() {
    let lib = operators();
    assert_eq!(
        found_set(&lib, "etcd OR velero"),
        ["a#备份", "b#存储", "c#恢复"]
    );
    // `(etcd OR velero) AND backup`.
    assert_eq!(
        found_set(&lib, "etcd OR velero backup"),
        ["a#备份", "c#恢复"]
    );
}

#[test]
fn a_minus_word_excludes_sections_with_it_or_its_stemmed_forms() {
    let lib = operators();
    assert_eq!(found(&lib, "backup -velero"), ["a#备份"]);
    assert_eq!(found(&lib, "etcd -backups"), ["b#存储"]);
}

#[test]
fn a_quoted_phrase_matches_only_those_words_in_that_order() {
    let lib = operators();
    assert_eq!(found_set(&lib, "cpu burst"), ["d#性能", "e#争用"]);
    assert_eq!(found(&lib, "\"cpu burst\""), ["d#性能"]);
    assert_eq!(found(&lib, "\"burst cpu\""), Vec::<String>::new());
}

// 2. Field filters.

#[test]
fn tag_filter_keeps_every_section_of_notes_with_that_tag_case_insensitively() {
    let lib = recaps();
    assert_eq!(
        found_set(&lib, "tag:kubernetes etcd"),
        ["kubecon#batch-scheduling", "kubecon#etcd-性能调优"]
    );
    assert_eq!(
        found_set(&lib, "tag:云原生 etcd"),
        [
            "kubecon#batch-scheduling",
            "kubecon#etcd-性能调优",
            "platform#developer-portals"
        ]
    );
    assert_eq!(found(&lib, "tag:unknown etcd"), Vec::<String>::new());
}

#[test]
fn speaker_filter_matches_part_of_a_session_speaker() {
    let lib = recaps();
    assert_eq!(
        found(&lib, "speaker:chen etcd"),
        ["summit#scaling-kubernetes-controllers"]
    );
    assert_eq!(found(&lib, "speaker:patel etcd"), Vec::<String>::new());
}

#[test]
fn author_filter_matches_part_of_an_author_name() {
    let lib = recaps();
    assert_eq!(
        found_set(&lib, "author:lin etcd"),
        ["kubecon#batch-scheduling", "kubecon#etcd-性能调优"]
    );
    assert_eq!(
        found(&lib, "author:zhang etcd"),
        ["platform#developer-portals"]
    );
}

#[test]
fn note_filter_keeps_one_note_by_id() {
    let lib = recaps();
    assert_eq!(found(&lib, "note:misc etcd"), ["misc#杂记"]);
    assert_eq!(found(&lib, "note:MISC etcd"), ["misc#杂记"]);
}

#[test]
fn date_filter_keeps_notes_dated_within_the_inclusive_range() {
    let lib = recaps();
    assert_eq!(
        found_set(&lib, "date:2021..2022 etcd"),
        [
            "kubecon#batch-scheduling",
            "kubecon#etcd-性能调优",
            "platform#developer-portals"
        ]
    );
    assert_eq!(
        found(&lib, "date:2023 etcd"),
        ["summit#scaling-kubernetes-controllers"]
    );
    assert_eq!(
        found_set(&lib, "date:2022.. etcd"),
        [
            "platform#developer-portals",
            "summit#scaling-kubernetes-controllers"
        ]
    );
    // The undated note is never in a date range.
    assert!(!found(&lib, "date:..9999 etcd").contains(&"misc#杂记".to_string()));
}

#[test]
fn quoted_filter_values_keep_their_spaces() {
    let lib = recaps();
    assert_eq!(
        found(&lib, "speaker:\"Mei Chen\" etcd"),
        ["summit#scaling-kubernetes-controllers"]
    );
    assert_eq!(
        found(&lib, "tag:\"Platform Engineering\" etcd"),
        ["platform#developer-portals"]
    );
    assert_eq!(
        found(&lib, "author:\"Lin Wei\" 磁盘"),
        ["kubecon#etcd-性能调优"]
    );
}

#[test]
fn a_minus_filter_leaves_out_the_sections_it_holds_for() {
    let lib = recaps();
    assert_eq!(
        found_set(&lib, "etcd -tag:kubernetes"),
        [
            "misc#杂记",
            "platform#developer-portals",
            "summit#scaling-kubernetes-controllers"
        ]
    );
    assert_eq!(
        found_set(&lib, "etcd -note:misc -date:2023"),
        [
            "kubecon#batch-scheduling",
            "kubecon#etcd-性能调优",
            "platform#developer-portals"
        ]
    );
    // An undated note has no date to exclude; a section without a speaker no speaker.
    assert!(found(&lib, "etcd -date:2021..2023").contains(&"misc#杂记".to_string()));
    assert_eq!(
        found_set(&lib, "etcd -speaker:chen"),
        [
            "kubecon#batch-scheduling",
            "kubecon#etcd-性能调优",
            "misc#杂记",
            "platform#developer-portals"
        ]
    );
    // Alone, it lists every other section.
    let sections: usize = lib.notes().iter().map(|n| n.sections.len()).sum();
    assert_eq!(search(&lib, "tag:云原生").total, 5);
    assert_eq!(search(&lib, "-tag:云原生").total, sections - 5);
}

#[test]
fn or_between_filters_keeps_sections_any_of_them_holds_for() {
    let lib = recaps();
    assert_eq!(
        found_set(&lib, "etcd note:misc OR date:2023"),
        ["misc#杂记", "summit#scaling-kubernetes-controllers"]
    );
    assert_eq!(
        found_set(&lib, "etcd tag:kubernetes OR note:misc tag:云原生"),
        ["kubecon#batch-scheduling", "kubecon#etcd-性能调优"]
    );
    // Between a word and a filter, OR is ignored: both must hold.
    assert_eq!(found(&lib, "etcd OR note:misc"), ["misc#杂记"]);
}

#[test]
fn filters_alone_list_every_matching_section_in_document_order() {
    let lib = recaps();
    assert_eq!(
        found(&lib, "tag:云原生"),
        [
            "kubecon#",
            "kubecon#batch-scheduling",
            "kubecon#etcd-性能调优",
            "platform#",
            "platform#developer-portals"
        ]
    );
    assert_eq!(
        found(&lib, "speaker:\"Raj Patel\""),
        ["summit#dashboards-nobody-reads"]
    );
    assert_eq!(search(&lib, "date:2021..2022").total, 5);
}

// 3. Stemming.

#[test]
fn a_word_finds_sections_with_only_another_form_of_its_stem() {
    let lib = library(&[("plan", "## 周计划\n\n新的 schedule 每周一发布。")]);
    assert_eq!(found(&lib, "scheduling"), ["plan#周计划"]);
    assert_eq!(found(&lib, "schedules"), ["plan#周计划"]);
}

#[test]
fn the_exact_form_ranks_above_a_stemmed_form() {
    let lib = library(&[
        // Stem only, but short and repeated: the stronger BM25 score.
        ("stem", "## 排期\n\nschedule schedule schedule。"),
        (
            "exact",
            "## 杂谈\n\n这一段比较长，讲了很多别的事情，只在最后顺带提了一次 scheduling 的问题。",
        ),
    ]);
    let res = search(&lib, "scheduling");
    assert_eq!(keys(&res), ["exact#杂谈", "stem#排期"]);
    assert!(
        res.hits[1].score > res.hits[0].score,
        "the tier wins over the score"
    );
}

// 4. Completing the word being typed.

#[test]
fn the_last_word_completes_while_typing_but_not_after_a_space() {
    let lib = library(&[
        ("k8s", "## 集群\n\nkubernetes 集群升级。"),
        ("prom", "## 监控\n\nprometheus 告警。"),
    ]);
    assert_eq!(found(&lib, "kube"), ["k8s#集群"]);
    assert_eq!(found(&lib, "集群 kube"), ["k8s#集群"]);
    assert_eq!(
        found(&lib, "kube "),
        Vec::<String>::new(),
        "a space ends the word"
    );
    assert_eq!(
        found(&lib, "kube 集群"),
        Vec::<String>::new(),
        "only the last word"
    );
    assert_eq!(
        found(&lib, "kube \"集群\""),
        Vec::<String>::new(),
        "not before a phrase"
    );
    let no_prefix = SearchOptions {
        prefix: false,
        ..options()
    };
    assert_eq!(found_with(&lib, "kube", &no_prefix), Vec::<String>::new());
}

#[test]
fn a_word_before_a_trailing_exclusion_or_filter_is_not_completed() {
    let lib = library(&[(
        "k8s",
        "---\ntitle: 笔记\ntags: [云原生]\n---\n## 集群\n\nkubernetes 集群。\n",
    )]);
    // `kube` was ended by a space: only `etcd` / the filter is being typed.
    assert_eq!(found(&lib, "kube -etcd "), Vec::<String>::new());
    assert_eq!(found(&lib, "kube -etcd"), Vec::<String>::new());
    assert_eq!(found(&lib, "kube tag:云原生"), Vec::<String>::new());
}

#[test]
fn completions_rank_after_exact_hits_when_always_expanding() {
    let lib = library(&[
        ("full", "## 全称\n\nkubernetes kubernetes 集群。"),
        ("short", "## 简称\n\n大家平时都简单地叫它 kube 而不是全称。"),
    ]);
    assert_eq!(
        found(&lib, "kube"),
        ["short#简称"],
        "exact hit: no completion"
    );
    assert_eq!(
        found_with(&lib, "kube", &always_expand()),
        ["short#简称", "full#全称"]
    );
}

#[test]
fn a_section_whose_heading_is_the_whole_query_ranks_first() {
    let lib = library(&[
        (
            "many",
            "---\ntitle: 笔记一\n---\n## 杂谈\n\nbatch scheduling，batch scheduling，还是 batch scheduling。\n",
        ),
        (
            "named",
            "---\ntitle: 笔记二\n---\n## Batch Scheduling\n\n这一节讲批处理任务的排队，正文里没有再提到这两个英文词。\n",
        ),
    ]);
    let res = search(&lib, "batch scheduling");
    assert_eq!(keys(&res), ["named#batch-scheduling", "many#杂谈"]);
    assert!(
        res.hits[1].score > res.hits[0].score,
        "a named heading wins over the score"
    );
}

// 5. Typo tolerance.

/// One word per note; the typo tests end queries with a space so no completion is tried.
fn typo_library() -> Library {
    library(&[
        ("grafana", "## 看板\n\ngrafana 看板。"),
        ("pipeline", "## 流水线\n\npipeline 构建很慢。"),
        ("etcd", "## 存储\n\netcd 集群。"),
        ("k8s", "## 平台\n\nkubernetes 平台。"),
    ])
}

#[test]
fn words_of_four_to_seven_letters_tolerate_one_edit() {
    let lib = typo_library();
    assert_eq!(edit_distance("grafna", "grafana", 2), Some(1));
    assert_eq!(found(&lib, "grafna "), ["grafana#看板"]);
    assert_eq!(edit_distance("etcx", "etcd", 2), Some(1));
    assert_eq!(found(&lib, "etcx "), ["etcd#存储"]);
    // Two edits are too many below eight letters.
    assert_eq!(edit_distance("grafaan", "grafana", 2), Some(2));
    assert_eq!(found(&lib, "grafaan "), Vec::<String>::new());
    assert_eq!(edit_distance("grfna", "grafana", 2), Some(2));
    assert_eq!(found(&lib, "grfna "), Vec::<String>::new());
}

#[test]
fn words_of_eight_or_more_letters_tolerate_two_edits() {
    let lib = typo_library();
    assert_eq!(edit_distance("piepline", "pipeline", 2), Some(2));
    assert_eq!(found(&lib, "piepline "), ["pipeline#流水线"]);
    assert_eq!(edit_distance("kubernetse", "kubernetes", 2), Some(2));
    assert_eq!(found(&lib, "kubernetse "), ["k8s#平台"]);
    // Three edits are too many.
    assert_eq!(edit_distance("kubrnetse", "kubernetes", 3), Some(3));
    assert_eq!(found(&lib, "kubrnetse "), Vec::<String>::new());
}

#[test]
fn words_of_three_letters_or_fewer_tolerate_no_edit() {
    let lib = typo_library();
    assert_eq!(edit_distance("etd", "etcd", 1), Some(1));
    assert_eq!(found(&lib, "etd "), Vec::<String>::new());
    assert_eq!(found(&lib, "etd"), Vec::<String>::new());
}

/// A query with one misspelled word is corrected, and only that word: the words spelled as
/// the notes spell them keep their own sections and pull in no look-alikes.
#[test]
fn only_the_misspelled_word_of_a_query_is_corrected() {
    let lib = library(&[
        ("a", "## 集群\n\netcd cluster 的备份。"),
        ("c", "## 编号\n\netcd cluster1 的编号。"),
        ("d", "## 笔误\n\netcd clustor 的笔误。"),
    ]);
    let res = search(&lib, "etcx cluster ");
    assert_eq!(keys(&res), ["a#集群"]);
    assert_eq!(res.terms, ["etcd", "cluster"]);
    // Asked to correct always (expandBelow: Infinity), every word is.
    assert_eq!(found_with(&lib, "etcd cluster ", &always_expand()).len(), 3);
}

#[test]
fn expand_below_zero_never_corrects_typos() {
    let lib = typo_library();
    let never = SearchOptions {
        expand_below: 0,
        ..options()
    };
    assert_eq!(found_with(&lib, "grafna ", &never), Vec::<String>::new());
    assert_eq!(found_with(&lib, "kube", &never), Vec::<String>::new());
}

#[test]
fn a_correctly_spelled_word_does_not_pull_in_look_alikes_by_default() {
    let lib = library(&[
        ("done", "## 进度\n\n迁移已经 done。"),
        ("none", "## 风险\n\n目前已知的风险是 none。"),
    ]);
    assert_eq!(edit_distance("done", "none", 1), Some(1));
    assert_eq!(found(&lib, "done"), ["done#进度"]);
    assert_eq!(
        found_with(&lib, "done", &always_expand()),
        ["done#进度", "none#风险"]
    );
}

#[test]
fn typo_matches_rank_below_exact_matches_even_when_they_score_higher() {
    let lib = library(&[
        (
            "exact",
            "## 工具\n\n这次分享里 grafana 只出现了一次，大部分时间在讲别的内容。",
        ),
        // A typo written three times in a short section scores higher by BM25.
        ("typo", "## 笔误\n\ngrafna grafna grafna"),
    ]);
    assert_eq!(found(&lib, "grafana "), ["exact#工具"]);
    let res = lib.search("grafana ", &always_expand()).unwrap();
    assert_eq!(keys(&res), ["exact#工具", "typo#笔误"]);
    assert!(
        res.hits[1].score > res.hits[0].score,
        "the tier wins over the score"
    );
}

// 6. Chinese and mixed queries.

#[test]
fn mixed_chinese_and_english_terms_must_all_match() {
    let lib = recaps();
    assert_eq!(found(&lib, "etcd性能"), ["kubecon#etcd-性能调优"]);
    assert_eq!(found(&lib, "etcd 性能"), ["kubecon#etcd-性能调优"]);
    assert_eq!(found(&lib, "磁盘 SSD"), ["kubecon#etcd-性能调优"]);
    assert_eq!(found(&lib, "etcd 门户"), ["platform#developer-portals"]);
    assert_eq!(found(&lib, "grafana 门户"), Vec::<String>::new());
}

#[test]
fn a_chinese_query_matches_only_where_it_occurs_contiguously() {
    let lib = library(&[
        ("has", "## 新功能\n\n新的调度器支持抢占。"),
        // 调度 and 度器 both occur, 调度器 does not.
        ("split", "## 杂谈\n\n先讲调度，再讲温度器件。"),
    ]);
    assert_eq!(found(&lib, "调度器"), ["has#新功能"]);
    assert_eq!(found_set(&lib, "调度"), ["has#新功能", "split#杂谈"]);
    assert_eq!(found_set(&lib, "度器"), ["has#新功能", "split#杂谈"]);
}

// 7. Malformed queries.

#[test]
fn malformed_queries_are_searched_as_text_and_never_fail() {
    let lib = recaps();
    for query in [
        "\"etcd 磁盘",
        "etcd 磁盘\"",
        "-",
        "- -",
        "--etcd",
        "OR",
        "OR OR",
        "etcd OR",
        "OR etcd",
        "tag:",
        "speaker:",
        "date:oops",
        "date:2022..2021",
        ":",
        "\"\"",
        "-\"\"",
        "",
        "   ",
        "!!!",
        "？？。……",
        "((etcd",
        "\"",
        "-\"",
        "tag:\"unclosed",
        "speaker:\"",
        "note:\"\"",
        "date:..",
    ] {
        let res = lib.search(query, &options());
        assert!(res.is_ok(), "{query:?}: {res:?}");
    }
    for empty in ["", "   ", "-", "OR", "OR OR", "!!!", "？？。……", "\"\""] {
        assert_eq!(search(&lib, empty).total, 0, "{empty:?}");
    }
    // An unbalanced quote searches its words.
    assert_eq!(found(&lib, "\"etcd 磁盘"), ["kubecon#etcd-性能调优"]);
    assert_eq!(search(&lib, "OR etcd").total, 5);
    assert_eq!(search(&lib, "etcd OR").total, 5);
}

// 8. Results.

#[test]
fn total_counts_all_hits_and_pages_cover_them_without_overlap() {
    let lib = recaps();
    let all = search(&lib, "etcd");
    assert_eq!(all.total, 5);
    let mut sorted = keys(&all);
    sorted.sort();
    assert_eq!(sorted, ETCD_SECTIONS);
    let mut paged = Vec::new();
    for offset in [0, 2, 4] {
        let page = lib
            .search(
                "etcd",
                &SearchOptions {
                    limit: 2,
                    offset,
                    ..options()
                },
            )
            .unwrap();
        assert_eq!(page.total, 5, "total is for all pages");
        assert!(page.hits.len() <= 2);
        paged.extend(keys(&page));
    }
    assert_eq!(paged, keys(&all), "pages in order, no overlap, no gap");
    let past = SearchOptions {
        offset: 5,
        ..options()
    };
    let res = lib.search("etcd", &past).unwrap();
    assert!(res.hits.is_empty());
    assert_eq!(res.total, 5);
    // Regression: offset + limit overflowed when the page was cut by selection.
    let far = SearchOptions {
        offset: usize::MAX,
        ..options()
    };
    let res = lib.search("etcd", &far).unwrap();
    assert!(res.hits.is_empty() && res.groups.is_empty());
    assert_eq!((res.total, res.total_notes), (5, all.total_notes));
}

#[test]
fn groups_collect_hits_by_note_with_at_most_sub_results_each() {
    let lib = recaps();
    let opts = SearchOptions {
        sub_results: 1,
        ..options()
    };
    let res = lib.search("etcd", &opts).unwrap();
    assert_eq!(res.total_notes, 4);
    assert_eq!(res.groups.len(), 4);
    assert_eq!(res.groups.iter().map(|g| g.total).sum::<usize>(), res.total);
    let kubecon = res.groups.iter().find(|g| g.note_id == "kubecon").unwrap();
    assert_eq!(kubecon.total, 2);
    assert_eq!(kubecon.note_title, "KubeCon 上海回顾");
    for g in &res.groups {
        assert_eq!(g.hits.len(), 1, "{}", g.note_id);
        // A group shows its note's best hit, and groups follow their best hits' order.
        let best = res.hits.iter().find(|h| h.note_id == g.note_id).unwrap();
        assert_eq!(g.hits[0].slug, best.slug);
        assert_eq!(g.score, best.score);
    }
    let first_seen: Vec<&str> = res.hits.iter().fold(Vec::new(), |mut v, h| {
        if !v.contains(&h.note_id.as_str()) {
            v.push(h.note_id.as_str());
        }
        v
    });
    let group_ids: Vec<&str> = res.groups.iter().map(|g| g.note_id.as_str()).collect();
    assert_eq!(group_ids, first_seen);
    // Groups page by offset/limit too.
    let page = SearchOptions {
        limit: 2,
        offset: 2,
        ..opts
    };
    let res2 = lib.search("etcd", &page).unwrap();
    let ids: Vec<&str> = res2.groups.iter().map(|g| g.note_id.as_str()).collect();
    assert_eq!(ids, group_ids[2..]);
}

#[test]
fn facets_count_matching_sections_per_tag_speaker_note_and_year() {
    let lib = recaps();
    let facets = search(&lib, "etcd").facets;
    let pairs = |list: &[recapdex::library::FacetCount]| {
        list.iter()
            .map(|f| (f.value.clone(), f.count))
            .collect::<Vec<_>>()
    };
    let p = |v: &[(&str, usize)]| {
        v.iter()
            .map(|(s, n)| (s.to_string(), *n))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pairs(&facets.tags),
        p(&[
            ("云原生", 3),
            ("Kubernetes", 2),
            ("Observability", 1),
            ("Platform Engineering", 1)
        ])
    );
    assert_eq!(pairs(&facets.speakers), p(&[("Mei Chen", 1)]));
    assert_eq!(
        pairs(&facets.notes),
        p(&[("kubecon", 2), ("misc", 1), ("platform", 1), ("summit", 1)])
    );
    assert_eq!(
        pairs(&facets.years),
        p(&[("2021", 2), ("2022", 1), ("2023", 1)])
    );
}

#[test]
fn facets_can_be_left_out_and_nothing_else_changes() {
    let lib = recaps();
    for q in ["etcd", "云原生", "tag:Kubernetes", "rollback OR etcd"] {
        let full = search(&lib, q);
        assert!(!full.facets.notes.is_empty(), "{q}");
        let options = SearchOptions {
            facets: false,
            ..SearchOptions::default()
        };
        let bare = lib.search(q, &options).unwrap();
        let json = |r: &SearchResult| serde_json::to_string(r).unwrap();
        let without = SearchResult {
            facets: Default::default(),
            ..full
        };
        assert_eq!(json(&without), json(&bare), "{q}");
    }
}

#[test]
fn each_hit_names_its_note_title_heading_path_and_slug() {
    let lib = library(&[(
        "devops",
        "---\ntitle: DevOpsDays 回顾\n---\n## 第一天\n\n### Keynote: Shipping Faster\n\n部署频率提高后，rollback 变得很便宜。\n",
    )]);
    let res = search(&lib, "rollback");
    assert_eq!(res.hits.len(), 1);
    let hit = &res.hits[0];
    assert_eq!(hit.note_id, "devops");
    assert_eq!(hit.note_title, "DevOpsDays 回顾");
    assert_eq!(hit.heading, "Keynote: Shipping Faster");
    assert_eq!(hit.heading_path, ["第一天", "Keynote: Shipping Faster"]);
    assert_eq!(hit.level, 3);
    assert_eq!(hit.slug, "keynote-shipping-faster");
    let html = lib.render("devops").unwrap().html;
    assert!(
        html.contains(&format!("id=\"{}\"", hit.slug)),
        "the slug is an anchor"
    );
    // A session speaker rides along on its hits.
    let res = search(&recaps(), "限流");
    assert_eq!(res.hits[0].speaker.as_deref(), Some("Mei Chen"));
}

#[test]
fn highlights_slice_the_snippet_to_text_that_matches_the_query() {
    let body = "前面是一大段与查询无关的介绍文字，用来把匹配推到窗口之外，这样摘要必须从中间截取而不是从头开始显示。\
                后面讲 KUBERNETES 的调度，以及 Kubernetes 调度器如何和 kubernetes 的控制器配合。";
    let lib = library(&[("k", &format!("## 调研\n\n{body}\n"))]);
    let res = search(&lib, "Kubernetes 调度");
    let hit = &res.hits[0];
    assert!(hit.snippet.starts_with('…'), "a window: {:?}", hit.snippet);
    assert!(hit.highlights.len() >= 4, "{:?}", hit.highlights);
    for &(start, end) in &hit.highlights {
        let marked = hit.snippet[start..end].to_lowercase();
        assert!(
            marked == "kubernetes" || marked == "调度",
            "highlight {marked:?} in {:?}",
            hit.snippet
        );
    }
    assert_eq!(res.terms, ["kubernetes", "调度"]);
}

#[test]
fn snippet_html_escapes_markup_and_marks_matches() {
    let mut lib = Library::default();
    let text = AddOptions {
        format: FormatChoice::Text,
        ..AddOptions::default()
    };
    lib.add_note("cmp", "比较一下：a < b 时 etcd 更快 & 更稳。", &text)
        .unwrap();
    let hit = &search(&lib, "etcd").hits[0];
    let html = &hit.snippet_html;
    assert!(html.contains("<mark>etcd</mark>"), "{html}");
    assert!(html.contains("a &lt; b"), "{html}");
    assert!(html.contains("&amp;"), "{html}");
    let unmarked = html.replace("<mark>", "").replace("</mark>", "");
    assert!(!unmarked.contains('<'), "{html}");
}

#[test]
fn explain_gives_per_term_contributions_that_sum_to_the_score() {
    let lib = recaps();
    let plain = search(&lib, "etcd 性能");
    assert!(plain.hits.iter().all(|h| h.explain.is_none()));
    let opts = SearchOptions {
        explain: true,
        ..options()
    };
    for query in [
        "etcd 性能",
        "etcd",
        "scheduling OR 限流",
        "\"batch scheduling\"",
    ] {
        let res = lib.search(query, &opts).unwrap();
        assert!(res.total > 0, "{query}");
        for hit in &res.hits {
            let parts = hit.explain.as_ref().expect("explain requested");
            assert!(!parts.is_empty(), "{query}: {}", hit.slug);
            let sum: f32 = parts.iter().map(|c| c.score).sum();
            assert!(
                (sum - hit.score).abs() <= 1e-4 * hit.score.abs().max(1.0),
                "{query}: {} sums to {sum}, score {}",
                hit.slug,
                hit.score
            );
            for c in parts {
                assert!(c.score > 0.0 && !c.field.is_empty(), "{c:?}");
            }
        }
    }
    let res = lib.search("etcd 性能", &opts).unwrap();
    let terms: Vec<&str> = res.hits[0]
        .explain
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| c.term.as_str())
        .collect();
    assert!(
        terms.contains(&"etcd") && terms.contains(&"性能"),
        "{terms:?}"
    );
}

// 9. Option ranges.

#[test]
fn out_of_range_options_fail_with_invalid_option() {
    let lib = recaps();
    let mut weights_nan = options();
    weights_nan.rank.weights[0] = f32::NAN;
    let mut weights_negative = options();
    weights_negative.rank.weights[3] = -1.0;
    let bad = [
        SearchOptions {
            limit: 0,
            ..options()
        },
        SearchOptions {
            limit: 1001,
            ..options()
        },
        SearchOptions {
            sub_results: 101,
            ..options()
        },
        SearchOptions {
            snippet_chars: 19,
            ..options()
        },
        SearchOptions {
            snippet_chars: 1001,
            ..options()
        },
        weights_nan,
        weights_negative,
    ];
    for opts in &bad {
        for query in ["etcd", ""] {
            let err = lib.search(query, opts).unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::InvalidOption, "{opts:?}");
            assert_eq!(err.code(), "invalid_option");
        }
    }
    for limit in [1, 1000] {
        let edge = SearchOptions { limit, ..options() };
        assert!(lib.search("etcd", &edge).is_ok());
    }
}

// 10. Incremental updates.

#[test]
fn removing_and_updating_notes_gives_the_same_results_as_a_fresh_build() {
    let a = "---\ntags: [云原生]\ndate: 2021-06-01\n---\n## 调度\n\nkubernetes 调度器的 scheduling 优化，etcd 压力下降。\n";
    let b = "## 监控\n\ngrafana 和 prometheus 的告警，etcd 指标，kubelet 日志。\n";
    let c_old = "## 存储\n\netcd 备份与恢复，kubeadm 升级。\n";
    let c_new = "---\ntags: [云原生, Storage]\n---\n## 存储\n\n新的 etcd 备份方案，调度也相关，schedule 见附录。\n";
    let mut incremental = library(&[("a", a), ("b", b), ("c", c_old)]);
    incremental.remove_note("b").unwrap();
    incremental
        .update_note("c", c_new, &AddOptions::default())
        .unwrap();
    let fresh = library(&[("a", a), ("c", c_new)]);
    assert_eq!(incremental.note_ids(), fresh.note_ids());
    for query in [
        "etcd",
        "调度",
        "scheduling",
        "kube",
        "grafana",
        "prometheus OR etcd",
        "etcd -备份",
        "tag:云原生",
        "tag:storage etcd",
        "etcx ",
    ] {
        let run = |lib: &Library, opts: &SearchOptions| {
            let res = lib.search(query, opts).unwrap();
            let hits: Vec<_> = res
                .hits
                .iter()
                .map(|h| {
                    (
                        h.note_id.clone(),
                        h.slug.clone(),
                        h.snippet.clone(),
                        h.highlights.clone(),
                        h.score.to_bits(),
                    )
                })
                .collect();
            let groups: Vec<_> = res
                .groups
                .iter()
                .map(|g| (g.note_id.clone(), g.total))
                .collect();
            (res.total, res.terms, hits, groups)
        };
        for opts in [options(), always_expand()] {
            assert_eq!(
                run(&incremental, &opts),
                run(&fresh, &opts),
                "query {query:?}, expand_below {}",
                opts.expand_below
            );
        }
    }
}

#[test]
fn a_title_taken_from_the_first_heading_gives_one_hit_not_two() {
    let lib = library(&[("plain", "# 调度器深度回顾\n\n正文讲调度器。\n")]);
    assert_eq!(found(&lib, "调度器深度回顾"), ["plain#调度器深度回顾"]);
    // A front-matter title that differs from the first heading still finds the lead.
    let lib = library(&[(
        "fm",
        "---\ntitle: 云原生周报\n---\n导语。\n\n## 调度器深度回顾\n\n正文。\n",
    )]);
    assert_eq!(found(&lib, "云原生周报"), ["fm#"]);
}

/// Scraped pages wrap names in direction isolates and embeddings; they are invisible and must
/// not glue themselves to the word or CJK run beside them.
#[test]
fn invisible_direction_marks_do_not_hide_words() {
    let lib = library(&[
        ("lrm", "## A\n\ngrafana\u{200E} 面板\n"),
        ("isolate", "## B\n\n\u{2068}grafana\u{2069} 面板\n"),
        (
            "embedding",
            "## C\n\n\u{202A}grafana\u{202C} 面板，调度\u{2069}器\n",
        ),
    ]);
    assert_eq!(
        found_set(&lib, "grafana"),
        ["embedding#c", "isolate#b", "lrm#a"]
    );
    assert_eq!(found(&lib, "调度器"), ["embedding#c"]);
    assert_eq!(search(&lib, "graf").terms, ["grafana"]);
}

/// Dates written otherwise than `YYYY-MM-DD` are read as dates: `date:` ranges include them
/// and the years facet shows their year. A date that is not one is in no range and no year.
#[test]
fn dates_written_other_ways_filter_and_facet_as_iso_dates() {
    let note = |date: &str| format!("---\ndate: {date}\n---\n\n## 回顾\n\n边缘计算的调度器。\n");
    let notes: Vec<(String, String)> = [
        ("zh", "2022年3月21日"),
        ("slash", "2022/03/21 10:00"),
        ("dots", "2022.3.21"),
        ("month", "2022年3月"),
        ("en", "March 21, 2022"),
        ("en-dmy", "21st Mar 2022"),
        ("wide", "２０２２-０３-２１"),
        ("iso", "2021-12-10"),
        ("vague", "Spring 2022"),
    ]
    .iter()
    .map(|(id, date)| (id.to_string(), note(date)))
    .collect();
    let lib = library(
        &notes
            .iter()
            .map(|(id, text)| (id.as_str(), text.as_str()))
            .collect::<Vec<_>>(),
    );
    let march = ["dots", "en", "en-dmy", "month", "slash", "wide", "zh"];
    for q in [
        "date:2022 调度器",
        "date:2022-03 调度器",
        "date:2022-01..2022-12 调度器",
        "date:2022.. 调度器",
    ] {
        let mut ids: Vec<String> = search(&lib, q)
            .hits
            .into_iter()
            .map(|h| h.note_id)
            .collect();
        ids.sort();
        assert_eq!(ids, march, "{q}");
    }
    assert_eq!(search(&lib, "date:..2022 调度器").total, march.len() + 1);
    assert_eq!(
        lib.note("zh").unwrap().meta.date.as_deref(),
        Some("2022-03-21")
    );
    assert_eq!(
        lib.note("slash").unwrap().meta.date.as_deref(),
        Some("2022-03-21 10:00")
    );
    assert_eq!(
        lib.note("vague").unwrap().meta.date.as_deref(),
        Some("Spring 2022")
    );
    let years = value_counts(search(&lib, "调度器").facets.years);
    assert_eq!(years, [("2022".to_string(), 7), ("2021".to_string(), 1)]);
}

/// A facet's values with their counts, in order.
fn value_counts(facet: Vec<recapdex::library::FacetCount>) -> Vec<(String, usize)> {
    facet.into_iter().map(|f| (f.value, f.count)).collect()
}

/// `tag:` and `speaker:` ignore case, and so do their facets: one value, with the count the
/// filter gives.
#[test]
fn tag_facets_merge_values_that_differ_only_in_case() {
    let lib = library(&[
        ("a", "---\ntags: [Kubernetes]\n---\n\n## A\n\netcd 备份。\n"),
        ("b", "---\ntags: [Kubernetes]\n---\n\n## B\n\netcd 恢复。\n"),
        ("c", "---\ntags: [kubernetes]\n---\n\n## C\n\netcd 迁移。\n"),
        (
            "d",
            "---\ntags: [ＫＵＢＥＲＮＥＴＥＳ]\n---\n\n## D\n\netcd 升级。\n",
        ),
    ]);
    let tags = value_counts(search(&lib, "etcd").facets.tags);
    assert_eq!(tags, [("Kubernetes".to_string(), 4)]);
    assert_eq!(search(&lib, "tag:kubernetes etcd").total, 4);
}

/// Highlights mark what the index matched: `3` is not a word of `v1.28.3` or `1,000`.
#[test]
fn highlights_skip_digits_joined_into_a_longer_number() {
    let lib = library(&[(
        "a",
        "## 升级\n\n共 3 个节点，升级到 v1.28.3 版本，1,000 个 Pod。\n",
    )]);
    let hit = &search(&lib, "3").hits[0];
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|&(s, e)| &hit.snippet[s..e])
        .collect();
    assert_eq!(marked, ["3"]);
    assert!(
        hit.snippet_html.contains("共 <mark>3</mark> 个"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("v1.28.3 版本"),
        "{}",
        hit.snippet_html
    );
}

/// A match longer than the window's budget still gets a window that shows and marks it.
#[test]
fn a_match_longer_than_the_snippet_budget_is_still_shown_and_marked() {
    let body =
        "前面有一些无关的文字，说了很多别的事情。然后是 MutatingWebhookConfiguration 的配置，\
                再后面是分布式系统的一致性协议与存储引擎的实现细节。";
    let lib = library(&[("a", &format!("## 准入\n\n{body}\n"))]);
    for (q, chars) in [
        ("MutatingWebhookConfiguration", 30),
        ("分布式系统的一致性协议与存储引擎的实", 20),
    ] {
        let opts = SearchOptions {
            snippet_chars: chars,
            ..options()
        };
        let hit = &lib.search(q, &opts).unwrap().hits[0];
        let marked: Vec<String> = hit
            .highlights
            .iter()
            .map(|&(s, e)| hit.snippet[s..e].to_string())
            .collect();
        assert_eq!(marked, [q], "{q}: {}", hit.snippet);
    }
}

/// Text in a raw HTML block (a table written in HTML) is shown, escaped or as HTML, so it is
/// found like any other text; a script's content is not text.
#[test]
fn text_in_raw_html_blocks_is_found() {
    let lib = library(&[(
        "a",
        "## 配置\n\n<table>\n<tr><td>使用 Secret 存储密码</td><td>A &amp; B&nbsp;&#x4E2D;文</td></tr>\n</table>\n\n<script>var hidden = \"脚本内容\";</script>\n\n<!-- 注释内容 -->\n",
    )]);
    assert_eq!(found(&lib, "存储密码"), ["a#配置"]);
    assert_eq!(found(&lib, "secret"), ["a#配置"]);
    assert_eq!(found(&lib, "中文"), ["a#配置"]);
    assert!(found(&lib, "脚本内容").is_empty());
    assert!(found(&lib, "注释内容").is_empty());
    assert!(found(&lib, "td").is_empty(), "tags are not text");
}

/// A tag that names no HTML element (a UI component named in prose, `<Suspense>`) is shown as
/// written, so it is found, in text and in a heading, whose text keeps it.
#[test]
fn tags_that_name_no_html_element_are_text() {
    let lib = library(&[(
        "a",
        "## 使用 <Suspense> 组件\n\n新版本引入了 <Suspense>,配合 <ErrorBoundary> 使用 <span>。\n\n<Profiler id=\"x\">\n\n段落。\n",
    )]);
    for q in ["suspense", "errorboundary", "profiler"] {
        assert_eq!(found(&lib, q), ["a#使用-suspense-组件"], "{q}");
    }
    assert!(
        found(&lib, "span").is_empty(),
        "an HTML element's tag is not text"
    );
    let hit = &search(&lib, "errorboundary").hits[0];
    assert_eq!(hit.heading, "使用 <Suspense> 组件");
    assert!(hit.snippet.contains("<ErrorBoundary>"), "{}", hit.snippet);
}

/// A command pasted with its one-letter flags is found: `-o` is no exclusion.
#[test]
fn a_pasted_command_with_one_letter_flags_is_found() {
    let lib = library(&[(
        "a",
        "## 查看\n\n用 `kubectl get pods -o wide -A` 看节点。\n\n## 其他\n\nkubectl get pods 列出 wide table。\n",
    )]);
    assert_eq!(found(&lib, "kubectl get pods -o wide -A"), ["a#查看"]);
    assert_eq!(found(&lib, "kubectl get pods -table"), ["a#查看"]);
}

/// A Hugo shortcode's title (a callout's, a table's) is shown and found; a ref keeps its
/// target.
#[test]
fn shortcode_titles_are_found() {
    let lib = library(&[(
        "a",
        "## 注意事项\n\n{{< callout warning 重要提醒 >}}\n删除 CronJob 不会删除 Job。\n{{< /callout >}}\n\n{{< table title=\"组件对比\" >}}\n\n| 名称 | 说明 |\n| --- | --- |\n| a | b |\n\n{{< /table >}}\n\n参见 [Pod]({{< ref \"pod/overview\" >}})。\n",
    )]);
    assert_eq!(found(&lib, "重要提醒"), ["a#注意事项"]);
    assert_eq!(found(&lib, "组件对比"), ["a#注意事项"]);
    let html = lib.render("a").unwrap().html;
    assert!(html.contains("<p><strong>重要提醒</strong></p>"), "{html}");
    assert!(
        html.contains("<p><strong>组件对比</strong></p>\n<div class=\"table-wrap\">"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"pod/overview\" rel=\"noopener noreferrer\">Pod</a>"),
        "{html}"
    );
}
