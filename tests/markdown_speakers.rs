//! Speakers in Markdown recaps: a heading that is a session line
//! (`## Title - Speaker, Org`), or a speaker line as a heading's first block
//! (`讲师：张三（示例公司）`), gives the section its speaker and organisation, as plain-text
//! session lines do; ordinary headings and prose keep their text, slug and no speaker.

use recapdex::ingest::{parse_note, FormatChoice};
use recapdex::model::{BlockKind, Inline, Note};
use recapdex::outline::outline;
use recapdex::render::{render_html, RenderOptions};
use recapdex::{AddOptions, Library, SearchOptions};

/// Each section but the lead as (heading, slug, speaker, org).
type Row = (String, String, Option<String>, Option<String>);

fn sections_of(note: &Note) -> Vec<Row> {
    outline(note)
        .sections
        .into_iter()
        .skip(1)
        .map(|s| (s.heading, s.slug, s.meta.speaker, s.meta.org))
        .collect()
}

fn sections(md: &str) -> Vec<Row> {
    sections_of(&parse_note("n", md, FormatChoice::Markdown))
}

fn row(heading: &str, slug: &str, speaker: Option<&str>, org: Option<&str>) -> Row {
    (
        heading.into(),
        slug.into(),
        speaker.map(Into::into),
        org.map(Into::into),
    )
}

fn plain(heading: &str, slug: &str) -> Row {
    row(heading, slug, None, None)
}

const RECAP: &str = "---
title: KubeCon 2024 参会笔记
date: 2024-03-22
---

今年的大会有很多值得一看的分享，下面挑几个记录一下。

## Scheduling Batch Jobs at Scale - Jane Doe, Google

讲了 Kueue 的配额模型和抢占。

## Multi-Tenant Clusters \u{2013} Wei Zhang, Example Cloud

租户隔离的三种做法。

## 可观测性新进展

讲师：李明（示例科技）

OpenTelemetry 的 Profiling 信号进入了 alpha 阶段。

## Platform Engineering Panel

**Speakers:** Ana Lima and Tom Berg, Example Corp

圆桌讨论。
";

#[test]
fn a_session_heading_is_its_title_with_the_speaker_and_org_as_metadata() {
    for dash in ["-", "\u{2013}", "\u{2014}"] {
        let md = format!("## Compiling to Containers {dash} Brendan Burns, Microsoft\n\n正文。\n");
        assert_eq!(
            sections(&md),
            [row(
                "Compiling to Containers",
                "compiling-to-containers",
                Some("Brendan Burns"),
                Some("Microsoft")
            )],
            "{dash}"
        );
    }
    assert_eq!(
        sections(RECAP)[..2],
        [
            row(
                "Scheduling Batch Jobs at Scale",
                "scheduling-batch-jobs-at-scale",
                Some("Jane Doe"),
                Some("Google")
            ),
            row(
                "Multi-Tenant Clusters",
                "multi-tenant-clusters",
                Some("Wei Zhang"),
                Some("Example Cloud")
            ),
        ]
    );
}

#[test]
fn a_session_heading_renders_its_title_and_the_speaker_under_it() {
    let note = parse_note(
        "n",
        "## Compiling to Containers - Brendan Burns, Microsoft\n\n正文。\n",
        FormatChoice::Markdown,
    );
    let html = render_html(&note, &outline(&note), RenderOptions::default());
    assert!(html.contains(">Compiling to Containers</h2>"), "{html}");
    assert!(
        html.contains(
            "<span class=\"speaker\">Brendan Burns</span> · <span class=\"org\">Microsoft</span>"
        ),
        "{html}"
    );
}

#[test]
fn a_session_heading_with_an_explicit_id_keeps_the_id_as_its_slug() {
    assert_eq!(
        sections("### Compiling to Containers - Brendan Burns, Microsoft {#burns}\n\n正文。"),
        [row(
            "Compiling to Containers",
            "burns",
            Some("Brendan Burns"),
            Some("Microsoft")
        )]
    );
}

#[test]
fn a_session_heading_whose_title_is_a_link_keeps_the_link() {
    let md = "## [Compiling to Containers](https://example.com/talk) - Brendan Burns, Microsoft\n";
    let note = parse_note("n", md, FormatChoice::Markdown);
    let BlockKind::Heading { content, meta, .. } = &note.blocks[0].kind else {
        panic!("{:?}", note.blocks);
    };
    assert!(
        matches!(content.as_slice(), [Inline::Link { url, .. }] if url == "https://example.com/talk"),
        "{content:?}"
    );
    assert_eq!(meta.speaker.as_deref(), Some("Brendan Burns"));
    assert_eq!(
        sections_of(&note)[0].1,
        "compiling-to-containers",
        "the slug is the title's"
    );
}

