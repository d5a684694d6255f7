//! Format detection: Markdown vs plain text vs scraped listing.
//!
//! Plain-text recaps use `- ` bullets and bare URLs too, so those prove nothing; only syntax
//! that plain text does not produce by accident counts as Markdown.

use super::{lines, listing};
use crate::model::Format;

/// Guesses the format of a note body (front matter already removed).
pub fn detect(body: &str) -> Format {
    if listing::footer_count(body) >= 2 {
        return Format::Listing;
    }
    let mut score = 0usize;
    let mut in_fence = false;
    for (line, _) in lines::spans(body).take(5_000) {
        let t = body[line].trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            score += 2;
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            score += 2;
        }
        if t.contains("](") && t.contains('[') {
            score += 2;
        }
        if t.starts_with("|") && t.contains("---") {
            score += 2;
        }
        if t.starts_with("> ") || t.contains("**") || t.contains("<!--more-->") {
            score += 1;
        }
        if t.starts_with("===") || t.starts_with("{{<") || t.starts_with("{{%") {
            score += 1;
        }
    }
    if score >= 2 {
        Format::Markdown
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_markers_win() {
        assert_eq!(detect("## Title\n\ntext"), Format::Markdown);
        assert_eq!(detect("see [docs](https://x.y)"), Format::Markdown);
    }

    /// Old Mac files end lines with a lone `\r`: each is a line here too (repro:
    /// `fm_leading.js`).
    #[test]
    fn cr_only_lines_are_read_one_by_one() {
        assert_eq!(detect("intro\r## Title\r\rtext"), Format::Markdown);
        assert_eq!(detect("intro\r```\rcode\r```"), Format::Markdown);
    }

    #[test]
    fn bullets_and_urls_stay_text() {
        assert_eq!(
            detect("Title Line\n正文。\n- https://a.b/c\n- 列表"),
            Format::Text
        );
    }
}
