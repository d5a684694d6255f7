//! Markdown notes: pulldown-cmark events folded into the document model.
//!
//! GFM tables, strikethrough, task lists and footnotes are on. Hugo shortcodes are stripped
//! first (see [`super::shortcode`]); every block keeps the byte range it came from in the
//! original note. Text reads as Hugo (goldmark) shows it: bare URLs are links, a line break
//! between two Chinese characters is no space, and an attribute line after an image
//! (`{width=800 height=600}`) is no text ([`tidy`]).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::lines::{is_cjk_letter, is_cjk_punct};
use super::{linkify, sessions, shortcode, Parsed};
use crate::model::{Align, Block, BlockKind, Inline, ListItem, MetaValue, SectionMeta};

/// Containers nested deeper than this are flattened into their parent. pulldown-cmark itself
/// copes with 10k nested list markers; our recursive fold and the browser's stack would not.
const MAX_DEPTH: usize = 48;

/// Parses the Markdown `body`, whose first byte is at `base` in the original note.
pub fn parse(body: &str, base: usize) -> Parsed {
    let cleaned = shortcode::strip(body);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(&cleaned.text, options)
        .into_offset_iter()
        .collect();
    let mut folder = Folder {
        events,
        pos: 0,
        more_at: None,
        map: &|r: Range<usize>| base + cleaned.original(r.start)..base + cleaned.original(r.end),
    };
    let mut blocks = folder.blocks(0, true);
    // After the fold, so that a `<!-- section: … -->` comment under a heading (read into its
    // metadata by `section_meta_of`) wins over what its text or first line says.
    sessions::mark_sessions(&mut blocks, true);
    Parsed {
        blocks,
        title: None,
        more_at: folder.more_at,
    }
}

struct Folder<'e, 'm> {
    events: Vec<(Event<'e>, Range<usize>)>,
    pos: usize,
    more_at: Option<usize>,
    map: &'m dyn Fn(Range<usize>) -> Range<usize>,
}

impl<'e> Folder<'e, '_> {
    fn next(&mut self) -> Option<(Event<'e>, Range<usize>)> {
        let item = self.events.get_mut(self.pos)?;
        self.pos += 1;
        // Each event is visited once; take it rather than clone it.
        Some(std::mem::replace(item, (Event::SoftBreak, 0..0)))
    }

    /// Folds block events until the end tag of the enclosing container (or the end).
    fn blocks(&mut self, depth: usize, top: bool) -> Vec<Block> {
        self.blocks_noting(depth, top, &mut false)
    }

    /// [`Folder::blocks`], setting `tagged` when a paragraph among them is tagged as one.
    /// In a list item that tells a loose list from a tight one: pulldown-cmark tags a loose
    /// item's paragraphs, where a tight item's text comes as bare inline events (which the
    /// model holds as a paragraph all the same).
    fn blocks_noting(&mut self, depth: usize, top: bool, tagged: &mut bool) -> Vec<Block> {
        let mut out = Vec::new();
        // Containers flattened because of depth: their end tags are skipped.
        let mut flattened = 0usize;
        // Inline events directly inside a tight list item become one paragraph.
        let mut loose: Vec<Inline> = Vec::new();
        let mut loose_range: Option<Range<usize>> = None;
        while let Some((event, range)) = self.next() {
            let src = (self.map)(range.clone());
            if let Event::Rule = event {
                flush(&mut loose, &mut loose_range, &mut out);
                out.push(Block::new(BlockKind::Rule, src));
                continue;
            }
            if !matches!(event, Event::Start(_) | Event::End(_))
                || matches!(
                    event,
                    Event::Start(
                        Tag::Emphasis
                            | Tag::Strong
                            | Tag::Strikethrough
                            | Tag::Link { .. }
                            | Tag::Image { .. }
                            | Tag::Superscript
                            | Tag::Subscript
                    )
                )
            {
                if let Some(inline) = self.inline(event, depth) {
                    loose.push(inline);
                    let r = loose_range.get_or_insert(src.clone());
                    r.end = src.end;
                }
                continue;
            }
            flush(&mut loose, &mut loose_range, &mut out);
            match event {
                Event::End(_) if flattened > 0 => flattened -= 1,
                Event::End(_) => break,
                Event::Start(tag) => {
                    let container = matches!(
                        tag,
                        Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
                    );
                    if container && depth >= MAX_DEPTH {
                        flattened += 1;
                        continue;
                    }
                    *tagged |= matches!(tag, Tag::Paragraph);
                    match self.block(tag, src, depth) {
                        Some(Block {
                            kind: BlockKind::Html(html),
                            ..
                        }) if top && html.trim() == "<!--more-->" => {
                            self.more_at.get_or_insert(out.len());
                        }
                        Some(Block {
                            kind: BlockKind::Html(html),
                            ..
                        }) if section_meta_of(&html, out.last_mut()) => {}
                        Some(block) => out.push(block),
                        None => {}
                    }
                }
                _ => {}
            }
        }
        flush(&mut loose, &mut loose_range, &mut out);
        out
    }

