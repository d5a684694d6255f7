//! The excerpt shown in listings: text before `<!--more-->`, else the first paragraph, as the
//! author wrote it (whitespace collapsed).

use crate::model::{Block, BlockKind};
use crate::normalize::collapse_whitespace;

/// Longest excerpt, in characters.
pub const EXCERPT_CHARS: usize = 160;

pub fn excerpt(blocks: &[Block], more_at: Option<usize>) -> String {
    let text = match more_at {
        Some(at) => {
            let mut text = String::new();
            for b in blocks[..at.min(blocks.len())]
                .iter()
                .filter(|b| !matches!(b.kind, BlockKind::Heading { .. }))
            {
                b.push_text(&mut text);
            }
            text
        }
        None => blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Paragraph(_) => {
                    let mut t = String::new();
                    b.push_text(&mut t);
                    Some(t).filter(|t| !t.trim().is_empty())
                }
                _ => None,
            })
            .unwrap_or_default(),
    };
    cut(&collapse_whitespace(&text), EXCERPT_CHARS)
}

/// Cuts `s` to at most `max` characters on a character boundary, backing up to a word
/// boundary when the cut would split a Latin word, and appends `…` when it cut.
pub fn cut(s: &str, max: usize) -> String {
    let Some((end, _)) = s.char_indices().nth(max) else {
        return s.to_string();
    };
    let mut cut = end;
    let bytes = s.as_bytes();
    let alnum = |i: usize| bytes[i].is_ascii_alphanumeric();
    if alnum(cut) && cut > 0 && alnum(cut - 1) {
        let mut back = cut;
        while back > 0 && alnum(back - 1) {
            back -= 1;
        }
        // A single enormous "word" is cut anyway, rather than emptied.
        if back > 0 {
            cut = back;
        }
    }
    format!("{}…", s[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_respects_words_and_chars() {
        assert_eq!(cut("hello world", 8), "hello…");
        assert_eq!(cut("你好世界", 2), "你好…");
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("😀😀😀", 1), "😀…");
    }
}
