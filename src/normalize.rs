//! Normalization: NFKC, whitespace and zero-width cleanup, case folding.
//!
//! Rendering keeps the original text; everything that is compared (index terms, queries,
//! extracted titles) goes through [`nfkc_clean`], and matching additionally through
//! [`fold_char`], which never changes a character's UTF-8 length so that byte offsets in
//! folded text are byte offsets in display text too.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Zero-width and invisible formatting characters that scrapers leave behind.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// NFKC-normalizes `s`, drops invisible characters and control characters (other than
/// newline and tab), and turns every other whitespace into a plain space.
pub fn nfkc_clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Full normalization is slow and most characters here (ASCII, common Han, CJK
    // punctuation) are NFKC-stable starters that never compose with a neighbour: copy those,
    // and normalize only the runs in between, each with the character before it so that
    // combining marks still compose with their base.
    let mut pending: Option<usize> = None;
    let mut last: Option<(usize, usize)> = None; // (input start, output length before it)
    for (i, c) in s.char_indices() {
        if is_nfkc_stable(c) {
            if let Some(start) = pending.take() {
                normalize_into(&s[start..i], &mut out);
            }
            last = Some((i, out.len()));
            clean_into(std::iter::once(c), &mut out);
        } else if pending.is_none() {
            pending = Some(match last {
                Some((start, len))
                    if start + s[start..].chars().next().map_or(0, char::len_utf8) == i =>
                {
                    out.truncate(len);
                    start
                }
                _ => i,
            });
        }
    }
    if let Some(start) = pending {
        normalize_into(&s[start..], &mut out);
    }
    out
}

fn normalize_into(s: &str, out: &mut String) {
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        clean_into(s.chars(), out);
    } else {
        clean_into(s.nfkc(), out);
    }
}

/// Characters that NFKC leaves alone and that never combine with the character before them.
fn is_nfkc_stable(c: char) -> bool {
    matches!(c, ' '..='~' | '\n' | '\u{4E00}'..='\u{9FFF}' | '\u{3001}'..='\u{3011}')
}

fn clean_into(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        if is_invisible(c) {
            continue;
        }
        if c == '\n' || c == '\t' {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        } else if c.is_control() {
            continue;
        } else {
            out.push(c);
        }
    }
}

/// NFKC-normalizes and collapses all runs of whitespace into one space, trimmed: the form of
/// titles, headings and indexed text.
pub fn nfkc_line(s: &str) -> String {
    collapse_whitespace(&nfkc_clean(s))
}

/// Collapses runs of whitespace into one space and trims both ends.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Lowercases `c` when its lowercase form is one character of the same UTF-8 length;
/// otherwise returns `c` unchanged. Length preservation keeps offsets valid across folding.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// Case-folds `s` into `out` (cleared first) with [`fold_char`]; `out.len() == s.len()`.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    out.reserve(s.len());
    out.extend(s.chars().map(fold_char));
}

/// Case-folded copy of `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::new();
    fold_into(s, &mut out);
    out
}

/// Han ideographs (including compatibility and extension blocks).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}' | '\u{2A700}'..='\u{2EBEF}' | '\u{30000}'..='\u{3134F}'
        | '\u{3005}' | '\u{3007}')
}

/// Characters indexed as CJK runs: Han, kana and Hangul.
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c,
            '\u{3040}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}'
            | '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kangxi_radicals_become_ideographs() {
        assert_eq!(nfkc_line("⾸云 ⽤"), "首云 用");
    }

    #[test]
    fn full_width_punctuation_becomes_half_width() {
        assert_eq!(nfkc_line("你好，世界：？"), "你好,世界:?");
    }

    #[test]
    fn combining_marks_compose_with_a_stable_base() {
        assert_eq!(nfkc_line("Cafe\u{301} ⾸"), "Café 首");
        assert_eq!(nfkc_line("ｆｕｌｌ１２"), "full12");
        let mixed = "中文，ＡＢＣ ⽤ e\u{301}\u{323} ﬁ 한국어";
        assert_eq!(nfkc_clean(mixed), mixed.nfkc().collect::<String>());
    }

    #[test]
    fn zero_width_characters_are_dropped() {
        assert_eq!(nfkc_line("a\u{200B}b\u{FEFF}c"), "abc");
    }

    #[test]
    fn folding_keeps_byte_length() {
        for s in ["İstanbul ΣΑΣ Ǆ ẞ Kubernetes", "ÀÉÎ ﬀ"] {
            assert_eq!(fold(s).len(), s.len());
        }
        assert_eq!(fold("Etcd 性能"), "etcd 性能");
    }
}