#[test]
fn a_session_heading_with_markup_after_the_dash_is_left_alone() {
    for md in [
        "## Compiling to Containers - **Brendan Burns**, Microsoft",
        "## Compiling to Containers - [Brendan Burns](https://example.com), Microsoft",
        "## Compiling to Containers - Brendan Burns, `Microsoft`",
    ] {
        let s = sections(md);
        assert_eq!((s[0].2.as_deref(), s[0].3.as_deref()), (None, None), "{md}");
        assert!(s[0].0.ends_with("Microsoft"), "{md}: {s:?}");
    }
}

#[test]
fn a_level_one_heading_is_no_session() {
    assert_eq!(
        sections("# Compiling to Containers - Brendan Burns, Microsoft\n\n正文。"),
        [plain(
            "Compiling to Containers - Brendan Burns, Microsoft",
            "compiling-to-containers-brendan-burns-microsoft"
        )]
    );
}

#[test]
fn ordinary_headings_with_a_dash_keep_their_text_and_slug() {
    let md = "## Kubernetes 1.30 - 新特性解读\n\n正文。\n\n\
              ## Step 1 - Install, Configure\n\n正文。\n\n\
              ## Workload - 工作负载定义\n\n正文。\n\n\
              ## 云原生——张三，示例公司\n\n正文。\n\n\
              ## Cloud Native Roadmap 2019 \u{2013} 2020, Beijing\n\n正文。\n\n\
              ### kubectl - 开发者入口\n\n正文。\n";
    assert_eq!(
        sections(md),
        [
            plain("Kubernetes 1.30 - 新特性解读", "kubernetes-1-30-新特性解读"),
            plain("Step 1 - Install, Configure", "step-1-install-configure"),
            plain("Workload - 工作负载定义", "workload-工作负载定义"),
            plain("云原生——张三,示例公司", "云原生张三示例公司"),
            plain(
                "Cloud Native Roadmap 2019 \u{2013} 2020, Beijing",
                "cloud-native-roadmap-2019-2020-beijing"
            ),
            plain("kubectl - 开发者入口", "kubectl-开发者入口"),
        ]
    );
}

#[test]
fn a_speaker_line_under_a_heading_sets_its_speaker_and_stays_in_the_text() {
    let note = parse_note("n", RECAP, FormatChoice::Markdown);
    let s = sections_of(&note);
    assert_eq!(
        s[2..],
        [
            row(
                "可观测性新进展",
                "可观测性新进展",
                Some("李明"),
                Some("示例科技")
            ),
            row(
                "Platform Engineering Panel",
                "platform-engineering-panel",
                Some("Ana Lima and Tom Berg"),
                Some("Example Corp")
            ),
        ]
    );
    let o = outline(&note);
    assert!(o.sections[3]
        .body_text(&note)
        .starts_with("讲师：李明（示例科技）\n"));
    assert!(o.sections[4]
        .body_text(&note)
        .starts_with("Speakers: Ana Lima and Tom Berg, Example Corp\n"));
}

/// The speaker line shows the speaker as the author wrote it: the metadata line the renderer
/// puts under a session heading would say it a second time.
#[test]
fn a_heading_whose_speaker_line_is_under_it_renders_the_speaker_once() {
    let note = parse_note("n", RECAP, FormatChoice::Markdown);
    let html = render_html(&note, &outline(&note), RenderOptions::default());
    assert_eq!(html.matches("李明").count(), 1, "{html}");
    assert_eq!(html.matches("Ana Lima").count(), 1, "{html}");
    // A session heading has no line of its own under it: its metadata is shown.
    assert!(
        html.contains("<span class=\"speaker\">Jane Doe</span>"),
        "{html}"
    );
}

