//! The one document model every stage shares.
//!
//! Parsing (Markdown, plain text, listings) produces a [`Note`]; the outline, the renderer, the
//! Markdown exporter and the index all read the same [`Block`]s, so they can never disagree
//! about what a heading or a section is.
//!
//! Text inside blocks is the *original* text (after whitespace repair), so rendering shows what
//! the author wrote; [`crate::normalize`] produces the NFKC form used for indexing and titles.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

/// How a note's text was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// CommonMark with GFM extensions, optionally with front matter.
    Markdown,
    /// Plain or scraped text whose structure is inferred line by line.
    Text,
    /// A scraped catalogue listing: entries closed by `N 码力 | N 页 | size | age` footers.
    Listing,
}

impl Format {
    /// The lowercase name used in options and results.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Listing => "listing",
        }
    }
}

/// A parsed note: metadata plus a flat sequence of blocks (headings included).
#[derive(Debug, Clone)]
pub struct Note {
    pub id: String,
    pub format: Format,
    pub meta: NoteMeta,
    pub blocks: Vec<Block>,
    /// Problems the parser recovered from (malformed front matter, cut input, ...).
    pub warnings: Vec<Warning>,
}

/// Metadata of a note, from front matter and inference.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteMeta {
    /// NFKC-normalized title: front matter, else the first heading or line, else the id.
    pub title: String,
    /// `YYYY-MM-DD` (or the full timestamp as written when it has a time part).
    pub date: Option<String>,
    pub lastmod: Option<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub description: Option<String>,
    pub draft: bool,
    /// The summary for listings: text before `<!--more-->`, else the first paragraph, cut.
    pub excerpt: String,
    /// Every other front-matter key, as JSON-like values.
    pub extra: BTreeMap<String, MetaValue>,
}

/// A front-matter value kept as metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MetaValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<MetaValue>),
    Map(BTreeMap<String, MetaValue>),
}

/// How deep front-matter values may nest (a list of scalars is one level): a note keeps no
/// deeper ones, and a snapshot holding deeper ones is refused, so crafted bytes cannot exhaust
/// the stack.
pub const META_NESTING: usize = 32;

impl MetaValue {
    /// Whether values nest inside this one more than `levels` deep (looking no deeper).
    pub fn nests_deeper_than(&self, levels: usize) -> bool {
        let deeper = |v: &MetaValue| levels == 0 || v.nests_deeper_than(levels - 1);
        match self {
            MetaValue::List(items) => items.iter().any(deeper),
            MetaValue::Map(map) => map.values().any(deeper),
            _ => false,
        }
    }
}

/// A recovered problem, reported with the note instead of failing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable machine-readable code, e.g. `front_matter_invalid`.
    pub code: &'static str,
    /// Lowercase human message saying what happened and what was kept.
    pub message: String,
}

/// A block with the byte range of the source text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range in the original note text (front matter included).
    pub source: Range<usize>,
}

/// Metadata a heading can carry (sessions in recaps, entries in listings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SectionMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
}

impl SectionMeta {
    pub fn is_empty(&self) -> bool {
        *self == SectionMeta::default()
    }