    fn block(&mut self, tag: Tag<'e>, src: Range<usize>, depth: usize) -> Option<Block> {
        let kind = match tag {
            Tag::Paragraph => BlockKind::Paragraph(tidy(self.inlines(depth), Tidy::Paragraph)),
            Tag::Heading { level, .. } => {
                let (content, id) = heading_content(self.inlines(depth));
                BlockKind::Heading {
                    level: heading_level(level),
                    content,
                    meta: SectionMeta::default(),
                    id,
                }
            }
            Tag::BlockQuote(_) => BlockKind::Quote(self.blocks(depth + 1, false)),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(|l| l.trim_matches(|c| c == '{' || c == '}' || c == '.'))
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                BlockKind::Code {
                    lang,
                    text: self.raw_text(),
                }
            }
            Tag::HtmlBlock => BlockKind::Html(self.raw_text()),
            Tag::List(start) => {
                let (mut items, mut loose) = (Vec::new(), false);
                while let Some((event, range)) = self.next() {
                    match event {
                        Event::Start(Tag::Item) => {
                            let _ = range;
                            // A list whose items' text is never a paragraph (`- # a`, blank
                            // line, `- # b`) renders the same either way: it is kept tight.
                            let mut blocks = self.blocks_noting(depth + 1, false, &mut loose);
                            let checked = take_task_marker(&mut blocks);
                            items.push(ListItem { checked, blocks });
                        }
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                BlockKind::List {
                    start,
                    items,
                    loose,
                }
            }
            Tag::Item => BlockKind::Quote(self.blocks(depth + 1, false)),
            Tag::FootnoteDefinition(label) => BlockKind::FootnoteDef {
                label: label.to_string(),
                blocks: self.blocks(depth + 1, false),
            },
            Tag::Table(aligns) => self.table(aligns, depth),
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => {
                self.skip_to_end();
                return None;
            }
            // Inline tags never start a block (handled in `blocks`).
            _ => {
                self.skip_to_end();
                return None;
            }
        };
        Some(Block::new(kind, src))
    }

    fn table(&mut self, aligns: Vec<pulldown_cmark::Alignment>, depth: usize) -> BlockKind {
        let aligns = aligns
            .into_iter()
            .map(|a| match a {
                pulldown_cmark::Alignment::None => Align::None,
                pulldown_cmark::Alignment::Left => Align::Left,
                pulldown_cmark::Alignment::Center => Align::Center,
                pulldown_cmark::Alignment::Right => Align::Right,
            })
            .collect();
        let mut head = Vec::new();
        let mut rows = Vec::new();
        let mut row: Vec<Vec<Inline>> = Vec::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::TableCell) => row.push(tidy(self.inlines(depth), Tidy::Text)),
                Event::End(TagEnd::TableHead) => head = std::mem::take(&mut row),
                Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        BlockKind::Table { aligns, head, rows }
    }

    /// Folds inline events until the end of the enclosing tag. Past [`MAX_DEPTH`], tags
    /// (emphasis, links, images) are dropped and their content kept in this list: 5,000
    /// images nested in one another's alt text overflowed the stack.
    fn inlines(&mut self, depth: usize) -> Vec<Inline> {
        let mut out = Vec::new();
        // Tags dropped because of depth: their end tags are skipped.
        let mut flattened = 0usize;
        while let Some((event, _)) = self.next() {
            match event {
                Event::End(_) if flattened > 0 => flattened -= 1,
                Event::End(_) => break,
                Event::Start(_) if depth >= MAX_DEPTH => flattened += 1,
                event => out.extend(self.inline(event, depth)),
            }
        }
        out
    }

