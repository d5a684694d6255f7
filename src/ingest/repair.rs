//! Scrape repair: page furniture and image placeholders are dropped (see [`super::furniture`]),
//! and lines that a scraper split apart are joined back into logical lines, before any
//! structure is inferred.
//!
//! Scrapers turn every inline element into a line of its own: `通过 <code>fuse_conn</code>、
//! <code>fuse_dev</code> 实现 failover。` arrives as `通过 fuse_conn` / `、fuse_dev` /
//! `实现 failover。`. The rules here are about the *shape* of lines (what they start and end
//! with, whether they are one token), never about particular words, except for the short
//! list of page-furniture phrases that site templates print around every article. Some
//! scrapers also put a blank line after every element; the shapes that clearly go on join
//! across one (see [`joins`]), real paragraphs do not. When a blank line follows *every* line
//! of a note, only two or more in a row are a gap (see [`lines::gap_blanks`]), so such a
//! note repairs as its single-spaced form does.
//!
//! Every logical line keeps the byte range of the physical lines it was made from.

use std::ops::Range;

use super::furniture::dropped_lines;
use super::lines::{
    self, is_cjk_letter, is_cjk_punct, is_continuation_start, is_terminal, starts_with_url,
};

/// A logical line: one or more physical lines joined back together.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// The joined text (original characters; only whitespace at the joins is decided here).
    pub text: String,
    /// Byte range in the body, from the first physical line to the last.
    pub src: Range<usize>,
    /// Indentation of the first physical line, in columns.
    pub indent: usize,
    /// A blank (or dropped) line separates this line from the previous one.
    pub gap_before: bool,
}

