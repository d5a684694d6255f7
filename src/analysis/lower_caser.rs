//! Case folding that keeps byte lengths (see [`crate::normalize::fold_char`]).

/// Folds `word` into `out` (cleared first).
pub fn fold_into(word: &str, out: &mut String) {
    crate::normalize::fold_into(word, out);
}
