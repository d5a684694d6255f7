//! `toMarkdown`: the normalized note as clean Markdown, so a scraped plain-text recap can be
//! exported as a tidy file.
//!
//! The promise is a round trip: adding the Markdown as a note (format markdown) gives the same
//! document, with the same headings, the same text in every section and the same metadata the
//! Markdown parser reads (front matter, the `<!--more-->` excerpt split). Text is escaped only
//! where CommonMark, with the extensions [`crate::ingest`] turns on (tables, strikethrough,
//! task lists, footnotes) and Hugo shortcodes stripped, would read it as syntax, so prose,
//! Chinese text and URLs stay as written: `2 * 3`, `snake_case`, `3~5 天` and `Q&A` need no
//! backslash, `~~删除~~`, `&amp;` and a line starting `2019. ` do.
//!
//! A heading's explicit id is written back after it (`## 安装 {#install}`), so its slug stays;
//! a list is written loose (blank lines between its items) or tight (none in it at all), as
//! it was read.
//!
//! What the Markdown parser cannot read back is a heading's speaker, organisation, page count
//! and size (recognised in plain-text recaps and listings only): they are written as an HTML
//! comment under the heading, which keeps them in the file without adding text to the section.
//! Nor can it read emphasis whose delimiters cannot open or close where they stand (`*` after
//! `>` and before `中`): its text is kept without it. And inside code, where nothing can be
//! escaped, a Hugo shortcode tag is stripped like any other.

mod front_matter;
mod inline;
mod tight;

use std::fmt::Write;

use crate::ingest::heading_attributes;
use crate::model::{Align, Block, BlockKind, Inline, Note, SectionMeta};
use crate::normalize::collapse_whitespace;

use front_matter::{front_matter, yaml_str};
use inline::{inlines_md, Context};
use tight::{tight_separator, Separator};

/// Renders `note` as Markdown with YAML front matter for its metadata.
pub fn to_markdown(note: &Note) -> String {
    let mut out = String::new();
    front_matter(&note.meta, &mut out);
    blocks_md(&note.blocks, "", excerpt_split(note), None, false, &mut out);
    out
}

/// Where `<!--more-->` goes for the excerpt to read back the same: `None` when the parser's
/// default, the first paragraph, already gives it; else before the first top-level block
/// whose preceding text gives it.
///
/// The note does not keep where its marker was, so it is found from the excerpt, which
/// `ingest::excerpt` makes from the text of the blocks before the marker (headings left out),
/// whitespace collapsed, cut with `…`. A cut excerpt is given by any text that starts with
/// what was kept and goes on: block texts are separated by whitespace, so a text ending at a
/// block boundary goes on past the cut only when it reached it.
fn excerpt_split(note: &Note) -> Option<usize> {
    let want = note.meta.excerpt.as_str();
    let gives = |text: &str| {
        text == want
            || want
                .strip_suffix('…')
                .is_some_and(|kept| text.len() > kept.len() && text.starts_with(kept))
    };
    let text_of = |block: &Block| {
        let mut text = String::new();
        block.push_text(&mut text);
        collapse_whitespace(&text)
    };
    let first_paragraph = note.blocks.iter().find_map(|b| match b.kind {
        BlockKind::Paragraph(_) => Some(text_of(b)).filter(|t| !t.is_empty()),
        _ => None,
    });
    if gives(first_paragraph.as_deref().unwrap_or("")) {
        return None;
    }
    let mut text = String::new();
    for (k, block) in note.blocks.iter().enumerate() {
        if gives(&text) {
            return Some(k);
        }
        if text.len() > want.len() {
            // Later blocks only add to a text that already differs from the excerpt.
            return None;
        }
        if !matches!(block.kind, BlockKind::Heading { .. }) {
            let more = text_of(block);
            if !more.is_empty() && !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&more);
        }
    }
    gives(&text).then_some(note.blocks.len())
}

