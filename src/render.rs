//! Rendering the document model to safe HTML.
//!
//! Safe by default: raw HTML is escaped, `javascript:`/`vbscript:`/`data:` URLs are dropped
//! (except `data:image/…` in images, SVG excluded), links get `rel="noopener noreferrer"`,
//! images `loading="lazy"`. Headings carry their section slug as `id` plus an anchor link.

use std::fmt::Write;

use crate::ingest::speaker_of_line;
use crate::model::{Align, Block, BlockKind, Inline, Note, SectionMeta};
use crate::outline::{heading_slugs, Outline};

/// Rendering options.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Emit raw HTML from the note as-is. Only for notes you trust.
    pub trusted_html: bool,
}

/// Renders `note` to an HTML fragment.
pub fn render_html(note: &Note, outline: &Outline, options: RenderOptions) -> String {
    let slugs = heading_slugs(outline, &note.blocks);
    let mut r = Renderer {
        out: String::with_capacity(note.blocks.len() * 128),
        options,
    };
    for (i, (block, slug)) in note.blocks.iter().zip(&slugs).enumerate() {
        match &block.kind {
            BlockKind::Heading {
                level,
                content,
                meta,
                ..
            } => {
                let said = said_below(meta, note.blocks.get(i + 1));
                r.heading(*level, content, slug.as_deref(), (!said).then_some(meta));
            }
            _ => r.block(block, slug.as_deref()),
        }
    }
    r.out
}

/// Whether `next`, the block under a heading with `meta`, is the speaker line that `meta` was
/// read from (`讲师：张三（示例公司）`): it shows the speaker already, as the author wrote it.
fn said_below(meta: &SectionMeta, next: Option<&Block>) -> bool {
    meta.speaker.is_some()
        && next
            .and_then(speaker_of_line)
            .is_some_and(|(speaker, org)| meta.speaker == Some(speaker) && meta.org == org)
}

struct Renderer {
    out: String,
    options: RenderOptions,
}