/// Physical lines of `body`, repaired into logical lines.
pub(crate) fn repair(body: &str) -> Vec<Line> {
    let raw = lines::split(body);
    let gap_blanks = lines::gap_blanks(&raw);
    let dropped = dropped_lines(body, &raw, gap_blanks);
    let spaced = spaces_between_scripts(body);

    // For each line, the next line with text (none when a dropped line comes first) and
    // how many blank lines come between.
    let mut after = vec![(None, 0); raw.len()];
    let mut next: (Option<usize>, usize) = (None, 0);
    for i in (0..raw.len()).rev() {
        after[i] = next;
        next = if raw[i].is_blank() {
            (next.0, next.1 + 1)
        } else if dropped[i] {
            (None, 0)
        } else {
            (Some(i), 0)
        };
    }

    let mut out: Vec<Line> = Vec::new();
    // The last join left a one-token fragment whose sentence may go on in the next line. A
    // blank line does not end that sentence (some scrapers put one after every element); a
    // dropped line does.
    let mut open_fragment = false;
    let mut blanks = 0;
    let mut dropped_before = false;
    for (i, line) in raw.iter().enumerate() {
        if line.is_blank() {
            blanks += 1;
            continue;
        }
        if dropped[i] {
            dropped_before = true;
            open_fragment = false;
            continue;
        }
        let text = &body[line.range.clone()];
        let blank_gap = std::mem::take(&mut blanks) >= gap_blanks;
        let had_gap = std::mem::take(&mut dropped_before) || blank_gap;
        let around = Around {
            next: after[i].0.map(|j| &body[raw[j].range.clone()]),
            gap_before: had_gap,
            gap_after: after[i].1 >= gap_blanks,
            open_fragment,
        };
        let join = match out.last() {
            Some(last) => joins(&last.text, text, &around),
            None => Join::No,
        };
        match (join, out.last_mut()) {
            (Join::No, _) | (_, None) => {
                open_fragment = false;
                out.push(Line {
                    text: text.to_string(),
                    src: line.range.clone(),
                    indent: line.indent,
                    gap_before: had_gap,
                });
            }
            (Join::Fragment | Join::Continue, Some(last)) => {
                push_joined(&mut last.text, text, spaced);
                last.src.end = line.range.end;
                open_fragment = is_one_token(text.trim_start_matches(is_continuation_start))
                    && !text.ends_with(is_terminal);
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    No,
    /// `cur` is a fragment of the sentence in the previous line.
    Fragment,
    /// `cur` finishes the previous line's sentence.
    Continue,
}

/// What [`joins`] knows of the lines around the one it decides on.
struct Around<'a> {
    /// The next line with text, past blank lines; none when a dropped line comes first.
    next: Option<&'a str>,
    /// A blank (or dropped) line comes before the current line.
    gap_before: bool,
    /// Blank lines come between the current line and `next`.
    gap_after: bool,
    /// The last join left a one-token fragment whose sentence may go on.
    open_fragment: bool,
}

/// Whether physical line `cur` continues logical line `last`.
///
/// Blank lines usually end a paragraph, but some scrapers write one after every element, so
/// a fragment may sit between blank lines too. Across a blank line only the shapes that show
/// a sentence going on join: a line starting with clause punctuation, a line after one that
/// stops at a comma, the rest of a sentence a joined fragment interrupted, and a lone token
/// between a Chinese line and a line that starts with a fragment of a sentence. Hard-wrapped
/// prose is never split by a blank line, so its rules stay within runs of lines.
fn joins(last: &str, cur: &str, around: &Around) -> Join {
    let Some(first) = cur.chars().next() else {
        return Join::No;
    };
    let last_char = last.chars().next_back().unwrap_or(' ');
    if is_bullet_start(cur) {
        return Join::No;
    }
    // `、fuse_dev` after `通过 fuse_conn`: a line cannot start with clause punctuation.
    if is_continuation_start(first) {
        return Join::Fragment;
    }
    // `我们对比了 etcd、` / `Postgres 和 MySQL。`: a sentence does not end at a comma.
    if ends_mid_sentence(last) {
        return Join::Continue;
    }
    let last_open = !last.ends_with(is_terminal) && !last.ends_with([':', '：']);
    // The sentence a lone fragment interrupted goes on: `实现 failover。`.
    if around.open_fragment && last_open && (is_cjk_letter(first) || first.is_ascii_lowercase()) {
        return Join::Continue;
    }
    // `新引入` / `WatchBookmark` / `特性。…`: a lone code-like token between a Chinese line
    // that stops mid-sentence and a line that carries on in Chinese. With blank lines around,
    // `新引入` may as well be a heading and the token the first line under it, so the line
    // after must start with the tail of a sentence.
    let next_carries_on = around.next.is_some_and(|n| {
        if around.gap_before || around.gap_after {
            starts_with_fragment(n)
        } else {
            n.starts_with(|c: char| is_cjk_letter(c) || is_continuation_start(c))
        }
    });
    if is_code_token(cur)
        && (is_cjk_letter(last_char) || last_char.is_ascii_alphanumeric())
        && last.chars().any(is_cjk_letter)
        && !ends_with_url(last)
        && next_carries_on
    {
        return Join::Fragment;
    }
    if around.gap_before {
        return Join::No;
    }
    // Hard-wrapped English prose: `…a paragraph that wraps` / `across lines.` A lowercase
    // start never begins a session title or a list item of its own.
    if first.is_ascii_lowercase()
        && (last_char.is_ascii_alphanumeric() || last_char == ',')
        && !last.chars().any(is_cjk_letter)
        && !cur.chars().any(is_cjk_letter)
        && !ends_with_url(last)
    {
        return Join::Continue;
    }
    // A long Chinese sentence broken mid-way: `…Intel 就换另一个思路解决` / `“吵闹的邻居”经典问题。`.
    if is_cjk_letter(last_char)
        && last.chars().count() >= 20
        && last.chars().any(lines::is_clause_or_comma)
        && (is_cjk_letter(first) || matches!(first, '“' | '「' | '《' | '（' | '('))
        && cur.ends_with(is_terminal)
    {
        return Join::Continue;
    }
    Join::No
}

/// Whether Chinese line `s` stops at an enumeration or clause comma, or just after an opening
/// bracket or quote: no sentence ends there. An ASCII comma counts after Chinese (scraped
/// Chinese is full of them); in English it may end a wrapped line of a list. Only the end of
/// `s` is read: it grows with every join, and reading it whole made joining quadratic.
fn ends_mid_sentence(s: &str) -> bool {
    let mut tail = s.chars().rev();
    let Some(c) = tail.next() else {
        return false;
    };
    matches!(
        c,
        '、' | '，' | '；' | '､' | '（' | '“' | '「' | '『' | '《' | '【'
    ) || matches!(c, ',' | ';' | '(') && tail.take(32).any(is_cjk_letter)
}

/// `特性。该特性能…`: a line whose first sentence or clause is a word of at most four Chinese
/// characters, or that starts with clause punctuation: the tail of a sentence that a scraper
/// broke off.
pub(super) fn starts_with_fragment(s: &str) -> bool {
    if s.starts_with(is_continuation_start) {
        return true;
    }
    for (n, c) in s.chars().enumerate() {
        if is_terminal(c) || lines::is_clause_or_comma(c) {
            return n > 0;
        }
        if n == 4 || !is_cjk_letter(c) {
            return false;
        }
    }
    false
}

/// Appends `cur` to `text`, with a space only where the note's own style puts one.
fn push_joined(text: &mut String, cur: &str, spaced: bool) {
    let (Some(a), Some(b)) = (text.chars().next_back(), cur.chars().next()) else {
        text.push_str(cur);
        return;
    };
    let space = if is_continuation_start(b) || is_cjk_punct(a) || is_cjk_punct(b) {
        false
    } else {
        match (is_cjk_letter(a), is_cjk_letter(b)) {
            (true, true) => false,
            (true, false) | (false, true) => spaced,
            (false, false) => true,
        }
    };
    if space {
        text.push(' ');
    }
    text.push_str(cur);
}

/// Whether the note writes `Tekton 做` (a space between Chinese and Latin) rather than
/// `Tekton做`, judged by counting both forms.
fn spaces_between_scripts(body: &str) -> bool {
    let (mut spaced, mut tight) = (0usize, 0usize);
    let mut prev = [' ', ' '];
    for c in body.chars() {
        let [p2, p1] = prev;
        let latin = |c: char| c.is_ascii_alphanumeric();
        if (is_cjk_letter(p1) && latin(c)) || (latin(p1) && is_cjk_letter(c)) {
            tight += 1;
        } else if p1 == ' ' && ((is_cjk_letter(p2) && latin(c)) || (latin(p2) && is_cjk_letter(c)))
        {
            spaced += 1;
        }
        prev = [p1, c];
    }
    spaced >= tight
}

pub(super) fn is_one_token(s: &str) -> bool {
    !s.is_empty() && !s.contains(char::is_whitespace)
}

/// `WatchBookmark`, `fuse_dev`, `kube-proxy`, `v1.2`: one token of code-like ASCII.
fn is_code_token(s: &str) -> bool {
    s.len() <= 64
        && is_one_token(s)
        && !starts_with_url(s)
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '(' | ')'))
}

