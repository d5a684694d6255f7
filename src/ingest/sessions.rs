//! Sessions: the speaker (and organisation) a section's heading names, or the line right
//! under it names, made the heading's [`SectionMeta`].
//!
//! Recaps name a talk's speaker in two ways, whatever their format:
//!
//! - the heading is a session line, `## Compiling to Containers - Brendan Burns, Microsoft`
//!   ([`speaker_line`]); plain text splits those as it reads its lines ([`super::text`]), a
//!   Markdown heading is split here ([`split_session_heading`]);
//! - the heading's first block is a one-line paragraph that labels the speaker,
//!   `讲师：张三（示例公司）` or `**Speaker:** Jane Doe, Google` ([`speaker_label_line`]). That
//!   paragraph stays in the text: it is what the author wrote.
//!
//! A heading that has metadata already (a `<!-- section: … -->` comment under a Markdown
//! heading, a listing entry's pages) is left as it is, so what `toMarkdown` writes reads back
//! the same.

use super::lines::{contains_url, is_cjk_letter, is_clause, is_terminal};
use super::shapes::speaker_line;
use crate::model::{Block, BlockKind, Inline, SectionMeta};
use crate::normalize::{nfkc_line, nfkc_line_mapped};

/// The labels that introduce a speaker line, compared after NFKC and ignoring ASCII case.
/// A small list on purpose: a word here turns a paragraph into metadata, so only words that
/// name the person giving a talk are in it (not `作者`, which names a post's author, nor
/// `主持人`, the host).
const SPEAKER_LABELS: &[&str] = &[
    "speaker",
    "speakers",
    "presenter",
    "presenters",
    "讲师",
    "讲者",
    "主讲人",
    "演讲者",
    "演讲嘉宾",
    "分享嘉宾",
    "分享人",
    "嘉宾",
];

/// Speaker lines longer than this (in characters, label included) are prose.
const MAX_SPEAKER_LINE_CHARS: usize = 80;

/// How many names one speaker line may list.
const MAX_SPEAKERS: usize = 4;

/// Sets the speaker of each top-level heading without metadata in `blocks`: from its own text
/// when `split_headings` and it is a session line of level 2 or deeper (Markdown; plain text
/// has split its session lines already), else from a speaker line that is its first block.
/// Headings nested in lists or quotes start no section and are left alone.
pub(crate) fn mark_sessions(blocks: &mut [Block], split_headings: bool) {
    for i in 0..blocks.len() {
        let (head, rest) = blocks[i..].split_at_mut(1);
        let BlockKind::Heading {
            level,
            content,
            meta,
            ..
        } = &mut head[0].kind
        else {
            continue;
        };
        if !meta.is_empty() {
            continue;
        }
        if split_headings && *level >= 2 {
            if let Some(found) = split_session_heading(content) {
                *meta = found;
                continue;
            }
        }
        if let Some((speaker, org)) = rest.first().and_then(speaker_of_line) {
            *meta = SectionMeta {
                speaker: Some(speaker),
                org,
                ..SectionMeta::default()
            };
        }
    }
}

/// The speaker and organisation `block` names when it is a speaker line: a one-line paragraph
/// that [`speaker_label_line`] accepts. The renderer asks too, so that it does not show a
/// heading's speaker twice, once from the metadata and once in the author's line under it.
pub(crate) fn speaker_of_line(block: &Block) -> Option<(String, Option<String>)> {
    let BlockKind::Paragraph(para) = &block.kind else {
        return None;
    };
    if para
        .iter()
        .any(|i| matches!(i, Inline::SoftBreak | Inline::HardBreak))
    {
        return None;
    }
    let text = Inline::text_of(para);
    // Most first paragraphs are prose: they are not normalized only to find no label.
    if !text.contains(may_become_colon) {
        return None;
    }
    speaker_label_line(&nfkc_line(&text))
}

