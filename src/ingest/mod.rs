//! Notes come in: the format is detected and the text parsed into the document model.
//!
//! Any text is valid input: parsing never fails. Problems are reported as [`Warning`]s on the
//! note, and pathological input is handled by bounding work (see [`MAX_NOTE_BYTES`]).

mod detect;
mod excerpt;
mod front_matter;
mod furniture;
mod lines;
mod linkify;
mod listing;
mod markdown;
mod repair;
mod sessions;
mod shapes;
mod shortcode;
mod text;

use crate::model::{Block, BlockKind, Format, Inline, Note, NoteMeta, Warning};
use crate::normalize::nfkc_line;

pub use detect::detect;
/// What the Markdown parser drops, which `toMarkdown` must keep from it.
pub(crate) use markdown::{heading_attributes, is_attribute_list, is_wide};
pub(crate) use sessions::speaker_of_line;

/// Notes larger than this are cut (on a character boundary) with a warning: the index and
/// the renderer are linear, but a browser tab should not be asked to hold more per note.
pub const MAX_NOTE_BYTES: usize = 16 * 1024 * 1024;

/// Which parser to use for a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormatChoice {
    /// Detect from the text (the default).
    #[default]
    Auto,
    Markdown,
    Text,
    Listing,
}

impl FormatChoice {
    /// Parses an option value: `auto`, `markdown` (or `md`), `text` (or `plain`), `listing`.
    pub fn from_name(name: &str) -> Option<FormatChoice> {
        Some(match name {
            "auto" => FormatChoice::Auto,
            "markdown" | "md" => FormatChoice::Markdown,
            "text" | "plain" | "txt" => FormatChoice::Text,
            "listing" => FormatChoice::Listing,
            _ => return None,
        })
    }
}

/// Parses `text` into a [`Note`]. Never fails; never panics.
pub fn parse_note(id: &str, text: &str, choice: FormatChoice) -> Note {
    let mut warnings = Vec::new();
    let text = if text.len() > MAX_NOTE_BYTES {
        let mut cut = MAX_NOTE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        warnings.push(Warning {
            code: "note_truncated",
            message: format!(
                "note is {} bytes; only the first {cut} bytes were read",
                text.len()
            ),
        });
        &text[..cut]
    } else {
        text
    };

    let fm = front_matter::split(text);
    let mut meta = NoteMeta::default();
    if let Some(fm) = &fm {
        front_matter::apply(fm, &mut meta, &mut warnings);
    }
    // A byte order mark is an encoding's signature, not text: left in, it became part of a
    // listing's first heading. The body starts after it, so sources still point into `text`.
    let bom = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let body_start = fm.as_ref().map_or(bom, |fm| fm.body_start);
    let body = &text[body_start..];

    let format = match choice {
        FormatChoice::Auto if fm.is_some() => Format::Markdown,
        FormatChoice::Auto => detect(body),
        FormatChoice::Markdown => Format::Markdown,
        FormatChoice::Text => Format::Text,
        FormatChoice::Listing => Format::Listing,
    };

    let parsed = match format {
        Format::Markdown => markdown::parse(body, body_start),
        Format::Text => text::parse(body, body_start),
        Format::Listing => listing::parse(body, body_start),
    };

    if meta.title.is_empty() {
        meta.title = parsed
            .title
            .as_deref()
            .map(nfkc_line)
            .filter(|t| !t.is_empty())
            .or_else(|| first_heading(&parsed.blocks))
            .unwrap_or_else(|| nfkc_line(id));
    }
    meta.excerpt = excerpt::excerpt(&parsed.blocks, parsed.more_at);

    Note {
        id: id.to_string(),
        format,
        meta,
        blocks: parsed.blocks,
        warnings,
    }
}

/// What a format parser returns.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub blocks: Vec<Block>,
    /// A title the parser recognised (e.g. the first line of a plain-text recap).
    pub title: Option<String>,
    /// Index into `blocks` of the `<!--more-->` split, when the note has one.
    pub more_at: Option<usize>,
}

#[cfg(test)]
impl Parsed {
    /// The headings as (text, metadata), for the parsers' tests.
    pub fn headings(&self) -> Vec<(String, crate::model::SectionMeta)> {
        self.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { content, meta, .. } => {
                    Some((Inline::text_of(content), meta.clone()))
                }
                _ => None,
            })
            .collect()
    }
}

fn first_heading(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading { content, .. } => {
            Some(nfkc_line(&Inline::text_of(content))).filter(|t| !t.is_empty())
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Repro `bom_listing.js`: a BOM before a scraped listing was rendered inside its first
    /// heading.
    #[test]
    fn a_leading_bom_is_stripped_for_every_format() {
        let listing =
            "\u{FEFF}甲 0 码力 | 1 页 | 1 MB | 1 年前\n乙 0 码力 | 2 页 | 2 MB | 1 年前\n";
        for (text, format) in [
            (listing, Format::Listing),
            ("\u{FEFF}## 标题\n\n正文。\n", Format::Markdown),
            ("\u{FEFF}KubeCon 见闻\n\n正文。\n", Format::Text),
        ] {
            let note = parse_note("n", text, FormatChoice::Auto);
            assert_eq!(note.format, format, "{text:?}");
            let first = &note.blocks[0];
            assert!(first.source.start >= 3, "{text:?}");
            let mut shown = String::new();
            first.push_text(&mut shown);
            assert!(!shown.contains('\u{FEFF}'), "{text:?}: {shown:?}");
            assert!(!note.meta.title.contains('\u{FEFF}'), "{text:?}");
        }
    }
}