/// Writes `blocks` separated by blank lines, each line after `indent`; `more_at` puts the
/// excerpt marker before that block, and `marker` is the list marker the first line
/// follows, if any. In an item of a `tight` list no blank line is written, which would make
/// the list loose. Returns the index of the first block written.
fn blocks_md(
    blocks: &[Block],
    indent: &str,
    more_at: Option<usize>,
    marker: Option<char>,
    tight: bool,
    out: &mut String,
) -> Option<usize> {
    let mut written = None;
    // Two lists in a row are kept apart by changing the marker: a blank line does not. A
    // list on its parent item's line changes it too: `- - -` is a thematic break.
    let mut prev_marker = marker;
    // The last block written, and its Markdown.
    let mut prev: Option<(&Block, String)> = None;
    for (i, block) in blocks.iter().enumerate() {
        let mut md = String::new();
        if more_at == Some(i) {
            md.push_str("<!--more-->\n\n");
        }
        let marker = block_md(block, indent, prev_marker, &mut md);
        if md.is_empty() {
            continue;
        }
        match &prev {
            Some(_) if !tight => out.push('\n'),
            Some((above, above_md)) => match tight_separator(above, above_md, block, &md) {
                Separator::None => {}
                Separator::Comment => {
                    let _ = writeln!(out, "{indent}<!-- -->");
                }
                Separator::BlankLine => out.push('\n'),
            },
            None => {}
        }
        out.push_str(&md);
        written.get_or_insert(i);
        prev_marker = marker;
        prev = Some((block, md));
    }
    if more_at == Some(blocks.len()) {
        out.push_str(if written.is_some() { "\n" } else { "" });
        out.push_str("<!--more-->\n");
    }
    written
}

