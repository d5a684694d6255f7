//! Inline Markdown of an exported note: text escaped only where the parser would read it as
//! syntax, emphasis written with markup the parser reads back where it stands, links, and
//! code spans.

use std::fmt::Write;

use crate::model::Inline;

use super::RAW_LINE;
use crate::ingest::{is_attribute_list, is_wide};

/// What escaping one paragraph, heading or table cell needs to know about all of it.
#[derive(Clone, Copy)]
pub(super) struct Context {
    /// Whether `*`, `_` and `~` occur twice or more, the markup written for emphasis and
    /// strikethrough counted: a lone one has nothing to pair with and is written as is.
    pairs: [bool; 3],
    /// Line breaks are written as spaces (headings and table cells are one line).
    one_line: bool,
    /// Which of `*`, `_` and `~` the spans around the text being written may be marked up
    /// with.
    enclosing: [bool; 3],
    /// Whether a `>` is written anywhere: without one no `<` opens a tag or an autolink.
    closes_angle: bool,
}

pub(super) const DELIMITERS: [char; 3] = ['*', '_', '~'];

impl Context {
    pub(super) fn of(content: &[Inline], one_line: bool) -> Context {
        /// Delimiters counted, and whether a `>` was seen.
        type Counts = ([usize; 3], bool);
        fn count_text(t: &str, n: &mut Counts) {
            for c in t.chars() {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == c) {
                    n.0[i] += 1;
                }
                n.1 |= c == '>';
            }
        }
        fn count(content: &[Inline], n: &mut Counts) {
            for inline in content {
                match inline {
                    Inline::Text(t) => count_text(t, n),
                    // Raw HTML starting before a code span ends at the first `>`, inside it or not.
                    Inline::Code(t) | Inline::FootnoteRef(t) => n.1 |= t.contains('>'),
                    Inline::Image { alt, .. } => {
                        count_text(alt, n);
                        n.1 = true;
                    }
                    // Written with `*` or, where that cannot be read back, `_`.
                    Inline::Emph(c) | Inline::Strong(c) => {
                        n.0[0] += 2;
                        n.0[1] += 2;
                        count(c, n);
                    }
                    Inline::Strike(c) => {
                        n.0[2] += 2;
                        count(c, n);
                    }
                    // Autolinks and raw HTML are written with `>`, URLs and titles may hold one.
                    Inline::Link { content, .. } => {
                        count(content, n);
                        n.1 = true;
                    }
                    Inline::Html(_) => n.1 = true,
                    // In a quote the next line starts with `>`, which pulldown-cmark lets
                    // close a tag opened on the line before.
                    Inline::SoftBreak | Inline::HardBreak => n.1 = true,
                }
            }
        }
        let mut n = ([0; 3], false);
        count(content, &mut n);
        Context {
            pairs: n.0.map(|n| n >= 2),
            one_line,
            enclosing: [false; 3],
            closes_angle: n.1,
        }
    }

    fn may_pair(&self, d: char) -> bool {
        DELIMITERS
            .iter()
            .position(|&x| x == d)
            .is_some_and(|i| self.pairs[i])
    }

    fn encloses(&self, d: char) -> bool {
        DELIMITERS
            .iter()
            .position(|&x| x == d)
            .is_some_and(|i| self.enclosing[i])
    }
}

