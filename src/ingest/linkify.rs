//! Bare URLs in plain text become links.

use super::lines::{is_cjk_letter, is_cjk_punct, starts_with_url};
use crate::model::Inline;

/// Splits `text` into text and [`Inline::Link`] runs, one link per bare `http(s)://` URL.
pub(crate) fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    while let Some(found) = text[i..].find("http") {
        let at = i + found;
        if !starts_with_url(&text[at..]) || !boundary_before(text, at) {
            i = at + 4;
            continue;
        }
        let end = at + url_len(&text[at..]);
        if end <= at + "https://".len() {
            i = at + 4;
            continue;
        }
        if plain_from < at {
            out.push(Inline::Text(text[plain_from..at].to_string()));
        }
        let url = &text[at..end];
        out.push(Inline::Link {
            url: url.to_string(),
            title: String::new(),
            content: vec![Inline::Text(url.to_string())],
        });
        plain_from = end;
        i = end;
    }
    if plain_from < text.len() {
        out.push(Inline::Text(text[plain_from..].to_string()));
    }
    out
}

/// `xhttp://` is not a URL start; `见:https://` and `(https://` are.
fn boundary_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// Length of the URL at the start of `s`: up to whitespace or CJK text, without trailing
/// sentence punctuation or an unbalanced closing parenthesis.
fn url_len(s: &str) -> usize {
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        if c.is_whitespace()
            || is_cjk_letter(c)
            || is_cjk_punct(c)
            || matches!(c, '<' | '>' | '"' | '\'' | '`' | '|' | '\u{0}')
            || (c as u32) >= 0xFF00
        {
            end = i;
            break;
        }
    }
    let url = &s[..end];
    let opens = url.matches('(').count();
    let mut closes = url.matches(')').count();
    let mut len = url.len();
    while let Some(c) = url[..len].chars().next_back() {
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?') {
            len -= 1;
        } else if c == ')' && closes > opens {
            closes -= 1;
            len -= 1;
        } else {
            break;
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<String> {
        inlines(text)
            .into_iter()
            .filter_map(|i| match i {
                Inline::Link { url, .. } => Some(url),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn bare_urls_become_links() {
        assert_eq!(
            links("见: https://lwn.net/Articles/843093/ 一起看"),
            ["https://lwn.net/Articles/843093/"]
        );
        assert_eq!(links("https://a.b/c?x=1&y=2"), ["https://a.b/c?x=1&y=2"]);
    }

    #[test]
    fn trailing_punctuation_and_cjk_end_a_url() {
        assert_eq!(links("看 https://a.b/c。然后"), ["https://a.b/c"]);
        assert_eq!(links("(see https://a.b/c)."), ["https://a.b/c"]);
        assert_eq!(links("https://a.b/wiki/X_(y)"), ["https://a.b/wiki/X_(y)"]);
    }

    #[test]
    fn text_around_links_is_kept() {
        let all = inlines("a https://x.y b");
        assert_eq!(Inline::text_of(&all), "a https://x.y b");
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn not_a_url() {
        assert!(links("xhttps://a.b").is_empty());
        assert!(links("https://").is_empty());
        assert!(links("http").is_empty());
    }
}