// Normalizing every heading and every section's first paragraph made a build of the
// handbook execute 3.7% more instructions (`bench/instructions.mjs`), nearly all of it on
// text that holds no dash, comma or colon. These say, from the text as written, whether its
// NFKC form may hold one: the character itself, or one that Unicode's compatibility mappings
// turn into it (full-width and small forms, vertical presentation forms, `🄂` digit commas).

/// Whether NFKC may make `c` a speaker dash: `-`, `–` or `—`.
fn may_become_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2013}'
            | '\u{2014}'
            | '\u{FE31}'
            | '\u{FE32}'
            | '\u{FE58}'
            | '\u{FE63}'
            | '\u{FF0D}'
    )
}

/// Whether NFKC may make `c` (or put in its place) a `,`.
fn may_become_comma(c: char) -> bool {
    matches!(
        c,
        ',' | '\u{FE10}' | '\u{FE50}' | '\u{FF0C}' | '\u{1F101}'..='\u{1F10A}'
    )
}

/// Whether NFKC may make `c` (or put in its place) a `:`.
fn may_become_colon(c: char) -> bool {
    matches!(c, ':' | '\u{2A74}' | '\u{FE13}' | '\u{FE55}' | '\u{FF1A}')
}

/// Cuts ` - Speaker, Org` off a heading whose whole text is a [`speaker_line`], leaving the
/// title as its content, and returns the speaker and organisation.
///
/// The part cut off must lie in the heading's last text (its lines, in a setext heading): a title may hold markup
/// (`## [Compiling to Containers](…) - Brendan Burns, Microsoft` keeps its link), but a
/// heading with markup after the dash (`- **Brendan Burns**, Microsoft`) is left alone, as
/// cutting it would mean cutting inside the markup. The line is read NFKC-normalized, as plain
/// text reads it, and the cut is mapped back to the characters as written; when the mapping is
/// not exact the heading is left alone, as [`super::text`] leaves such a line whole.
fn split_session_heading(content: &mut Vec<Inline>) -> Option<SectionMeta> {
    let full = Inline::text_of(content);
    if !(full.contains(may_become_dash) && full.contains(may_become_comma)) {
        return None;
    }
    let full = nfkc_line(&full);
    let (title, speaker, org) = speaker_line(&full)?;
    if !is_heading_speaker(speaker) {
        return None;
    }
    // From the dash on: ` - Brendan Burns, Microsoft` trimmed to start at the dash.
    let after_title = title.as_ptr() as usize - full.as_ptr() as usize + title.len();
    let tail = full[after_title..].trim_start();
    // The trailing text, line breaks of a setext heading as the spaces `toMarkdown` writes
    // for them on its one line, so that the heading reads back the same.
    let from = content
        .iter()
        .rposition(|i| !matches!(i, Inline::Text(_) | Inline::SoftBreak))
        .map_or(0, |i| i + 1);
    if !matches!(content.last(), Some(Inline::Text(_))) {
        return None;
    }
    let mut last = String::new();
    for inline in &content[from..] {
        match inline {
            Inline::Text(t) => last.push_str(t),
            _ => last.push(' '),
        }
    }
    let mapped = nfkc_line_mapped(&last);
    if mapped.text != nfkc_line(&last) || !mapped.text.ends_with(tail) {
        return None;
    }
    let cut = mapped.text.len() - tail.len();
    let cut = mapped.original(cut..cut + 1).start;
    let meta = SectionMeta {
        speaker: Some(speaker.to_string()),
        org: Some(org.to_string()),
        ..SectionMeta::default()
    };
    content.truncate(from);
    content.push(Inline::Text(last[..cut].to_string()));
    // The title may end in markup (a link) with the dash in the text after it.
    if let Some(Inline::Text(t)) = content.last_mut() {
        let end = t.trim_end().len();
        t.truncate(end);
        if t.is_empty() {
            content.pop();
        }
    }
    Some(meta)
}