/// Writes `content` as inline Markdown; `after` is what may follow it (the closing markup
/// of the enclosing span; `None`: the end of the line).
pub(super) fn inlines_md(
    content: &[Inline],
    cx: &Context,
    after: &[Option<char>],
    out: &mut String,
) {
    let mut i = 0;
    while i < content.len() {
        // Adjacent texts are escaped as one (pulldown-cmark splits text at escapes): a run of
        // `~` across two of them is one run to the parser.
        let texts = content[i..]
            .iter()
            .take_while(|x| matches!(x, Inline::Text(_)))
            .count()
            .max(1);
        let inline = &content[i];
        i += texts;
        let next = next_chars(&content[i..], after, true);
        if let Some(markups) = span_markups(inline) {
            // A span right after this one keeps its markup clear of this one's itself.
            let touching = next_chars(&content[i..], after, false);
            span(markups, inline, cx, &next, &touching, out);
            continue;
        }
        match inline {
            Inline::Text(_) => {
                let text: String = content[i - texts..i]
                    .iter()
                    .filter_map(|x| match x {
                        Inline::Text(t) => Some(t.as_str()),
                        _ => None,
                    })
                    .collect();
                escape_text(&text, cx, &next, out);
            }
            Inline::Code(t) => code_span(t, out),
            Inline::Link {
                url,
                title,
                content,
            } => {
                if is_autolink(url, title, content) {
                    let _ = write!(out, "<{url}>");
                } else {
                    out.push('[');
                    inlines_md(content, cx, &[Some(']')], out);
                    out.push_str("](");
                    link_dest(url, out);
                    link_title(title, out);
                    out.push(')');
                }
            }
            Inline::Image { url, title, alt } => {
                out.push_str("![");
                escape_text(alt, cx, &[Some(']')], out);
                out.push_str("](");
                link_dest(url, out);
                link_title(title, out);
                out.push(')');
            }
            // A tag's line breaks are spaces to it, written so except where the tag starts
            // the paragraph: on one line, it could make an HTML block of it.
            Inline::Html(h) if !cx.one_line && out.trim_matches([' ', '\t']).is_empty() => {
                out.push_str(&h.replace('\r', "").replace('\n', &format!("\n{RAW_LINE}")))
            }
            Inline::Html(h) => out.push_str(&h.replace(['\n', '\r'], " ")),
            Inline::FootnoteRef(l) => {
                let _ = write!(out, "[^{l}]");
            }
            Inline::SoftBreak | Inline::HardBreak if cx.one_line => out.push(' '),
            Inline::SoftBreak => out.push(if kept_as_line_break(out, &next, &content[i..]) {
                '\n'
            } else {
                ' '
            }),
            Inline::HardBreak => out.push_str("\\\n"),
            Inline::Emph(_) | Inline::Strong(_) | Inline::Strike(_) => {}
        }
    }
}