fn ends_with_url(s: &str) -> bool {
    s.rsplit(char::is_whitespace)
        .next()
        .is_some_and(lines::contains_url)
}

/// `- `, `* `, `• `, `· `, `1. `, `1) `, `①`: a list item, never joined to the line above.
pub(crate) fn is_bullet_start(s: &str) -> bool {
    super::shapes::bullet(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        repair(body).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn enumeration_comma_rejoins_split_inline_code() {
        assert_eq!(
            texts("说明。\n通过 fuse_conn\n、fuse_dev\n实现 failover。\n下一句。"),
            [
                "说明。",
                "通过 fuse_conn、fuse_dev 实现 failover。",
                "下一句。"
            ]
        );
    }

    #[test]
    fn lone_token_rejoins_between_chinese_lines() {
        assert_eq!(
            texts("标题\n新引入\nWatchBookmark\n特性。该特性能提高性能。"),
            ["标题", "新引入 WatchBookmark 特性。该特性能提高性能。"]
        );
        // Without spaces between scripts in the note, none are added.
        assert_eq!(
            texts("用了Kubernetes的\nCRD\n机制。"),
            ["用了Kubernetes的CRD机制。"]
        );
    }

    #[test]
    fn lone_token_after_a_label_or_before_a_title_stays() {
        assert_eq!(
            texts("支持:\nPostgreSQL\n很好。"),
            ["支持:", "PostgreSQL", "很好。"]
        );
        assert_eq!(
            texts("部署了服务\nKubernetes\nNext Session Title"),
            ["部署了服务", "Kubernetes", "Next Session Title"]
        );
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_wrapped_lines() {
        assert_eq!(texts("第一段。\n\n第二段。"), ["第一段。", "第二段。"]);
        assert_eq!(
            texts("This paragraph ends here\n\nand this one starts lowercase."),
            ["This paragraph ends here", "and this one starts lowercase."]
        );
        // A heading, then a lone token that starts its section.
        assert_eq!(
            texts("存储进展\n\nKubernetes\n\n社区合入了新的快照功能。"),
            ["存储进展", "Kubernetes", "社区合入了新的快照功能。"]
        );
    }

    /// Repro `blankline_join.js`: with a blank line after every line, split inline code
    /// stayed apart and its first piece became a heading.
    #[test]
    fn fragments_rejoin_across_blank_lines() {
        assert_eq!(
            texts("说明。\n\n借助 page_cache\n\n、dentry_cache\n\n加速访问。\n\n下一句。"),
            [
                "说明。",
                "借助 page_cache、dentry_cache 加速访问。",
                "下一句。"
            ]
        );
        assert_eq!(
            texts("标题\n\n新增加\n\nResumeToken\n\n机制。该机制能减少同步。"),
            ["标题", "新增加 ResumeToken 机制。该机制能减少同步。"]
        );
        assert_eq!(
            texts("对比了 etcd、\n\nPostgres 两种后端。"),
            ["对比了 etcd、Postgres 两种后端。"]
        );
        // A dropped line ends the sentence: `3` is an image placeholder here.
        assert_eq!(
            texts("借助 page_cache\n、dentry_cache\n3\n加速访问。"),
            ["借助 page_cache、dentry_cache", "加速访问。"]
        );
    }

    #[test]
    fn inline_token_between_blank_lines_is_kept_when_a_fragment_follows() {
        assert_eq!(
            texts("部署了\n\netcd-3\n\n节点。其余照旧。"),
            ["部署了 etcd-3 节点。其余照旧。"]
        );
        assert_eq!(
            texts("一段。\n\n部署了\n\nnode-3\n\n下面说说别的事情。"),
            ["一段。", "部署了", "下面说说别的事情。"]
        );
    }

    /// With a blank line after every line, one blank line is no gap: the note repairs as its
    /// single-spaced form does, a token that looks like an image name inside a sentence
    /// included (across a real gap it would be dropped, as above).
    #[test]
    fn a_double_spaced_note_repairs_as_its_single_spaced_form() {
        let single = "标题\n一段。\n部署了\nnode-3\n下面说说别的事情。\n\n另一段。\n最后一段。\n";
        let want = repair(single);
        assert_eq!(want[2].text, "部署了 node-3 下面说说别的事情。");
        let gaps = |lines: &[Line]| lines.iter().map(|l| l.gap_before).collect::<Vec<_>>();
        for text in [
            single.replace('\n', "\n\n"),
            single.replace('\n', "\r\n\r\n"),
        ] {
            let got = repair(&text);
            assert_eq!(texts(&text), texts(single), "{text:?}");
            assert_eq!(gaps(&got), gaps(&want), "{text:?}");
        }
    }

    #[test]
    fn broken_long_sentence_is_rejoined() {
        let body = "不得不说这个东西设计的可以的。 上篇还说应该出个插件机制,他们就换另一个思路解决\n“吵闹的邻居”经典问题。";
        assert_eq!(texts(body).len(), 1);
    }

    #[test]
    fn hard_wrapped_english_is_rejoined() {
        assert_eq!(
            texts(
                "This is a long paragraph that wraps\nacross lines and ends here.\nNext Title Line"
            ),
            [
                "This is a long paragraph that wraps across lines and ends here.",
                "Next Title Line"
            ]
        );
        // Chinese prose after an English title is not a wrapped line.
        assert_eq!(
            texts("SuperEdge Promoting Kubernetes\nlite-apiserver 可以抽出来。"),
            [
                "SuperEdge Promoting Kubernetes",
                "lite-apiserver 可以抽出来。"
            ]
        );
    }

    #[test]
    fn tail_furniture_is_dropped() {
        assert_eq!(texts("正文。\n评论"), ["正文。"]);
        assert_eq!(
            texts("正文。\n\nRelated Articles\n\ncomments powered by Disqus\n"),
            ["正文。"]
        );
        assert_eq!(texts("正文。\n共 37 条\n- 1\n- 2\n\n"), ["正文。"]);
        // Only at the tail: a comments section in the middle is content.
        assert_eq!(texts("评论\n正文。"), ["评论", "正文。"]);
    }

    #[test]
    fn image_placeholders_are_dropped() {
        assert_eq!(
            texts("一段。\n\n1 2\n\n二段:\n\nbootkube-1\n\n三段。\n3\n四段。"),
            ["一段。", "二段:", "三段。", "四段。"]
        );
    }

    #[test]
    fn inline_token_that_looks_like_an_image_name_is_kept() {
        assert_eq!(texts("部署了\netcd-3\n节点。"), ["部署了 etcd-3 节点。"]);
    }

    #[test]
    fn sources_cover_joined_lines() {
        let body = "通过 fuse_conn\n、fuse_dev\n实现 failover。";
        let lines = repair(body);
        assert_eq!(lines[0].src, 0..body.len());
    }
}