    fn inline(&mut self, event: Event<'e>, depth: usize) -> Option<Inline> {
        Some(match event {
            Event::Text(t) => Inline::Text(t.into_string()),
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                Inline::Code(t.into_string())
            }
            Event::InlineHtml(h) | Event::Html(h) => Inline::Html(h.into_string()),
            Event::FootnoteReference(l) => Inline::FootnoteRef(l.into_string()),
            Event::SoftBreak => Inline::SoftBreak,
            Event::HardBreak => Inline::HardBreak,
            Event::TaskListMarker(done) => {
                Inline::Text(if done { "\u{0}x" } else { "\u{0} " }.into())
            }
            Event::Rule => return None,
            Event::Start(tag) => {
                let inner = |s: &mut Self| s.inlines(depth + 1);
                match tag {
                    Tag::Emphasis => Inline::Emph(inner(self)),
                    Tag::Strong => Inline::Strong(inner(self)),
                    Tag::Strikethrough => Inline::Strike(inner(self)),
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        ..
                    } => Inline::Link {
                        // `<someone@example.com>` links to the address, not to a relative path.
                        url: match link_type {
                            LinkType::Email => format!("mailto:{dest_url}"),
                            _ => dest_url.into_string(),
                        },
                        title: title.into_string(),
                        content: inner(self),
                    },
                    Tag::Image {
                        dest_url, title, ..
                    } => {
                        let alt = Inline::text_of(&inner(self));
                        Inline::Image {
                            url: dest_url.into_string(),
                            title: title.into_string(),
                            alt,
                        }
                    }
                    _ => Inline::Emph(inner(self)),
                }
            }
            Event::End(_) => return None,
        })
    }

    /// Concatenates the text events of a code or HTML block.
    fn raw_text(&mut self) -> String {
        let mut text = String::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Text(t) | Event::Html(t) => text.push_str(&t),
                Event::End(_) => break,
                _ => {}
            }
        }
        text
    }

    fn skip_to_end(&mut self) {
        let mut open = 1usize;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(_) => open += 1,
                Event::End(_) => {
                    open -= 1;
                    if open == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
}

fn flush(loose: &mut Vec<Inline>, range: &mut Option<Range<usize>>, out: &mut Vec<Block>) {
    if loose.is_empty() {
        return;
    }
    let content = tidy(std::mem::take(loose), Tidy::Paragraph);
    let r = range.take().unwrap_or(0..0);
    out.push(Block::new(BlockKind::Paragraph(content), r));
}

/// What [`tidy`] works on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tidy {
    /// A paragraph: its last line may be an attribute list.
    Paragraph,
    /// A heading, a table cell, or content inside emphasis.
    Text,
    /// A link's text: its URLs are not made links again.
    LinkText,
}

/// The inlines of a paragraph, heading or table cell as Hugo's Markdown (goldmark, with its
/// defaults) shows them: text events merged; a soft line break between two East Asian
/// characters dropped (a browser would show it as a space, and `继续⏎讲述` must be found as
/// `继续讲述`); a paragraph's last line dropped when it is a block attribute list, which Hugo
/// applies to the block (`![架构](a.svg)` then `{width=3158 height=1200}`, on 117 of the
/// handbook's pages); bare `http(s)://` URLs made links, as in plain-text notes. A heading's
/// attribute list is [`heading_content`]'s.
fn tidy(inlines: Vec<Inline>, what: Tidy) -> Vec<Inline> {
    let mut inlines = merged(inlines, what);
    if what == Tidy::Paragraph {
        if let [.., Inline::SoftBreak, Inline::Text(last)] = inlines.as_slice() {
            if is_attribute_list(last.trim()) {
                inlines.truncate(inlines.len() - 2);
            }
        }
    }
    linkified(inlines, what)
}

