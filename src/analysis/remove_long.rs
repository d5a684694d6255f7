//! Drops pathological tokens: base64 blobs and hashes are not words anyone searches for, and
//! a 1 MB "word" would bloat the dictionary.

/// Longest indexed word, in bytes.
pub const MAX_WORD_BYTES: usize = 40;

pub fn keep(word: &str) -> bool {
    word.len() <= MAX_WORD_BYTES
}
