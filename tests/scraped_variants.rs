//! Notes in the seeds' shapes as scrapers and editors vary them: non-breaking and ideographic
//! spaces, full-width punctuation, blank lines between every line, a BOM, front matter after a
//! blank line, old Mac line endings. Each shape must parse as its plain form does.
//!
//! The lines are written for these tests in the shapes of `../shared/spec/seeds.md`; none is
//! taken from the corpus. The repros named in each test are the exploratory scripts the bugs
//! were found with.

mod common;

use recapdex::ingest::{parse_note, FormatChoice};
use recapdex::model::{BlockKind, Format, Inline, Note};
use recapdex::{AddOptions, Library, SearchOptions};

use common::{assert_sources_inside, heading_texts, headings};

fn paragraphs(note: &Note) -> Vec<String> {
    note.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph(c) => Some(Inline::text_of(c)),
            _ => None,
        })
        .collect()
}

fn search_total(lib: &Library, q: &str) -> usize {
    lib.search(q, &SearchOptions::default()).unwrap().total
}

// ---- speaker lines (repro: nbsp_speaker.js) ------------------------------------------

const SESSION_BODY: &str = "\n\n这场分享讲了调度器的很多细节,值得一看。\n";

/// `Title - Speaker, Org` spelled the ways scraped Chinese pages spell it: each must give the
/// same heading, speaker and organisation as the ASCII form.
#[test]
fn speaker_line_with_nbsp_ideographic_space_or_full_width_punctuation_keeps_speaker_and_org() {
    for line in [
        "Scheduling Batch Jobs at Scale - Jane Doe, Example Corp",
        "Scheduling Batch Jobs at Scale\u{a0}-\u{a0}Jane Doe,\u{a0}Example Corp",
        "Scheduling Batch Jobs at Scale\u{3000}-\u{3000}Jane Doe,\u{3000}Example Corp",
        "Scheduling Batch Jobs at Scale － Jane Doe, Example Corp",
        "Scheduling Batch Jobs at Scale - Jane Doe，Example Corp",
        "Scheduling Batch Jobs at Scale - Jane Doe， Example Corp",
        "Scheduling Batch Jobs at Scale - Jane Doe,Example Corp",
        "Scheduling Batch Jobs at Scale  -  Jane  Doe, Example Corp",
    ] {
        let text = format!("我的参会笔记\n\n{line}{SESSION_BODY}");
        let note = parse_note("n", &text, FormatChoice::Auto);
        let h = headings(&note);
        assert_eq!(h.len(), 1, "{line:?}: {h:?}");
        assert_eq!(h[0].0, "Scheduling Batch Jobs at Scale", "{line:?}");
        assert_eq!(h[0].1.speaker.as_deref(), Some("Jane Doe"), "{line:?}");
        assert_eq!(h[0].1.org.as_deref(), Some("Example Corp"), "{line:?}");
        assert_sources_inside(&note.blocks, &text);

        let mut lib = Library::default();
        lib.add_note("n", &text, &AddOptions::default()).unwrap();
        assert_eq!(search_total(&lib, "speaker:\"Jane Doe\""), 1, "{line:?}");
    }
}

/// The heading keeps the title's original characters (rendering shows the original text);
/// only the recognition looks at the normalized line.
#[test]
fn speaker_line_heading_keeps_the_original_characters_of_its_title() {
    let text = format!("我的参会笔记\n\nＫｕｂｅ Scheduling at Scale\u{a0}-\u{a0}Jane Doe，Example Corp{SESSION_BODY}");
    let note = parse_note("n", &text, FormatChoice::Auto);
    let h = headings(&note);
    assert_eq!(h[0].0, "Ｋｕｂｅ Scheduling at Scale");
    assert_eq!(h[0].1.speaker.as_deref(), Some("Jane Doe"));
}