/// A heading's inlines as [`tidy`] makes them, without the goldmark attribute list that may
/// end them, and the id that list gives the heading: `## 安装步骤 {#install}` is `安装步骤`
/// with the id `install`. The list goes before URLs become links, so a URL in it
/// (`{data-src=https://x.y}`) does not keep it in the text.
fn heading_content(inlines: Vec<Inline>) -> (Vec<Inline>, Option<String>) {
    let mut inlines = merged(inlines, Tidy::Text);
    let mut id = None;
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        if let Some(at) = heading_attributes(last) {
            id = attribute_id(&last[at..]);
            last.truncate(at);
            let end = last.trim_end().len();
            last.truncate(end);
            if last.is_empty() {
                inlines.pop();
            }
        }
    }
    (linkified(inlines, Tidy::Text), id)
}

/// `inlines` with their text events merged and soft breaks between East Asian characters
/// dropped, in emphasis and links too (see [`tidy`]).
fn merged(mut inlines: Vec<Inline>, what: Tidy) -> Vec<Inline> {
    // Most runs are one text with nothing to merge (a heading, a short paragraph, a cell).
    if let [Inline::Text(_)] = inlines.as_slice() {
        return inlines;
    }
    let inner = if what == Tidy::LinkText {
        Tidy::LinkText
    } else {
        Tidy::Text
    };
    // Compacted in place: a new list for each run was a tenth of the Markdown parse.
    let mut kept = 0;
    for read in 0..inlines.len() {
        let inline = match std::mem::replace(&mut inlines[read], Inline::HardBreak) {
            Inline::Emph(c) => Inline::Emph(tidy(c, inner)),
            Inline::Strong(c) => Inline::Strong(tidy(c, inner)),
            Inline::Strike(c) => Inline::Strike(tidy(c, inner)),
            Inline::Link {
                url,
                title,
                content,
            } => Inline::Link {
                url,
                title,
                content: tidy(content, Tidy::LinkText),
            },
            other => other,
        };
        match (inline, &mut inlines[..kept]) {
            // A soft break goes when the text after it starts as wide as the text before ends.
            (Inline::Text(t), [.., Inline::Text(prev), Inline::SoftBreak])
                if prev.chars().next_back().is_some_and(is_wide)
                    && t.chars().next().is_some_and(is_wide) =>
            {
                prev.push_str(&t);
                kept -= 1;
            }
            (Inline::Text(t), [.., Inline::Text(prev)]) => prev.push_str(&t),
            (inline, _) => {
                inlines[kept] = inline;
                kept += 1;
            }
        }
    }
    inlines.truncate(kept);
    inlines
}

/// `inlines` with the bare URLs in their text made links (but in a link's text).
fn linkified(inlines: Vec<Inline>, what: Tidy) -> Vec<Inline> {
    let with_url = |i: &Inline| matches!(i, Inline::Text(t) if has_url(t));
    if what == Tidy::LinkText || !inlines.iter().any(with_url) {
        return inlines;
    }
    inlines
        .into_iter()
        .flat_map(|inline| match inline {
            Inline::Text(t) if has_url(&t) => linkify::inlines(&t),
            other => vec![other],
        })
        .collect()
}

/// Where the goldmark attribute list that ends a heading's last text starts (the space before
/// it): `## 安装步骤 {#install}`. pulldown-cmark's own option would also take `{变量}` or
/// `{T any}` away from a heading's text. `toMarkdown` asks this too, to keep such text.
pub(crate) fn heading_attributes(last: &str) -> Option<usize> {
    Some(last.trim_end())
        .filter(|t| t.ends_with('}'))
        .and_then(|t| t.rfind(" {"))
        .filter(|&at| is_attribute_list(last[at + 1..].trim_end()))
}

/// The id an attribute list (` {#install .wide}`) gives: its last `#id` or `id=…`, as goldmark
/// takes the last. A `#id` holds only [`is_name_char`]s; an `id=` value must too, or it is no
/// id (`{id="a b" onclick=x}`): an id goes into HTML attributes and URL fragments as it is.
fn attribute_id(list: &str) -> Option<String> {
    let id = attributes(list.trim())?
        .into_iter()
        .rev()
        .find(|(name, _)| *name == "id")?
        .1;
    (!id.is_empty() && id.chars().all(is_name_char)).then(|| id.to_string())
}

/// Whether `c` may be in the name of an attribute, a class or an id in an attribute list.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':')
}

/// Whether `t` may hold a bare URL for [`linkify`] (it holds `http`).
fn has_url(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr_iter(b'h', b).any(|i| b[i..].starts_with(b"http"))
}