    /// The metadata as shown under a heading, as `(kind, text)` pairs in display order.
    pub fn parts(&self) -> Vec<(&'static str, String)> {
        let mut parts = Vec::new();
        parts.extend(self.speaker.clone().map(|s| ("speaker", s)));
        parts.extend(self.org.clone().map(|o| ("org", o)));
        parts.extend(self.pages.map(|p| ("pages", format!("{p} 页"))));
        parts.extend(self.size.clone().map(|s| ("size", s)));
        parts
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// A heading, level 1..=6.
    Heading {
        level: u8,
        content: Vec<Inline>,
        meta: SectionMeta,
        /// An explicit id, from a Hugo (goldmark) attribute list ending a Markdown heading:
        /// `## Install {#install}`. It is the section's slug unless an earlier section took it
        /// ([`crate::outline`]); `toMarkdown` writes it back. It holds only ASCII letters,
        /// digits, `-`, `_` and `:` (what an attribute list's `#id` may hold).
        id: Option<String>,
    },
    Paragraph(Vec<Inline>),
    List {
        /// `Some(start)` for ordered lists.
        start: Option<u64>,
        items: Vec<ListItem>,
        /// CommonMark looseness: two items, or two blocks in one item, are separated by a
        /// blank line somewhere. A loose list's paragraphs render as `<p>`, a tight one's as
        /// bare text. Plain-text lists, one item a line, are tight.
        loose: bool,
    },
    Quote(Vec<Block>),
    Code {
        lang: Option<String>,
        text: String,
    },
    Table {
        aligns: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
    /// Raw HTML: escaped when rendered unless trusted HTML is allowed.
    Html(String),
    FootnoteDef {
        label: String,
        blocks: Vec<Block>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// Task-list state: `Some(true)` for `[x]`.
    pub checked: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Link {
        url: String,
        title: String,
        content: Vec<Inline>,
    },
    /// Images are rendered but never indexed as text.
    Image {
        url: String,
        title: String,
        alt: String,
    },
    Html(String),
    FootnoteRef(String),
    SoftBreak,
    HardBreak,
}

impl Inline {
    /// Appends the visible text of `inlines` to `out` (image alt text excluded: images are not
    /// indexed as text; of inline HTML, only tags that [`shows_as_text`]).
    pub fn push_text(inlines: &[Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => {
                    Inline::push_text(c, out)
                }
                Inline::Link { content, .. } => Inline::push_text(content, out),
                Inline::SoftBreak | Inline::HardBreak => out.push(' '),
                Inline::Html(h) if shows_as_text(h) => out.push_str(h),
                Inline::Image { .. } | Inline::Html(_) | Inline::FootnoteRef(_) => {}
            }
        }
    }

    /// The visible text of `inlines` as a new string.
    pub fn text_of(inlines: &[Inline]) -> String {
        let mut out = String::new();
        Inline::push_text(inlines, &mut out);
        out
    }
}

impl Block {
    pub fn new(kind: BlockKind, source: Range<usize>) -> Block {
        Block { kind, source }
    }

    /// Appends the indexable text of this block (and its children) to `out`, blocks separated
    /// by newlines. Headings contribute their text, raw HTML blocks the text they show
    /// ([`html_text`]); images nothing.
    pub fn push_text(&self, out: &mut String) {
        let sep = |out: &mut String| {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
        };
        match &self.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                sep(out);
                Inline::push_text(content, out);
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    for b in &item.blocks {
                        b.push_text(out);
                    }
                }
            }
            BlockKind::Quote(blocks) | BlockKind::FootnoteDef { blocks, .. } => {
                for b in blocks {
                    b.push_text(out);
                }
            }
            BlockKind::Code { text, .. } => {
                sep(out);
                out.push_str(text);
            }
            BlockKind::Table { head, rows, .. } => {
                for row in std::iter::once(head).chain(rows.iter()) {
                    sep(out);
                    for (i, cell) in row.iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        Inline::push_text(cell, out);
                    }
                }
            }
            BlockKind::Html(html) => {
                let text = html_text(html);
                if !text.trim().is_empty() {
                    sep(out);
                    out.push_str(text.trim());
                }
            }
            BlockKind::Rule => {}
        }
    }
}

