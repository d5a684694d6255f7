//! Normalization: NFKC, whitespace and zero-width cleanup, case folding.
//!
//! Rendering keeps the original text; everything that is compared (index terms, queries,
//! extracted titles) goes through [`nfkc_clean`], and matching additionally through
//! [`fold_char`], which never changes a character's UTF-8 length so that byte offsets in
//! folded text are byte offsets in display text too.

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Zero-width and invisible formatting characters that scrapers leave behind: zero-width
/// spaces and joiners, direction marks, embeddings and isolates (web pages wrap user names in
/// U+2068 … U+2069), soft hyphens. Left in, one glued itself to the word or CJK run beside
/// it, which then no query could find. Variation selectors stay: a snippet's `❤️` would
/// otherwise be drawn as text, not as an emoji.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
    )
}

/// NFKC-normalizes `s`, drops invisible characters and control characters (other than
/// newline and tab), and turns every other whitespace into a plain space.
pub fn nfkc_clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    nfkc_chunks(s, |_, piece| match piece {
        Piece::One(c) => out.extend(clean(c)),
        Piece::Many(chars) => out.extend(chars.filter_map(clean)),
    });
    out
}

/// What one chunk of [`nfkc_chunks`] normalizes to.
enum Piece<'a> {
    /// A single character: the common case, kept off the iterator machinery.
    One(char),
    Many(&'a mut dyn Iterator<Item = char>),
}

/// How one character normalizes on its own.
enum Class {
    /// NFKC leaves it alone and it never composes with the character before it.
    Stable,
    /// NFKC maps it to one fixed character (full-width ASCII forms, the ideographic space).
    Mapped(char),
    /// Anything else: normalized with its neighbours.
    Other,
}

