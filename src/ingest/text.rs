//! Plain-text notes: structure inferred line by line.
//!
//! Scraped recaps have no markup, only the shapes lines take: a session title is a bare line
//! of English words, a section name is a short Chinese line, prose ends in `。`, list items
//! start with a bullet (the single-line predicates are in [`super::shapes`]). The pipeline is:
//!
//! 1. [`super::repair`] drops page furniture and rejoins lines the scraper split apart;
//! 2. [`classify`] gives each logical line a role, looking only at the line and its
//!    neighbours (see the rules on [`Role`]). It reads each line NFKC-normalized with its
//!    whitespace collapsed, as the index does: scraped Chinese pages write the same shapes
//!    with NBSP, ideographic spaces and full-width punctuation. Blocks keep the original
//!    characters, so a range found in the normalized line is mapped back;
//! 3. [`emit`] groups the roles into blocks: runs of items into (nested) lists, a label and
//!    the bare URLs after it into a label paragraph and a list of links.
//!
//! Levels cannot be read from plain text (a short line followed by another heading may be a
//! parent, or an empty section; nothing says where the parent ends), so every inferred
//! heading is level 2 and the note title, when the first line is one, is the level above.

use std::ops::Range;

use super::lines::starts_with_url;
use super::linkify::inlines;
use super::repair::{repair, Line};
use super::sessions::mark_sessions;
use super::shapes::{
    bullet, heading_candidate, is_label, is_run_member, is_short_cjk_heading,
    is_short_latin_heading, is_title, speaker_line,
};
use super::Parsed;
use crate::model::{Block, BlockKind, Inline, ListItem, SectionMeta};
use crate::normalize::{nfkc_line, nfkc_line_mapped};

/// Lists nested deeper than this are flattened into the deepest level: ten thousand lines of
/// growing indentation must not build ten thousand nested blocks.
const MAX_LIST_DEPTH: usize = 8;

/// Parses a plain-text `body` whose first byte is at `base` in the original note.
pub fn parse(body: &str, base: usize) -> Parsed {
    let lines = repair(body);
    let roles = classify(&lines);
    let title = lines
        .first()
        .filter(|_| roles.first() == Some(&Role::Title))
        .map(|l| l.text.clone());
    let mut blocks = emit(&lines, &roles, base);
    // Session lines were split by `classify`; a speaker line under a heading is read from the
    // blocks, as in Markdown, so that a plain-text note and its `toMarkdown` export agree.
    mark_sessions(&mut blocks, false);
    Parsed {
        blocks,
        title,
        more_at: None,
    }
}

/// What a logical line is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    /// The first line, when short, unpunctuated and not itself a section: the note's title.
    Title,
    /// A section heading (always level 2, see the module docs).
    Heading(SectionMeta, Range<usize>),
    /// A bulleted or numbered item at `indent`; the text starts at byte `at`.
    Item {
        indent: usize,
        start: Option<u64>,
        at: usize,
    },
    /// One of three or more consecutive short unpunctuated lines: a list without bullets.
    RunItem,
    /// A line ending in `:`, introducing what follows.
    Label,
    /// A line that is only a URL.
    Url,
    Prose,
}

fn classify(lines: &[Line]) -> Vec<Role> {
    let norm: Vec<String> = lines.iter().map(|l| nfkc_line(&l.text)).collect();
    let mut roles = vec![Role::Prose; lines.len()];
    let first_content = usize::from(norm.first().is_some_and(|l| is_title(l)));
    if first_content == 1 {
        roles[0] = Role::Title;
    }

    // Runs of three or more short lines are lists; checked before headings because every
    // line of `Long-running jobs` / `Database migrations` / … would pass for a heading.
    let mut in_run = vec![false; lines.len()];
    let mut i = first_content;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && is_run_member(&norm[j]) && (j == i || !lines[j].gap_before) {
            j += 1;
        }
        if j == i {
            i += 1;
            continue;
        }
        for seg in split_run(&norm, i..j) {
            if seg.len() >= 3 {
                for k in seg {
                    in_run[k] = true;
                    roles[k] = Role::RunItem;
                }
            }
        }
        i = j;
    }

    for (k, line) in lines.iter().enumerate().skip(first_content) {
        if in_run[k] {
            continue;
        }
        let s = norm[k].as_str();
        roles[k] = if let Some((number, at)) = item_start(&line.text, s) {
            Role::Item {
                indent: line.indent,
                start: number,
                at,
            }
        } else if starts_with_url(s) && !s.contains(char::is_whitespace) {
            Role::Url
        } else if is_label(s) {
            Role::Label
        } else if k + 1 < lines.len() && heading_candidate(s) {
            heading_role(&line.text, s)
        } else {
            Role::Prose
        };
    }
    roles
}