/// The text an HTML block shows: tags (but those that [`shows_as_text`]) and comments dropped
/// (each leaving a space), `<script>` and `<style>` dropped with their content, common
/// entities decoded. A table written in HTML is shown, escaped or as HTML, and must be found
/// like any other text.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&rest[..lt], &mut out);
        let tag = &rest[lt..];
        let skip_to = |end: &str| tag.find(end).map_or(tag.len(), |i| i + end.len());
        let opens = |name: &str| {
            tag.as_bytes()
                .get(..name.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
        };
        let len = if tag.starts_with("<!--") {
            skip_to("-->")
        } else if opens("<script") {
            skip_to_ignoring_case(tag, "</script>")
        } else if opens("<style") {
            skip_to_ignoring_case(tag, "</style>")
        } else if tag[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            let len = skip_to(">");
            if shows_as_text(&tag[..len]) {
                out.push_str(&tag[..len]);
                rest = &tag[len..];
                continue;
            }
            len
        } else {
            // A `<` that starts no tag (`a < b`) is text.
            out.push('<');
            1
        };
        if len > 1 {
            out.push(' ');
        }
        rest = &tag[len..];
    }
    push_decoded(rest, &mut out);
    out
}

/// Whether the tag `html` (`<Name …>` or `</Name>`) is text rather than markup: its name is
/// no HTML element (nor a custom element, which has a `-`). Recaps of talks about UI
/// frameworks name components in prose without backticks (`引入了 <Suspense> 组件`); the page
/// shows them as written (raw HTML is escaped unless trusted), so they are searchable and
/// part of a heading's text. Comments and HTML elements stay markup.
pub fn shows_as_text(html: &str) -> bool {
    let name = html
        .strip_prefix("</")
        .or_else(|| html.strip_prefix('<'))
        .map(|rest| {
            let end = rest
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .unwrap_or_default();
    // Lowercased on the stack: no element name is longer than 10 letters.
    let is_element = |name: &str| {
        let mut buf = [0u8; 10];
        let Some(lower) = buf.get_mut(..name.len()) else {
            return false;
        };
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        HTML_ELEMENTS
            .binary_search(&std::str::from_utf8(lower).unwrap_or_default())
            .is_ok()
    };
    name.starts_with(|c: char| c.is_ascii_alphabetic()) && !name.contains('-') && !is_element(name)
}

/// HTML's element names, current and obsolete ones browsers still render, with `svg` and
/// `math`; sorted.
#[rustfmt::skip]
const HTML_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "base",
    "basefont", "bdi", "bdo", "big", "blink", "blockquote", "body", "br", "button", "canvas",
    "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del",
    "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption",
    "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
    "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label",
    "legend", "li", "link", "main", "map", "mark", "marquee", "math", "menu", "meta", "meter",
    "nav", "nobr", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param",
    "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search",
    "section", "select", "slot", "small", "source", "span", "strike", "strong", "style", "sub",
    "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th",
    "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
];

/// Where `end` (ASCII) ends in `text`, in any case; the end of `text` when absent.
fn skip_to_ignoring_case(text: &str, end: &str) -> usize {
    text.as_bytes()
        .windows(end.len())
        .position(|w| w.eq_ignore_ascii_case(end.as_bytes()))
        .map_or(text.len(), |i| i + end.len())
}

/// `text` with the common HTML entities decoded (`&amp;`, `&lt;`, `&nbsp;`, `&#39;`,
/// `&#x4E2D;`); others are left as written.
fn push_decoded(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&i| i <= 10).and_then(|semi| {
            let c = match &after[..semi] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                name => {
                    let code = name.strip_prefix('#')?;
                    let n = match code.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => code.parse().ok()?,
                    };
                    char::from_u32(n)?
                }
            };
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_element_names_are_sorted_for_binary_search() {
        assert!(HTML_ELEMENTS.windows(2).all(|w| w[0] < w[1]));
        assert!(HTML_ELEMENTS.iter().all(|name| name.len() <= 10));
    }

    #[test]
    fn tags_of_no_html_element_show_as_text() {
        for tag in [
            "<Suspense>",
            "</ErrorBoundary>",
            "<Profiler id=\"x\">",
            "<KeepAlive/>",
        ] {
            assert!(shows_as_text(tag), "{tag}");
        }
        for tag in [
            "<span>",
            "</DIV>",
            "<br/>",
            "<my-widget>",
            "<!-- c -->",
            "<H1 id=x>",
        ] {
            assert!(!shows_as_text(tag), "{tag}");
        }
    }
}