/// Chinese, Japanese and Korean letters and punctuation, and full-width forms: where
/// goldmark's East Asian line-break rule drops a soft break between two of them.
pub(crate) fn is_wide(c: char) -> bool {
    is_cjk_letter(c) || is_cjk_punct(c) || ('\u{FF00}'..='\u{FFEF}').contains(&c)
}

/// Whether `s` is a goldmark attribute list: `{` attributes `}`, each `#id`, `.class` or
/// `key=value` (the value bare or quoted), separated by spaces; at least one.
pub(crate) fn is_attribute_list(s: &str) -> bool {
    attributes(s).is_some()
}

/// The attributes of the goldmark attribute list `s` as `(name, value)` pairs (`#a` is
/// `("id", "a")`, `.b` is `("class", "b")`, a quoted value is without its quotes); `None` when
/// `s` is no attribute list ([`is_attribute_list`]).
fn attributes(s: &str) -> Option<Vec<(&str, &str)>> {
    let mut rest = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .map(str::trim)?;
    let name_len = |s: &str| s.find(|c: char| !is_name_char(c)).unwrap_or(s.len());
    if rest.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    while !rest.is_empty() {
        let after = if let Some(r) = rest.strip_prefix(['#', '.']) {
            let n = name_len(r);
            if n == 0 {
                return None;
            }
            let name = if rest.starts_with('#') { "id" } else { "class" };
            out.push((name, &r[..n]));
            &r[n..]
        } else {
            let n = name_len(rest);
            let value = rest[n..].strip_prefix('=').filter(|_| n > 0)?;
            if let Some(q) = value.chars().next().filter(|&c| c == '"' || c == '\'') {
                let close = value[1..].find(q)?;
                out.push((&rest[..n], &value[1..close + 1]));
                &value[close + 2..]
            } else {
                let v = value.find(char::is_whitespace).unwrap_or(value.len());
                if v == 0 {
                    return None;
                }
                out.push((&rest[..n], &value[..v]));
                &value[v..]
            }
        };
        if !after.is_empty() && !after.starts_with(char::is_whitespace) {
            return None;
        }
        rest = after.trim_start();
    }
    Some(out)
}