/// A run of short lines holds a section name followed by its list (`前期周报回顾` / `… Vol. 8 |
/// …` / …): split the run at a short Chinese heading that is followed by at least two lines
/// that are not such headings, unless the line before it is one too (then they are all items).
fn split_run(norm: &[String], run: Range<usize>) -> Vec<Range<usize>> {
    let cand: Vec<bool> = run
        .clone()
        .map(|k| is_short_cjk_heading(&norm[k]) || is_short_latin_heading(&norm[k]))
        .collect();
    let mut out = Vec::new();
    let mut from = run.start;
    for (off, k) in run.clone().enumerate() {
        let splits = cand[off]
            && (off == 0 || !cand[off - 1])
            && cand.get(off + 1) == Some(&false)
            && cand.get(off + 2) == Some(&false);
        if splits {
            out.push(from..k);
            out.push(k..k + 1);
            from = k + 1;
        }
    }
    out.push(from..run.end);
    // The heading pieces are length one, so they fall back to line-by-line roles.
    out.into_iter().filter(|r| !r.is_empty()).collect()
}

/// The list marker of a line, as (number, byte offset of the item text in `text`). The
/// original line is asked first: NFKC turns `①` into `1`, which is no marker. Then its
/// normalized form `norm`, for full-width markers (`－ `, `１．`).
fn item_start(text: &str, norm: &str) -> Option<(Option<u64>, usize)> {
    if let Some(b) = bullet(text) {
        return Some((b.number, b.at));
    }
    let b = bullet(norm)?;
    let mapped = nfkc_line_mapped(text);
    let at = mapped.original(b.at..b.at + 1).start;
    (mapped.text == norm && at < text.len()).then_some((b.number, at))
}

/// A heading's role. `norm` is the normalized `text`; a speaker line's title is cut from
/// `text`, so that the heading shows what the note says.
fn heading_role(text: &str, norm: &str) -> Role {
    let whole = || Role::Heading(SectionMeta::default(), 0..text.len());
    let Some((title, speaker, org)) = speaker_line(norm) else {
        return whole();
    };
    let off = title.as_ptr() as usize - norm.as_ptr() as usize;
    let mapped = nfkc_line_mapped(text);
    if mapped.text != norm {
        return whole();
    }
    Role::Heading(
        SectionMeta {
            speaker: Some(speaker.to_string()),
            org: Some(org.to_string()),
            ..SectionMeta::default()
        },
        mapped.original(off..off + title.len()),
    )
}

