//! Splits text into Latin words and CJK runs.
//!
//! CJK runs are found by a character scan (UAX #29 would yield one ideograph per segment, only
//! to be glued back together); the text between runs goes through Unicode word segmentation
//! (UAX #29, unicode-segmentation) so that `fuse_conn`, `3.10` and `don't` stay whole.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::normalize::{is_cjk, starts_core_han};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    /// A word containing letters or digits (not CJK).
    Word,
    /// A maximal run of adjacent CJK characters.
    Cjk,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub kind: PieceKind,
    pub offset: Range<usize>,
}

/// Calls `f` for each word and CJK run of `text`, in order.
pub fn for_each_piece<'a>(text: &'a str, mut f: impl FnMut(Piece<'a>)) {
    let mut other_start = 0;
    let mut i = 0;
    while i < text.len() {
        let (cjk, len) = cjk_at(text, i);
        if !cjk {
            i += len;
            continue;
        }
        words(text, other_start, i, &mut f);
        let start = i;
        i += len;
        while i < text.len() {
            let (cjk, len) = cjk_at(text, i);
            if !cjk {
                break;
            }
            i += len;
        }
        f(Piece {
            text: &text[start..i],
            kind: PieceKind::Cjk,
            offset: start..i,
        });
        other_start = i;
    }
    words(text, other_start, text.len(), &mut f);
}

/// Whether the character at byte `i` of `text` (a character boundary) is CJK, and its length
/// in bytes. ASCII and the core Han block, nearly all of the text, are told by their first
/// byte without decoding.
fn cjk_at(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => (false, 1),
        Some(&b) if starts_core_han(b) => (true, 3),
        _ => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .map_or((false, 1), |c| (is_cjk(c), c.len_utf8())),
    }
}

fn words<'a>(text: &'a str, start: usize, end: usize, f: &mut impl FnMut(Piece<'a>)) {
    let stretch = &text[start..end];
    if stretch.is_ascii() {
        ascii_words(stretch, start, f);
        return;
    }
    // Between CJK runs the usual stretch is CJK punctuation (`。`, `、`, `“`) with or without
    // ASCII words: split at it, and only what is still non-ASCII needs the UAX #29 tables.
    let mut from = 0;
    for (i, c) in stretch.char_indices() {
        if is_separator(c) {
            stretch_words(&stretch[from..i], start + from, f);
            from = i + c.len_utf8();
        }
    }
    stretch_words(&stretch[from..], start + from, f);
}

fn stretch_words<'a>(stretch: &'a str, base: usize, f: &mut impl FnMut(Piece<'a>)) {
    if stretch.is_ascii() {
        ascii_words(stretch, base, f);
    } else {
        uax_words(stretch, base, f);
    }
}

/// Punctuation that UAX #29 breaks on both sides of (word-break class Other or WSegSpace,
/// never MidLetter, MidNum or MidNumLet, so `’` U+2019 and `·` U+00B7 are not here): splitting
/// at it gives the words the tables would (a property test checks).
fn is_separator(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
        | '\u{2010}'..='\u{2017}' | '\u{201C}'..='\u{2023}' | '\u{2025}' | '\u{2026}')
}

fn uax_words<'a>(stretch: &'a str, base: usize, f: &mut impl FnMut(Piece<'a>)) {
    for (at, word) in stretch.split_word_bound_indices() {
        split_inner_punct(word, base + at, f);
    }
}

/// [`uax_words`] for ASCII text, without its tables (a property test checks they agree).
/// In ASCII, UAX #29 plus [`split_inner_punct`] come down to: letters, digits and `_` form
/// words, and `.`, `,`, `;` or `'` between two digits joins them (`3.10`, `1,000`).
fn ascii_words<'a>(stretch: &'a str, base: usize, f: &mut impl FnMut(Piece<'a>)) {
    let b = stretch.as_bytes();
    let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if !word_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() {
            if word_byte(b[i]) {
                i += 1;
            } else if matches!(b[i], b'.' | b',' | b';' | b'\'')
                && b[i - 1].is_ascii_digit()
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            {
                i += 2;
            } else {
                break;
            }
        }
        if b[start..i].iter().any(u8::is_ascii_alphanumeric) {
            f(Piece {
                text: &stretch[start..i],
                kind: PieceKind::Word,
                offset: base + start..base + i,
            });
        }
    }
}

