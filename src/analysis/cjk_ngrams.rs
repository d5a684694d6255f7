//! CJK runs become unigrams plus overlapping bigrams. Bigram postings find the candidates for
//! any CJK substring of two or more characters; the stored text then verifies them exactly.

use super::{TermKind, Token};

/// Emits the unigrams and bigrams of `run`, whose first byte is at `base` and whose first
/// character is at word position `position`; with their text when `with_text`, else with an
/// empty text (the index needs only their keys).
pub fn ngrams(
    run: &str,
    base: usize,
    position: u32,
    with_text: bool,
    token: &mut Token,
    sink: &mut impl FnMut(&Token),
) {
    let mut chars = run.char_indices().peekable();
    let mut pos = position;
    token.text.clear();
    while let Some((i, c)) = chars.next() {
        if with_text {
            token.text.clear();
            token.text.push(c);
        }
        token.kind = TermKind::Unigram;
        token.key = key(c, None);
        token.offset = base + i..base + i + c.len_utf8();
        token.position = pos;
        sink(token);
        if let Some(&(j, d)) = chars.peek() {
            if with_text {
                token.text.push(d);
            }
            token.kind = TermKind::Bigram;
            token.key = key(c, Some(d));
            token.offset = base + i..base + j + d.len_utf8();
            sink(token);
        }
        pos += 1;
    }
}

/// The dictionary key of the unigram `a` or the bigram `a b`: the code points packed into a
/// `u64` (21 bits each, the top bit marking a bigram). Hashing a `u64` is far cheaper than a
/// string, and these are most of the terms.
pub fn key(a: char, b: Option<char>) -> u64 {
    match b {
        None => u64::from(u32::from(a)),
        Some(b) => (u64::from(u32::from(a)) << 21 | u64::from(u32::from(b))) | 1 << 63,
    }
}