/// Writes one block (nothing for an empty paragraph); returns the list marker it used.
fn block_md(
    block: &Block,
    indent: &str,
    prev_marker: Option<char>,
    out: &mut String,
) -> Option<char> {
    match &block.kind {
        BlockKind::Heading {
            level,
            content,
            meta,
            id,
        } => {
            let hashes = "#".repeat(*level as usize);
            match (heading_text(content, id.is_some()), id) {
                (text, None) if text.is_empty() => {
                    let _ = writeln!(out, "{indent}{hashes}");
                }
                (text, None) => {
                    let _ = writeln!(out, "{indent}{hashes} {text}");
                }
                // An attribute list is read only after a space, which a heading's text does
                // not start with: an empty one is an empty comment.
                (text, Some(id)) if text.is_empty() => {
                    let _ = writeln!(out, "{indent}{hashes} <!-- --> {{#{id}}}");
                }
                (text, Some(id)) => {
                    let _ = writeln!(out, "{indent}{hashes} {text} {{#{id}}}");
                }
            }
            section_meta(meta, indent, out);
        }
        BlockKind::Paragraph(content) => {
            let mut text = String::new();
            inlines_md(content, &Context::of(content, false), &[None], &mut text);
            let mut continuation = false;
            for line in text.split('\n') {
                let line = line.trim_matches([' ', '\t']);
                // A blank line would split the paragraph (and move the excerpt).
                if !line
                    .trim_start_matches(RAW_LINE)
                    .trim_matches([' ', '\t'])
                    .is_empty()
                {
                    out.push_str(indent);
                    push_line(line, continuation, out);
                    out.push('\n');
                    continuation = true;
                }
            }
        }
        BlockKind::List {
            start,
            items,
            loose,
        } => {
            let ordered = start.is_some();
            let marker = match (ordered, prev_marker) {
                (false, Some('-')) => '+',
                (false, _) => '-',
                (true, Some('.')) => ')',
                (true, _) => '.',
            };
            for (i, item) in items.iter().enumerate() {
                let bullet = match start {
                    // Numbers have at most nine digits; past them every item repeats the first.
                    Some(n) => {
                        let k = n.checked_add(i as u64).filter(|&k| k <= 999_999_999);
                        format!("{}{marker} ", k.unwrap_or(*n))
                    }
                    None => format!("{marker} "),
                };
                let task = match item.checked {
                    Some(true) => "[x] ",
                    Some(false) => "[ ] ",
                    None => "",
                };
                let child_indent = format!("{indent}{}", " ".repeat(bullet.len()));
                let mut body = String::new();
                let first = blocks_md(
                    &item.blocks,
                    &child_indent,
                    None,
                    Some(marker),
                    !loose,
                    &mut body,
                );
                // A blank line between items makes a list loose.
                if *loose && i > 0 {
                    out.push('\n');
                }
                let head = format!("{indent}{bullet}{task}");
                // A task marker is read only before text: anything else starts below it.
                let below = !task.is_empty()
                    && first
                        .is_some_and(|i| !matches!(item.blocks[i].kind, BlockKind::Paragraph(_)));
                if body.is_empty() || below {
                    let _ = write!(out, "{}\n{body}", head.trim_end());
                } else {
                    let body = body.strip_prefix(child_indent.as_str()).unwrap_or(&body);
                    let _ = write!(out, "{head}{body}");
                }
            }
            return Some(marker);
        }
        BlockKind::Quote(blocks) => {
            let mut inner = String::new();
            blocks_md(blocks, "", None, None, false, &mut inner);
            if inner.is_empty() {
                let _ = writeln!(out, "{indent}>");
            }
            for line in inner.lines() {
                let sep = if line.is_empty() { "" } else { " " };
                let _ = writeln!(out, "{indent}>{sep}{line}");
            }
        }
        BlockKind::Code { lang, text } => {
            let lang = lang.as_deref().unwrap_or("");
            // A backtick fence's info string may not hold a backtick.
            let c = if lang.contains('`') { '~' } else { '`' };
            // Longer than any run of the fence character opening a line, which would close it.
            let longest = text
                .lines()
                .map(|l| l.trim_start().chars().take_while(|&x| x == c).count())
                .max()
                .unwrap_or(0);
            let fence = c.to_string().repeat(longest.max(2) + 1);
            // A language starting with the fence character would lengthen the fence.
            let gap = if lang.starts_with(c) { " " } else { "" };
            let _ = writeln!(out, "{indent}{fence}{gap}{lang}");
            for line in text.lines() {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    let _ = writeln!(out, "{indent}{line}");
                }
            }
            let _ = writeln!(out, "{indent}{fence}");
        }
        BlockKind::Table { aligns, head, rows } => {
            let row = |cells: &[Vec<Inline>], out: &mut String| {
                out.push_str(indent);
                out.push('|');
                for cell in cells {
                    let mut text = String::new();
                    inlines_md(cell, &Context::of(cell, true), &[None], &mut text);
                    // Cells split at pipes before anything else is read, code spans included.
                    let _ = write!(out, " {} |", text.trim().replace('|', "\\|"));
                }
                out.push('\n');
            };
            row(head, out);
            out.push_str(indent);
            out.push('|');
            for a in aligns {
                out.push_str(match a {
                    Align::Left => " :--- |",
                    Align::Center => " :---: |",
                    Align::Right => " ---: |",
                    Align::None => " --- |",
                });
            }
            out.push('\n');
            for r in rows {
                row(r, out);
            }
        }
        // `***`, not `---`: `- ---` is a rule, where `- ***` is an item holding one.
        BlockKind::Rule => {
            let _ = writeln!(out, "{indent}***");
        }
        BlockKind::Html(html) => {
            // Indented, the block's first line could be read as part of a list above it.
            for line in html.trim_start_matches([' ', '\t']).lines() {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    let _ = writeln!(out, "{indent}{line}");
                }
            }
        }
        BlockKind::FootnoteDef { label, blocks } => {
            let child_indent = format!("{indent}    ");
            let mut body = String::new();
            blocks_md(blocks, &child_indent, None, None, false, &mut body);
            let body = body.strip_prefix(child_indent.as_str()).unwrap_or(&body);
            let _ = write!(out, "{indent}[^{label}]: {body}");
            if body.is_empty() {
                out.push('\n');
            }
        }
    }
    None
}

/// A heading's content on one line: an ATX heading cannot span lines, and its text reads
/// the same with its line breaks as spaces. A closing run of `#` would be dropped, and so
/// would a last ` {…}` that the parser reads as a Hugo attribute list (`## 安装 {#install}`,
/// [`heading_attributes`]), unless an empty comment, or the heading's own attribute list
/// (`with_id`: the parser takes only the last), follows it.
fn heading_text(content: &[Inline], with_id: bool) -> String {
    const GUARD: &str = "<!-- -->";
    // The text the parser reads last: the trailing text, its line breaks now spaces.
    let tail_start = content
        .iter()
        .rposition(|i| !matches!(i, Inline::Text(_) | Inline::SoftBreak | Inline::HardBreak))
        .map_or(0, |at| at + 1);
    let tail: String = content[tail_start..]
        .iter()
        .map(|i| match i {
            Inline::Text(t) => t.as_str(),
            _ => " ",
        })
        .collect();
    let guard = !with_id && heading_attributes(&tail).is_some();
    // The guard's `>` lets a `<` in the text open a comment or a tag: the text is escaped
    // knowing it follows.
    let cx = if guard {
        Context::of(&[content, &[Inline::Html(GUARD.into())]].concat(), true)
    } else {
        Context::of(content, true)
    };
    let mut text = String::new();
    inlines_md(content, &cx, &[None], &mut text);
    let mut text = text.trim_matches([' ', '\t']).to_string();
    let hashes = text.len() - text.trim_end_matches('#').len();
    let before = text[..text.len() - hashes].chars().next_back();
    if hashes > 0 && before.is_none_or(|c| c == ' ' || c == '\t') {
        text.insert(text.len() - hashes, '\\');
    }
    if guard {
        text.push_str(GUARD);
    }
    text
}

