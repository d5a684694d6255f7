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

/// Fewer lines than this are no evidence of double spacing (see [`gap_blanks`]): a handful of
/// one-line paragraphs with a blank line between each is as likely written so.
const MIN_DOUBLE_SPACED_LINES: usize = 6;

/// How many blank lines in a row make a gap (a paragraph break) between two lines with text:
/// one, or two when the note is double-spaced.
///
/// Some scrapers write a blank line after every line, so a line break arrives as one blank
/// line and a paragraph break as three. In such a note the single blank lines carry nothing,
/// and read as gaps they cost the note its shapes: a run of short lines is no list when a gap
/// splits it. A note is taken as double-spaced when a blank line separates *every* two lines
/// with text, at least one of them by exactly one, and it has [`MIN_DOUBLE_SPACED_LINES`]
/// lines: a note that uses blank lines for paragraphs has some lines without one between
/// them (a wrapped paragraph, a list), and reads as before. Linear; stops at the first two
/// lines without a blank line between them.
pub(crate) fn gap_blanks(lines: &[RawLine]) -> usize {
    let mut text_lines = 0;
    let mut single = false;
    // Blank lines since the last line with text; none before the first.
    let mut blanks: Option<usize> = None;
    for line in lines {
        if line.is_blank() {
            if let Some(n) = &mut blanks {
                *n += 1;
            }
            continue;
        }
        match blanks {
            Some(0) => return 1,
            Some(n) => single |= n == 1,
            None => {}
        }
        text_lines += 1;
        blanks = Some(0);
    }
    if single && text_lines >= MIN_DOUBLE_SPACED_LINES {
        2
    } else {
        1
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
    fn a_blank_line_after_every_line_is_double_spacing() {
        let gap = |body: &str| gap_blanks(&split(body));
        let single = "a\nb\nc\n\nd\ne\nf\n";
        assert_eq!(gap(single), 1);
        // Every `\n` doubled: a line break is one blank line, a paragraph break three.
        assert_eq!(gap(&single.replace('\n', "\n\n")), 2);
        assert_eq!(gap(&single.replace('\n', "\r\n  \r\n")), 2);
        // One pair of lines without a blank line between: blank lines are paragraph breaks.
        assert_eq!(gap("a\n\nb\n\nc\nd\n\ne\n\nf\n\ng"), 1);
        // Too few lines to tell; no single blank line; no blank line at all.
        assert_eq!(gap("a\n\nb\n\nc\n\nd\n\ne"), 1);
        assert_eq!(gap("a\n\n\nb\n\n\nc\n\n\nd\n\n\ne\n\n\nf"), 1);
        assert_eq!(gap("a\nb\nc\nd\ne\nf"), 1);
        // Leading and trailing blank lines separate nothing.
        assert_eq!(gap("\n\n\na\n\nb\n\nc\n\nd\n\ne\n\nf\n\n\n\n"), 2);
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