impl Renderer {
    fn block(&mut self, block: &Block, slug: Option<&str>) {
        match &block.kind {
            BlockKind::Heading {
                level,
                content,
                meta,
                ..
            } => self.heading(*level, content, slug, Some(meta)),
            BlockKind::Paragraph(content) => {
                self.out.push_str("<p>");
                self.inlines(content);
                self.out.push_str("</p>\n");
            }
            BlockKind::List {
                start,
                items,
                loose,
            } => {
                let tag = match start {
                    Some(1) => {
                        self.out.push_str("<ol>\n");
                        "ol"
                    }
                    Some(n) => {
                        let _ = writeln!(self.out, "<ol start=\"{n}\">");
                        "ol"
                    }
                    None => {
                        self.out.push_str("<ul>\n");
                        "ul"
                    }
                };
                for item in items {
                    self.out.push_str("<li>");
                    // A loose item's checkbox goes in its first paragraph, as CommonMark
                    // renderers put it, so it stays on that paragraph's line.
                    let boxed = *loose
                        && matches!(
                            item.blocks.first(),
                            Some(Block {
                                kind: BlockKind::Paragraph(_),
                                ..
                            })
                        );
                    if boxed {
                        self.out.push_str("<p>");
                    }
                    if let Some(done) = item.checked {
                        let _ = write!(
                            self.out,
                            "<input type=\"checkbox\" disabled{}> ",
                            if done { " checked" } else { "" }
                        );
                    }
                    for (i, b) in item.blocks.iter().enumerate() {
                        match &b.kind {
                            // A tight list's paragraphs are bare text (CommonMark).
                            BlockKind::Paragraph(content) if !loose => self.inlines(content),
                            BlockKind::Paragraph(content) if boxed && i == 0 => {
                                self.inlines(content);
                                self.out.push_str("</p>\n");
                            }
                            _ => self.block(b, None),
                        }
                    }
                    self.out.push_str("</li>\n");
                }
                let _ = writeln!(self.out, "</{tag}>");
            }
            BlockKind::Quote(blocks) => {
                self.out.push_str("<blockquote>\n");
                for b in blocks {
                    self.block(b, None);
                }
                self.out.push_str("</blockquote>\n");
            }
            BlockKind::Code { lang, text } => {
                self.out.push_str("<pre><code");
                if let Some(lang) = lang {
                    self.out.push_str(" class=\"language-");
                    escape_into(&mut self.out, lang);
                    self.out.push('"');
                }
                self.out.push('>');
                escape_into(&mut self.out, text);
                self.out.push_str("</code></pre>\n");
            }
            BlockKind::Table { aligns, head, rows } => {
                self.out
                    .push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
                for (i, cell) in head.iter().enumerate() {
                    self.cell("th", aligns.get(i).copied(), cell);
                }
                self.out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    self.out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        self.cell("td", aligns.get(i).copied(), cell);
                    }
                    self.out.push_str("</tr>\n");
                }
                self.out.push_str("</tbody></table></div>\n");
            }
            BlockKind::Rule => self.out.push_str("<hr>\n"),
            BlockKind::Html(html) => {
                if self.options.trusted_html {
                    self.out.push_str(html);
                } else if !html.trim().is_empty() && !is_comment(html) {
                    self.out.push_str("<pre class=\"raw-html\">");
                    escape_into(&mut self.out, html.trim_end());
                    self.out.push_str("</pre>\n");
                }
            }
            BlockKind::FootnoteDef { label, blocks } => {
                self.out
                    .push_str("<div class=\"footnote-definition\" id=\"fn-");
                escape_into(&mut self.out, label);
                self.out.push_str("\"><sup>");
                escape_into(&mut self.out, label);
                self.out.push_str("</sup>\n");
                for b in blocks {
                    self.block(b, None);
                }
                self.out.push_str("</div>\n");
            }
        }
    }

    /// Writes ` name="value"` with the value escaped.
    fn attr(&mut self, name: &str, value: &str) {
        let _ = write!(self.out, " {name}=\"");
        escape_into(&mut self.out, value);
        self.out.push('"');
    }

    /// A heading with its id and anchor when it starts a section (`slug`), and `meta` under
    /// it.
    fn heading(
        &mut self,
        level: u8,
        content: &[Inline],
        slug: Option<&str>,
        meta: Option<&SectionMeta>,
    ) {
        // A heading inside a quote, list or footnote starts no section: it has no slug, so no
        // id or anchor either.
        match slug {
            Some(slug) => {
                let _ = write!(self.out, "<h{level} id=\"");
                escape_into(&mut self.out, slug);
                self.out.push_str("\"><a class=\"anchor\" href=\"#");
                escape_into(&mut self.out, slug);
                self.out
                    .push_str("\" aria-label=\"Link to this section\">#</a>");
            }
            None => {
                let _ = write!(self.out, "<h{level}>");
            }
        }
        self.inlines(content);
        let _ = writeln!(self.out, "</h{level}>");
        if let Some(meta) = meta {
            self.section_meta(meta);
        }
    }

    fn section_meta(&mut self, meta: &SectionMeta) {
        if meta.is_empty() {
            return;
        }
        self.out.push_str("<p class=\"section-meta\">");
        let parts = meta.parts();
        for (i, (class, text)) in parts.iter().enumerate() {
            if i > 0 {
                self.out.push_str(" · ");
            }
            let _ = write!(self.out, "<span class=\"{class}\">");
            escape_into(&mut self.out, text);
            self.out.push_str("</span>");
        }
        self.out.push_str("</p>\n");
    }

    fn cell(&mut self, tag: &str, align: Option<Align>, content: &[Inline]) {
        let style = match align {
            Some(Align::Left) => " style=\"text-align:left\"",
            Some(Align::Center) => " style=\"text-align:center\"",
            Some(Align::Right) => " style=\"text-align:right\"",
            _ => "",
        };
        let _ = write!(self.out, "<{tag}{style}>");
        self.inlines(content);
        let _ = write!(self.out, "</{tag}>");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(t) => escape_into(&mut self.out, t),
            Inline::Code(t) => {
                self.out.push_str("<code>");
                escape_into(&mut self.out, t);
                self.out.push_str("</code>");
            }
            Inline::Emph(c) => self.wrap("em", c),
            Inline::Strong(c) => self.wrap("strong", c),
            Inline::Strike(c) => self.wrap("del", c),
            Inline::Link {
                url,
                title,
                content,
            } => match safe_url(url, false) {
                Some(url) => {
                    self.out.push_str("<a");
                    self.attr("href", url);
                    if !title.is_empty() {
                        self.attr("title", title);
                    }
                    if !url.starts_with('#') {
                        self.out.push_str(" rel=\"noopener noreferrer\"");
                    }
                    self.out.push('>');
                    self.inlines(content);
                    self.out.push_str("</a>");
                }
                None => self.inlines(content),
            },
            Inline::Image { url, title, alt } => {
                if let Some(url) = safe_url(url, true) {
                    self.out.push_str("<img");
                    self.attr("src", url);
                    self.attr("alt", alt);
                    if !title.is_empty() {
                        self.attr("title", title);
                    }
                    self.out.push_str(" loading=\"lazy\" decoding=\"async\">");
                } else {
                    escape_into(&mut self.out, alt);
                }
            }
            Inline::Html(h) => {
                if self.options.trusted_html {
                    self.out.push_str(h);
                } else if !is_comment(h) {
                    escape_into(&mut self.out, h);
                }
            }
            Inline::FootnoteRef(label) => {
                self.out
                    .push_str("<sup class=\"footnote-ref\"><a href=\"#fn-");
                escape_into(&mut self.out, label);
                self.out.push_str("\">");
                escape_into(&mut self.out, label);
                self.out.push_str("</a></sup>");
            }
            Inline::SoftBreak => self.out.push('\n'),
            Inline::HardBreak => self.out.push_str("<br>\n"),
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        let _ = write!(self.out, "<{tag}>");
        self.inlines(content);
        let _ = write!(self.out, "</{tag}>");
    }
}

fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// Returns the URL when it is safe to emit: relative, fragment, `http(s)`, `mailto`, `tel`,
/// `ftp`, or (for images only) a raster `data:image/…`.
pub fn safe_url(url: &str, image: bool) -> Option<&str> {
    let url = url.trim();
    // Browsers ignore tabs, newlines and other controls inside schemes (`java\tscript:`).
    let scheme_part: String = url
        .chars()
        .take_while(|&c| c != ':' && c != '/' && c != '?' && c != '#')
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let has_scheme = url
        .chars()
        .find(|&c| c == ':' || c == '/' || c == '?' || c == '#')
        == Some(':');
    if !has_scheme {
        return Some(url);
    }
    match scheme_part.as_str() {
        "http" | "https" | "mailto" | "tel" | "ftp" => Some(url),
        "data" if image => {
            let lower = url.to_ascii_lowercase();
            (lower.starts_with("data:image/") && !lower.starts_with("data:image/svg"))
                .then_some(url)
        }
        _ => None,
    }
}

/// Escapes `&<>"'` for HTML text and attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    // Runs between the five ASCII bytes are copied whole (no char decoding): snippets of
    // every search hit pass through here.
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// Escaped copy of `s`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{parse_note, FormatChoice};
    use crate::outline::outline;

    fn html(md: &str, trusted: bool) -> String {
        let note = parse_note("n", md, FormatChoice::Markdown);
        render_html(
            &note,
            &outline(&note),
            RenderOptions {
                trusted_html: trusted,
            },
        )
    }

    #[test]
    fn raw_html_is_escaped_unless_trusted() {
        let md = "<script>alert(1)</script>\n\ntext <b onclick=x>b</b>";
        let safe = html(md, false);
        assert!(
            !safe.contains("<script>") && !safe.contains("<b "),
            "{safe}"
        );
        assert!(safe.contains("&lt;script&gt;"));
        assert!(html(md, true).contains("<script>"));
    }

    #[test]
    fn dangerous_urls_are_dropped() {
        let out = html(
            "[a](javascript:alert(1)) [b](JaVa\tScRiPt:x) [c](vbscript:x) [d](data:text/html,x) ![i](data:image/png;base64,AA) ![s](data:image/svg+xml,x)",
            false,
        );
        assert!(!out.to_lowercase().contains("href=\"javascript"), "{out}");
        assert!(!out.to_lowercase().contains("href=\"vbscript"), "{out}");
        assert_eq!(safe_url("JaVa\tScRiPt:x", false), None);
        assert_eq!(safe_url(" javascript:x", false), None);
        assert_eq!(safe_url("/relative:path", false), Some("/relative:path"));
        assert!(!out.contains("data:text"), "{out}");
        assert!(out.contains("src=\"data:image/png"), "{out}");
        assert!(!out.contains("svg+xml"), "{out}");
    }

    #[test]
    fn links_and_images_get_safe_attributes() {
        let out = html("[x](https://a.b) ![](https://i/x.png)", false);
        assert!(out.contains("rel=\"noopener noreferrer\""));
        assert!(out.contains("loading=\"lazy\""));
    }

    #[test]
    fn headings_carry_slug_ids_and_anchors() {
        let out = html("## Hello World\n\n## Hello World", false);
        assert!(out.contains("<h2 id=\"hello-world\"><a class=\"anchor\" href=\"#hello-world\""));
        assert!(out.contains("id=\"hello-world-1\""));
    }

    #[test]
    fn headings_inside_quotes_and_lists_have_no_id_or_anchor() {
        let out = html("> # 引用里的标题\n\n- ## 列表里的标题\n\n## 正文", false);
        assert!(out.contains("<h1>引用里的标题</h1>"), "{out}");
        assert!(out.contains("<h2>列表里的标题</h2>"), "{out}");
        assert!(
            !out.contains("id=\"\"") && !out.contains("href=\"#\""),
            "{out}"
        );
        assert!(out.contains("<h2 id=\"正文\">"), "{out}");
    }

    #[test]
    fn a_heading_never_takes_a_footnote_id() {
        let out = html("# fn-1\n\n正文[^1]\n\n[^1]: 脚注\n", false);
        assert!(out.contains("<h1 id=\"fn-1-1\">"), "{out}");
        assert_eq!(out.matches("id=\"fn-1\"").count(), 1, "{out}");
        assert!(out.contains("<div class=\"footnote-definition\" id=\"fn-1\">"));
    }

    #[test]
    fn email_autolinks_link_to_the_address() {
        let out = html("联系: <someone@example.com>", false);
        assert!(
            out.contains("<a href=\"mailto:someone@example.com\""),
            "{out}"
        );
    }
}
