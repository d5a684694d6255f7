//! Text analysis: a chain of small filters that turns normalized text into index terms.
//!
//! The chain is: [`tokenizer`] (Unicode word segmentation, splitting Latin words from CJK
//! runs) → [`lower_caser`] (length-preserving case folding) → [`remove_long`] (drops
//! pathological tokens) → [`cjk_ngrams`] (CJK runs become overlapping bigrams plus unigrams).
//! [`stemmer`] is applied to Latin words at query time to find their variants.
//!
//! Tokens carry byte offsets into the analyzed text and a position; the same analyzer serves
//! indexing, querying and highlighting, so they agree on what a term is.

pub mod cjk_ngrams;
pub mod lower_caser;
pub mod remove_long;
pub mod stemmer;
pub mod tokenizer;

use std::ops::Range;

pub use tokenizer::{Piece, PieceKind};

/// What kind of term a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// A Latin (or other alphabetic/numeric) word, case-folded.
    Word,
    /// One CJK character.
    Unigram,
    /// Two adjacent CJK characters.
    Bigram,
}

/// An index term with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub kind: TermKind,
    /// For CJK terms, their [`cjk_ngrams::key`] (0 for words): the index looks them up by it.
    pub key: u64,
    /// Byte range in the analyzed text.
    pub offset: Range<usize>,
    /// Word position: Latin words count one each, CJK characters one each.
    pub position: u32,
}

/// Runs the whole chain over `text`, calling `sink` for each term, and returns the number of
/// positions (the field length for ranking). `text` should already be NFKC-normalized (see
/// [`crate::normalize`]).
pub fn analyze(text: &str, sink: impl FnMut(&Token)) -> u32 {
    analyze_with(text, true, sink)
}

/// [`analyze`] for indexing, which looks CJK terms up by [`Token::key`] alone: their
/// [`Token::text`] is left empty rather than built for each unigram and bigram.
pub fn analyze_keys(text: &str, sink: impl FnMut(&Token)) -> u32 {
    analyze_with(text, false, sink)
}

fn analyze_with(text: &str, cjk_text: bool, mut sink: impl FnMut(&Token)) -> u32 {
    let mut token = Token {
        text: String::new(),
        kind: TermKind::Word,
        key: 0,
        offset: 0..0,
        position: 0,
    };
    let mut position = 0u32;
    tokenizer::for_each_piece(text, |piece| match piece.kind {
        PieceKind::Word => {
            if remove_long::keep(piece.text) {
                lower_caser::fold_into(piece.text, &mut token.text);
                token.kind = TermKind::Word;
                token.key = 0;
                token.offset = piece.offset.clone();
                token.position = position;
                sink(&token);
            }
            position += 1;
        }
        PieceKind::Cjk => {
            cjk_ngrams::ngrams(
                piece.text,
                piece.offset.start,
                position,
                cjk_text,
                &mut token,
                &mut sink,
            );
            position += piece.text.chars().count() as u32;
        }
    });
    position
}

/// Number of positions `text` occupies (its field length for ranking).
pub fn length(text: &str) -> u32 {
    analyze(text, |_| {})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        analyze(text, |t| out.push((t.text.clone(), t.position)));
        out
    }

    #[test]
    fn mixed_text_gives_words_unigrams_and_bigrams() {
        assert_eq!(
            terms("Etcd 性能好"),
            [
                ("etcd".into(), 0),
                ("性".into(), 1),
                ("性能".into(), 1),
                ("能".into(), 2),
                ("能好".into(), 2),
                ("好".into(), 3)
            ]
        );
        assert_eq!(length("Etcd 性能好"), 4);
    }

    #[test]
    fn offsets_point_at_the_source() {
        let text = "Hello 世界";
        analyze(text, |t| {
            let src = &text[t.offset.clone()];
            assert_eq!(crate::normalize::fold(src), t.text);
        });
    }
}
