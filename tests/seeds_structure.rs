//! Structure of the seed recaps (`../shared/corpus/seeds/`), as `../shared/spec/seeds.md`
//! describes it for the plain-text seeds `000`, `002`, `003` and the listing `004`.
//!
//! The seeds are real notes kept outside the crate; every test skips with a message when they
//! are absent. Expectations about search live with the search tests.

mod common;

use std::fs;
use std::path::Path;

use recapdex::ingest::{parse_note, FormatChoice};
use recapdex::model::{Block, BlockKind, Format, Inline, Note};
use recapdex::outline::{outline, Section};

const SPEC: &str = "../shared/spec/seeds.md";

/// The seed whose file name starts with `prefix`, parsed with format detection.
fn seed(prefix: &str) -> Option<Note> {
    let text = common::seed_text(prefix)?;
    Some(parse_note(prefix, &text, FormatChoice::Auto))
}

fn headings(note: &Note) -> Vec<(u8, String)> {
    note.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { level, content, .. } => Some((*level, Inline::text_of(content))),
            _ => None,
        })
        .collect()
}

fn heading_texts(note: &Note) -> Vec<String> {
    headings(note).into_iter().map(|h| h.1).collect()
}

/// Every block, depth first (list items and quotes included).
fn all_blocks(blocks: &[Block]) -> Vec<&Block> {
    let mut out = Vec::new();
    for b in blocks {
        out.push(b);
        match &b.kind {
            BlockKind::List { items, .. } => {
                for item in items {
                    out.extend(all_blocks(&item.blocks));
                }
            }
            BlockKind::Quote(inner) | BlockKind::FootnoteDef { blocks: inner, .. } => {
                out.extend(all_blocks(inner))
            }
            _ => {}
        }
    }
    out
}

fn paragraphs(note: &Note) -> Vec<(String, &[Inline])> {
    all_blocks(&note.blocks)
        .into_iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph(c) => Some((Inline::text_of(c), c.as_slice())),
            _ => None,
        })
        .collect()
}

