//! `toMarkdown`: the normalized note as clean Markdown, so a scraped plain-text recap can be
//! exported as a tidy file.

use std::fmt::Write;

use crate::model::{Align, Block, BlockKind, Inline, MetaValue, Note};

/// Renders `note` as Markdown with YAML front matter for its metadata.
pub fn to_markdown(note: &Note) -> String {
    let mut out = String::new();
    front_matter(note, &mut out);
    for block in &note.blocks {
        block_md(block, "", &mut out);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn front_matter(note: &Note, out: &mut String) {
    let m = &note.meta;
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", yaml_str(&m.title));
    if let Some(d) = &m.date {
        let _ = writeln!(out, "date: {}", yaml_str(d));
    }
    if let Some(d) = &m.lastmod {
        let _ = writeln!(out, "lastmod: {}", yaml_str(d));
    }
    for (key, list) in [
        ("authors", &m.authors),
        ("tags", &m.tags),
        ("categories", &m.categories),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "{key}:");
            for v in list {
                let _ = writeln!(out, "  - {}", yaml_str(v));
            }
        }
    }
    if let Some(d) = &m.description {
        let _ = writeln!(out, "description: {}", yaml_str(d));
    }
    if m.draft {
        out.push_str("draft: true\n");
    }
    for (k, v) in &m.extra {
        if let Some(s) = scalar(v) {
            let _ = writeln!(out, "{}: {s}", yaml_str(k));
        }
    }
    out.push_str("---\n\n");
}

fn scalar(v: &MetaValue) -> Option<String> {
    Some(match v {
        MetaValue::Bool(b) => b.to_string(),
        MetaValue::Int(i) => i.to_string(),
        MetaValue::Float(f) => f.to_string(),
        MetaValue::Str(s) => yaml_str(s),
        _ => return None,
    })
}

/// A YAML double-quoted scalar (always quoted: safe for any text).
fn yaml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn block_md(block: &Block, indent: &str, out: &mut String) {
    match &block.kind {
        BlockKind::Heading {
            level,
            content,
            meta,
        } => {
            let _ = writeln!(
                out,
                "{indent}{} {}",
                "#".repeat(*level as usize),
                inlines(content)
            );
            let parts: Vec<String> = meta.parts().into_iter().map(|(_, text)| text).collect();
            if !parts.is_empty() {
                let _ = writeln!(out, "\n{indent}*{}*", escape_text(&parts.join(" · ")));
            }
        }
        BlockKind::Paragraph(content) => {
            let text = inlines(content);
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(indent);
                out.push_str(line);
            }
            out.push('\n');
        }
        BlockKind::List { start, items } => {
            for (i, item) in items.iter().enumerate() {
                let marker = match start {
                    Some(n) => format!("{}. ", n + i as u64),
                    None => "- ".to_string(),
                };
                let task = match item.checked {
                    Some(true) => "[x] ",
                    Some(false) => "[ ] ",
                    None => "",
                };
                let child_indent = format!("{indent}{}", " ".repeat(marker.len()));
                let mut body = String::new();
                for (k, b) in item.blocks.iter().enumerate() {
                    if k > 0 && !matches!(b.kind, BlockKind::List { .. }) {
                        body.push('\n');
                    }
                    block_md(b, &child_indent, &mut body);
                }
                let body = body.strip_prefix(child_indent.as_str()).unwrap_or(&body);
                let _ = write!(out, "{indent}{marker}{task}{body}");
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
        BlockKind::Quote(blocks) => {
            let mut inner = String::new();
            for b in blocks {
                block_md(b, "", &mut inner);
                inner.push('\n');
            }
            for line in inner.trim_end().lines() {
                let _ = writeln!(out, "{indent}> {line}");
            }
        }
        BlockKind::Code { lang, text } => {
            let fence = if text.contains("```") { "~~~~" } else { "```" };
            let _ = writeln!(out, "{indent}{fence}{}", lang.as_deref().unwrap_or(""));
            for line in text.lines() {
                let _ = writeln!(out, "{indent}{line}");
            }
            let _ = writeln!(out, "{indent}{fence}");
        }
        BlockKind::Table { aligns, head, rows } => {
            let row = |cells: &[Vec<Inline>]| {
                let cells: Vec<String> = cells
                    .iter()
                    .map(|c| inlines(c).replace('|', "\\|"))
                    .collect();
                format!("{indent}| {} |\n", cells.join(" | "))
            };
            out.push_str(&row(head));
            let seps: Vec<&str> = aligns
                .iter()
                .map(|a| match a {
                    Align::Left => ":---",
                    Align::Center => ":---:",
                    Align::Right => "---:",
                    Align::None => "---",
                })
                .collect();
            let _ = writeln!(out, "{indent}| {} |", seps.join(" | "));
            for r in rows {
                out.push_str(&row(r));
            }
        }
        BlockKind::Rule => {
            let _ = writeln!(out, "{indent}---");
        }
        BlockKind::Html(html) => {
            out.push_str(html);
            if !html.ends_with('\n') {
                out.push('\n');
            }
        }
        BlockKind::FootnoteDef { label, blocks } => {
            let mut inner = String::new();
            for b in blocks {
                block_md(b, "    ", &mut inner);
            }
            let _ = write!(out, "[^{label}]: {}", inner.trim_start());
        }
    }
}

fn inlines(content: &[Inline]) -> String {
    let mut out = String::new();
    for inline in content {
        match inline {
            Inline::Text(t) => out.push_str(&escape_text(t)),
            Inline::Code(t) => {
                let ticks = if t.contains('`') { "``" } else { "`" };
                let _ = write!(out, "{ticks}{t}{ticks}");
            }
            Inline::Emph(c) => {
                let _ = write!(out, "*{}*", inlines(c));
            }
            Inline::Strong(c) => {
                let _ = write!(out, "**{}**", inlines(c));
            }
            Inline::Strike(c) => {
                let _ = write!(out, "~~{}~~", inlines(c));
            }
            Inline::Link {
                url,
                title,
                content,
            } => {
                let text = inlines(content);
                if text == *url && title.is_empty() {
                    let _ = write!(out, "<{url}>");
                } else if title.is_empty() {
                    let _ = write!(out, "[{text}]({})", link_dest(url));
                } else {
                    let _ = write!(
                        out,
                        "[{text}]({} \"{}\")",
                        link_dest(url),
                        title.replace('"', "\\\"")
                    );
                }
            }
            Inline::Image { url, title, alt } => {
                if title.is_empty() {
                    let _ = write!(out, "![{}]({})", escape_text(alt), link_dest(url));
                } else {
                    let _ = write!(
                        out,
                        "![{}]({} \"{}\")",
                        escape_text(alt),
                        link_dest(url),
                        title.replace('"', "\\\"")
                    );
                }
            }
            Inline::Html(h) => out.push_str(h),
            Inline::FootnoteRef(l) => {
                let _ = write!(out, "[^{l}]");
            }
            Inline::SoftBreak => out.push('\n'),
            Inline::HardBreak => out.push_str("\\\n"),
        }
    }
    out
}

fn link_dest(url: &str) -> String {
    if url.contains(' ') || url.contains(')') || url.contains('(') {
        format!("<{}>", url.replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// Escapes characters that would otherwise start Markdown syntax.
fn escape_text(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for (i, c) in t.chars().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{parse_note, FormatChoice};

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
}