#[test]
fn speaker_lines_are_read_in_their_english_and_chinese_forms() {
    for (line, speaker, org) in [
        ("Speaker: Jane Doe, Google", "Jane Doe", Some("Google")),
        ("Speakers: Jane Doe (Google)", "Jane Doe", Some("Google")),
        ("Presenter: Jane Doe", "Jane Doe", None),
        ("讲师：张三（示例公司）", "张三", Some("示例公司")),
        ("演讲者：张三，示例公司", "张三", Some("示例公司")),
        ("分享嘉宾：张三 / 示例公司", "张三", Some("示例公司")),
        ("嘉宾：张三", "张三", None),
        ("**讲师**：张三", "张三", None),
        (
            "**讲师：** 张三、李四（示例公司）",
            "张三、李四",
            Some("示例公司"),
        ),
        (
            "*Speaker*: Jane Doe and John Smith",
            "Jane Doe and John Smith",
            None,
        ),
    ] {
        let s = sections(&format!("## 某个分享\n\n{line}\n\n正文。"));
        assert_eq!(
            (s[0].2.as_deref(), s[0].3.as_deref()),
            (Some(speaker), org),
            "{line}"
        );
    }
}

#[test]
fn a_long_sentence_starting_with_the_label_sets_no_speaker() {
    for line in [
        "讲师：他们分享了在大规模集群上做调度优化的实践经验，收获很大。",
        "讲师介绍了他们在大规模集群上的实践经验。",
        "Speaker: the person who gave the keynote talked about scheduling.",
        "讲师：张三\n他来自示例公司。",
    ] {
        let s = sections(&format!("## 某个分享\n\n{line}\n\n正文。"));
        assert_eq!(
            (s[0].2.as_deref(), s[0].3.as_deref()),
            (None, None),
            "{line}"
        );
    }
}

#[test]
fn a_speaker_line_that_is_not_the_first_block_under_the_heading_sets_no_speaker() {
    for md in [
        "## 某个分享\n\n先说背景。\n\n讲师：张三（示例公司）",
        "## 某个分享\n\n- 讲师：张三（示例公司）",
        "## 某个分享\n\n> 讲师：张三（示例公司）",
        "讲师：张三（示例公司）\n\n## 某个分享\n\n正文。",
    ] {
        let s = sections(md);
        assert_eq!((s[0].2.as_deref(), s[0].3.as_deref()), (None, None), "{md}");
    }
}

#[test]
fn a_section_comment_wins_over_the_heading_text_and_the_speaker_line() {
    let md = "## Compiling to Containers - Brendan Burns, Microsoft\n\n\
              <!-- section: {speaker: \"Mei Chen\", org: \"Example\"} -->\n\n\
              讲师：张三（示例公司）\n";
    assert_eq!(
        sections(md),
        [row(
            "Compiling to Containers - Brendan Burns, Microsoft",
            "compiling-to-containers-brendan-burns-microsoft",
            Some("Mei Chen"),
            Some("Example")
        )]
    );
}

#[test]
fn a_speaker_line_after_a_plain_text_session_title_sets_its_speaker() {
    let text = "KubeCon 2024 见闻\n\n\
                Scheduling Batch Jobs at Scale\n\
                讲师：张三（示例公司）\n\
                讲了 Kueue 的配额模型和抢占。\n\n\
                Multi-Tenant Clusters - Wei Zhang, Example Cloud\n\
                讲师：李四（别的公司）\n\
                租户隔离的三种做法。\n";
    let note = parse_note("n", text, FormatChoice::Text);
    assert_eq!(
        sections_of(&note),
        [
            row(
                "Scheduling Batch Jobs at Scale",
                "scheduling-batch-jobs-at-scale",
                Some("张三"),
                Some("示例公司")
            ),
            // A session line names its speaker already; the line under it stays text.
            row(
                "Multi-Tenant Clusters",
                "multi-tenant-clusters",
                Some("Wei Zhang"),
                Some("Example Cloud")
            ),
        ]
    );
}

#[test]
fn a_speaker_filter_finds_a_markdown_session() {
    let mut lib = Library::new(Default::default());
    lib.add_note("recap", RECAP, &AddOptions::default())
        .unwrap();
    let opts = SearchOptions::default();
    let slugs = |q: &str| -> Vec<String> {
        lib.search(q, &opts)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.slug)
            .collect()
    };
    assert_eq!(
        slugs("speaker:\"Jane Doe\""),
        ["scheduling-batch-jobs-at-scale"]
    );
    assert_eq!(slugs("speaker:\"Wei Zhang\""), ["multi-tenant-clusters"]);
    assert_eq!(slugs("speaker:李明"), ["可观测性新进展"]);
    assert_eq!(
        slugs("speaker:\"Tom Berg\""),
        ["platform-engineering-panel"]
    );
    let facets = lib.search("speaker:\"Jane Doe\"", &opts).unwrap().facets;
    assert!(
        facets.speakers.iter().any(|f| f.value == "Jane Doe"),
        "{:?}",
        facets.speakers
    );
}
