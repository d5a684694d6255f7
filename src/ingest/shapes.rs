//! The shapes of plain-text lines: what makes a line a list item, a title, a session
//! heading, a section name, a label or a member of a bullet-less list.
//!
//! Each predicate looks at one line only; [`super::text`] combines them with what the
//! neighbouring lines are.

use super::lines::{contains_url, is_cjk_letter, is_clause, is_terminal, units};
use crate::normalize::nfkc_line;

/// Lines longer than this (in characters) are never titles, headings or list-run items.
const MAX_SHORT_CHARS: usize = 100;

/// The list marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bullet {
    /// Byte offset where the item text starts.
    pub at: usize,
    /// The number of a numbered item.
    pub number: Option<u64>,
}

/// Recognises `- `, `* `, `•`, `·`, `1. `, `1) `, `1、`, `(1) `, `①` at the start of `s`.
pub(crate) fn bullet(s: &str) -> Option<Bullet> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let rest_at = first.len_utf8();
    let after = s[rest_at..].chars().next();
    let item = |at: usize, number| {
        let text = s[at..].trim_start();
        (!text.is_empty()).then(|| Bullet {
            at: s.len() - text.len(),
            number,
        })
    };
    match first {
        '-' | '*' | '+' if after.is_some_and(char::is_whitespace) => item(rest_at, None),
        '•' | '·' | '●' | '○' | '◦' | '▪' | '■' | '□' | '‣' | '➢' | '►' => {
            item(rest_at, None)
        }
        '①'..='⑳' => item(rest_at, Some(u64::from(first as u32 - '①' as u32 + 1))),
        '(' | '（' => {
            let inner = &s[rest_at..];
            let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
            let close = inner[digits..].chars().next()?;
            if (1..=3).contains(&digits) && matches!(close, ')' | '）') {
                item(
                    rest_at + digits + close.len_utf8(),
                    inner[..digits].parse().ok(),
                )
            } else {
                None
            }
        }
        c if c.is_ascii_digit() => {
            let digits = s.bytes().take_while(u8::is_ascii_digit).count();
            let mark = s[digits..].chars().next()?;
            let spaced = s[digits + mark.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace);
            let number = s[..digits].parse().ok();
            match mark {
                '.' | ')' if digits <= 3 && spaced => item(digits + 1, number),
                '、' | '）' if digits <= 3 => item(digits + mark.len_utf8(), number),
                _ => None,
            }
        }
        _ => None,
    }
}

fn ends_open(s: &str) -> bool {
    !s.ends_with(|c: char| is_terminal(c) || matches!(c, ',' | ';' | ':' | '，' | '；' | '：'))
}

pub(crate) fn is_label(s: &str) -> bool {
    s.ends_with([':', '：'])
}

/// The dashes that set a speaker off from a session title, a space either side: the hyphen
/// people type, and the en and em dashes that typeset pages print (NFKC keeps those two, so
/// they arrive here as written). One dash between spaces only: Chinese punctuates with a
/// doubled em dash (`云原生——一个新的时代`), which never matches.
const SPEAKER_DASHES: [&str; 3] = [" - ", " \u{2013} ", " \u{2014} "];

/// `Compiling to Containers - Brendan Burns, Microsoft` (or `–`, `—` for the `-`, see
/// [`SPEAKER_DASHES`]): the title before the last dash, a capitalised name and an
/// organisation after it. Returns (title, speaker, org).
///
/// `s` is a normalized line ([`nfkc_line`]): the NBSP, ideographic space, full-width `－` and
/// `，` of scraped Chinese pages arrive here as ASCII. The comma after the speaker may so have
/// been a `，`, which Chinese pages write without a space (`张三，示例公司`), so no space is
/// required after it; but in a part holding Chinese a comma separates clauses or list items,
/// never words of one title, name or organisation, and such a line is prose.
pub(crate) fn speaker_line(s: &str) -> Option<(&str, &str, &str)> {
    if s.chars().count() > 200 || contains_url(s) || !ends_open(s) || bullet(s).is_some() {
        return None;
    }
    let (title, who) = split_at_last_dash(s)?;
    let (speaker, org) = split_at_comma(who)?;
    let (title, speaker, org) = (title.trim(), speaker.trim(), org.trim());
    let name_like = |p: &str, max_words: usize| {
        let words: Vec<&str> = p.split_whitespace().collect();
        !words.is_empty()
            && words.len() <= max_words
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase() || is_cjk_letter(c) || c.is_ascii_digit())
            })
    };
    let clause_in = |p: &str| {
        p.chars().any(is_clause) || p.contains([',', ';']) && p.chars().any(is_cjk_letter)
    };
    // A number right after the dash ends a range (`Roadmap 2019 – 2020, Beijing`); a person's
    // name starts with a letter, though an organisation may not (`99Cloud`).
    let ok = !title.is_empty()
        && !title.ends_with(is_terminal)
        && !clause_in(title)
        && name_like(speaker, 4)
        && !speaker.starts_with(|c: char| c.is_ascii_digit())
        && name_like(org, 5)
        && !clause_in(org);
    ok.then_some((title, speaker, org))
}