fn emit(lines: &[Line], roles: &[Role], base: usize) -> Vec<Block> {
    let src = |l: &Line| base + l.src.start..base + l.src.end;
    // Blank lines separate paragraphs in some notes; there, consecutive prose lines are one
    // hard-wrapped paragraph. In notes without blank lines every line is a paragraph.
    let gaps = lines.iter().filter(|l| l.gap_before).count();
    let blank_separated = gaps * 3 >= lines.len() && gaps > 0;

    let mut blocks = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let line = &lines[k];
        match &roles[k] {
            Role::Title => k += 1,
            Role::Heading(meta, title) => {
                blocks.push(Block::new(
                    BlockKind::Heading {
                        level: 2,
                        content: vec![Inline::Text(line.text[title.clone()].to_string())],
                        meta: meta.clone(),
                        id: None,
                    },
                    src(line),
                ));
                k += 1;
            }
            Role::Item { .. } => {
                let end = (k..lines.len())
                    .find(|&j| !matches!(roles[j], Role::Item { .. }))
                    .unwrap_or(lines.len());
                blocks.push(nested_list(&lines[k..end], &roles[k..end], base));
                k = end;
            }
            Role::RunItem | Role::Url => {
                let role = roles[k].clone();
                let end = (k..lines.len())
                    .find(|&j| {
                        roles[j] != role || (j > k && lines[j].gap_before && role == Role::RunItem)
                    })
                    .unwrap_or(lines.len());
                let after_label = k > 0 && roles[k - 1] == Role::Label;
                if role == Role::Url && end - k == 1 && !after_label {
                    blocks.push(Block::new(
                        BlockKind::Paragraph(inlines(&line.text)),
                        src(line),
                    ));
                } else {
                    blocks.push(flat_list(&lines[k..end], base));
                }
                k = end;
            }
            Role::Label | Role::Prose => {
                let mut content = inlines(&line.text);
                let mut range = src(line);
                k += 1;
                while blank_separated
                    && k < lines.len()
                    && roles[k] == Role::Prose
                    && !lines[k].gap_before
                {
                    content.push(Inline::SoftBreak);
                    content.extend(inlines(&lines[k].text));
                    range.end = base + lines[k].src.end;
                    k += 1;
                }
                blocks.push(Block::new(BlockKind::Paragraph(content), range));
            }
        }
    }
    blocks
}

fn item_of(text: &str, range: Range<usize>) -> ListItem {
    ListItem {
        checked: None,
        blocks: vec![Block::new(BlockKind::Paragraph(inlines(text)), range)],
    }
}

/// One item per line, no markers to strip (bullet-less runs and bare URLs).
fn flat_list(lines: &[Line], base: usize) -> Block {
    let items = lines
        .iter()
        .map(|l| item_of(&l.text, base + l.src.start..base + l.src.end))
        .collect();
    let range = base + lines[0].src.start..base + lines[lines.len() - 1].src.end;
    let list = BlockKind::List {
        start: None,
        items,
        loose: false,
    };
    Block::new(list, range)
}

/// One open list level while nesting by indentation.
struct Level {
    indent: usize,
    start: Option<u64>,
    items: Vec<ListItem>,
    range: Range<usize>,
}

impl Level {
    fn into_block(self) -> Block {
        Block::new(
            BlockKind::List {
                start: self.start,
                items: self.items,
                loose: false,
            },
            self.range,
        )
    }
}

