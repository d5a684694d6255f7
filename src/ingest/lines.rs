//! Physical lines of a plain-text note, and the character classes the structure heuristics
//! share.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r` (old Mac files and some scrapers). Offsets are
//! byte offsets into the body; the caller adds the body's base.

use std::ops::Range;

use crate::normalize::{is_cjk, is_invisible};

/// One physical line: its trimmed text range and its indentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawLine {
    /// Byte range of the text without indentation, trailing whitespace or line ending.
    pub range: Range<usize>,
    /// Leading whitespace in columns (a tab counts four).
    pub indent: usize,
}

impl RawLine {
    pub fn is_blank(&self) -> bool {
        self.range.is_empty()
    }
}

/// Splits `body` into lines. Linear in the body length.
pub(crate) fn split(body: &str) -> Vec<RawLine> {
    spans(body).map(|(line, _)| trimmed(body, line)).collect()
}

/// The lines of `s`, each as the byte range of its text (line ending excluded) and the offset
/// where the next line starts. Every part of the ingest that reads lines reads them here, so
/// that a lone `\r` ends a line for front matter, detection and the text parser alike. An
/// empty `s` is one empty line; a line ending at the very end opens no further line.
pub(crate) fn spans(s: &str) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
    let bytes = s.as_bytes();
    let mut pos = Some(0);
    std::iter::from_fn(move || {
        let start = pos?;
        let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[start..]) else {
            pos = None;
            return Some((start..bytes.len(), bytes.len()));
        };
        let end = start + off;
        // `\r\n` is one line ending.
        let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
        let next = end + 1 + usize::from(crlf);
        pos = (next < bytes.len()).then_some(next);
        Some((start..end, next))
    })
}

fn trimmed(body: &str, range: Range<usize>) -> RawLine {
    let line = &body[range.clone()];
    let mut indent = 0;
    let mut lead = 0;
    for c in line.chars() {
        match c {
            '\t' => indent += 4,
            c if c.is_whitespace() || is_invisible(c) => indent += 1,
            _ => break,
        }
        lead += c.len_utf8();
    }
    let rest = &line[lead..];
    let kept = rest.trim_end_matches(|c: char| c.is_whitespace() || is_invisible(c));
    let start = range.start + lead;
    RawLine {
        range: start..start + kept.len(),
        indent,
    }
}

/// Sentence-ending punctuation (full-width and ASCII).
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '.' | '!' | '?' | '！' | '？' | '…' | '｡')
}

/// Clause punctuation that marks a line as prose when it appears inside it.
pub(crate) fn is_clause(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '！' | '？' | '：' | '、' | '｡' | '､'
    )
}

/// Clause punctuation, or an ASCII comma (Chinese scraped text often has those after NFKC).
pub(crate) fn is_clause_or_comma(c: char) -> bool {
    is_clause(c) || c == ','
}

/// Punctuation that, at the start of a line, means the line continues the one before: scrapers
/// split inline code onto its own line and leave the enumeration comma behind.
pub(crate) fn is_continuation_start(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | '。'
            | '：'
            | '；'
            | '）'
            | ','
            | ';'
            | ':'
            | ')'
            | '」'
            | '』'
            | '】'
            | '》'
            | '｡'
            | '､'
            | '！'
            | '？'
    )
}

/// Characters after which no space is wanted when two fragments are joined.
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '“' | '”' | '‘' | '’')
}

/// CJK ideographs, kana, Hangul, and the Kangxi/CJK radicals that scraped PDFs are full of.
pub(crate) fn is_cjk_letter(c: char) -> bool {
    is_cjk(c) || matches!(c, '\u{2E80}'..='\u{2FDF}')
}

/// Whether `s` starts with `http://` or `https://`.
pub(crate) fn starts_with_url(s: &str) -> bool {
    let b = s.as_bytes();
    let scheme = |p: &str| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    scheme("http://") || scheme("https://")
}

/// Whether `s` contains a URL anywhere.
pub(crate) fn contains_url(s: &str) -> bool {
    s.match_indices("://").any(|(i, _)| {
        let head = s.as_bytes()[i.saturating_sub(5)..i].to_ascii_lowercase();
        (head.ends_with(b"http") || head.ends_with(b"https")) && s.len() > i + 3
    })
}

/// Size of a line for "is it short" decisions: each CJK character counts one, each run of
/// other letters or digits (a word) counts one. `Kubernetes 可靠性和稳定性` is 8 units.
pub(crate) fn units(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        if is_cjk_letter(c) {
            n += 1;
            in_word = false;
        } else if c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | '\'' | '’') {
            if !in_word {
                n += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<&str> {
        split(body).into_iter().map(|l| &body[l.range]).collect()
    }

    #[test]
    fn all_line_endings_split() {
        assert_eq!(texts("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(texts("a\n\n  b  \n"), ["a", "", "b"]);
    }

    #[test]
    fn spans_give_the_next_line_start() {
        let all: Vec<_> = spans("a\r\nb\rc\n").collect();
        assert_eq!(all, [(0..1, 3), (3..4, 5), (5..6, 7)]);
        assert_eq!(spans("").collect::<Vec<_>>(), [(0..0, 0)]);
        assert_eq!(spans("\r\r").count(), 2);
    }

    #[test]
    fn indentation_is_measured() {
        let lines = split("  • x\n    • y\n\t- z");
        let indents: Vec<usize> = lines.iter().map(|l| l.indent).collect();
        assert_eq!(indents, [2, 4, 4]);
    }

    #[test]
    fn units_count_words_and_han() {
        assert_eq!(units("Kubernetes 可靠性和稳定性"), 8);
        assert_eq!(units("小总结"), 3);
    }

    #[test]
    fn urls_are_found() {
        assert!(contains_url("见: https://a.b/c"));
        assert!(contains_url("http://a.b"));
        assert!(!contains_url("a://"));
        assert!(starts_with_url("HTTPS://x"));
    }
}
