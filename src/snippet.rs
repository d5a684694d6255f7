//! Snippets: a window of a section's text around its best match, with highlight ranges.
//!
//! Offsets here are byte offsets into the snippet string; [`crate::wasm`] converts them to
//! UTF-16 for JS. Windows are cut on character boundaries and never inside a Latin word.

use std::ops::Range;

use crate::index::{find_all, find_all_ignoring_ascii_case, find_words_ignoring_ascii_case};
use crate::normalize::{fold, fold_into, is_ascii_foldable, is_cjk, nfkc_line_mapped};
use crate::render::escape_into;

/// A snippet with highlight ranges (byte offsets into `text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// Escaped HTML with `<mark>` around each highlight.
    pub fn html(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 16 * self.highlights.len());
        let mut at = 0;
        for h in &self.highlights {
            escape_into(&mut out, &self.text[at..h.start]);
            out.push_str("<mark>");
            escape_into(&mut out, &self.text[h.clone()]);
            out.push_str("</mark>");
            at = h.end;
        }
        escape_into(&mut out, &self.text[at..]);
        out
    }
}

/// Finds every needle in `text` — compared in NFKC, case-folded form, reported as ranges of
/// the original `text` — merged and sorted.
pub fn matches(text: &str, needles: &[(String, bool)]) -> Vec<Range<usize>> {
    matches_in(text, is_ascii_foldable(text), needles)
}