/// Splits `s` around its last [`SPEAKER_DASHES`] dash: a title may hold a dash of its own
/// (`Kubernetes - The Hard Way - Kelsey Hightower, Google`), a name or organisation does not.
fn split_at_last_dash(s: &str) -> Option<(&str, &str)> {
    let (at, dash) = SPEAKER_DASHES
        .iter()
        .filter_map(|dash| Some((s.rfind(dash)?, dash.len())))
        .max_by_key(|&(at, _)| at)?;
    Some((&s[..at], &s[at + dash..]))
}

/// Splits `who` at its first comma that is not a digit group separator (`1,000`).
fn split_at_comma(who: &str) -> Option<(&str, &str)> {
    let b = who.as_bytes();
    let at = (0..b.len()).find(|&i| {
        b[i] == b','
            && !(i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    })?;
    Some((&who[..at], &who[at + 1..]))
}

/// A bare line of English words: `Run wasm applications on kubernetes edge cluster`.
fn is_session_title(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let latin_words = s
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .count();
    s.chars().count() <= 160
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && latin_words >= 3
        && words <= 24
        && ends_open(s)
        && !s.chars().any(|c| is_cjk_letter(c) || is_clause(c))
        && !contains_url(s)
}

/// A short section name: `业界要闻`, `Kubernetes 可靠性和稳定性`, `其他的Summit简介`.
pub(crate) fn is_short_cjk_heading(s: &str) -> bool {
    s.chars().count() <= 40
        && units(s) <= 16
        && s.chars().any(is_cjk_letter)
        && s.starts_with(|c: char| c.is_alphanumeric())
        && !s.chars().any(|c| {
            is_clause(c) || is_terminal(c) || matches!(c, ',' | ';' | ':' | '|' | '"' | '“' | '”')
        })
        && !contains_url(s)
}

/// One or two capitalised words: `Developer Summit`, `OCI F2F`.
pub(crate) fn is_short_latin_heading(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=2).contains(&words.len())
        && s.len() <= 40
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()))
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '&' | '/' | '.'))
        && ends_open(s)
}

pub(crate) fn heading_candidate(s: &str) -> bool {
    s.chars().count() <= MAX_SHORT_CHARS * 2
        && (speaker_line(s).is_some()
            || is_session_title(s)
            || is_short_cjk_heading(s)
            || is_short_latin_heading(s))
}

/// Section names that open a document but never name it.
fn is_generic_section_name(s: &str) -> bool {
    const NAMES: &[&str] = &[
        "前言",
        "引言",
        "序言",
        "导语",
        "概述",
        "简介",
        "背景",
        "摘要",
        "目录",
        "总结",
        "小结",
        "小总结",
        "introduction",
        "intro",
        "preface",
        "overview",
        "summary",
        "abstract",
        "contents",
        "background",
        "agenda",
        "tl;dr",
        "tldr",
    ];
    let key = nfkc_line(s).to_lowercase();
    NAMES.contains(&key.as_str())
}

pub(crate) fn is_title(s: &str) -> bool {
    s.chars().count() <= 80
        && units(s) >= 2
        && !s.ends_with(is_terminal)
        && !is_label(s)
        && bullet(s).is_none()
        && !contains_url(s)
        && speaker_line(s).is_none()
        && !is_session_title(s)
        && !is_generic_section_name(s)
}