/// Chinese pages write `Speaker，Org` without a space; it splits as `Speaker, Org` does.
#[test]
fn chinese_speaker_line_with_a_full_width_comma_keeps_speaker_and_org() {
    let text = format!("我的参会笔记\n\n云原生存储实践 - 张三，示例公司{SESSION_BODY}");
    let note = parse_note("n", &text, FormatChoice::Auto);
    let h = headings(&note);
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].0, "云原生存储实践");
    assert_eq!(h[0].1.speaker.as_deref(), Some("张三"));
    assert_eq!(h[0].1.org.as_deref(), Some("示例公司"));
}

/// A full-width comma between Chinese clauses or list items is no speaker's comma: such a
/// line keeps its whole text and gets no speaker.
#[test]
fn chinese_clauses_with_a_dash_and_full_width_commas_are_not_a_speaker_line() {
    for line in [
        "大会的主题 - 调度，存储，网络和安全都有涉及",
        "我们聊了很多，收获很大 - 张三，示例公司",
    ] {
        let text = format!("我的参会笔记\n\n{line}\n正文。\n");
        let note = parse_note("n", &text, FormatChoice::Auto);
        for (heading, meta) in headings(&note) {
            assert_eq!(meta.speaker, None, "{line}: {heading}");
        }
    }
}

// ---- listing footers (repro: nbsp_listing.js) ----------------------------------------

/// Three entries in the shape of a scraped catalogue, footers written with `sp` for spaces and
/// `bar` for the bars.
fn listing(sp: &str, bar: &str) -> String {
    let footer = |count: u32, pages: u32, size: &str, age: &str| {
        format!("{count}{sp}码力{sp}{bar}{sp}{pages}{sp}页{sp}{bar}{sp}{size}{sp}{bar}{sp}{age}")
    };
    format!(
        "示例存储引擎 DemoKV 的设计与实践-王五Raft 日志复制 分层存储已经开源,以{}\n\
         示例公司 容器平台演进之路•从虚拟机到容器 一份 2023{}\n\
         云原生可观测性入门手册 介绍指标、日志和链路追踪的基本概念{}\n共 12 条\n- 1\n- 2\n",
        footer(0, 42, "3.10 MB", "2 年前3"),
        footer(0, 17, "1.25 MB", "8 月前1"),
        footer(1, 9, "512 KB", "3 天前"),
    )
}

#[test]
fn listing_footers_with_nbsp_ideographic_spaces_or_full_width_bars_still_split_entries() {
    for (name, text) in [
        ("ascii", listing(" ", "|")),
        ("nbsp", listing("\u{a0}", "|")),
        ("ideographic space", listing("\u{3000}", "|")),
        ("full-width bar", listing(" ", "｜")),
        ("nbsp and full-width bar", listing("\u{a0}", "｜")),
    ] {
        let note = parse_note("n", &text, FormatChoice::Auto);
        assert_eq!(note.format, Format::Listing, "{name}");
        let h = headings(&note);
        assert_eq!(h.len(), 3, "{name}: {h:?}");
        let pages: Vec<Option<u32>> = h.iter().map(|h| h.1.pages).collect();
        assert_eq!(pages, [Some(42), Some(17), Some(9)], "{name}");
        assert_eq!(h[0].1.size.as_deref(), Some("3.10 MB"), "{name}");
        assert_eq!(h[2].1.size.as_deref(), Some("512 KB"), "{name}");
        let all = common::all_text(&note);
        assert!(!all.contains("码力"), "{name}: {all}");
        assert!(!all.contains("共 12 条"), "{name}: {all}");
        // The year glued to the second footer's count stays in the text.
        assert!(all.contains("一份 2023"), "{name}: {all}");
        assert_sources_inside(&note.blocks, &text);

        let mut lib = Library::default();
        lib.add_note("n", &text, &AddOptions::default()).unwrap();
        assert_eq!(search_total(&lib, "码力"), 0, "{name}");
    }
}

// ---- fragments separated by blank lines (repro: blankline_join.js) -------------------

/// `text` with a blank line after every line, as some scrapers write every element.
fn double_spaced(text: &str) -> String {
    text.replace('\n', "\n\n")
}

