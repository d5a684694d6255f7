//! Page furniture and image placeholders: the lines of a scraped page that are not the
//! article, dropped before its lines are joined back ([`super::repair`]).
//!
//! Furniture is what site templates print around every article: skip links and menus at the
//! head, comment widgets, share buttons, related-article boxes and pagers at the tail, and a
//! few phrases anywhere. It is the one place where the plain-text rules name words, a short
//! list of each kind. Placeholders are what a scraper leaves of an image (its number, file name
//! or `name-N` label); a lone token inside a sentence is kept, whatever it looks like.

use super::lines::{is_cjk_letter, is_continuation_start, starts_with_url, RawLine};
use super::repair::{is_one_token, starts_with_fragment};
use crate::normalize::nfkc_line;

/// Which physical lines are furniture or placeholders. `gap_blanks` blank lines in a row are a
/// gap ([`super::lines::gap_blanks`]).
pub(super) fn dropped_lines(body: &str, raw: &[RawLine], gap_blanks: usize) -> Vec<bool> {
    let mut dropped = vec![false; raw.len()];
    let key = |l: &RawLine| -> String {
        let text = &body[l.range.clone()];
        // Furniture lines are short; never normalize a megabyte to compare it.
        if text.len() > 200 {
            String::new()
        } else {
            nfkc_line(text).to_lowercase()
        }
    };
    // The tail: comment widgets, related-article boxes, pagers.
    for i in (0..raw.len()).rev() {
        if raw[i].is_blank() {
            continue;
        }
        let k = key(&raw[i]);
        if k.is_empty() || !(is_furniture(&k) || is_tail_furniture(&k) || is_pager(&k)) {
            break;
        }
        dropped[i] = true;
    }
    // The head: skip links and menus.
    for (i, line) in raw.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        let k = key(line);
        if k.is_empty() || !(is_furniture(&k) || is_head_furniture(&k)) {
            break;
        }
        dropped[i] = true;
    }
    // Anywhere: unambiguous furniture, and image placeholders between prose.
    for (i, line) in raw.iter().enumerate() {
        if line.is_blank() || dropped[i] {
            continue;
        }
        let text = &body[line.range.clone()];
        if text.len() > 200 {
            continue;
        }
        let k = key(line);
        if is_furniture(&k) || is_placeholder(text) && !is_inline_fragment(body, raw, i, gap_blanks)
        {
            dropped[i] = true;
        }
    }
    dropped
}

/// Whether line `i` sits inside a sentence (a lone token between a line that stops mid-way
/// and one that carries on), so it is content even if it looks like an image name. Across a
/// gap (`gap_blanks` blank lines), the line after must start with the tail of a sentence, as
/// the joins of [`super::repair`] ask.
fn is_inline_fragment(body: &str, raw: &[RawLine], i: usize, gap_blanks: usize) -> bool {
    let text_of = |j: usize| &body[raw[j].range.clone()];
    let before = raw[..i].iter().rposition(|l| !l.is_blank());
    let after = raw[i + 1..]
        .iter()
        .position(|l| !l.is_blank())
        .map(|j| i + 1 + j);
    let (Some(b), Some(a)) = (before, after) else {
        return false;
    };
    let (blanks_before, blanks_after) = (i - b - 1, a - i - 1);
    let gap = blanks_before.max(blanks_after) >= gap_blanks;
    let (b, a) = (text_of(b), text_of(a));
    b.chars().next_back().is_some_and(is_cjk_letter)
        && if gap {
            starts_with_fragment(a)
        } else {
            a.starts_with(|c: char| is_cjk_letter(c) || is_continuation_start(c))
        }
}

/// Phrases site templates print that are never content, wherever they appear.
fn is_furniture(k: &str) -> bool {
    const PHRASES: &[&str] = &[
        "comments powered by disqus",
        "blog comments powered by disqus",
        "please enable javascript to view the comments powered by disqus.",
        "share this",
        "share this:",
        "share this post",
        "back to top",
        "返回顶部",
        "上一页",
        "下一页",
        "上一页 下一页",
    ];
    PHRASES.contains(&k)
}

/// Words that end an article page: a comments heading, related links, share buttons.
fn is_tail_furniture(k: &str) -> bool {
    const PHRASES: &[&str] = &[
        "评论",
        "评论区",
        "发表评论",
        "留言",
        "comments",
        "comment",
        "leave a comment",
        "leave a reply",
        "related articles",
        "related posts",
        "相关文章",
        "相关阅读",
        "share",
        "分享",
        "分享到",
        "分享到:",
        "tags",
        "标签",
        "上一篇",
        "下一篇",
        "previous",
        "next",
        "« previous",
        "next »",
    ];
    PHRASES.contains(&k)
        || ["上一篇:", "下一篇:", "previous post:", "next post:"]
            .iter()
            .any(|p| k.starts_with(p))
}

fn is_head_furniture(k: &str) -> bool {
    const PHRASES: &[&str] = &[
        "skip to content",
        "skip to main content",
        "跳到主要内容",
        "跳至内容",
        "toggle navigation",
        "menu",
    ];
    PHRASES.contains(&k)
}

/// `共 37 条`, `共 5 页`, `- 2`, `1 2 3 4`, `‹ 1 2 ›`: pager widgets.
fn is_pager(k: &str) -> bool {
    if let Some(rest) = k.strip_prefix('共') {
        let rest = rest.trim();
        let digits = rest.trim_end_matches(['条', '页', '篇', '项']).trim();
        if rest != digits && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            return true;
        }
    }
    let k = k
        .trim_start_matches(['-', '‹', '«', '<'])
        .trim_end_matches(['›', '»', '>']);
    is_page_numbers(k.trim())
}

/// `1 2`, `3`: lone small numbers (page numbers, or the captions of images the scraper lost).
fn is_page_numbers(s: &str) -> bool {
    let mut n = 0;
    for word in s.split_whitespace() {
        if word.len() > 3 || !word.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        n += 1;
    }
    (1..=12).contains(&n)
}

/// What is left of an image after scraping: its number (`1 2`, `3`), its file name
/// (`arch.png`) or a `name-N` label (`bootkube-1`).
fn is_placeholder(text: &str) -> bool {
    if is_page_numbers(text) {
        return true;
    }
    if !is_one_token(text) || text.len() > 48 {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    if [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return !starts_with_url(text);
    }
    // `bootkube-1`: a name, a dash or underscore, and a small number.
    let Some((name, num)) = text.rsplit_once(['-', '_']) else {
        return false;
    };
    !num.is_empty()
        && num.len() <= 3
        && num.bytes().all(|b| b.is_ascii_digit())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_is_an_image_number_file_name_or_label() {
        assert!(is_placeholder("1 2"));
        assert!(is_placeholder("arch-diagram.png"));
        assert!(is_placeholder("bootkube-1"));
        assert!(!is_placeholder("Kubernetes"));
        assert!(!is_placeholder("v1.2"));
        assert!(!is_placeholder("https://example.com/a.png"));
    }
}
