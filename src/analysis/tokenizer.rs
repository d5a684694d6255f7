//! Splits text into Latin words and CJK runs with Unicode word segmentation (UAX #29).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::normalize::is_cjk;

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

/// Iterates the words and CJK runs of `text` in order.
pub fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut words = text.split_word_bound_indices().peekable();
    std::iter::from_fn(move || loop {
        let (start, word) = words.next()?;
        let first = word.chars().next()?;
        if is_cjk(first) {
            // UAX #29 yields one ideograph per segment; glue adjacent ones into a run. A
            // segment that mixes CJK and other letters (kana + prolonged sound mark) stays whole.
            let mut end = start + word.len();
            while let Some(&(next_start, next)) = words.peek() {
                if next_start == end && next.chars().next().is_some_and(is_cjk) {
                    end += next.len();
                    words.next();
                } else {
                    break;
                }
            }
            return Some(Piece {
                text: &text[start..end],
                kind: PieceKind::Cjk,
                offset: start..end,
            });
        }
        if word.chars().any(char::is_alphanumeric) {
            return Some(Piece {
                text: word,
                kind: PieceKind::Word,
                offset: start..start + word.len(),
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_runs() {
        let got: Vec<(&str, PieceKind)> = pieces("通过 fuse_conn、fuse_dev 实现 failover。CI/CD 3.10")
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
}