fn class(c: char) -> Class {
    match c {
        ' '..='~'
        | '\n'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{3001}'..='\u{3011}'
        // Quotes, dashes, bullets, arrows, check marks and box drawing that recaps use.
        | '\u{00B7}'
        | '\u{2013}'..='\u{2014}'
        | '\u{2018}'..='\u{2019}'
        | '\u{201C}'..='\u{201D}'
        | '\u{2022}'
        | '\u{2190}'..='\u{2193}'
        | '\u{2500}'..='\u{257F}'
        | '\u{2713}'..='\u{2717}' => Class::Stable,
        '\u{FF01}'..='\u{FF5E}' => Class::Mapped(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        '\u{3000}' => Class::Mapped(' '),
        _ => by_properties(c),
    }
}

/// [`class`] of a character outside its ranges: stable all the same when NFKC leaves it alone
/// in any context (quick check "yes": no mapping, never the second half of a composition), it
/// is a starter (never reordered) and [`clean`] keeps it. The ranges are the fast path; this
/// covers the rest of what recaps hold (emoji, math signs, accented letters, Hangul
/// syllables), whose notes and sections would otherwise be normalized in full, at indexing and
/// again for every query that verifies a match in them. Rare, and kept out of line so that the
/// ranges stay a small, inlined match.
#[inline(never)]
fn by_properties(c: char) -> Class {
    let stable = !c.is_control()
        && !is_invisible(c)
        && canonical_combining_class(c) == 0
        && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes;
    if stable {
        Class::Stable
    } else {
        Class::Other
    }
}

/// Whether ASCII-lowercasing leaves stable `c` as [`fold_char`] would and it is no space:
/// true of everything in [`class`]'s ranges, not of a capital such as `É`.
fn folds_as_ascii(c: char) -> bool {
    c.is_ascii() || (fold_char(c) == c && !c.is_whitespace())
}

/// Splits `s` into chunks that normalize independently and calls `f(chunk start, normalized
/// chars)` for each, in order. Full normalization is slow, and most characters in recaps
/// (ASCII, common Han, CJK punctuation, full-width forms) normalize on their own: those are
/// single-character chunks; runs of other characters form one chunk together with the
/// character before them, so that combining marks still compose with their base.
fn nfkc_chunks(s: &str, mut f: impl FnMut(Range<usize>, Piece)) {
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let next_other = chars
            .peek()
            .is_some_and(|&(_, n)| matches!(class(n), Class::Other));
        match class(c) {
            Class::Stable if !next_other => {
                f(start..start + c.len_utf8(), Piece::One(c));
                continue;
            }
            Class::Mapped(m) if !next_other => {
                f(start..start + c.len_utf8(), Piece::One(m));
                continue;
            }
            _ => {}
        }
        let mut end = start + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if !matches!(class(d), Class::Other) {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        let chunk = &s[start..end];
        if is_nfkc_quick(chunk.chars()) == IsNormalized::Yes {
            for (i, c) in chunk.char_indices() {
                let at = start + i;
                f(at..at + c.len_utf8(), Piece::One(c));
            }
            continue;
        }
        // Characters that normalize alike alone and together (`⾸云`: no composition across
        // them) keep precise offsets; otherwise the chunk is one unit.
        let whole: String = chunk.nfkc().collect();
        let alone: String = chunk
            .chars()
            .flat_map(|c| std::iter::once(c).nfkc())
            .collect();
        if whole == alone {
            for (i, c) in chunk.char_indices() {
                let at = start + i;
                f(
                    at..at + c.len_utf8(),
                    Piece::Many(&mut std::iter::once(c).nfkc()),
                );
            }
        } else {
            f(start..end, Piece::Many(&mut whole.chars()));
        }
    }
}

/// Whether NFKC maps every character of `s` on its own, leaving it as it is or, for full-width
/// forms and the ideographic space, turning it into ASCII. In such text a run of CJK
/// characters occurs exactly where it occurs in the text's normalized form, so it can be
/// searched for without normalizing (see [`crate::index::Index::count_in_fields`]).
pub fn is_simple(s: &str) -> bool {
    s.chars().all(|c| !matches!(class(c), Class::Other))
}

/// Whether every run of CJK characters in `s` occurs exactly where it occurs in [`nfkc_line`]
/// of `s`, so that a CJK needle can be counted in `s` without normalizing it (see
/// [`crate::index::Index::count_in_fields`]). True of [`is_simple`] text, and of text whose
/// other characters each [`map_apart_from_cjk`] (`…`, `‑`, `①`, `™`).
pub fn keeps_cjk_runs(s: &str) -> bool {
    s.chars()
        .all(|c| !matches!(class(c), Class::Other) || map_apart_from_cjk(c))
}

/// Whether NFKC maps `c` to characters that are all [`Class::Stable`] (or [`Class::Mapped`])
/// and none of them CJK: such a character neither joins nor splits the CJK runs around it
/// (a stable character composes with nothing on either side, [`clean`] keeps it, and NFKC
/// never maps to nothing). A compatibility ideograph (`⾸`), half-width kana, a combining
/// mark or an invisible character does not qualify. Rare, and kept out of line.
#[inline(never)]
fn map_apart_from_cjk(c: char) -> bool {
    std::iter::once(c)
        .nfkc()
        .all(|m| !is_cjk(m) && !matches!(class(m), Class::Other))
}

/// Whether [`nfkc_line`] then [`fold`] of `s` differ from ASCII-lowercasing it only in
/// characters that can never be part of a Latin word or a CJK run (full-width punctuation).
/// Such text can be searched for words and CJK runs after `to_ascii_lowercase`, which keeps
/// byte offsets: snippets then need no mapping back to the original.
pub fn is_ascii_foldable(s: &str) -> bool {
    s.chars().all(|c| match class(c) {
        Class::Stable => folds_as_ascii(c),
        Class::Mapped(m) => !maps_into_word(m),
        Class::Other => other_kept(c) == (true, true),
    })
}

/// For a [`Class::Other`] character: whether it [`map_apart_from_cjk`], and whether besides
/// NFKC maps it into no word character and it is none itself (`…` to `...`, `‑` to `‐`; not
/// `①` to `1` or `™` to `TM`). Latin words and CJK runs then occur around it in text as in
/// its normalized form: Chinese writes its ellipsis `……`, and such a section's snippets
/// needed its whole text normalized with a map back.
#[inline(never)]
fn other_kept(c: char) -> (bool, bool) {
    let word = |m: char| m.is_alphanumeric() || m == '_' || m.is_whitespace();
    let apart = map_apart_from_cjk(c);
    (
        apart,
        apart && !word(c) && std::iter::once(c).nfkc().all(|m| !word(m)),
    )
}

/// Whether `m`, the ASCII a full-width form maps to, takes part in word matching (a letter,
/// digit, `_` or space): text holding such a form must be normalized, not only lowercased,
/// before it is searched.
fn maps_into_word(m: char) -> bool {
    m.is_ascii_alphanumeric() || m == '_' || m == ' '
}

/// [`keeps_cjk_runs`] and [`is_ascii_foldable`] of `s`, in one pass.
pub fn runs_kept_and_foldable(s: &str) -> (bool, bool) {
    let mut foldable = true;
    let mut i = 0;
    while let Some(&b) = s.as_bytes().get(i) {
        // Printable ASCII, newline and the core Han block are stable and fold as ASCII:
        // skipped without decoding.
        if (b' '..=b'~').contains(&b) || b == b'\n' {
            i += 1;
            continue;
        }
        if starts_core_han(b) {
            i += 3;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        match class(c) {
            Class::Stable => foldable &= folds_as_ascii(c),
            Class::Mapped(m) => foldable &= !maps_into_word(m),
            Class::Other => match other_kept(c) {
                (true, wordless) => foldable &= wordless,
                (false, _) => return (false, false),
            },
        }
    }
    (true, foldable)
}

/// [`nfkc_line`] output with a map back to the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    /// For each byte of `text`, the source range `(start, end)` of the chunk that produced it.
    spans: Vec<(u32, u32)>,
}

impl Mapped {
    /// The source range that produced `text[range]` (`range` non-empty).
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.spans.get(range.start).map_or(0, |r| r.0 as usize);
        let end = range
            .end
            .checked_sub(1)
            .and_then(|i| self.spans.get(i))
            .map_or(start, |r| r.1 as usize);
        start..end.max(start)
    }
}

