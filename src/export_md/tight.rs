//! Tight lists in Markdown: a blank line anywhere in a list makes it loose, so the blocks of
//! a tight list's item are kept apart by what ends each block instead.

use super::is_delimiter_row;
use crate::model::{Block, BlockKind};

/// What separates two blocks of an item in a tight list, where a blank line would make the
/// list loose.
pub(super) enum Separator {
    None,
    /// An empty comment, which ends a paragraph and shows nothing (`1. a` / `   <!-- -->` /
    /// `   3. b`: right under `a`, `3. b` would continue it).
    Comment,
    /// Where nothing else ends the block above (raw HTML, a table, a footnote): the list reads
    /// back loose. A tight list holds no such pair unless none of its items holds text, which
    /// reads the same either way.
    BlankLine,
}

/// How `next`, written as `next_md`, follows `above` (written as `above_md`) in an item of a
/// tight list. Under a heading, code or a rule, anything starts on the next line. Under a
/// paragraph, or a list or quote whose last paragraph a line would lazily continue, a block
/// that interrupts a paragraph does (`- a` / `  - b`, `- a` / `  # h`), but a paragraph or a
/// list not starting at 1 would join it, and a line like `- |` under a line holding `|`
/// would make it a table's head.
pub(super) fn tight_separator(
    above: &Block,
    above_md: &str,
    next: &Block,
    next_md: &str,
) -> Separator {
    match above.kind {
        BlockKind::Heading { .. } | BlockKind::Code { .. } | BlockKind::Rule => Separator::None,
        BlockKind::Paragraph(_) | BlockKind::List { .. } | BlockKind::Quote(_) => {
            let first_line = next_md.lines().next().unwrap_or("");
            let interrupts = match &next.kind {
                BlockKind::Paragraph(_) => false,
                BlockKind::List { .. } => interrupts_paragraph(next, next_md),
                _ => true,
            };
            if interrupts && !(above_md.contains('|') && is_delimiter_row(first_line)) {
                Separator::None
            } else {
                Separator::Comment
            }
        }
        BlockKind::Html(ref html) if ends_itself(html) => Separator::None,
        BlockKind::Html(_) | BlockKind::Table { .. } | BlockKind::FootnoteDef { .. } => {
            Separator::BlankLine
        }
    }
}

/// Whether the raw HTML block `html` ends at its last line whatever follows: it is a
/// comment, a processing instruction, a declaration, CDATA or a `script`, `pre`, `style` or
/// `textarea` element (CommonMark's HTML blocks of kinds 1 to 5), closed there. Any other
/// ends only at a blank line.
fn ends_itself(html: &str) -> bool {
    let html = html.trim();
    let last = html.lines().next_back().unwrap_or("");
    let lower = |s: &str| s.to_ascii_lowercase();
    let element = ["script", "pre", "style", "textarea"]
        .into_iter()
        .find(|name| {
            let open = format!("<{name}");
            lower(html.get(..open.len()).unwrap_or("")) == open
                && html[open.len()..].starts_with([' ', '\t', '>', '\n'])
        });
    match element {
        Some(name) => lower(last).contains(&format!("</{name}>")),
        None if html.starts_with("<!--") => last.contains("-->"),
        None if html.starts_with("<?") => last.contains("?>"),
        None if html.starts_with("<![CDATA[") => last.contains("]]>"),
        None if html.starts_with("<!") => last.contains('>'),
        None => false,
    }
}

/// Whether `block`, written as `md`, is a list that starts right under a paragraph line
/// without joining it: a bullet list or one starting at 1, whose first line holds more than
/// its marker.
fn interrupts_paragraph(block: &Block, md: &str) -> bool {
    let BlockKind::List {
        start: None | Some(1),
        ..
    } = &block.kind
    else {
        return false;
    };
    let first = md.lines().next().unwrap_or("").trim();
    first
        .split_once(' ')
        .is_some_and(|(_, rest)| !rest.trim().is_empty())
}