/// Bulleted lines nested by indentation: deeper than the open level opens a child list under
/// the last item, shallower closes levels until one fits.
fn nested_list(lines: &[Line], roles: &[Role], base: usize) -> Block {
    fn close(stack: &mut Vec<Level>) {
        if let Some(done) = stack.pop() {
            let parent = stack.last_mut().expect("only non-root levels are closed");
            parent.range.end = parent.range.end.max(done.range.end);
            if let Some(item) = parent.items.last_mut() {
                item.blocks.push(done.into_block());
            }
        }
    }
    let mut stack: Vec<Level> = Vec::new();
    for (line, role) in lines.iter().zip(roles) {
        let Role::Item { indent, start, at } = *role else {
            continue;
        };
        let range = base + line.src.start..base + line.src.end;
        while stack.len() > 1 && indent < stack.last().map_or(0, |l| l.indent) {
            close(&mut stack);
        }
        let deeper = stack
            .last()
            .is_some_and(|l| indent > l.indent && !l.items.is_empty());
        if stack.is_empty() || deeper && stack.len() < MAX_LIST_DEPTH {
            stack.push(Level {
                indent,
                start,
                items: Vec::new(),
                range: range.clone(),
            });
        }
        let level = stack.last_mut().expect("a level is open");
        level.range.end = range.end;
        level.items.push(item_of(&line.text[at..], range));
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().expect("at least one item").into_block()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading_texts(body: &str) -> Vec<String> {
        parse(body, 0).headings().into_iter().map(|h| h.0).collect()
    }

    #[test]
    fn session_titles_followed_by_prose_are_headings() {
        let body = "这也是一篇长文。\nBuild a Large Scale System Based on Tekton\n原子能力非常优秀了。\nBPF Introduction, Programming Tips and Tricks\n科普型 Session。\n小总结\n所有视频均可观看。";
        assert_eq!(
            heading_texts(body),
            [
                "Build a Large Scale System Based on Tekton",
                "BPF Introduction, Programming Tips and Tricks",
                "小总结"
            ]
        );
    }

    #[test]
    fn a_line_with_a_link_or_a_clause_is_not_a_heading() {
        let body = "正文。\nPacket, Where are you: https://www.youtube.com/watch?v=x\nDRBD 是老技术了,还能接着用\n正文。";
        assert!(heading_texts(body).is_empty());
    }

    #[test]
    fn the_last_line_is_not_a_heading() {
        assert!(heading_texts("正文。\n其他的简介").is_empty());
    }

    #[test]
    fn speaker_lines_keep_speaker_and_org() {
        let body = "Everything You Ever Wanted to Know About Resource Scheduling, But Were Afraid to Ask - Tim Hockin, Google\n\n正文。";
        let p = parse(body, 0);
        let h = p.headings();
        assert_eq!(
            h[0].0,
            "Everything You Ever Wanted to Know About Resource Scheduling, But Were Afraid to Ask"
        );
        assert_eq!(h[0].1.speaker.as_deref(), Some("Tim Hockin"));
        assert_eq!(h[0].1.org.as_deref(), Some("Google"));
    }

    /// Repro `nbsp_speaker.js`: shapes are recognised on the normalized line, and the blocks
    /// keep the note's own characters.
    #[test]
    fn shapes_are_read_normalized_and_blocks_keep_the_original_text() {
        let body = "正文。\nＫｕｂｅ Scheduling\u{3000}-\u{3000}Jane Doe，Example Corp\n正文。\n－ 第一项\n－ 第二项\n";
        let p = parse(body, 0);
        let h = p.headings();
        assert_eq!(h[0].0, "Ｋｕｂｅ Scheduling");
        assert_eq!(h[0].1.speaker.as_deref(), Some("Jane Doe"));
        assert_eq!(h[0].1.org.as_deref(), Some("Example Corp"));
        let Some(BlockKind::List { items, .. }) = p.blocks.last().map(|b| &b.kind) else {
            panic!("expected a list, got {:?}", p.blocks.last());
        };
        let texts: Vec<String> = items
            .iter()
            .map(|i| match &i.blocks[0].kind {
                BlockKind::Paragraph(c) => Inline::text_of(c),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, ["第一项", "第二项"]);
    }

    #[test]
    fn first_short_line_is_the_title() {
        let p = parse("KubeCon/CloudNativeCon 2016见闻\n\n题记:正文。", 0);
        assert_eq!(p.title.as_deref(), Some("KubeCon/CloudNativeCon 2016见闻"));
        assert_eq!(p.blocks.len(), 1);
        // A generic section name opens the body instead.
        let p = parse("前言\n正文。", 0);
        assert_eq!(p.title, None);
        assert_eq!(heading_texts("前言\n正文。"), ["前言"]);
        // Prose is not a title.
        assert_eq!(parse("这也是一篇长文。\n正文。", 0).title, None);
    }

    #[test]
    fn three_short_lines_are_a_list() {
        let body = "正文。\nLong-running jobs\nDatabase migrations\nBatch processing (e.g. data transformation)\nFan-out workloads\n正文。";
        let p = parse(body, 0);
        assert!(heading_texts(body).is_empty());
        match &p.blocks[1].kind {
            BlockKind::List { items, .. } => assert_eq!(items.len(), 4),
            other => panic!("expected a list, got {other:?}"),
        }
    }

    #[test]
    fn a_section_name_before_a_run_is_a_heading() {
        let body = "正文。\n本周作者:甲、乙\n责任编辑:丙、丁\n前期周报回顾\n周报 Vol. 8 | 甲\n周报 Vol. 7 | 乙\n周报 Vol. 6:丙";
        assert_eq!(heading_texts(body), ["前期周报回顾"]);
    }

    #[test]
    fn label_and_bare_urls_make_a_list_of_links() {
        let body = "参考链接:\nhttps://a.b/1\nhttps://a.b/2\n正文。";
        let p = parse(body, 10);
        assert!(matches!(p.blocks[0].kind, BlockKind::Paragraph(_)));
        match &p.blocks[1].kind {
            BlockKind::List { items, .. } => {
                assert_eq!(items.len(), 2);
                assert!(matches!(
                    &items[0].blocks[0].kind,
                    BlockKind::Paragraph(c) if matches!(c[0], Inline::Link { .. })
                ));
            }
            other => panic!("expected a list, got {other:?}"),
        }
        assert_eq!(p.blocks[1].source, 10 + 14..10 + 41);
    }

    #[test]
    fn bullets_nest_by_indentation() {
        let body = "  • A\n    • a1\n    • a2\n  • B\n    • b1\n  • C";
        let p = parse(body, 0);
        assert_eq!(p.blocks.len(), 1);
        let BlockKind::List { items, .. } = &p.blocks[0].kind else {
            panic!("expected a list");
        };
        assert_eq!(items.len(), 3);
        let BlockKind::List { items: sub, .. } = &items[0].blocks[1].kind else {
            panic!("expected a nested list");
        };
        assert_eq!(sub.len(), 2);
    }

    #[test]
    fn sources_point_into_the_note() {
        let body = "标题行文字\n\n正文第一段。\n- 项目\n";
        let p = parse(body, 7);
        for b in &p.blocks {
            let s = &format!("{:7}{body}", "")[b.source.clone()];
            assert!(!s.trim().is_empty());
        }
        assert_eq!(p.blocks[0].source, 7 + 17..7 + 35);
    }

    #[test]
    fn pathological_inputs_are_bounded() {
        let long = "字".repeat(350_000);
        let p = parse(&long, 0);
        assert_eq!(p.blocks.len(), 1);

        let nul = "a\0b\n\0\n- \0\nTitle Of Three Words\n\0。";
        let _ = parse(nul, 0);

        let nested: String = (0..10_000)
            .map(|i| format!("{}- - - - -\n", " ".repeat(i % 200)))
            .collect();
        let p = parse(&nested, 0);
        assert_eq!(p.blocks.len(), 1);

        let cr = "标题\r正文。\r\r- 项\r";
        let p = parse(cr, 0);
        assert_eq!(p.blocks.len(), 2);

        let words = "word ".repeat(200_000);
        let _ = parse(&words, 0);
        let urls = "https://a.b/()))))".repeat(50_000);
        let _ = parse(&urls, 0);
    }

    /// Fragments that exercise every rule: bullets, furniture, joins, footers, URLs.
    #[cfg(not(target_arch = "wasm32"))]
    const FRAGMENTS: &[&str] = &[
        "\n",
        "\r",
        "\r\n",
        "\n\n",
        "  ",
        "\t",
        "\u{0}",
        "- ",
        "• ",
        "1. ",
        "①",
        "、",
        "。",
        ":",
        "通过 fuse_conn",
        "WatchBookmark",
        "bootkube-1",
        "1 2",
        "评论",
        "共 37 条",
        "Build a Large Scale System",
        " - Tim Hockin, Google",
        "https://a.b/(c)",
        "字",
        "0 码力 | 60 页 | 8.02 MB | 1 年前3",
        "20220 码力 | 4",
        "⾸云",
        "e\u{301}",
        "(",
    ];

    #[cfg(not(target_arch = "wasm32"))]
    fn check_sources(blocks: &[Block], note: &str, base: usize) {
        for b in blocks {
            assert!(
                b.source.start >= base && b.source.end <= note.len(),
                "{b:?}"
            );
            assert!(b.source.start <= b.source.end);
            assert!(note.is_char_boundary(b.source.start) && note.is_char_boundary(b.source.end));
            if let BlockKind::List { items, .. } = &b.kind {
                for item in items {
                    check_sources(&item.blocks, note, base);
                }
            }
        }
    }

    // proptest is a native-only dev-dependency (its RNG does not build for wasm32).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_text_parses_with_sources_inside_the_note(
            parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..80)
        ) {
            let body: String = parts.concat();
            let note = format!("pre{body}");
            let p = parse(&body, 3);
            check_sources(&p.blocks, &note, 3);
            let l = super::super::listing::parse(&body, 3);
            check_sources(&l.blocks, &note, 3);
        }
    }
}