/// Whether the speaker [`speaker_line`] found in a Markdown heading is a person's name: two to
/// four capitalised words (`Brendan Burns`), or two to four Chinese characters (`张三`), or a
/// transliterated name (`约翰·史密斯`). Plain text takes any capitalised words, where a line's
/// shape is all there is to go on; Markdown headings come in every style
/// (`## Step 1 - Install, Configure`), and their shape alone says less.
fn is_heading_speaker(s: &str) -> bool {
    let chinese = s.chars().any(is_cjk_letter);
    let long_enough = if chinese {
        (2..=4).contains(&s.chars().count()) || s.contains('·')
    } else {
        s.split_whitespace().count() >= 2
    };
    is_name(s) && long_enough
}

/// A line labelling a talk's speaker: a [`SPEAKER_LABELS`] word, `:`, then the speaker and
/// optionally the organisation, as (speaker, org). `s` is a normalized line ([`nfkc_line`]),
/// so `：`, `（`, `，` arrive as `:`, `(`, `,`.
///
/// After the label come one of `Name (Org)`, `Name / Org`, `Name | Org`, `Name, Org` or a
/// bare `Name`. Several speakers separated by `、`, `和`, `&` or ` and ` are kept as one
/// speaker string, as written (`张三、李四`); as in session lines, a comma sets the
/// organisation off, so `Jane Doe, John Smith` reads as a speaker and an organisation. Each
/// name is up to four capitalised words or up to ten Chinese characters (`·` allowed): a label
/// followed by a sentence (`讲师：他们分享了在大规模集群上的实践经验`) is prose.
pub(crate) fn speaker_label_line(s: &str) -> Option<(String, Option<String>)> {
    if s.chars().count() > MAX_SPEAKER_LINE_CHARS || contains_url(s) {
        return None;
    }
    let (label, value) = s.split_once(':')?;
    let label = label.trim().to_ascii_lowercase();
    if !SPEAKER_LABELS.contains(&label.as_str()) {
        return None;
    }
    let value = value.trim();
    let (speaker, org) = split_org(value);
    let (speaker, org) = (speaker.trim(), org.map(str::trim));
    let ok = is_speaker_list(speaker) && org.is_none_or(is_org);
    ok.then(|| (speaker.to_string(), org.map(str::to_string)))
}

