//! English stemming (Snowball, as in tantivy) so `scheduling` finds `schedule`.

use rust_stemmers::{Algorithm, Stemmer};

thread_local! {
    static ENGLISH: Stemmer = Stemmer::create(Algorithm::English);
}

/// The stem of a case-folded word. Words with non-ASCII letters or digits are their own stem.
pub fn stem(word: &str) -> String {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    ENGLISH.with(|s| s.stem(word).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_share_a_stem() {
        assert_eq!(stem("scheduling"), stem("schedule"));
        assert_eq!(stem("scheduled"), stem("schedules"));
        assert_eq!(stem("k8s"), "k8s");
    }
}