/// [`matches`] when whether `text` [`is_ascii_foldable`] is known already (the index caches
/// it per field).
pub fn matches_in(text: &str, foldable: bool, needles: &[(String, bool)]) -> Vec<Range<usize>> {
    let plain_needle = |n: &String| n.chars().all(|c| c.is_ascii_alphanumeric() || is_cjk(c));
    // The common case needs no normalization and no offset map.
    let direct = foldable && needles.iter().all(|(n, _)| plain_needle(n));
    let mut ranges = if direct {
        find_lowercased(text, needles)
    } else {
        find_normalized(text, needles)
    };
    ranges.sort_unstable_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The needles (case-folded) in `text` as if it were ASCII-lowercased.
fn find_lowercased(text: &str, needles: &[(String, bool)]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Whole words that start alike are found in one pass: a word's stems and completions
    // (`operator` has five more), which come one after another, made as many passes over
    // each hit's text.
    let is_word = |(n, bounded): &(String, bool)| {
        *bounded
            && !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    let words: Vec<&str> = needles
        .iter()
        .filter(|n| is_word(n))
        .map(|(n, _)| n.as_str())
        .collect();
    for alike in words.chunk_by(|a, b| a.as_bytes()[0] == b.as_bytes()[0]) {
        out.extend(find_words_ignoring_ascii_case(text, alike));
    }
    for (n, bounded) in needles.iter().filter(|n| !is_word(n)) {
        if n.bytes().any(|b| b.is_ascii_alphabetic()) {
            out.extend(find_all_ignoring_ascii_case(text, n, *bounded));
        } else {
            // Chinese needles (half of all queries) have no case.
            out.extend(find_all(text, n, *bounded));
        }
    }
    out
}

fn find_normalized(text: &str, needles: &[(String, bool)]) -> Vec<Range<usize>> {
    let mapped = nfkc_line_mapped(text);
    let folded = fold(&mapped.text);
    needles
        .iter()
        .flat_map(|(n, bounded)| find_all(&folded, n, *bounded).collect::<Vec<_>>())
        .map(|r| mapped.original(r))
        .collect()
}

/// Cuts a window of about `max_chars` characters from `text` around the densest cluster of
/// matches, or the beginning of `text` when nothing matches.
pub fn snippet(text: &str, needles: &[(String, bool)], max_chars: usize) -> Snippet {
    around(text, matches(text, needles), max_chars)
}

/// [`snippet`] for matches already found in `text` (as [`matches`] returns them).
pub fn around(text: &str, found: Vec<Range<usize>>, max_chars: usize) -> Snippet {
    // A text of at most `max_chars` characters is whole (few enough bytes settles it).
    if text.len() <= max_chars || nth_char(text.as_bytes(), 0, max_chars).is_none() {
        return Snippet {
            text: text.to_string(),
            highlights: found,
        };
    }
    // Matches written alike fold alike: each distinct spelling is folded once.
    let mut folded: Vec<String> = Vec::new();
    let mut spelled: Vec<(&str, usize)> = Vec::new();
    let mut f = String::new();
    let ids: Vec<usize> = found
        .iter()
        .map(|r| {
            let raw = &text[r.clone()];
            if let Some(&(_, id)) = spelled.iter().find(|(s, _)| *s == raw) {
                return id;
            }
            fold_into(raw, &mut f);
            let id = folded.iter().position(|g| *g == f).unwrap_or_else(|| {
                folded.push(f.clone());
                folded.len() - 1
            });
            spelled.push((raw, id));
            id
        })
        .collect();
    let best = choose_window(text, &found, &ids, max_chars);
    let mut start = if best.1 == 0 {
        0
    } else {
        chars_back(text, found[best.0].start, max_chars / 5)
    };
    let mut end = chars_forward(text, start, max_chars);
    if best.1 > 0 {
        end = end.max(found[best.0].end);
    }
    if end >= text.len() && start > 0 {
        // Near the end: use the whole budget.
        start = chars_back(text, text.len(), max_chars);
    }
    start = word_start(text, start);
    end = word_end(text, end);
    let mut out = String::new();
    let prefix = if start > 0 { "…" } else { "" };
    out.push_str(prefix);
    out.push_str(text[start..end].trim());
    let lead_trim = text[start..end].len() - text[start..end].trim_start().len();
    if end < text.len() {
        out.push('…');
    }
    let shift = |b: usize| b - start - lead_trim + prefix.len();
    let body_end = prefix.len() + text[start..end].trim().len();
    let highlights = found
        .into_iter()
        .filter(|r| r.start >= start + lead_trim && r.end <= end)
        .map(|r| shift(r.start)..shift(r.end).min(body_end))
        .filter(|r| r.start < r.end)
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

/// [`best_window`], without counting characters when every match is one string: then it is
/// the first match's window, the common case of a one-word query. A match too long for any
/// window (a window starts a fifth of the budget before its match) gets the first match's:
/// [`around`] stretches it to hold the match.
fn choose_window(
    text: &str,
    found: &[Range<usize>],
    ids: &[usize],
    max_chars: usize,
) -> (usize, usize) {
    if found.is_empty() {
        return (0, 0);
    }
    if ids.iter().all(|&id| id == ids[0]) {
        return (0, 1);
    }
    match best_window(text, found, ids, max_chars) {
        (_, 0) => (0, 1),
        best => best,
    }
}

/// The match whose window holds the most distinct matched strings (`ids`), the first on a
/// tie, and how many; `(0, 0)` when none does.
///
/// Windows are compared in characters: the matches are sorted and disjoint, so counting the
/// characters (non-continuation bytes) between consecutive bounds is one pass over the text
/// up to the last match.
fn best_window(
    text: &str,
    found: &[Range<usize>],
    ids: &[usize],
    max_chars: usize,
) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut chars_at = Vec::with_capacity(2 * found.len());
    let (mut at, mut n) = (0, 0);
    for b in found.iter().flat_map(|r| [r.start, r.end]) {
        let b = b.clamp(at, bytes.len());
        n += char_count(&bytes[at..b]);
        at = b;
        chars_at.push(n);
    }
    let start_c = |k: usize| chars_at[2 * k];
    let end_c = |k: usize| chars_at[2 * k + 1];
    let mut best = (0usize, 0usize);
    let mut distinct: Vec<usize> = Vec::new();
    for i in 0..found.len() {
        let window = start_c(i).saturating_sub(max_chars / 5);
        distinct.clear();
        for k in (i..found.len()).take_while(|&k| end_c(k) <= window + max_chars) {
            if !distinct.contains(&ids[k]) {
                distinct.push(ids[k]);
            }
        }
        if distinct.len() > best.1 {
            best = (i, distinct.len());
        }
    }
    best
}

/// The byte offset `n` characters before `at` (or 0).
fn chars_back(text: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    let bytes = &text.as_bytes()[..at];
    let mut left = n;
    // A word at a time while the character sought lies before it.
    let mut end = bytes.len();
    while end >= WORD {
        let leads = lead_bytes(word_at(bytes, end - WORD));
        if leads >= left {
            break;
        }
        left -= leads;
        end -= WORD;
    }
    for (i, &b) in bytes[..end].iter().enumerate().rev() {
        if starts_char(b) {
            left -= 1;
            if left == 0 {
                return i;
            }
        }
    }
    0
}

/// Whether the UTF-8 byte `b` starts a character (is not a continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

/// The bytes that [`lead_bytes`] looks at in one go.
const WORD: usize = 8;

/// The [`WORD`] bytes of `bytes` from `start`, as one number.
fn word_at(bytes: &[u8], start: usize) -> u64 {
    let mut word = [0; WORD];
    word.copy_from_slice(&bytes[start..start + WORD]);
    u64::from_le_bytes(word)
}

/// How many of the bytes in `word` start a character: all less the continuation bytes
/// (`10xxxxxx`: bit 7 set, bit 6 clear), which one mask finds in all eight at once.
fn lead_bytes(word: u64) -> usize {
    let continuation = word & !(word << 1) & 0x8080_8080_8080_8080;
    WORD - continuation.count_ones() as usize
}

/// The characters in the UTF-8 `bytes`, counted by their lead bytes.
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| starts_char(b)).count()
}