/// A heading's speaker, organisation, pages and size, as a comment the section's text and
/// rendering leave out; the Markdown parser does not read them back (see the module docs).
/// The comment holds a YAML flow mapping; `>` is escaped so no value can close it.
fn section_meta(meta: &SectionMeta, indent: &str, out: &mut String) {
    if meta.is_empty() {
        return;
    }
    // `>` would end the comment (`-->`) and `{` open a Hugo shortcode (`{{%`), which is
    // stripped before the comment is read: both go as YAML escapes, which the reader decodes.
    let quoted = |v: &str| yaml_str(v).replace('>', "\\x3e").replace('{', "\\x7b");
    let mut fields = Vec::new();
    if let Some(s) = &meta.speaker {
        fields.push(format!("speaker: {}", quoted(s)));
    }
    if let Some(o) = &meta.org {
        fields.push(format!("org: {}", quoted(o)));
    }
    if let Some(p) = meta.pages {
        fields.push(format!("pages: {p}"));
    }
    if let Some(s) = &meta.size {
        fields.push(format!("size: {}", quoted(s)));
    }
    let _ = writeln!(out, "\n{indent}<!-- section: {{{}}} -->", fields.join(", "));
}

/// Writes a paragraph line (trimmed, not empty), escaped where the parser would read it as
/// the start of a block ([`block_start`]).
///
/// Raw HTML cannot be escaped. A line starting with a tag (a `<` text starts with is escaped
/// by [`escape_text`]), and a line inside a tag ([`RAW_LINE`]) that would start a block, is
/// indented four spaces instead, which no block start allows and a paragraph's continuation
/// ignores. The first line of a paragraph is not indented: that would make code of it.
fn push_line(line: &str, continuation: bool, out: &mut String) {
    let starts_tag = |l: &str| {
        let b = l.as_bytes();
        b.first() == Some(&b'<')
            && b.get(1)
                .is_some_and(|c| c.is_ascii_alphabetic() || b"/!?".contains(c))
    };
    if let Some(raw) = line.strip_prefix(RAW_LINE) {
        let raw = raw.trim_start_matches([' ', '\t']);
        if block_start(raw).is_some() || starts_tag(raw) {
            out.push_str("    ");
        }
        out.push_str(raw);
        return;
    }
    if continuation && starts_tag(line) {
        out.push_str("    ");
    }
    match block_start(line) {
        Some((at, n)) => {
            out.push_str(&line[..at]);
            // Each is ASCII punctuation, so the backslash is an escape.
            for c in line[at..at + n].chars() {
                out.push('\\');
                out.push(c);
            }
            out.push_str(&line[at + n..]);
        }
        None => out.push_str(line),
    }
}

/// Where a line (trimmed, not empty) of a paragraph would start a block to the parser: an
/// ATX heading, a quote, a list item, a thematic break, a setext underline, a code fence or
/// a table's delimiter row. Returns where the character that makes it so is and how many to
/// escape: one, or a whole leading run of `*`, `_` or `~`, lest what is left of it pair up.
fn block_start(line: &str) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let blank_at = |i: usize| matches!(b.get(i), None | Some(b' ' | b'\t'));
    let only = |set: &[u8]| b.iter().all(|c| set.contains(c));
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && matches!(b.get(digits), Some(b'.' | b')'))
        && blank_at(digits + 1)
    {
        return Some((digits, 1));
    }
    let first = *b.first()?;
    let run = b.iter().take_while(|&&c| c == first).count();
    let block = match first {
        b'#' => run <= 6 && blank_at(run),
        b'>' => true,
        b'-' | b'+' | b'*' if blank_at(1) => true,
        c @ (b'-' | b'*' | b'_') => {
            only(&[c, b' ', b'\t']) && b.iter().filter(|&&x| x == c).count() >= 3
        }
        b'=' => only(b"="),
        // Text never starts one with backticks (they are escaped), and a code span does not:
        // its closing backticks are on the line, which a fence's info string may not hold.
        b'~' => run >= 3,
        _ => false,
    };
    if !(block || is_delimiter_row(line)) {
        return None;
    }
    Some((
        0,
        if matches!(first, b'*' | b'_' | b'~') {
            run
        } else {
            1
        },
    ))
}