fn list_items(block: &Block) -> Vec<String> {
    match &block.kind {
        BlockKind::List { items, .. } => items
            .iter()
            .map(|i| match i.blocks.first().map(|b| &b.kind) {
                Some(BlockKind::Paragraph(c)) => Inline::text_of(c),
                _ => String::new(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn is_link(inline: &Inline) -> bool {
    matches!(inline, Inline::Link { .. })
}

fn section_with<'o>(sections: &'o [Section], note: &Note, needle: &str) -> Option<&'o Section> {
    sections
        .iter()
        .find(|s| s.heading.contains(needle) || s.body_text(note).contains(needle))
}

// ---- 000: plain-text conference recap -------------------------------------------------

/// The 23 session titles of `000`, read from the spec so the list lives in one place.
fn spec_sessions_000() -> Option<Vec<String>> {
    let Ok(spec) = fs::read_to_string(SPEC) else {
        eprintln!("skipping: spec {SPEC} is absent");
        return None;
    };
    let from = spec.find("in this order:")? + "in this order:".len();
    let mut joined = String::new();
    for line in spec[from..].lines().skip(1) {
        if line.trim_start().starts_with("- ") {
            break;
        }
        joined.push(' ');
        joined.push_str(line.trim());
    }
    Some(joined.split(" · ").map(|s| s.trim().to_string()).collect())
}

#[test]
fn seed_000_is_detected_as_plain_text() {
    let Some(note) = seed("000") else { return };
    assert_eq!(note.format, Format::Text);
}

#[test]
fn seed_000_has_its_23_sessions_and_the_closing_section_as_level_2_headings_in_order() {
    let Some(note) = seed("000") else { return };
    let got = headings(&note);
    assert!(got.iter().all(|(level, _)| *level == 2), "{got:?}");
    let got: Vec<String> = got.into_iter().map(|h| h.1).collect();
    assert_eq!(got.len(), 24, "{got:#?}");
    assert_eq!(
        got[0],
        "Build a Large Scale Cloud Native CI/CD System Based on Tekton"
    );
    assert_eq!(got[12], "BPF Introduction, Programming Tips and Tricks");
    assert_eq!(got[23], "小总结");
    if Path::new(SPEC).exists() {
        let mut want = spec_sessions_000().expect("the spec lists the sessions");
        assert_eq!(want.len(), 23, "{want:#?}");
        want.push("小总结".to_string());
        assert_eq!(got, want);
    }
}

#[test]
fn seed_000_links_list_items_urls_and_sentences_are_not_headings() {
    let Some(note) = seed("000") else { return };
    for h in heading_texts(&note) {
        assert!(!h.contains("://"), "{h}");
        assert!(!h.starts_with("- "), "{h}");
        assert!(!h.ends_with('。'), "{h}");
    }
    let packet = paragraphs(&note)
        .into_iter()
        .find(|(t, _)| t.starts_with("Packet, Where are you"))
        .expect("the line with a link is a paragraph");
    assert!(packet.1.iter().any(is_link));
}

#[test]
fn seed_000_split_inline_code_is_rejoined_into_one_paragraph() {
    let Some(note) = seed("000") else { return };
    let texts: Vec<String> = paragraphs(&note).into_iter().map(|p| p.0).collect();
    assert!(
        texts
            .iter()
            .any(|t| t == "通过 fuse_conn、fuse_dev 实现 failover。"),
        "{texts:#?}"
    );
    assert!(!texts.iter().any(|t| t.starts_with('、')));
    let out = outline(&note);
    let fuse = section_with(&out.sections, &note, "fuse_conn、fuse_dev").expect("a section");
    assert!(fuse.heading.starts_with("Improve FUSE"), "{}", fuse.heading);
}

#[test]
fn seed_000_bare_urls_become_links() {
    let Some(note) = seed("000") else { return };
    let link_only: Vec<String> = paragraphs(&note)
        .into_iter()
        .filter(|(_, c)| c.len() == 1 && is_link(&c[0]))
        .map(|p| p.0)
        .collect();
    assert!(link_only
        .iter()
        .any(|t| t.contains("github.com/bfenetworks/dashboard")));
    assert!(link_only.iter().any(|t| t.contains("youtube.com/playlist")));
    // No URL is left as plain text.
    for (_, content) in paragraphs(&note) {
        for inline in content {
            if let Inline::Text(t) = inline {
                assert!(!t.contains("https://"), "{t}");
            }
        }
    }
}

// ---- 002: weekly newsletter ----------------------------------------------------------

#[test]
fn seed_002_short_lines_followed_by_prose_are_headings() {
    let Some(note) = seed("002") else { return };
    assert_eq!(note.format, Format::Text);
    assert_eq!(
        heading_texts(&note),
        [
            "前言",
            "业界要闻",
            "上游重要进展",
            "Kubernetes 项目性能提升",
            "Kubernetes 可靠性和稳定性",
            "Knative 项目",
            "本周阅读推荐",
            "前期周报回顾"
        ]
    );
}

#[test]
fn seed_002_scraped_fragment_is_one_paragraph_and_not_a_heading() {
    let Some(note) = seed("002") else { return };
    assert!(paragraphs(&note)
        .iter()
        .any(|(t, _)| t.starts_with("新引入 WatchBookmark 特性。该特性能")));
    assert!(!heading_texts(&note).iter().any(|h| h == "新引入"));
    let out = outline(&note);
    let s = section_with(&out.sections, &note, "WatchBookmark 特性").expect("a section");
    assert_eq!(s.heading, "Kubernetes 可靠性和稳定性");
}

#[test]
fn seed_002_run_of_seven_short_lines_is_a_list() {
    let Some(note) = seed("002") else { return };
    let list = all_blocks(&note.blocks)
        .into_iter()
        .map(list_items)
        .find(|items| items.first().is_some_and(|i| i == "Long-running jobs"))
        .expect("a list starting with the first short line");
    assert_eq!(list.len(), 7, "{list:#?}");
    assert_eq!(list[6], "Fan-out workloads");
    assert!(!heading_texts(&note)
        .iter()
        .any(|h| h == "Long-running jobs"));
}

#[test]
fn seed_002_label_with_bare_urls_is_a_list_of_links() {
    let Some(note) = seed("002") else { return };
    let at = note
        .blocks
        .iter()
        .position(
            |b| matches!(&b.kind, BlockKind::Paragraph(c) if Inline::text_of(c) == "参考链接:"),
        )
        .expect("the label is a paragraph");
    let BlockKind::List { items, .. } = &note.blocks[at + 1].kind else {
        panic!("a list follows the label: {:?}", note.blocks[at + 1]);
    };
    assert_eq!(items.len(), 4);
    for item in items {
        let BlockKind::Paragraph(c) = &item.blocks[0].kind else {
            panic!("item is a paragraph");
        };
        assert!(c.len() == 1 && is_link(&c[0]), "{c:?}");
    }
}

#[test]
fn seed_002_trailing_comments_furniture_is_dropped() {
    let Some(note) = seed("002") else { return };
    let text = common::all_text(&note);
    assert!(!text.lines().any(|l| l.trim() == "评论"), "{text}");
    assert!(text.trim_end().ends_with("一目了然"));
}

// ---- 003: plain-text recap with bullets and speakers ---------------------------------

#[test]
fn seed_003_first_line_is_the_title() {
    let Some(note) = seed("003") else { return };
    assert_eq!(note.format, Format::Text);
    assert_eq!(note.meta.title, "KubeCon/CloudNativeCon 2016见闻");
    assert!(!common::all_text(&note).contains("2016见闻"));
}

#[test]
fn seed_003_speaker_sessions_keep_speaker_and_org() {
    let Some(note) = seed("003") else { return };
    let out = outline(&note);
    let sessions: Vec<(&str, &str, &str)> = out
        .sections
        .iter()
        .filter_map(|s| {
            Some((
                s.heading.as_str(),
                s.meta.speaker.as_deref()?,
                s.meta.org.as_deref()?,
            ))
        })
        .collect();
    assert_eq!(sessions.len(), 5, "{sessions:#?}");
    assert_eq!(
        sessions[0],
        ("Compiling to Containers", "Brendan Burns", "Microsoft")
    );
    assert!(sessions.contains(&(
        "Everything You Ever Wanted to Know About Resource Scheduling, But Were Afraid to Ask",
        "Tim Hockin",
        "Google"
    )));
    assert!(out.sections.iter().all(|s| s.level <= 2));
}

#[test]
fn seed_003_bullets_are_lists_nested_by_indentation() {
    let Some(note) = seed("003") else { return };
    let f2f = note
        .blocks
        .iter()
        .find(|b| {
            list_items(b)
                .first()
                .is_some_and(|i| i.starts_with("Performance-Sensitive"))
        })
        .expect("the Sig-node F2F list");
    let BlockKind::List { items, .. } = &f2f.kind else {
        unreachable!()
    };
    let nested: Vec<usize> = items
        .iter()
        .filter_map(|i| i.blocks.get(1))
        .map(|b| list_items(b).len())
        .collect();
    assert_eq!(nested.len(), 3, "three top items have sub-items");
    assert!(nested.iter().all(|&n| n >= 1));
    // The sub-items are not at the top level.
    assert!(!list_items(f2f).iter().any(|i| i == "per-pod cgroups"));
    assert!(heading_texts(&note).iter().all(|h| !h.starts_with('•')));
}

#[test]
fn seed_003_image_placeholders_and_page_furniture_are_dropped() {
    let Some(note) = seed("003") else { return };
    let text = common::all_text(&note);
    for gone in ["1 2", "3", "bootkube-1", "bootkube-2", "Related Articles"] {
        assert!(
            !text.lines().any(|l| l.trim() == gone),
            "{gone:?} left in {text}"
        );
    }
    assert!(!text.contains("Disqus"));
}

// ---- 004: scraped document listing ---------------------------------------------------

#[test]
fn seed_004_is_detected_as_a_listing() {
    let Some(note) = seed("004") else { return };
    assert_eq!(note.format, Format::Listing);
}

#[test]
fn seed_004_has_ten_sections_with_pages_and_size() {
    let Some(note) = seed("004") else { return };
    let out = outline(&note);
    let entries: Vec<&Section> = out.sections.iter().filter(|s| s.level == 2).collect();
    assert_eq!(entries.len(), 10, "{:#?}", heading_texts(&note));
    assert!(entries
        .iter()
        .all(|s| s.meta.pages.is_some() && s.meta.size.is_some()));
    assert_eq!(entries[0].meta.pages, Some(60));
    assert_eq!(entries[0].meta.size.as_deref(), Some("8.02 MB"));
    assert!(entries.iter().all(|s| s.heading.chars().count() <= 40));
}

#[test]
fn seed_004_footers_and_pager_are_dropped() {
    let Some(note) = seed("004") else { return };
    let text = common::all_text(&note);
    assert!(!text.contains("码力"), "{text}");
    assert!(!text.contains(" 页 | "));
    assert!(!text.contains("共 37 条"));
    assert!(!text.lines().any(|l| l.trim().starts_with("- ")));
}

#[test]
fn seed_004_entry_text_lands_in_its_own_section() {
    let Some(note) = seed("004") else { return };
    let out = outline(&note);
    let entries: Vec<&Section> = out.sections.iter().filter(|s| s.level == 2).collect();
    let first = format!("{}\n{}", entries[0].heading, entries[0].body_text(&note));
    assert!(first.contains("KubeBrain"));
    let ali = entries
        .iter()
        .find(|s| s.heading.contains("阿里巴巴 K8S 超大规模实践经验"))
        .expect("the Alibaba entry has its own section");
    assert!(format!("{}{}", ali.heading, ali.body_text(&note)).contains("超大规模实践"));
    // Kangxi radicals stay in the original text; normalization happens at indexing.
    assert!(common::all_text(&note).contains('⾸'));
}
