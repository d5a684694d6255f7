//! Plain-text notes: structure inferred line by line.
//!
//! Scraped recaps have no markup, only the shapes lines take: a session title is a bare line
//! of English words, a section name is a short Chinese line, prose ends in `。`, list items
//! start with a bullet. The pipeline is:
//!
//! 1. [`super::repair`] drops page furniture and rejoins lines the scraper split apart;
//! 2. [`classify`] gives each logical line a role, looking only at the line and its
//!    neighbours (see the rules on [`Role`]);
//! 3. [`emit`] groups the roles into blocks: runs of items into (nested) lists, a label and
//!    the bare URLs after it into a label paragraph and a list of links.
//!
//! Levels cannot be read from plain text (a short line followed by another heading may be a
//! parent, or an empty section; nothing says where the parent ends), so every inferred
//! heading is level 2 and the note title, when the first line is one, is the level above.

use std::ops::Range;

use super::lines::{contains_url, is_cjk_letter, is_clause, is_terminal, starts_with_url, units};
use super::linkify::inlines;
use super::repair::{repair, Line};
use super::Parsed;
use crate::model::{Block, BlockKind, Inline, ListItem, SectionMeta};
use crate::normalize::nfkc_line;

/// Lists nested deeper than this are flattened into the deepest level: ten thousand lines of
/// growing indentation must not build ten thousand nested blocks.
const MAX_LIST_DEPTH: usize = 8;

/// Lines longer than this (in characters) are never titles, headings or list-run items.
const MAX_SHORT_CHARS: usize = 100;

/// Parses a plain-text `body` whose first byte is at `base` in the original note.
pub fn parse(body: &str, base: usize) -> Parsed {
    let lines = repair(body);
    let roles = classify(&lines);
    let title = lines
        .first()
        .filter(|_| roles.first() == Some(&Role::Title))
        .map(|l| l.text.clone());
    Parsed {
        blocks: emit(&lines, &roles, base),
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

/// The list marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bullet {
    /// Byte offset where the item text starts.
    pub at: usize,
    /// The number of a numbered item.
    pub number: Option<u64>,
}

/// Recognises `- `, `* `, `•`, `·`, `1. `, `1) `, `1、`, `(1) `, `①` at the start of `s`.
pub(crate) fn bullet(s: &str) -> Option<Bullet> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let rest_at = first.len_utf8();
    let after = s[rest_at..].chars().next();
    let item = |at: usize, number| {
        let text = s[at..].trim_start();
        (!text.is_empty()).then(|| Bullet {
            at: s.len() - text.len(),
            number,
        })
    };
    match first {
        '-' | '*' | '+' if after.is_some_and(char::is_whitespace) => item(rest_at, None),
        '•' | '·' | '●' | '○' | '◦' | '▪' | '■' | '□' | '‣' | '➢' | '►' => {
            item(rest_at, None)
        }
        '①'..='⑳' => item(rest_at, Some(u64::from(first as u32 - '①' as u32 + 1))),
        '(' | '（' => {
            let inner = &s[rest_at..];
            let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
            let close = inner[digits..].chars().next()?;
            if (1..=3).contains(&digits) && matches!(close, ')' | '）') {
                item(
                    rest_at + digits + close.len_utf8(),
                    inner[..digits].parse().ok(),
                )
            } else {
                None
            }
        }
        c if c.is_ascii_digit() => {
            let digits = s.bytes().take_while(u8::is_ascii_digit).count();
            let mark = s[digits..].chars().next()?;
            let spaced = s[digits + mark.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace);
            let number = s[..digits].parse().ok();
            match mark {
                '.' | ')' if digits <= 3 && spaced => item(digits + 1, number),
                '、' | '）' if digits <= 3 => item(digits + mark.len_utf8(), number),
                _ => None,
            }
        }
        _ => None,
    }
}

fn ends_open(s: &str) -> bool {
    !s.ends_with(|c: char| is_terminal(c) || matches!(c, ',' | ';' | ':' | '，' | '；' | '：'))
}