/// [`nfkc_line`] with a map back to `s`, used to cut snippets from the original text around
/// matches found in the normalized text.
pub fn nfkc_line_mapped(s: &str) -> Mapped {
    let mut text = String::with_capacity(s.len());
    let mut spans: Vec<(u32, u32)> = Vec::with_capacity(s.len());
    let mut space: Option<(u32, u32)> = None;
    let mut push = |c: char, src: (u32, u32)| {
        if c.is_whitespace() {
            if !text.is_empty() && space.is_none() {
                space = Some(src);
            }
            return;
        }
        if let Some(sp) = space.take() {
            text.push(' ');
            spans.push(sp);
        }
        text.push(c);
        spans.extend(std::iter::repeat_n(src, c.len_utf8()));
    };
    nfkc_chunks(s, |src, piece| {
        let src = (src.start as u32, src.end as u32);
        match piece {
            Piece::One(c) => clean(c).into_iter().for_each(|c| push(c, src)),
            Piece::Many(chars) => chars.filter_map(clean).for_each(|c| push(c, src)),
        }
    });
    Mapped { text, spans }
}

/// One normalized character as [`nfkc_clean`] keeps it: invisible and control characters
/// (but newline and tab) dropped, other whitespace made a plain space.
fn clean(c: char) -> Option<char> {
    match c {
        ' '..='~' | '\n' | '\t' => Some(c),
        _ if is_invisible(c) || c.is_control() => None,
        _ if c.is_whitespace() => Some(' '),
        _ => Some(c),
    }
}

/// NFKC-normalizes and collapses all runs of whitespace into one space, trimmed: the form of
/// titles, headings and indexed text.
pub fn nfkc_line(s: &str) -> String {
    simple_line(s).unwrap_or_else(|| general_line(s))
}

/// [`nfkc_line`] of [`is_simple`] text in one pass; `None` for any other text.
fn simple_line(s: &str) -> Option<String> {
    let mut line = Line::with_capacity(s.len());
    // Runs of characters that stay as they are (most of the text) are copied as slices.
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = s.as_bytes().get(i) {
        // Printable ASCII but space, and the core Han block, are stable and no whitespace:
        // skipped without decoding.
        if (b'!'..=b'~').contains(&b) {
            i += 1;
            continue;
        }
        if starts_core_han(b) {
            i += 3;
            continue;
        }
        let c = s.get(i..).and_then(|rest| rest.chars().next())?;
        let end = i + c.len_utf8();
        let out = match class(c) {
            Class::Stable if !c.is_whitespace() => {
                i = end;
                continue;
            }
            Class::Stable => c,
            Class::Mapped(m) => m,
            Class::Other => return None,
        };
        line.push_word(&s[run..i]);
        line.push(out);
        run = end;
        i = end;
    }
    line.push_word(&s[run..]);
    Some(line.out)
}