/// Splits a speaker line's value into the speaker part and the organisation, when it has one.
fn split_org(value: &str) -> (&str, Option<&str>) {
    if let Some(inner) = value.strip_suffix(')') {
        if let Some(open) = inner.rfind('(') {
            return (&inner[..open], Some(&inner[open + 1..]));
        }
    }
    if let Some(at) = value.find(['/', '|']) {
        return (&value[..at], Some(&value[at + 1..]));
    }
    let b = value.as_bytes();
    // A comma between digits groups a number; no name holds one, but keep to one rule.
    let comma = (0..b.len()).find(|&i| {
        b[i] == b','
            && !(i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    });
    match comma {
        Some(at) => (&value[..at], Some(&value[at + 1..])),
        None => (value, None),
    }
}

/// One to [`MAX_SPEAKERS`] names separated by `、`, `和`, `&` or ` and `.
fn is_speaker_list(s: &str) -> bool {
    let names: Vec<&str> = s
        .split(['、', '和', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .collect();
    names.len() <= MAX_SPEAKERS && names.iter().all(|n| is_name(n))
}

/// `Jane Doe`, `J. R. Smith`, `张三`, `约翰·史密斯`: up to four words that start with a
/// capital letter and hold only letters, `.`, `-` and `'`; or one run of up to ten Chinese
/// characters and `·`.
fn is_name(s: &str) -> bool {
    let cjk = s.chars().count() <= 10
        && s.chars().any(is_cjk_letter)
        && s.chars().all(|c| is_cjk_letter(c) || c == '·');
    let words: Vec<&str> = s.split_whitespace().collect();
    let latin = (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                && w.chars().all(|c| {
                    (c.is_alphabetic() && !is_cjk_letter(c)) || matches!(c, '.' | '-' | '\'')
                })
        });
    cjk || latin
}

/// An organisation: `Google`, `示例公司`, `Example, Inc.`: short, no clause punctuation (a
/// comma only among Latin words), not ending a sentence, no nested brackets.
fn is_org(s: &str) -> bool {
    let words = s.split_whitespace().count();
    // In a part holding Chinese a comma separates clauses: `示例公司,他们分享了…`.
    let clause_comma = s.contains(',') && s.chars().any(is_cjk_letter);
    !s.is_empty()
        && s.chars().count() <= 40
        && words <= 6
        && !clause_comma
        && !s
            .chars()
            .any(|c| is_clause(c) || matches!(c, '(' | ')' | ':' | ';'))
        && !s.ends_with(|c: char| is_terminal(c) && c != '.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// The pre-checks must let through every character whose NFKC form holds what they look
    /// for, or a session line written with it would be missed (this pins them to the
    /// normalization tables the crate is built with).
    #[test]
    fn the_pre_checks_know_every_character_nfkc_makes_a_dash_comma_or_colon() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let nfkc: String = c.to_string().nfkc().collect();
            if nfkc.contains(['-', '\u{2013}', '\u{2014}']) {
                assert!(may_become_dash(c), "{c:?} U+{:04X}", c as u32);
            }
            if nfkc.contains(',') {
                assert!(may_become_comma(c), "{c:?} U+{:04X}", c as u32);
            }
            if nfkc.contains(':') {
                assert!(may_become_colon(c), "{c:?} U+{:04X}", c as u32);
            }
        }
    }

    fn line(s: &str) -> Option<(String, Option<String>)> {
        speaker_label_line(&nfkc_line(s))
    }

    fn pair(speaker: &str, org: Option<&str>) -> Option<(String, Option<String>)> {
        Some((speaker.to_string(), org.map(str::to_string)))
    }

    #[test]
    fn speaker_lines_name_a_speaker_and_maybe_an_organisation() {
        assert_eq!(
            line("Speaker: Jane Doe, Google"),
            pair("Jane Doe", Some("Google"))
        );
        assert_eq!(
            line("Speakers: Jane Doe (Google)"),
            pair("Jane Doe", Some("Google"))
        );
        assert_eq!(line("presenter: Jane Doe"), pair("Jane Doe", None));
        assert_eq!(
            line("讲师：张三（示例公司）"),
            pair("张三", Some("示例公司"))
        );
        assert_eq!(
            line("演讲者：张三，示例公司"),
            pair("张三", Some("示例公司"))
        );
        assert_eq!(
            line("分享嘉宾：张三 / 示例公司"),
            pair("张三", Some("示例公司"))
        );
        assert_eq!(line("嘉宾：约翰·史密斯"), pair("约翰·史密斯", None));
        assert_eq!(
            line("讲师：张三、李四（示例公司）"),
            pair("张三、李四", Some("示例公司"))
        );
        assert_eq!(
            line("Speakers: Jane Doe and John Smith, Example, Inc."),
            pair("Jane Doe and John Smith", Some("Example, Inc."))
        );
    }

    #[test]
    fn sentences_and_other_labels_are_no_speaker_lines() {
        for prose in [
            "讲师：他们分享了在大规模集群上的实践经验",
            "讲师介绍了他们在大规模集群上的实践经验。",
            "讲师：张三，他来自示例公司，分享了很多实践经验。",
            "作者：张三",
            "嘉宾阵容：张三、李四",
            "Speaker: see https://example.com/speakers",
            "Speaker: the person who gave the keynote",
            "讲师：",
            "Speaker: Jane Doe (Google) (Cloud)",
            "讲师：张三、李四、王五、赵六、钱七",
        ] {
            assert_eq!(line(prose), None, "{prose}");
        }
    }
}