fn is_label(s: &str) -> bool {
    s.ends_with([':', '：'])
}

/// `Compiling to Containers - Brendan Burns, Microsoft`: the title before the last ` - `, a
/// capitalised name and an organisation after it. Returns (title, speaker, org).
fn speaker_line(s: &str) -> Option<(&str, &str, &str)> {
    if s.chars().count() > 200 || contains_url(s) || !ends_open(s) || bullet(s).is_some() {
        return None;
    }
    let (title, who) = s.rsplit_once(" - ")?;
    let (speaker, org) = who.split_once(", ")?;
    let (title, speaker, org) = (title.trim(), speaker.trim(), org.trim());
    let name_like = |p: &str, max_words: usize| {
        let words: Vec<&str> = p.split_whitespace().collect();
        !words.is_empty()
            && words.len() <= max_words
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase() || is_cjk_letter(c) || c.is_ascii_digit())
            })
    };
    let ok = !title.is_empty()
        && !title.ends_with(is_terminal)
        && !title.chars().any(is_clause)
        && name_like(speaker, 4)
        && name_like(org, 5)
        && !org.chars().any(is_clause);
    ok.then_some((title, speaker, org))
}

/// A bare line of English words: `Run wasm applications on kubernetes edge cluster`.
fn is_session_title(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let latin_words = s
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .count();
    s.chars().count() <= 160
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && latin_words >= 3
        && words <= 24
        && ends_open(s)
        && !s.chars().any(|c| is_cjk_letter(c) || is_clause(c))
        && !contains_url(s)
}

/// A short section name: `业界要闻`, `Kubernetes 可靠性和稳定性`, `其他的Summit简介`.
fn is_short_cjk_heading(s: &str) -> bool {
    s.chars().count() <= 40
        && units(s) <= 16
        && s.chars().any(is_cjk_letter)
        && s.starts_with(|c: char| c.is_alphanumeric())
        && !s.chars().any(|c| {
            is_clause(c) || is_terminal(c) || matches!(c, ',' | ';' | ':' | '|' | '"' | '“' | '”')
        })
        && !contains_url(s)
}

/// One or two capitalised words: `Developer Summit`, `OCI F2F`.
fn is_short_latin_heading(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=2).contains(&words.len())
        && s.len() <= 40
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()))
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '&' | '/' | '.'))
        && ends_open(s)
}

fn heading_candidate(s: &str) -> bool {
    s.chars().count() <= MAX_SHORT_CHARS * 2
        && (speaker_line(s).is_some()
            || is_session_title(s)
            || is_short_cjk_heading(s)
            || is_short_latin_heading(s))
}

/// Section names that open a document but never name it.
fn is_generic_section_name(s: &str) -> bool {
    const NAMES: &[&str] = &[
        "前言",
        "引言",
        "序言",
        "导语",
        "概述",
        "简介",
        "背景",
        "摘要",
        "目录",
        "总结",
        "小结",
        "小总结",
        "introduction",
        "intro",
        "preface",
        "overview",
        "summary",
        "abstract",
        "contents",
        "background",
        "agenda",
        "tl;dr",
        "tldr",
    ];
    let key = nfkc_line(s).to_lowercase();
    NAMES.contains(&key.as_str())
}

fn is_title(s: &str) -> bool {
    s.chars().count() <= 80
        && units(s) >= 2
        && !s.ends_with(is_terminal)
        && !is_label(s)
        && bullet(s).is_none()
        && !contains_url(s)
        && speaker_line(s).is_none()
        && !is_session_title(s)
        && !is_generic_section_name(s)
}

/// A line that can be part of a bullet-less list: short, unpunctuated at the end, no URL.
fn is_run_member(s: &str) -> bool {
    s.chars().count() <= MAX_SHORT_CHARS
        && s.starts_with(|c: char| c.is_alphanumeric())
        && ends_open(s)
        && !s.contains('。')
        && bullet(s).is_none()
        && !contains_url(s)
}