fn general_line(s: &str) -> String {
    let mut line = Line::with_capacity(s.len());
    nfkc_chunks(s, |_, piece| match piece {
        Piece::One(c) => clean(c).into_iter().for_each(|c| line.push(c)),
        Piece::Many(chars) => chars.filter_map(clean).for_each(|c| line.push(c)),
    });
    line.out
}

/// Text with every run of whitespace as one space and none at either end.
struct Line {
    out: String,
    /// Whitespace seen since the last character (and after some).
    space: bool,
}

impl Line {
    fn with_capacity(n: usize) -> Line {
        Line {
            out: String::with_capacity(n),
            space: false,
        }
    }

    /// Pushes `word`, which holds no whitespace (may be empty).
    fn push_word(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        if std::mem::take(&mut self.space) {
            self.out.push(' ');
        }
        self.out.push_str(word);
    }

    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.space = !self.out.is_empty();
        } else {
            if std::mem::take(&mut self.space) {
                self.out.push(' ');
            }
            self.out.push(c);
        }
    }
}

/// Collapses runs of whitespace into one space and trims both ends.
pub fn collapse_whitespace(s: &str) -> String {
    let mut line = Line::with_capacity(s.len());
    let mut word = 0;
    let mut i = 0;
    while let Some(&b) = s.as_bytes().get(i) {
        let space = space_len(s, i);
        if space == 0 {
            i += utf8_len(b);
            continue;
        }
        line.push_word(&s[word..i]);
        line.push(' ');
        i += space;
        word = i;
    }
    line.push_word(&s[word..]);
    line.out
}

/// Whether `lead`, the first byte of a UTF-8 character, starts one of U+5000–U+9FFF (lead
/// bytes E5–E9, three bytes each): Han, NFKC-stable and no whitespace, so the byte-level
/// passes over indexed text skip the bulk of Chinese without decoding it.
pub(crate) fn starts_core_han(lead: u8) -> bool {
    (0xE5..=0xE9).contains(&lead)
}

/// The ASCII characters that are whitespace to [`char::is_whitespace`] (which, unlike
/// [`u8::is_ascii_whitespace`], counts the vertical tab).
pub(crate) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// The length of the UTF-8 sequence that `lead` starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
    }
}