/// `<!-- section: {speaker: "Mei Chen", org: "Example", pages: 60, size: "8 MB"} -->` right
/// after a heading, as `toMarkdown` writes the metadata a plain-text recap or a listing
/// recognised under a heading: read into that heading's [`SectionMeta`] (when it has none);
/// returns whether it was. A comment renders as nothing either way.
fn section_meta_of(html: &str, previous: Option<&mut Block>) -> bool {
    let Some(Block {
        kind: BlockKind::Heading { meta, .. },
        ..
    }) = previous
    else {
        return false;
    };
    let Some(yaml) = html
        .trim()
        .strip_prefix("<!-- section:")
        .and_then(|s| s.strip_suffix("-->"))
    else {
        return false;
    };
    if !meta.is_empty() {
        return false;
    }
    let Ok(map) = super::front_matter::parse_yaml(yaml) else {
        return false;
    };
    let text = |key: &str| match map.get(key) {
        Some(MetaValue::Str(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    meta.speaker = text("speaker");
    meta.org = text("org");
    meta.size = text("size");
    meta.pages = match map.get("pages") {
        Some(MetaValue::Int(n)) => u32::try_from(*n).ok(),
        _ => None,
    };
    true
}

/// Task markers arrive as the first inline of the item's first paragraph; lift them out.
fn take_task_marker(blocks: &mut [Block]) -> Option<bool> {
    let first = blocks.first_mut()?;
    // `- [x] a` over an indented `-`: the item's text is a setext heading.
    let (BlockKind::Paragraph(content) | BlockKind::Heading { content, .. }) = &mut first.kind
    else {
        return None;
    };
    // The marker's text event is merged with the text after it (see [`tidy`]).
    let Some(Inline::Text(t)) = content.first_mut() else {
        return None;
    };
    let checked = match t.get(..2) {
        Some("\u{0}x") => true,
        Some("\u{0} ") => false,
        _ => return None,
    };
    t.drain(..2);
    if t.is_empty() {
        content.remove(0);
    }
    Some(checked)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(md: &str) -> Vec<BlockKind> {
        parse(md, 0).blocks.into_iter().map(|b| b.kind).collect()
    }

    #[test]
    fn headings_paragraphs_and_more_split() {
        let p = parse("intro\n\n<!--more-->\n\n## A\n\ntext", 0);
        assert_eq!(p.more_at, Some(1));
        assert_eq!(p.blocks.len(), 3);
        assert!(matches!(
            p.blocks[1].kind,
            BlockKind::Heading { level: 2, .. }
        ));
    }

    #[test]
    fn tight_list_items_hold_paragraphs_and_task_state() {
        let k = kinds("- [x] done\n- [ ] todo\n- plain");
        let BlockKind::List {
            items,
            start: None,
            loose: false,
        } = &k[0]
        else {
            panic!("{k:?}")
        };
        assert_eq!(items[0].checked, Some(true));
        assert_eq!(items[1].checked, Some(false));
        assert_eq!(items[2].checked, None);
        assert_eq!(
            items[0].blocks[0].kind,
            BlockKind::Paragraph(vec![Inline::Text("done".into())])
        );
    }

    #[test]
    fn tables_and_code_and_images() {
        let k = kinds("|a|b|\n|-|:-:|\n|1|2|\n\n```rust\nfn x(){}\n```\n\n![alt](i.png)");
        assert!(
            matches!(&k[0], BlockKind::Table { head, rows, .. } if head.len() == 2 && rows.len() == 1)
        );
        assert_eq!(
            k[1],
            BlockKind::Code {
                lang: Some("rust".into()),
                text: "fn x(){}\n".into()
            }
        );
        assert!(
            matches!(&k[2], BlockKind::Paragraph(c) if matches!(&c[0], Inline::Image { alt, .. } if alt == "alt"))
        );
    }

    #[test]
    fn source_ranges_point_into_the_original_through_shortcodes() {
        let md = "{{< callout >}}\n\n## 标题\n\n{{< /callout >}}";
        let p = parse(md, 10);
        let h = &p.blocks[0];
        assert_eq!(
            &md[h.source.start - 10..h.source.end - 10].trim(),
            &"## 标题"
        );
    }

    fn paragraph(md: &str) -> Vec<Inline> {
        match kinds(md).into_iter().next() {
            Some(BlockKind::Paragraph(content)) => content,
            other => panic!("{other:?}"),
        }
    }

    /// Repro from the handbook audit: `{width=3158 height=1200}` after an image was shown,
    /// indexed and put in snippets on 117 of 202 pages.
    #[test]
    fn an_attribute_line_ending_a_paragraph_is_no_text() {
        let content = paragraph("![架构](https://example.com/a.svg)\n{width=3158 height=1200}");
        assert!(
            matches!(content.as_slice(), [Inline::Image { .. }]),
            "{content:?}"
        );
        for attrs in ["{.wide #fig-1}", "{width=\"80%\" loading='lazy'}", "{ .a }"] {
            let content = paragraph(&format!("说明\n{attrs}"));
            assert_eq!(content, [Inline::Text("说明".into())], "{attrs}");
        }
        // Text in braces that is no attribute list stays, as does one on a line of its own.
        for text in ["说明\n{变量}", "说明\n{a b}", "说明\n{}", "说明\n{width=}"] {
            assert!(Inline::text_of(&paragraph(text)).contains('{'), "{text}");
        }
        assert_eq!(paragraph("{width=1}"), [Inline::Text("{width=1}".into())]);
    }

    #[test]
    fn a_section_comment_under_a_heading_is_its_metadata() {
        let k = kinds("## Scaling Controllers\n\n<!-- section: {speaker: \"Mei Chen\", org: \"A\\x3eB\", pages: 60, size: \"8 MB\"} -->\n\n正文");
        assert_eq!(k.len(), 2, "{k:?}");
        let BlockKind::Heading { meta, .. } = &k[0] else {
            panic!("{k:?}")
        };
        assert_eq!(
            *meta,
            SectionMeta {
                speaker: Some("Mei Chen".into()),
                org: Some("A>B".into()),
                pages: Some(60),
                size: Some("8 MB".into()),
            }
        );
        // Anywhere else, or not YAML, it is a comment like any other.
        for md in [
            "正文\n\n<!-- section: {speaker: x} -->",
            "## H\n\n<!-- section: {speaker: [ -->",
        ] {
            assert!(
                kinds(md).iter().any(|k| matches!(k, BlockKind::Html(_))),
                "{md}"
            );
        }
    }

    /// `- [x] a` over an indented `-` made the item's text a setext heading, with the task
    /// marker's NUL in it (found by the round-trip property test).
    #[test]
    fn a_task_item_whose_text_is_a_heading_keeps_its_state() {
        let k = kinds("- [x] a\n  -");
        let BlockKind::List { items, .. } = &k[0] else {
            panic!("{k:?}")
        };
        assert_eq!(items[0].checked, Some(true));
        assert!(
            matches!(&items[0].blocks[0].kind, BlockKind::Heading { content, .. } if Inline::text_of(content) == "a"),
            "{items:?}"
        );
    }

    #[test]
    fn a_heading_attribute_list_is_no_text() {
        let heading = |md: &str| match kinds(md).into_iter().next() {
            Some(BlockKind::Heading { content, .. }) => Inline::text_of(&content),
            other => panic!("{other:?}"),
        };
        assert_eq!(heading("## 安装步骤 {#install .wide}"), "安装步骤");
        assert_eq!(heading("## 使用 {变量}"), "使用 {变量}");
        assert_eq!(heading("## Go 泛型 {T any}"), "Go 泛型 {T any}");
        assert_eq!(heading("## {#only}"), "{#only}");
    }

    #[test]
    fn a_heading_attribute_list_gives_its_id() {
        let id = |md: &str| match &parse(md, 0).blocks[0].kind {
            BlockKind::Heading { id, .. } => id.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            id("## 安装步骤 {#install .wide}").as_deref(),
            Some("install")
        );
        assert_eq!(id("## A {.wide id=\"x\"}").as_deref(), Some("x"));
        assert_eq!(id("## A {.wide}"), None);
        assert_eq!(id("## A {id=\"a b\"}"), None);
        assert_eq!(id("## A {#a\"onclick=x}"), None);
        assert_eq!(id("## A"), None);
    }

    #[test]
    fn a_list_is_loose_when_its_items_text_is_tagged_as_paragraphs() {
        let loose = |md: &str| match parse(md, 0).blocks[0].kind {
            BlockKind::List { loose, .. } => loose,
            ref other => panic!("{other:?}"),
        };
        assert!(!loose("- a\n- b"));
        assert!(loose("- a\n\n- b"));
        assert!(loose("- a\n- b\n\n- c"));
        assert!(loose("- a\n\n  b"));
        assert!(!loose("- a\n  - b\n\n    c"));
        // Without text in its items a list renders the same either way: it is kept tight.
        assert!(!loose("- # a\n\n- # b"));
    }

    /// Repro from the handbook audit: `继续⏎讲述` was found only as `继续 讲述`.
    #[test]
    fn a_line_break_between_chinese_characters_is_no_space() {
        assert_eq!(
            paragraph("下一行继续\n讲述，\n**重点**"),
            [
                Inline::Text("下一行继续讲述，".into()),
                Inline::SoftBreak,
                Inline::Strong(vec![Inline::Text("重点".into())]),
            ]
        );
        assert_eq!(
            paragraph("line one\nline two"),
            [
                Inline::Text("line one".into()),
                Inline::SoftBreak,
                Inline::Text("line two".into())
            ]
        );
        assert_eq!(
            paragraph("中文\nEnglish"),
            [
                Inline::Text("中文".into()),
                Inline::SoftBreak,
                Inline::Text("English".into())
            ]
        );
    }

    /// Repro from the handbook audit: seed 001's bare URLs were text.
    #[test]
    fn bare_urls_are_links_outside_links_and_code() {
        let content = paragraph("见 https://example.com/a，和 [站点](https://x.y) `https://code`");
        let urls: Vec<&str> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Link { url, .. } => Some(url.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(urls, ["https://example.com/a", "https://x.y"]);
        assert!(content.contains(&Inline::Code("https://code".into())));
    }

    #[test]
    fn deep_nesting_is_flattened_not_overflowed() {
        let md = "> ".repeat(10_000) + "deep";
        let p = parse(&md, 0);
        let mut text = String::new();
        for b in &p.blocks {
            b.push_text(&mut text);
        }
        assert!(text.contains("deep"));
    }
}