/// The byte offset `n` characters after `at` (or the end).
fn chars_forward(text: &str, at: usize, n: usize) -> usize {
    nth_char(text.as_bytes(), at, n).unwrap_or(text.len())
}

/// The byte offset of the `n`th character (from 0) of the UTF-8 `bytes` from `at` (a
/// character boundary), if there are that many: what `char_indices().nth(n)` gives, counting
/// lead bytes instead of decoding each character.
fn nth_char(bytes: &[u8], at: usize, n: usize) -> Option<usize> {
    let rest = bytes.get(at..)?;
    let mut left = n;
    // A word at a time while the character sought lies past it.
    let mut start = 0;
    while start + WORD <= rest.len() {
        let leads = lead_bytes(word_at(rest, start));
        if leads > left {
            break;
        }
        left -= leads;
        start += WORD;
    }
    for (i, &b) in rest[start..].iter().enumerate() {
        if starts_char(b) {
            if left == 0 {
                return Some(at + start + i);
            }
            left -= 1;
        }
    }
    None
}

fn latin(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Moves `at` back to the start of the Latin word it falls in (or forward past it when the
/// word is huge).
fn word_start(text: &str, at: usize) -> usize {
    let before = text[..at].chars().next_back();
    let here = text[at..].chars().next();
    if !(before.is_some_and(latin) && here.is_some_and(latin)) {
        return at;
    }
    let back = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| latin(c))
        .last()
        .map_or(at, |(i, _)| i);
    if at - back <= 30 {
        back
    } else {
        text[at..]
            .char_indices()
            .find(|&(_, c)| !latin(c))
            .map_or(text.len(), |(i, _)| at + i)
    }
}

/// Moves `at` forward to the end of the Latin word it falls in (or back when huge).
fn word_end(text: &str, at: usize) -> usize {
    let before = text[..at].chars().next_back();
    let here = text[at..].chars().next();
    if !(before.is_some_and(latin) && here.is_some_and(latin)) {
        return at;
    }
    let fwd = text[at..]
        .char_indices()
        .find(|&(_, c)| !latin(c))
        .map_or(text.len(), |(i, _)| at + i);
    if fwd - at <= 30 {
        fwd
    } else {
        text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| !latin(c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Skipping the count when every match is one string picks the window counting does.
        #[test]
        fn one_string_picks_the_window_counting_picks(
            text in "[a调 ]{0,120}",
            starts in proptest::collection::btree_set(0usize..120, 0..12),
            len in 1usize..40,
            max_chars in 20usize..60,
        ) {
            // Disjoint, sorted ranges on character boundaries, all "one string".
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let mut found: Vec<Range<usize>> = Vec::new();
            for s in starts {
                let (Some(&a), Some(&b)) = (bounds.get(s), bounds.get(s + len)) else { continue };
                if found.last().is_none_or(|r| r.end < a) {
                    found.push(a..b);
                }
            }
            let ids = vec![0; found.len()];
            // A match too long for any window gets the first match's.
            let counted = match best_window(&text, &found, &ids, max_chars) {
                (_, 0) if !found.is_empty() => (0, 1),
                best => best,
            };
            proptest::prop_assert_eq!(choose_window(&text, &found, &ids, max_chars), counted);
        }

        /// In text that is ASCII-foldable, searching the lowercased text finds what searching
        /// its normalized form finds, which maps its matches back to the text.
        #[test]
        fn lowercased_search_finds_what_normalized_search_finds(
            text in "(Pod|pod|POD|pods|调度|器|…|‑|①|™|Ｐｏｄ|，|（|）| |_|x|1|é|É|\\u{0301}|⾸){0,14}",
            needles in proptest::sample::subsequence(
                vec!["pod", "pods", "podx", "pod1", "调度", "调度器", "x", "1"],
                1..4,
            ),
            bounded in proptest::bool::ANY,
        ) {
            let n: Vec<(String, bool)> = needles.iter().map(|w| (w.to_string(), bounded)).collect();
            if is_ascii_foldable(&text) {
                // In any order: `matches_in` sorts them.
                let sorted = |mut v: Vec<Range<usize>>| {
                    v.sort_unstable_by_key(|r| (r.start, r.end));
                    v
                };
                proptest::prop_assert_eq!(
                    sorted(find_lowercased(&text, &n)),
                    sorted(find_normalized(&text, &n))
                );
            }
        }

        /// Counting lead bytes finds the characters that decoding them finds.
        #[test]
        fn character_steps_agree_with_char_indices(
            text in "[a-z调度…é ]{0,80}",
            from in 0usize..80,
            n in 0usize..90,
        ) {
            let at = text.char_indices().map(|(i, _)| i).nth(from).unwrap_or(text.len());
            let forward = text[at..].char_indices().nth(n).map(|(i, _)| at + i);
            proptest::prop_assert_eq!(nth_char(text.as_bytes(), at, n), forward);
            let back = match n.checked_sub(1) {
                None => at,
                Some(k) => text[..at].char_indices().rev().nth(k).map_or(0, |(i, _)| i),
            };
            proptest::prop_assert_eq!(chars_back(&text, at, n), back);
            proptest::prop_assert_eq!(char_count(&text.as_bytes()[at..]), text[at..].chars().count());
        }
    }

    fn needles(list: &[&str]) -> Vec<(String, bool)> {
        list.iter().map(|s| (s.to_string(), false)).collect()
    }

    #[test]
    fn lowercased_search_agrees_with_normalized_search_on_foldable_text() {
        let texts = [
            "Pod 调度，POD调度：pod_x “Pod” pods—调度器 (pod) 100Pod",
            "KubeCon 上海：调度器、调度 Scheduling；schedule",
            "「调度」→ Pod│调度├─ pod.yaml",
        ];
        let words = ["pod", "调度", "调度器", "schedule", "100pod", "x"];
        for text in texts {
            assert!(is_ascii_foldable(text), "{text}");
            for w in words {
                for bounded in [false, true] {
                    let n = [(w.to_string(), bounded)];
                    assert_eq!(
                        find_lowercased(text, &n),
                        find_normalized(text, &n),
                        "{w} in {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn highlights_map_into_the_snippet() {
        let s = snippet(
            "前文很长很长。FUSE 会有额外的数据拷贝和上下文切换。",
            &needles(&["数据拷贝"]),
            100,
        );
        let h = &s.highlights[0];
        assert_eq!(&s.text[h.clone()], "数据拷贝");
        assert!(s.html().contains("<mark>数据拷贝</mark>"));
    }

    #[test]
    fn windows_never_cut_latin_words_or_chars() {
        let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega";
        let s = snippet(text, &[("sigma".to_string(), true)], 30);
        for word in s.text.trim_matches('…').split(' ') {
            assert!(
                text.split(' ').any(|w| w == word),
                "cut word {word:?} in {:?}",
                s.text
            );
        }
        let h = &s.highlights[0];
        assert_eq!(&s.text[h.clone()], "sigma");
        let emoji = "😀".repeat(300) + "目标" + &"😀".repeat(300);
        let s = snippet(&emoji, &needles(&["目标"]), 40);
        assert!(s.text.contains("目标"));
    }

    #[test]
    fn matches_in_normalized_form_highlight_the_original() {
        let s = snippet("配置：⾸云容器，ＫＵＢＥ", &needles(&["首云", "kube"]), 100);
        assert_eq!(s.text, "配置：⾸云容器，ＫＵＢＥ");
        let marked: Vec<&str> = s.highlights.iter().map(|h| &s.text[h.clone()]).collect();
        assert_eq!(marked, ["⾸云", "ＫＵＢＥ"]);
    }

    #[test]
    fn windows_over_many_matches_in_long_cjk_text_stay_on_char_boundaries() {
        let text = "前言数据在这里，".repeat(60) + "最后的数据和配置";
        for max in [20, 33, 100] {
            for n in [&["数据"][..], &["数据", "配置"]] {
                let s = snippet(&text, &needles(n), max);
                assert!(s.text.chars().count() <= max + 2, "{max}: {}", s.text);
                for h in &s.highlights {
                    assert!(
                        n.contains(&&s.text[h.clone()]),
                        "{max}: {:?}",
                        &s.text[h.clone()]
                    );
                }
            }
        }
        // Both needles are only together at the end: the window goes there.
        let s = snippet(&text, &needles(&["数据", "配置"]), 20);
        assert!(s.text.ends_with("数据和配置"), "{}", s.text);
    }

    #[test]
    fn window_goes_where_most_distinct_needles_are_counted_in_characters() {
        // The pair spans 15 characters but 45 bytes: a window measured in bytes would not
        // hold both, and the lone first match would win.
        let text = format!(
            "调度{}调度{}存储卷{}",
            "文".repeat(300),
            "字".repeat(10),
            "字".repeat(300)
        );
        let s = snippet(&text, &needles(&["调度", "存储卷"]), 40);
        let marked: Vec<&str> = s.highlights.iter().map(|r| &s.text[r.clone()]).collect();
        assert_eq!(marked, ["调度", "存储卷"], "{}", s.text);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
    }

    #[test]
    fn html_is_escaped() {
        let s = snippet("<b>x</b> & y", &needles(&["x"]), 100);
        assert_eq!(s.html(), "&lt;b&gt;<mark>x</mark>&lt;/b&gt; &amp; y");
    }
}