/// UAX #29 keeps `app.kubernetes.io`, `std:vec` and `don't` whole; searching for `kubernetes`
/// should find the first, so words split at `.`, `:` and apostrophes — except between two
/// digits, so that versions like `3.10` stay one word.
fn split_inner_punct<'a>(word: &'a str, base: usize, f: &mut impl FnMut(Piece<'a>)) {
    let mut emit = |from: usize, to: usize| {
        let part = &word[from..to];
        if part.chars().any(char::is_alphanumeric) {
            f(Piece {
                text: part,
                kind: PieceKind::Word,
                offset: base + from..base + to,
            });
        }
    };
    let mut from = 0;
    let mut prev: Option<char> = None;
    let mut chars = word.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | ':' | '\'' | '\u{2019}') {
            let next = chars.peek().map(|&(_, n)| n);
            let numeric = prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            if !numeric {
                emit(from, i);
                from = i + c.len_utf8();
            }
        }
        prev = Some(c);
    }
    emit(from, word.len());
}

/// The words and CJK runs of `text`, collected.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    for_each_piece(text, |p| out.push(p));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_runs() {
        let got: Vec<(&str, PieceKind)> =
            pieces("通过 fuse_conn、fuse_dev 实现 failover。CI/CD 3.10")
                .into_iter()
                .map(|p| (p.text, p.kind))
                .collect();
        assert_eq!(
            got,
            [
                ("通过", PieceKind::Cjk),
                ("fuse_conn", PieceKind::Word),
                ("fuse_dev", PieceKind::Word),
                ("实现", PieceKind::Cjk),
                ("failover", PieceKind::Word),
                ("CI", PieceKind::Word),
                ("CD", PieceKind::Word),
                ("3.10", PieceKind::Word),
            ]
        );
    }

    #[test]
    fn dotted_names_split_but_versions_stay_whole() {
        let got: Vec<&str> = pieces("app.kubernetes.io/name v1.0.0 don't")
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(
            got,
            ["app", "kubernetes", "io", "name", "v1.0.0", "don", "t"]
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn ascii_words_agree_with_uax29(text in "[aZ19_.,;:' /@\\-]{0,24}") {
            let (mut fast, mut uax) = (Vec::new(), Vec::new());
            ascii_words(&text, 3, &mut |p| fast.push(p));
            uax_words(&text, 3, &mut |p| uax.push(p));
            proptest::prop_assert_eq!(fast, uax);
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn separator_split_agrees_with_uax29(
            text in "[aZ19_.,;:' \u{3000}-\u{3003}\u{3008}\u{301F}\u{2010}-\u{2026}\u{2027}\u{00B7}\u{00E9}\u{0301}\u{200D}ß]{0,24}"
        ) {
            let (mut fast, mut uax) = (Vec::new(), Vec::new());
            words(&text, 0, text.len(), &mut |p| fast.push(p));
            uax_words(&text, 0, &mut |p| uax.push(p));
            proptest::prop_assert_eq!(fast, uax);
        }
    }

    /// The CJK runs [`for_each_piece`] finds by byte, found by decoding every character.
    #[cfg(not(target_arch = "wasm32"))]
    fn cjk_runs_by_char(text: &str) -> Vec<(usize, usize)> {
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (i, c) in text.char_indices().filter(|&(_, c)| is_cjk(c)) {
            match runs.last_mut() {
                Some(run) if run.1 == i => run.1 = i + c.len_utf8(),
                _ => runs.push((i, i + c.len_utf8())),
            }
        }
        runs
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn cjk_runs_agree_with_a_scan_by_character(
            text in "[a1 _\u{3002}\u{3042}\u{30A2}\u{3400}\u{4E00}\u{4FFF}\u{5000}\u{9FFF}\u{AC00}\u{E000}\u{F900}\u{FF21}\u{20000}\u{00E9}]{0,24}"
        ) {
            let runs: Vec<(usize, usize)> = pieces(&text)
                .into_iter()
                .filter(|p| p.kind == PieceKind::Cjk)
                .map(|p| (p.offset.start, p.offset.end))
                .collect();
            proptest::prop_assert_eq!(runs, cjk_runs_by_char(&text));
        }
    }

    #[test]
    fn latin_glued_to_han_splits() {
        let got: Vec<&str> = pieces("在Kubernetes中")
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(got, ["在", "Kubernetes", "中"]);
    }
}