/// Whether `line` could be a table's delimiter row (`| --- | :-: |`, `- |`).
pub(super) fn is_delimiter_row(line: &str) -> bool {
    let b = line.as_bytes();
    b.contains(&b'-') && b.iter().all(|c| b"-:| \t".contains(c))
}

/// Starts a line of a paragraph that is inside raw HTML (a tag over two lines). A NUL in
/// text is written as U+FFFD, which the parser makes of it anyway, so text never holds it.
const RAW_LINE: char = '\0';

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{parse_note, FormatChoice};
    use crate::model::{Format, ListItem, NoteMeta};

    /// A plain-text note of `blocks`, its excerpt the first paragraph (all short here).
    fn note(blocks: Vec<BlockKind>) -> Note {
        let blocks: Vec<Block> = blocks.into_iter().map(|k| Block::new(k, 0..0)).collect();
        let mut excerpt = String::new();
        if let Some(p) = blocks
            .iter()
            .find(|b| matches!(b.kind, BlockKind::Paragraph(_)))
        {
            p.push_text(&mut excerpt);
        }
        Note {
            id: "n".into(),
            format: Format::Text,
            meta: NoteMeta {
                title: "T".into(),
                excerpt: collapse_whitespace(&excerpt),
                ..NoteMeta::default()
            },
            blocks,
            warnings: Vec::new(),
        }
    }

    /// The body `to_markdown` writes for `blocks` (front matter left out).
    fn body(blocks: Vec<BlockKind>) -> String {
        let md = to_markdown(&note(blocks));
        md.split_once("---\n\n")
            .map(|(_, b)| b.to_string())
            .unwrap()
    }

    fn text(t: &str) -> Vec<Inline> {
        vec![Inline::Text(t.into())]
    }

    #[test]
    fn markdown_round_trips_its_structure() {
        let md = "---\ntitle: T\ntags: [a]\n---\n\n## Head\n\ntext *em* [l](https://x.y)\n\n- a\n  - b\n\n```go\nx\n```\n";
        let note = parse_note("n", md, FormatChoice::Markdown);
        let out = to_markdown(&note);
        let again = parse_note("n", &out, FormatChoice::Markdown);
        // Same structure: the two render identically (source ranges differ, of course).
        let html = |n: &Note| {
            let o = crate::outline::outline(n);
            crate::render::render_html(n, &o, Default::default())
        };
        assert_eq!(html(&note), html(&again), "{out}");
        assert_eq!(again.meta.title, "T");
        assert_eq!(again.meta.tags, ["a"]);
    }

    /// Clean Markdown: prose, Chinese text and URLs need no backslashes where nothing they
    /// hold reads as syntax.
    #[test]
    fn ordinary_text_is_written_as_is() {
        for line in [
            "Kubernetes 1.20 发布：2 * 3 = 6，snake_case 和 a_b_c，3~5 天，Q&A、AT&T，a < b，C# 100%。",
            "参考 https://example.com/a_(b)?x=1&y=2 和 www.example.com，注*：见下文。",
            "调度器的数据拷贝优化（scheduling），约 1,000 个节点 - 延迟降低 50%！",
        ] {
            assert_eq!(body(vec![BlockKind::Paragraph(text(line))]), format!("{line}\n"));
        }
    }

    /// Each was read back as other text or markup (exploratory testing, `tomd_escapes.js`).
    #[test]
    fn text_the_parser_reads_as_syntax_is_escaped() {
        for (line, written) in [
            ("~~~ 分割线 ~~~", "\\~\\~\\~ 分割线 ~~~"),
            ("2019. 那年发生了很多事。", "2019\\. 那年发生了很多事。"),
            ("1) 第一", "1\\) 第一"),
            ("~~删除~~ 和 ~1~", "\\~\\~删除\\~\\~ 和 \\~1\\~"),
            (
                "&amp; &lt;b&gt; &copy; &#x41;",
                "\\&amp; \\&lt;b\\&gt; \\&copy; \\&#x41;",
            ),
            ("*强调* 和 _下划线_", "\\*强调\\* 和 \\_下划线\\_"),
            ("# 不是标题", "\\# 不是标题"),
            ("> 不是引用", "\\> 不是引用"),
            ("- 不是列表", "\\- 不是列表"),
            ("---", "\\---"),
            ("***", "\\*\\*\\*"),
            ("[链接](x) ![图](y)", "\\[链接\\](x) !\\[图\\](y)"),
            (
                "<b>粗</b> 和 <!-- 注释 -->",
                "\\<b>粗\\</b> 和 \\<!-- 注释 -->",
            ),
            ("`代码`", "\\`代码\\`"),
            // A lone `*` has nothing to pair with.
            ("反斜杠 \\* 和行尾 \\", "反斜杠 \\\\* 和行尾 \\\\"),
            ("{{< note >}} 短代码", "{\\{< note >}} 短代码"),
        ] {
            assert_eq!(
                body(vec![BlockKind::Paragraph(text(line))]),
                format!("{written}\n"),
                "{line}"
            );
        }
    }

    /// A line that would start a block is escaped on every line of a paragraph; lines keep
    /// no spaces at their ends, where two would make a hard break.
    #[test]
    fn every_line_of_a_paragraph_is_escaped_where_it_starts() {
        let content = vec![
            Inline::Text("第一行  ".into()),
            Inline::SoftBreak,
            Inline::Text("  - 第二行".into()),
            Inline::SoftBreak,
            Inline::Text("===".into()),
        ];
        assert_eq!(
            body(vec![BlockKind::Paragraph(content)]),
            "第一行\n\\- 第二行\n\\===\n"
        );
    }

    /// A code span holding backticks lost its text (`` ``` `` ``` `` came back empty).
    #[test]
    fn code_spans_are_fenced_by_a_run_of_backticks_they_do_not_hold() {
        for (code, written) in [
            ("a", "`a`"),
            ("``", "` `` `"),
            ("`a`", "`` `a` ``"),
            ("a ` b", "``a ` b``"),
            (" a ", "`  a  `"),
        ] {
            let content = vec![Inline::Code(code.into())];
            assert_eq!(
                body(vec![BlockKind::Paragraph(content)]),
                format!("{written}\n")
            );
        }
    }

    /// The Markdown parser drops a line break between two East Asian characters (as Hugo
    /// does), where the note's text has a space.
    #[test]
    fn a_line_break_is_a_space_where_the_parser_would_drop_it() {
        let lines = |a: &str, b: &str| {
            let content = vec![
                Inline::Text(a.into()),
                Inline::SoftBreak,
                Inline::Text(b.into()),
            ];
            body(vec![BlockKind::Paragraph(content)])
        };
        assert_eq!(lines("继续", "讲述"), "继续 讲述\n");
        assert_eq!(lines("继续", "Kubernetes"), "继续\nKubernetes\n");
        assert_eq!(
            lines("![图](a.png)", "{width=800}"),
            "!\\[图\\](a.png) {width=800}\n"
        );
    }

    /// Every check looks a bounded way back or ahead: a long line of what could be markup is
    /// written in linear time.
    #[test]
    fn a_long_line_of_would_be_markup_is_written_in_linear_time() {
        for unit in ["<a", "&a", "*a", "_", "~", "\\", "{{<", "`", "  <"] {
            let line = unit.repeat(100_000);
            let md = body(vec![BlockKind::Paragraph(text(&line))]);
            assert!(md.len() >= line.trim().len(), "{unit:?}");
        }
    }

    /// `Line one` / `line two` / `===` was written `# Line one` / `line two`: an ATX heading
    /// is one line.
    #[test]
    fn a_heading_of_two_lines_is_written_on_one() {
        let md = "Line one\nline two\n===\n\nx\n";
        let note = parse_note("n", md, FormatChoice::Markdown);
        let out = to_markdown(&note);
        assert!(out.contains("\n# Line one line two\n\nx\n"), "{out}");
    }

    #[test]
    fn a_heading_keeps_text_its_end_would_lose() {
        let heading = |t: &str| {
            body(vec![BlockKind::Heading {
                level: 2,
                content: text(t),
                meta: SectionMeta::default(),
                id: None,
            }])
        };
        assert_eq!(heading("issue #"), "## issue \\#\n");
        assert_eq!(heading("C#"), "## C#\n");
        assert_eq!(heading("安装 {#install}"), "## 安装 {#install}<!-- -->\n");
        assert_eq!(heading("使用 {变量}"), "## 使用 {变量}\n");
    }

    /// `Title - Speaker, Org` sessions and listing entries lost their metadata to an
    /// emphasized paragraph, which re-added became the note's excerpt.
    #[test]
    fn section_meta_is_a_comment_under_the_heading() {
        let meta = SectionMeta {
            speaker: Some("Brendan Burns".into()),
            org: Some("Microsoft".into()),
            pages: Some(60),
            size: Some("8.02 MB".into()),
        };
        let md = body(vec![
            BlockKind::Heading {
                level: 2,
                content: text("Session"),
                meta,
                id: None,
            },
            BlockKind::Paragraph(text("正文。")),
        ]);
        assert_eq!(
            md,
            "## Session\n\n<!-- section: {speaker: \"Brendan Burns\", org: \"Microsoft\", pages: 60, size: \"8.02 MB\"} -->\n\n正文。\n"
        );
    }

    #[test]
    fn lists_next_to_each_other_or_nested_on_one_line_change_markers() {
        let item = |blocks: Vec<BlockKind>| ListItem {
            checked: None,
            blocks: blocks.into_iter().map(|k| Block::new(k, 0..0)).collect(),
        };
        let list = |start, items| BlockKind::List {
            start,
            items,
            loose: false,
        };
        let a = || item(vec![BlockKind::Paragraph(text("a"))]);
        let md = body(vec![
            list(None, vec![a()]),
            list(None, vec![a()]),
            list(Some(1), vec![a()]),
            list(Some(1), vec![a()]),
            list(
                None,
                vec![item(vec![list(
                    None,
                    vec![item(vec![list(None, vec![a()])])],
                )])],
            ),
        ]);
        assert_eq!(md, "- a\n\n+ a\n\n1. a\n\n1) a\n\n- + - a\n");
    }

    /// `<!--more-->` was dropped, so the excerpt became the first paragraph.
    #[test]
    fn the_excerpt_marker_is_written_where_the_excerpt_ends() {
        let md =
            "---\ntitle: T\n---\n\n- 列表里的导语\n\n第二段。\n\n<!--more-->\n\n## A\n\n正文。\n";
        let note = parse_note("n", md, FormatChoice::Markdown);
        assert_eq!(note.meta.excerpt, "列表里的导语 第二段。");
        let out = to_markdown(&note);
        assert!(
            out.ends_with("- 列表里的导语\n\n第二段。\n\n<!--more-->\n\n## A\n\n正文。\n"),
            "{out}"
        );
        // Where the first paragraph is the excerpt, no marker is needed.
        let md = "---\ntitle: T\n---\n\n导语。\n\n<!--more-->\n\n正文。\n";
        let out = to_markdown(&parse_note("n", md, FormatChoice::Markdown));
        assert!(!out.contains("<!--more-->"), "{out}");
    }

    /// Arrays and maps in front matter were left out.
    #[test]
    fn nested_front_matter_values_are_written_in_yaml_flow_style() {
        // `True` reads as the boolean, whose key is `true`.
        let md = "---\ntitle: T\nnested:\n  a: [1, 2]\nlist: [x, {y: 1}]\nfloat: 1.0\nnone:\nTrue: t\n---\n\nbody\n";
        let note = parse_note("n", md, FormatChoice::Markdown);
        let out = to_markdown(&note);
        assert!(
            out.starts_with(
                "---\ntitle: \"T\"\nfloat: 1.0\nlist: [\"x\", {y: 1}]\nnested: {a: [1, 2]}\nnone: null\n\"true\": \"t\"\n---\n"
            ),
            "{out}"
        );
        assert_eq!(
            parse_note("n", &out, FormatChoice::Markdown).meta,
            note.meta
        );
    }
}