/// A line that can be part of a bullet-less list: short, unpunctuated at the end, no URL.
pub(crate) fn is_run_member(s: &str) -> bool {
    s.chars().count() <= MAX_SHORT_CHARS
        && s.starts_with(|c: char| c.is_alphanumeric())
        && ends_open(s)
        && !s.contains('。')
        && bullet(s).is_none()
        && !contains_url(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Repro `nbsp_speaker.js`: the forms scraped pages write, once normalized.
    #[test]
    fn speaker_lines_split_at_a_comma_with_or_without_a_space() {
        for line in [
            "Scheduling at Scale - Jane Doe, Example Corp",
            "Scheduling at Scale - Jane Doe,Example Corp",
            "云原生存储实践 - 张三,示例公司",
        ] {
            let (title, speaker, org) = speaker_line(line).expect(line);
            assert!(title.starts_with(['S', '云']), "{line}");
            assert!(["Jane Doe", "张三"].contains(&speaker), "{line}");
            assert!(["Example Corp", "示例公司"].contains(&org), "{line}");
        }
        assert_eq!(
            speaker_line("Title - Jane Doe, Example, Inc"),
            Some(("Title", "Jane Doe", "Example, Inc"))
        );
        for prose in [
            // A comma in Chinese separates clauses or items.
            "大会的主题 - 调度,存储,网络和安全都有涉及",
            "我们聊了很多,收获很大 - 张三,示例公司",
            // A number's digit groups.
            "Scaling Out - 1,000 Nodes",
        ] {
            assert_eq!(speaker_line(prose), None, "{prose}");
        }
    }

    /// Scraped sites typeset the speaker dash as an en or em dash, which NFKC keeps.
    #[test]
    fn speaker_lines_split_at_an_en_or_em_dash_as_at_a_hyphen() {
        for dash in ["-", "\u{2013}", "\u{2014}"] {
            let line = format!("Compiling to Containers {dash} Brendan Burns, Microsoft");
            assert_eq!(
                speaker_line(&line),
                Some(("Compiling to Containers", "Brendan Burns", "Microsoft")),
                "{line}"
            );
            let line = format!("云原生存储实践 {dash} 张三,示例公司");
            assert_eq!(
                speaker_line(&line),
                Some(("云原生存储实践", "张三", "示例公司")),
                "{line}"
            );
        }
        // The last dash sets the speaker off; the title keeps its own.
        assert_eq!(
            speaker_line("Kubernetes - The Hard Way \u{2014} Kelsey Hightower, Google"),
            Some(("Kubernetes - The Hard Way", "Kelsey Hightower", "Google"))
        );
    }

    #[test]
    fn dashes_in_prose_ranges_and_chinese_punctuation_are_no_speaker_dash() {
        for prose in [
            // Chinese punctuates with a doubled em dash, spaced or not.
            "Service Mesh\u{2014}\u{2014}Istio, Linkerd",
            "云原生 \u{2014}\u{2014} 张三,示例公司",
            "云原生\u{2014}\u{2014}一个新的时代",
            // An unspaced dash joins words.
            "Containers\u{2013}Brendan Burns, Microsoft",
            // A number after the dash ends a range, whichever dash it is.
            "Cloud Native Roadmap 2019 \u{2013} 2020, Beijing",
            "Cloud Native Roadmap 2019 \u{2014} 2020, Beijing",
            "Cloud Native Roadmap 2019 - 2020, Beijing",
            "Release Plan 2019 \u{2013} 2020 Edition, Beijing",
            // English prose with a dash aside.
            "The keynote \u{2013} given by Tim Hockin, Google \u{2013} was the highlight.",
            "Scheduling is hard \u{2014} Tim Hockin, Google and everyone else agreed",
            "We flew to Seattle \u{2013} the venue was huge, Everyone said",
        ] {
            assert_eq!(speaker_line(prose), None, "{prose}");
        }
    }

    #[test]
    fn bullets_are_recognised() {
        assert_eq!(bullet("- a").map(|b| b.at), Some(2));
        assert_eq!(bullet("•a").map(|b| b.at), Some(3));
        assert_eq!(bullet("12. a").map(|b| b.number), Some(Some(12)));
        assert_eq!(bullet("① 区分").map(|b| b.number), Some(Some(1)));
        assert_eq!(bullet("(3) x").map(|b| b.number), Some(Some(3)));
        assert_eq!(bullet("1、第一").map(|b| b.number), Some(Some(1)));
        for not in [
            "-Serveless",
            "1.0 -> 2.0",
            "2.3★x",
            "*emph*",
            "-",
            "2021 年",
        ] {
            assert_eq!(bullet(not), None, "{not}");
        }
    }
}