/// The UTF-8 length of the whitespace character starting at byte `i` of `s`, or 0 when the
/// character there is no whitespace. Decodes only where Unicode whitespace can start:
/// ASCII, and the lead bytes of U+0085/U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2) and
/// U+3000 (E3).
fn space_len(s: &str, i: usize) -> usize {
    match s.as_bytes()[i] {
        b if is_ascii_space(b) => 1,
        0xC2 | 0xE1 | 0xE2 | 0xE3 => s[i..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// Lowercases `c` when its lowercase form is one character of the same UTF-8 length;
/// otherwise returns `c` unchanged. Length preservation keeps offsets valid across folding.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // CJK symbols, kana and Han have no case: skip the table lookup for the bulk of the text.
    if ('\u{2E80}'..='\u{9FFF}').contains(&c) {
        return c;
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
    if s.is_ascii() {
        // Most words: folded as bytes, not decoded and pushed a character at a time.
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
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
#[inline]
pub fn is_han(c: char) -> bool {
    if c < '\u{3005}' {
        return false;
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return true;
    }
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}' | '\u{2A700}'..='\u{2EBEF}' | '\u{30000}'..='\u{3134F}'
        | '\u{3005}' | '\u{3007}')
}

/// Characters indexed as CJK runs: Han, kana and Hangul.
#[inline]
pub fn is_cjk(c: char) -> bool {
    if c < '\u{1100}' {
        return false;
    }
    is_han(c)
        || matches!(c,
            '\u{3040}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}'
            | '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn simple_lines_normalize_like_any_other_generated(
            text in "[aZ1 \n_\u{4E00}\u{5B57}\u{9FA5}\u{3001}\u{FF21}\u{FF0C}\u{3000}\u{201C}\u{2192}]{0,16}"
        ) {
            proptest::prop_assert_eq!(simple_line(&text), Some(general_line(&text)));
        }

        #[test]
        fn whitespace_collapses_like_splitting_on_unicode_whitespace(
            text in "[a \t\n\u{0B}\u{0C}\r\u{85}\u{A0}\u{E9}\u{1680}\u{1681}\u{2000}\u{200A}\u{200B}\u{2028}\u{202F}\u{205F}\u{2060}\u{3000}\u{3001}\u{4E00}\u{5B57}]{0,16}"
        ) {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse_whitespace(&text), expected);
        }

        #[test]
        fn lines_normalize_like_nfkc_itself(
            text in "[aeE \n\u{0301}\u{0323}\u{00E9}\u{00C9}\u{2705}\u{FE0F}\u{20E3}\u{2264}\u{D55C}\u{1100}\u{1161}\u{11A8}\u{FF76}\u{FF9E}\u{304B}\u{3099}\u{2026}\u{2F38}\u{200B}\u{2028}\u{4E00}\u{FF0C}]{0,12}"
        ) {
            let expected: String = text.nfkc().filter_map(clean).collect();
            proptest::prop_assert_eq!(nfkc_clean(&text), expected.clone());
            let line = expected.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(nfkc_line(&text), line);
            if is_simple(&text) {
                proptest::prop_assert_eq!(simple_line(&text), Some(general_line(&text)));
            }
        }

        #[test]
        fn text_that_keeps_its_cjk_runs_counts_cjk_needles_like_its_normalized_line(
            text in "[a 一调度カ한\u{1100}\u{1161}，\u{FF76}\u{FF9E}\u{3099}…\u{2011}①™⾸㈱\u{200B}\u{0301}]{0,12}"
        ) {
            if keeps_cjk_runs(&text) {
                let line = nfkc_line(&text);
                proptest::prop_assert_eq!(cjk_runs(&text), cjk_runs(&line));
                for needle in ["调度", "一调", "カ", "한"] {
                    proptest::prop_assert_eq!(text.matches(needle).count(), line.matches(needle).count());
                }
            }
        }

        #[test]
        fn one_pass_agrees_with_runs_kept_and_foldable(
            text in "[aZ1 _\n\t\u{4E00}\u{9FA5}\u{3001}\u{FF21}\u{FF0C}\u{FF3F}\u{3000}\u{00E9}\u{00C9}\u{2705}\u{2028}\u{0301}\u{2F00}·…\u{2011}①]{0,12}"
        ) {
            proptest::prop_assert_eq!(
                runs_kept_and_foldable(&text),
                (keeps_cjk_runs(&text), is_ascii_foldable(&text))
            );
        }
    }

    #[test]
    fn simple_lines_normalize_like_any_other() {
        for s in ["  调度，Ｐｏｄ　\n 调度：100%  ", "a\n\nb", "“引号”—→", ""] {
            assert_eq!(simple_line(s).as_deref(), Some(general_line(s).as_str()));
        }
        assert_eq!(simple_line("⾸云"), None);
    }

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
    fn stable_characters_are_their_own_nfkc_form() {
        // Every stable character, listed or found by its properties, in any context.
        let before = [
            'a', 'e', 'A', '\u{1100}', '\u{D55C}', '\u{0301}', '\u{4E00}', '\u{FF76}',
        ];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !matches!(class(c), Class::Stable) {
                continue;
            }
            assert_eq!(std::iter::once(c).nfkc().collect::<String>(), c.to_string());
            for b in before {
                let alone: String = std::iter::once(b).nfkc().chain([c]).collect();
                assert_eq!(
                    [b, c].iter().collect::<String>().nfkc().collect::<String>(),
                    alone
                );
            }
            let kept = clean(c);
            assert!(
                kept == Some(c) || c.is_whitespace() && kept == Some(' '),
                "{c:?}"
            );
        }
    }

    #[test]
    fn emoji_signs_accents_and_hangul_are_stable_but_marks_and_compatibility_forms_not() {
        for c in [
            '✅', '\u{FE0F}', '\u{20E3}', '≤', 'é', 'É', 'ç', '한', '\u{2028}',
        ] {
            assert!(matches!(class(c), Class::Stable), "{c:?}");
        }
        let other = [
            '\u{0301}', '…', '\u{2011}', '\u{200B}', '\u{0007}', 'ｶ', '\u{11A8}',
        ];
        for c in other {
            assert!(matches!(class(c), Class::Other), "{c:?}");
        }
    }

    #[test]
    fn ascii_foldable_text_matches_like_its_normalized_form() {
        assert!(is_ascii_foldable("调度，Pod：“引号”—"));
        for s in [
            "Ｐｏｄ",
            "a\u{3000}b",
            "ｘ＿ｙ",
            "⾸云",
            "Cafe\u{301}",
            "CAFÉ",
            "a\u{2028}b",
        ] {
            assert!(!is_ascii_foldable(s), "{s}");
        }
        assert!(is_ascii_foldable("✅ 可用 ≤ café 한국어"));
        // Characters that map apart from words and CJK runs: the ellipsis Chinese writes.
        assert!(is_ascii_foldable("调度……Pod‑node"));
        for s in ["第①步", "Pod™", "\u{FB01}le", "a\u{200B}b"] {
            assert!(!is_ascii_foldable(s), "{s}");
        }
    }

    #[test]
    fn simple_text_keeps_its_cjk_runs_under_normalization() {
        for s in [
            "调度器，Ｐｏｄ　调度：100%",
            "plain ASCII",
            "「引号」",
            "✅ 한국어 ≤ 调度 É",
        ] {
            assert!(is_simple(s), "{s}");
            let cjk = |t: &str| t.split(|c: char| !is_cjk(c)).collect::<Vec<_>>().join("|");
            assert_eq!(cjk(s), cjk(&nfkc_clean(s)), "{s}");
        }
        for s in ["⾸云", "Cafe\u{301}", "ｶﾀｶﾅ", "zero\u{200B}width", "可用…"] {
            assert!(!is_simple(s), "{s}");
        }
    }

    /// The CJK runs of `s`, in order.
    fn cjk_runs(s: &str) -> Vec<&str> {
        s.split(|c: char| !is_cjk(c))
            .filter(|r| !r.is_empty())
            .collect()
    }

    #[test]
    fn characters_that_map_apart_from_cjk_keep_every_cjk_run_in_any_context() {
        // Every such character, between characters that keep runs themselves (CJK ones
        // included): the runs of the three are the runs of their normalized line.
        let around = ['一', '调', 'カ', '한', 'a', ' ', '，', 'Ａ', '…'];
        let mut found = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !matches!(class(c), Class::Other) || !map_apart_from_cjk(c) {
                continue;
            }
            found += 1;
            for b in around {
                for a in around {
                    let s: String = [b, c, a].iter().collect();
                    assert!(keeps_cjk_runs(&s), "{s:?}");
                    assert_eq!(cjk_runs(&s), cjk_runs(&nfkc_line(&s)), "{s:?}");
                }
            }
        }
        // Thousands of compatibility characters (`…`, `‑`, `①`, `™`, `½`) qualify.
        assert!(found > 1000, "{found}");
        for c in ['…', '\u{2011}', '①', '™', '½'] {
            assert!(map_apart_from_cjk(c), "{c:?}");
        }
        let joins_or_makes_cjk = [
            '⾸', 'ｶ', '\u{3099}', '\u{0301}', '\u{200B}', '\u{0007}', '\u{1161}', '㈱', '㍿',
        ];
        for c in joins_or_makes_cjk {
            assert!(!map_apart_from_cjk(c), "{c:?}");
        }
    }

    #[test]
    fn mapped_normalization_points_back_into_the_original() {
        let s = "前言：  Ｋｕｂｅ ⾸云\u{200B}，e\u{301}";
        let m = nfkc_line_mapped(s);
        assert_eq!(m.text, nfkc_line(s));
        let k = m.text.find("Kube").unwrap();
        assert_eq!(&s[m.original(k..k + 4)], "Ｋｕｂｅ");
        let h = m.text.find("首云").unwrap();
        assert_eq!(&s[m.original(h..h + "首云".len())], "⾸云");
        let e = m.text.find('é').unwrap();
        assert_eq!(&s[m.original(e..e + 'é'.len_utf8())], "e\u{301}");
    }

    #[test]
    fn zero_width_characters_are_dropped() {
        assert_eq!(nfkc_line("a\u{200B}b\u{FEFF}c"), "abc");
        assert_eq!(
            nfkc_line("\u{2068}grafana\u{2069} \u{202A}调度\u{202C}器\u{061C} ok\u{034F}"),
            "grafana 调度器 ok"
        );
    }

    #[test]
    fn folding_keeps_byte_length() {
        for s in ["İstanbul ΣΑΣ Ǆ ẞ Kubernetes", "ÀÉÎ ﬀ"] {
            assert_eq!(fold(s).len(), s.len());
        }
        assert_eq!(fold("Etcd 性能"), "etcd 性能");
    }
}