#[test]
fn inline_code_fragments_separated_by_blank_lines_are_rejoined() {
    let single = "这也是一篇长文。\nSpeeding Up Container Image Pulls at Scale\n这个分享很硬核。\n借助 page_cache\n、dentry_cache\n加速元数据访问。\n还介绍了预热的做法。\n";
    for text in [single.to_string(), double_spaced(single)] {
        let note = parse_note("n", &text, FormatChoice::Auto);
        assert_eq!(
            heading_texts(&note),
            ["Speeding Up Container Image Pulls at Scale"],
            "{text:?}"
        );
        assert!(
            paragraphs(&note)
                .iter()
                .any(|p| p == "借助 page_cache、dentry_cache 加速元数据访问。"),
            "{:?}",
            paragraphs(&note)
        );
        assert_sources_inside(&note.blocks, &text);
    }
}

#[test]
fn a_lone_token_between_blank_lines_inside_a_chinese_sentence_is_rejoined() {
    let single = "前言\n本期周报内容如下,欢迎阅读。\nKubernetes 存储和调度\n新增加\nResumeToken\n机制。该机制能减少重连时的全量同步。\n社区在大规模场景中做了验证。\n";
    for text in [single.to_string(), double_spaced(single)] {
        let note = parse_note("n", &text, FormatChoice::Auto);
        assert_eq!(
            heading_texts(&note),
            ["前言", "Kubernetes 存储和调度"],
            "{text:?}"
        );
        assert!(
            paragraphs(&note)
                .iter()
                .any(|p| p.starts_with("新增加 ResumeToken 机制。")),
            "{:?}",
            paragraphs(&note)
        );
        let mut lib = Library::default();
        lib.add_note("n", &text, &AddOptions::default()).unwrap();
        let res = lib
            .search("ResumeToken 机制", &SearchOptions::default())
            .unwrap();
        assert_eq!(res.hits.len(), 1);
        assert_eq!(res.hits[0].heading, "Kubernetes 存储和调度");
    }
}

/// Blank lines still separate what is not a fragment: finished sentences, a heading and the
/// prose after it, a label and its list, a lone code token that a heading follows.
#[test]
fn blank_lines_still_separate_paragraphs_headings_and_lists() {
    let text = "前言\n\n第一段写完了。\n\n第二段也写完了。\n\n存储进展\n\n社区合入了新的快照功能。\n\n支持的后端:\n\n- etcd\n- Postgres\n";
    let note = parse_note("n", text, FormatChoice::Auto);
    assert_eq!(heading_texts(&note), ["前言", "存储进展"]);
    let p = paragraphs(&note);
    assert!(p.contains(&"第一段写完了。".to_string()), "{p:?}");
    assert!(p.contains(&"第二段也写完了。".to_string()), "{p:?}");
    assert!(p.contains(&"支持的后端:".to_string()), "{p:?}");

    let text = "正文说完了。\n\n部署了服务\n\nKubernetes\n\nNext Session Title Here\n\n正文。\n";
    let note = parse_note("n", text, FormatChoice::Auto);
    assert!(
        !paragraphs(&note)
            .iter()
            .any(|p| p.contains("部署了服务 Kubernetes")),
        "{:?}",
        paragraphs(&note)
    );
}

/// A line that ends in enumeration or clause punctuation cannot end a sentence: what follows
/// continues it, blank line or not.
#[test]
fn a_line_ending_in_clause_punctuation_continues_past_a_blank_line() {
    for sep in ["\n", "\n\n"] {
        let text = format!("正文说完了。\n\n我们对比了 etcd、{sep}Postgres 和 MySQL 三种后端。\n");
        let note = parse_note("n", &text, FormatChoice::Auto);
        assert!(
            paragraphs(&note)
                .iter()
                .any(|p| p == "我们对比了 etcd、Postgres 和 MySQL 三种后端。"),
            "{sep:?}: {:?}",
            paragraphs(&note)
        );
    }
}