fn classify(lines: &[Line]) -> Vec<Role> {
    let mut roles = vec![Role::Prose; lines.len()];
    let first_content = usize::from(lines.first().is_some_and(|l| is_title(&l.text)));
    if first_content == 1 {
        roles[0] = Role::Title;
    }

    // Runs of three or more short lines are lists; checked before headings because every
    // line of `Long-running jobs` / `Database migrations` / … would pass for a heading.
    let mut in_run = vec![false; lines.len()];
    let mut i = first_content;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && is_run_member(&lines[j].text) && (j == i || !lines[j].gap_before) {
            j += 1;
        }
        if j == i {
            i += 1;
            continue;
        }
        for seg in split_run(lines, i..j) {
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
        let s = line.text.as_str();
        roles[k] = if let Some(b) = bullet(s) {
            Role::Item {
                indent: line.indent,
                start: b.number,
                at: b.at,
            }
        } else if starts_with_url(s) && !s.contains(char::is_whitespace) {
            Role::Url
        } else if is_label(s) {
            Role::Label
        } else if k + 1 < lines.len() && heading_candidate(s) {
            heading_role(s)
        } else {
            Role::Prose
        };
    }
    roles
}

/// A run of short lines holds a section name followed by its list (`前期周报回顾` / `… Vol. 8 |
/// …` / …): split the run at a short Chinese heading that is followed by at least two lines
/// that are not such headings, unless the line before it is one too (then they are all items).
fn split_run(lines: &[Line], run: Range<usize>) -> Vec<Range<usize>> {
    let cand: Vec<bool> = run
        .clone()
        .map(|k| is_short_cjk_heading(&lines[k].text) || is_short_latin_heading(&lines[k].text))
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

fn heading_role(s: &str) -> Role {
    match speaker_line(s) {
        Some((title, speaker, org)) => {
            let off = title.as_ptr() as usize - s.as_ptr() as usize;
            Role::Heading(
                SectionMeta {
                    speaker: Some(speaker.to_string()),
                    org: Some(org.to_string()),
                    ..SectionMeta::default()
                },
                off..off + title.len(),
            )
        }
        None => Role::Heading(SectionMeta::default(), 0..s.len()),
    }
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
    Block::new(BlockKind::List { start: None, items }, range)
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

    fn headings(p: &Parsed) -> Vec<(String, SectionMeta)> {
        p.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { content, meta, .. } => {
                    Some((Inline::text_of(content), meta.clone()))
                }
                _ => None,
            })
            .collect()
    }

    fn heading_texts(body: &str) -> Vec<String> {
        headings(&parse(body, 0)).into_iter().map(|h| h.0).collect()
    }

    #[test]
    fn bullets_are_recognised() {
        assert_eq!(bullet("- a").map(|b| b.at), Some(2));
        assert_eq!(bullet("•a").map(|b| b.at), Some(3));
        assert_eq!(bullet("12. a").map(|b| b.number), Some(Some(12)));
        assert_eq!(bullet("① 区分").map(|b| b.number), Some(Some(1)));
        assert_eq!(bullet("(3) x").map(|b| b.number), Some(Some(3)));
        assert_eq!(bullet("1、第一").map(|b| b.number), Some(Some(1)));
        for not in [
            "-Serveless",
            "1.0 -> 2.0",
            "2.3★x",
            "*emph*",
            "-",
            "2021 年",
        ] {
            assert_eq!(bullet(not), None, "{not}");
        }
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
        let h = headings(&p);
        assert_eq!(
            h[0].0,
            "Everything You Ever Wanted to Know About Resource Scheduling, But Were Afraid to Ask"
        );
        assert_eq!(h[0].1.speaker.as_deref(), Some("Tim Hockin"));
        assert_eq!(h[0].1.org.as_deref(), Some("Google"));
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
}