/// Whether a soft line break is written as one, not as a space (the same text to the
/// index). The Markdown parser drops one between two East Asian characters ([`is_wide`]), as
/// Hugo does, and a paragraph's last line when it is a Hugo attribute list (`{width=800}`,
/// [`is_attribute_list`]). `next` holds every character that may be written next.
pub(super) fn kept_as_line_break(out: &str, next: &[Option<char>], rest: &[Inline]) -> bool {
    let narrow = |c: Option<char>| c.is_some_and(|c| !is_wide(c));
    let last_line: Option<String> = rest
        .iter()
        .map(|i| match i {
            Inline::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let attributes = last_line.is_some_and(|l| is_attribute_list(l.trim()));
    (narrow(out.chars().next_back()) || next.iter().all(|&n| narrow(n))) && !attributes
}

/// The markups an emphasis, strong emphasis or strikethrough may be written with, in order
/// of preference (`None` for other inlines).
pub(super) fn span_markups(inline: &Inline) -> Option<&'static [&'static str]> {
    match inline {
        Inline::Emph(_) => Some(&["*", "_"]),
        Inline::Strong(_) => Some(&["**", "__"]),
        Inline::Strike(_) => Some(&["~~", "~"]),
        _ => None,
    }
}

/// What may be written first after the inlines before `rest`: the first character of the
/// first of `rest` that writes something, else `after`. A span is written with one of its
/// markups or, where none can be read back, without markup, so each is possible; `markup`
/// leaves out the markups.
pub(super) fn next_chars(
    rest: &[Inline],
    after: &[Option<char>],
    markup: bool,
) -> Vec<Option<char>> {
    let mut chars = Vec::new();
    for inline in rest {
        for m in span_markups(inline).filter(|_| markup).unwrap_or_default() {
            chars.push(m.chars().next());
        }
        if let Some(c) = first_char(inline) {
            chars.push(Some(c));
            return chars;
        }
    }
    chars.extend_from_slice(after);
    chars
}

/// Writes emphasis, strong emphasis or strikethrough with the first of `markups` that the
/// parser reads back where it stands: its opener able to open and its closer able to close
/// on either reading of [`flanking`], neither touching another unescaped delimiter of its
/// kind (the two would be read as one run), and the opener unable to close when a span
/// around it may use its kind (it would close that one). With none, the text is kept
/// without the markup. The content is written between placeholders: each markup is
/// punctuation, so the escaping inside does not depend on which is chosen.
pub(super) fn span(
    markups: &[&str],
    inline: &Inline,
    cx: &Context,
    next: &[Option<char>],
    touching: &[Option<char>],
    out: &mut String,
) {
    let (Inline::Emph(content) | Inline::Strong(content) | Inline::Strike(content)) = inline else {
        return;
    };
    let kind = |m: &&str| m.chars().next().unwrap_or('*');
    let mut inner_cx = *cx;
    for (i, d) in DELIMITERS.iter().enumerate() {
        inner_cx.enclosing[i] |= markups.iter().any(|m| kind(m) == *d);
    }
    let start = out.len();
    let prev = out.chars().next_back();
    let before_touches = |d: char, out: &str| ends_with_delimiter(&out[..start], d);
    out.push_str(markups[0]);
    let inner = out.len();
    inlines_md(content, &inner_cx, &[Some(kind(&markups[0]))], out);
    let body = &out[inner..];
    let (first, last) = (body.chars().next(), body.chars().next_back());
    let chosen = markups.iter().find(|m| {
        let d = kind(m);
        let run = m.len();
        let opens = flanking(d, run, prev, first)
            .iter()
            .all(|&(open, close)| open && !(close && cx.encloses(d)));
        let closes = next
            .iter()
            .all(|&n| flanking(d, run, last, n).iter().all(|f| f.1));
        opens
            && closes
            && !before_touches(d, out)
            && first != Some(d)
            && !ends_with_delimiter(body, d)
            && !touching.contains(&Some(d))
    });
    match chosen {
        Some(m) => {
            out.replace_range(start..inner, m);
            out.push_str(m);
        }
        None => {
            // Written again where the markup stood, without markup inside either: what the
            // content's own spans chose leaned on the placeholders.
            out.truncate(start);
            inlines_md(&without_spans(content), cx, next, out);
        }
    }
}

/// `content` with emphasis, strong emphasis and strikethrough replaced by what they hold.
pub(super) fn without_spans(content: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::with_capacity(content.len());
    for inline in content {
        match inline {
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => out.extend(without_spans(c)),
            Inline::Link {
                url,
                title,
                content,
            } => out.push(Inline::Link {
                url: url.clone(),
                title: title.clone(),
                content: without_spans(content),
            }),
            other => out.push(other.clone()),
        }
    }
    out
}

/// Whether `s` ends with `d` not escaped by a backslash.
pub(super) fn ends_with_delimiter(s: &str, d: char) -> bool {
    s.strip_suffix(d).is_some_and(|rest| !rest.ends_with('\\'))
}

/// The first character `inline` is written with (`None` when it writes nothing), a span's
/// markup left out.
pub(super) fn first_char(inline: &Inline) -> Option<char> {
    match inline {
        Inline::Text(t) | Inline::Html(t) => t.chars().next(),
        Inline::Code(t) => (!t.is_empty()).then_some('`'),
        Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => c.iter().find_map(first_char),
        Inline::Link {
            url,
            title,
            content,
        } => Some(if is_autolink(url, title, content) {
            '<'
        } else {
            '['
        }),
        Inline::Image { .. } => Some('!'),
        Inline::FootnoteRef(_) => Some('['),
        Inline::SoftBreak => Some('\n'),
        Inline::HardBreak => Some('\\'),
    }
}

/// Whether a link is written `<url>`: its text is its URL, which is an absolute URI (an
/// autolink holds it as is: no escapes or entities are read inside one).
pub(super) fn is_autolink(url: &str, title: &str, content: &[Inline]) -> bool {
    let [Inline::Text(text)] = content else {
        return false;
    };
    let scheme = url.split(':').next().unwrap_or("");
    text == url
        && title.is_empty()
        && url.len() > scheme.len()
        && (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !url
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_control() || matches!(c, '<' | '>'))
        && !url.contains("{{<")
        && !url.contains("{{%")
}

/// A link destination: as written when it can be, escaped where the parser would read
/// escapes, entities or unbalanced parentheses, in `<…>` when it holds spaces.
pub(super) fn link_dest(url: &str, out: &mut String) {
    let url = url.replace(['\n', '\r'], " ");
    let angle = url.contains([' ', '\t']) || url.starts_with('<');
    let mut depth = 0i32;
    let balanced = !angle
        && url.chars().all(|c| {
            depth += match c {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            depth >= 0
        })
        && depth == 0;
    if angle {
        out.push('<');
    }
    let chars: Vec<char> = url.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' => chars.get(i + 1).is_none_or(|n| n.is_ascii_punctuation()),
            '&' => starts_entity(&chars[i + 1..], &[]),
            '{' => shortcode_at(&chars, i),
            '<' | '>' => angle,
            '(' | ')' => !angle && !balanced,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    if angle {
        out.push('>');
    }
}

pub(super) fn link_title(title: &str, out: &mut String) {
    if title.is_empty() {
        return;
    }
    out.push_str(" \"");
    let chars: Vec<char> = title.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '"' => true,
            '\\' => chars.get(i + 1).is_none_or(|n| n.is_ascii_punctuation()),
            '&' => starts_entity(&chars[i + 1..], &[]),
            '{' => shortcode_at(&chars, i),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        // A line break in a title could start a block on its own line.
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    out.push('"');
}

/// A code span: fenced by a backtick run of a length not inside it, and padded with a space
/// when its content starts or ends with a backtick, or with a space at both ends (which the
/// parser strips). Line breaks inside are spaces to the parser anyway.
pub(super) fn code_span(t: &str, out: &mut String) {
    if t.is_empty() {
        return;
    }
    let t = t.replace(['\n', '\r'], " ");
    let mut runs = Vec::new();
    let mut run = 0;
    for c in t.chars().chain([' ']) {
        if c == '`' {
            run += 1;
        } else if run > 0 {
            runs.push(run);
            run = 0;
        }
    }
    let ticks = "`".repeat((1..).find(|n| !runs.contains(n)).unwrap_or(1));
    let pad = t.starts_with('`')
        || t.ends_with('`')
        || (t.starts_with(' ') && t.ends_with(' ') && !t.trim_start_matches(' ').is_empty());
    let pad = if pad { " " } else { "" };
    let _ = write!(out, "{ticks}{pad}{t}{pad}{ticks}");
}

/// Writes text, escaping what the parser would read as markup: backticks and brackets
/// always, and `!` before a link; `*`, `_`, `~` runs that could open or close emphasis or
/// strikethrough; `\` before punctuation; `<` starting a tag or autolink; `&` starting an
/// entity; the `{{<` and `{{%` of a Hugo shortcode. `next` is what may be written after the
/// text (`None`: the end of the line).
pub(super) fn escape_text(t: &str, cx: &Context, next: &[Option<char>], out: &mut String) {
    let chars: Vec<char> = t.chars().collect();
    // Whether `test` holds for what follows the character at `i`, for any of its
    // possibilities.
    let followed = |i: usize, test: &dyn Fn(Option<char>) -> bool| match chars.get(i + 1) {
        Some(&c) => test(Some(c)),
        None => next.iter().any(|&n| test(n)),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let escape = match c {
            '*' | '_' | '~' => {
                let run = chars[i..].iter().take_while(|&&d| d == c).count();
                let prev = out.chars().next_back();
                let escape =
                    cx.may_pair(c) && followed(i + run - 1, &|n| delimits(c, run, prev, n));
                for _ in 0..run {
                    if escape {
                        out.push('\\');
                    }
                    out.push(c);
                }
                i += run;
                continue;
            }
            '`' | '[' | ']' => true,
            // Before a link, `!` would make it an image.
            '!' => i + 1 == chars.len() && next.contains(&Some('[')),
            '\\' => followed(i, &|n| {
                n.is_none_or(|n| n.is_ascii_punctuation() || n == '\n')
            }),
            // A tag starts with a letter, `/`, `!` or `?`, an email autolink with any of these;
            // both need a `>`, except an HTML block, which starts a line. (Only the spaces
            // before are looked at: a line of `<`s is not read once per `<`.)
            '<' => {
                let line_start = out
                    .trim_end_matches([' ', '\t'])
                    .chars()
                    .next_back()
                    .is_none_or(|c| c == '\n');
                (cx.closes_angle || line_start)
                    && followed(i, &|n| {
                        n.is_some_and(|n| {
                            n.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(n)
                        })
                    })
            }
            '&' => starts_entity(&chars[i + 1..], next),
            '{' => out.ends_with('{') && followed(i, &|n| matches!(n, Some('<' | '%'))),
            '\n' | '\r' if cx.one_line => {
                out.push(' ');
                i += 1;
                continue;
            }
            // A line break in text is a soft one to the parser (see [`kept_as_line_break`]).
            '\n' | '\r' => {
                let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii());
                let kept = ascii(out.chars().next_back()) || followed(i, &ascii);
                out.push(if kept { '\n' } else { ' ' });
                i += 1;
                continue;
            }
            RAW_LINE => {
                out.push('\u{FFFD}');
                i += 1;
                continue;
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
}

/// Whether `chars[i]` is the second brace of a Hugo shortcode's `{{<` or `{{%`, which the
/// parser strips (with the tag it opens) before reading anything.
pub(super) fn shortcode_at(chars: &[char], i: usize) -> bool {
    i > 0 && chars[i - 1] == '{' && matches!(chars.get(i + 1), Some('<' | '%'))
}

/// Whether the text after a `&` (`rest`, then `next`) makes it an entity or a numeric
/// character reference: `&name;`, `&#123;`, `&#x7B;`.
pub(super) fn starts_entity(rest: &[char], next: &[Option<char>]) -> bool {
    let mut i = 0;
    if rest.first() == Some(&'#') {
        i = if matches!(rest.get(1), Some('x' | 'X')) {
            2
        } else {
            1
        };
    }
    let name = i;
    while rest.get(i).is_some_and(char::is_ascii_alphanumeric) {
        i += 1;
    }
    match rest.get(i) {
        Some(';') => i > name,
        Some(_) => false,
        // The reference could go on in what is written next.
        None => next
            .iter()
            .flatten()
            .any(|&c| c == ';' || c == '#' || c.is_ascii_alphanumeric()),
    }
}

/// Whether a run of `run` delimiters `d` between `prev` and `next` (`None`: a line's start
/// or end) can open and whether it can close emphasis or strikethrough, by pulldown-cmark's
/// rules (`delim_run_can_open` / `delim_run_can_close` in its `firstpass.rs`): `*` and `~~`
/// may be inside a word, `_` and `~` may not, and `~~~` is never one.
///
/// Punctuation there is Unicode's punctuation and symbols (`。`, `“`, `©`, `→`), a table this
/// crate does not carry. Any other character that is not a letter, digit or space is one of
/// them, or a mark, format character or private-use one: the answer is given for both
/// readings of those, `[narrow, wide]`, the narrow one leaving out the marks and format
/// characters of [`maybe_not_punctuation`].
pub(super) fn flanking(
    d: char,
    run: usize,
    prev: Option<char>,
    next: Option<char>,
) -> [(bool, bool); 2] {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    [false, true].map(|wide| {
        if d == '~' && run > 2 {
            return (false, false);
        }
        let punct = |c: Option<char>| {
            c.is_some_and(|c| {
                c.is_ascii_punctuation()
                    || !c.is_ascii()
                        && !c.is_alphanumeric()
                        && !c.is_whitespace()
                        && (wide || !maybe_not_punctuation(c))
            })
        };
        let can_open = !space(next)
            && (d == '*' && !punct(next)
                || d == '~' && run > 1
                || d == '~' && prev == Some('~') && !punct(next)
                || space(prev)
                || punct(prev));
        let can_close = !space(prev)
            && (next.is_none()
                || (d == '*' || d == '~' && run > 1) && !punct(prev)
                || d == '~' && prev == Some('~')
                || space(next)
                || punct(next));
        (can_open, can_close)
    })
}

/// Characters neither letters, digits nor spaces that may still not be punctuation or
/// symbols: combining marks, format characters (joiners, direction marks, the soft hyphen,
/// the byte-order mark), variation selectors, private use.
pub(super) fn maybe_not_punctuation(c: char) -> bool {
    matches!(c,
        '\u{AD}'
        | '\u{300}'..='\u{36F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{E000}'..='\u{F8FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{FEFF}'
        | '\u{E0000}'..)
        || c.is_control()
}

/// Whether a run of delimiters in text could open or close anything, on either reading.
pub(super) fn delimits(d: char, run: usize, prev: Option<char>, next: Option<char>) -> bool {
    flanking(d, run, prev, next)
        .iter()
        .any(|&(open, close)| open || close)
}