// ---- front matter placement and line endings (repro: fm_leading.js) ------------------

const FRONT_MATTER: &str =
    "---\ntitle: 大会回顾\ntags: [云原生]\n---\n\n正文。\n\n## 第一场\n\n内容。\n";

#[test]
fn front_matter_after_blank_lines_or_a_bom_is_metadata() {
    for (name, text) in [
        ("plain", FRONT_MATTER.to_string()),
        ("leading newline", format!("\n{FRONT_MATTER}")),
        ("leading blank lines", format!("\n  \n\t\n{FRONT_MATTER}")),
        ("bom", format!("\u{feff}{FRONT_MATTER}")),
        ("bom and blank line", format!("\u{feff}\r\n{FRONT_MATTER}")),
    ] {
        let note = parse_note("n", &text, FormatChoice::Auto);
        assert_eq!(note.format, Format::Markdown, "{name}");
        assert_eq!(note.meta.title, "大会回顾", "{name}");
        assert_eq!(note.meta.tags, ["云原生"], "{name}");
        assert_eq!(heading_texts(&note), ["第一场"], "{name}");
        assert!(
            !note
                .blocks
                .iter()
                .any(|b| matches!(b.kind, BlockKind::Rule)),
            "{name}"
        );
        assert_sources_inside(&note.blocks, &text);
    }
}

#[test]
fn cr_only_and_crlf_line_endings_read_like_lf() {
    for (name, text) in [
        ("crlf", FRONT_MATTER.replace('\n', "\r\n")),
        ("cr", FRONT_MATTER.replace('\n', "\r")),
        (
            "cr after a blank line",
            format!("\r{}", FRONT_MATTER.replace('\n', "\r")),
        ),
    ] {
        let note = parse_note("n", &text, FormatChoice::Auto);
        assert_eq!(note.format, Format::Markdown, "{name}");
        assert_eq!(note.meta.title, "大会回顾", "{name}");
        assert_eq!(note.meta.tags, ["云原生"], "{name}");
        assert_eq!(heading_texts(&note), ["第一场"], "{name}");
        assert_sources_inside(&note.blocks, &text);
    }
    // Detection reads lines the same way: Markdown markers on CR-only lines count.
    let text = "前言\r\r## 第一场\r\r内容。\r\r## 第二场\r\r更多内容。\r";
    let note = parse_note("n", text, FormatChoice::Auto);
    assert_eq!(note.format, Format::Markdown);
    assert_eq!(heading_texts(&note), ["第一场", "第二场"]);
}

// ---- byte order mark (repro: bom_listing.js) -----------------------------------------

#[test]
fn a_leading_bom_is_not_part_of_the_first_heading_in_any_format() {
    for (name, text, format) in [
        (
            "listing",
            format!("\u{feff}{}", listing(" ", "|")),
            Format::Listing,
        ),
        (
            "text",
            format!(
                "\u{feff}Scheduling Batch Jobs at Scale - Jane Doe, Example Corp{SESSION_BODY}"
            ),
            Format::Text,
        ),
        (
            "markdown",
            "\u{feff}## 第一场\n\n内容。\n\n## 第二场\n\n更多。\n".to_string(),
            Format::Markdown,
        ),
    ] {
        let note = parse_note("n", &text, FormatChoice::Auto);
        assert_eq!(note.format, format, "{name}");
        let h = heading_texts(&note);
        assert!(!h.is_empty(), "{name}");
        assert!(!h[0].contains('\u{feff}'), "{name}: {:?}", h[0]);
        assert!(!note.meta.title.contains('\u{feff}'), "{name}");
        assert_sources_inside(&note.blocks, &text);
        // Sources still point into the note as given, BOM included.
        assert!(note.blocks[0].source.start >= 3, "{name}");

        let mut lib = Library::default();
        lib.add_note("n", &text, &AddOptions::default()).unwrap();
        let page = lib.render("n").unwrap();
        assert!(!page.html.contains('\u{feff}'), "{name}: {}", page.html);
    }
}
