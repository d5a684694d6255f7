//! Scraped catalogue listings: entries closed by `N 码力 | N 页 | size | age` footers.
//!
//! A document-sharing site's result page scrapes into one run of text in which every entry
//! (a title, then an extract of the document) is closed by a footer such as
//! `0 码力 | 60 页 | 8.02 MB | 1 年前3`. Each entry becomes a level-2 section whose heading
//! is the first words of the entry and whose metadata keeps the page count and file size;
//! footers and the pager after the last entry are dropped. Footers are recognised on the
//! NFKC-normalized text (see [`footer_at`]), entries keep the original characters.

use std::ops::Range;

use super::lines::is_cjk_letter;
use super::Parsed;
use crate::model::{Block, BlockKind, Inline, SectionMeta};
use crate::normalize::{nfkc_line, nfkc_line_mapped};

/// Entry titles are cut to at most this many characters.
const MAX_TITLE_CHARS: usize = 40;

/// A footer closing one listing entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Footer {
    /// Byte range in the body, from the first digit of the count to the end of the age.
    range: Range<usize>,
    pages: u32,
    /// The size as written, e.g. `8.02 MB`.
    size: String,
}

/// The word that marks a footer; the rest of it is read around this.
const MARK: &str = "码力";

/// How far around a mark the footer is read, in characters: its count (up to four digits
/// matter, see [`footer_at`]) and the spaces before the mark, and everything after it.
const BEFORE_MARK: usize = 16;
const AFTER_MARK: usize = 160;

/// How many listing footers the text holds. One linear scan: the text read around each mark
/// reaches no further than the next mark, so each byte is normalized a bounded number of
/// times even in a text of nothing but marks.
pub fn footer_count(body: &str) -> usize {
    footers(body).count()
}

fn footers(body: &str) -> impl Iterator<Item = Footer> + '_ {
    let mut marks = body
        .match_indices('码')
        .map(|(at, _)| at)
        .filter(|&at| is_mark(body, at))
        .peekable();
    std::iter::from_fn(move || loop {
        let at = marks.next()?;
        let limit = marks.peek().copied().unwrap_or(body.len());
        if let Some(footer) = footer_at(body, at, limit) {
            return Some(footer);
        }
    })
}

/// Whether the `码` at byte `at` may start a footer's mark: `力` (or a character NFKC reads
/// as `力`) follows it, and a number comes before it. A cheap look at the original text that
/// keeps the normalization in [`footer_at`] to real candidates.
fn is_mark(body: &str, at: usize) -> bool {
    let power = body[at + '码'.len_utf8()..]
        .chars()
        .next()
        .is_some_and(|c| {
            c == '力' || !c.is_ascii() && nfkc_line(c.encode_utf8(&mut [0; 4])) == "力"
        });
    power
        && body[..at]
            .chars()
            .rev()
            .take(BEFORE_MARK)
            .find(|c| !c.is_whitespace())
            .is_some_and(char::is_numeric)
}

/// Parses the footer whose mark starts at byte `mark` of `body`, reading no further than
/// `limit`.
///
/// Scraped pages write the footer's spaces as NBSP or ideographic spaces and its bars and
/// digits full-width, so the footer is read in the NFKC-normalized form of a window around the
/// mark, whitespace collapsed, and its range mapped back into `body`.
fn footer_at(body: &str, mark: usize, limit: usize) -> Option<Footer> {
    let from = body[..mark]
        .char_indices()
        .rev()
        .take(BEFORE_MARK)
        .last()
        .map_or(mark, |(i, _)| i);
    let to = body[mark..limit]
        .char_indices()
        .nth(AFTER_MARK)
        .map_or(limit, |(i, _)| mark + i);
    let window = nfkc_line_mapped(&body[from..to]);
    let text = window.text.as_str();
    let at = text
        .match_indices(MARK)
        .map(|(i, _)| i)
        .find(|&i| from + window.original(i..i + MARK.len()).start == mark)?;

    // The count before the mark. Scrapers glue it to the entry text (`…2022` + `0 码力`
    // reads `20220 码力`); counts are small, so a run of four or more digits keeps only its
    // last digit for the footer and leaves the rest to the text.
    let before = text[..at].strip_suffix(' ').unwrap_or(&text[..at]);
    let digits = before
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let start = before.len() - if digits >= 4 { 1 } else { digits };

    let mut cur = Cursor {
        s: text,
        pos: at + MARK.len(),
    };
    cur.bar()?;
    let pages = cur.number()?.parse().ok()?;
    cur.spaces();
    cur.literal("页")?;
    cur.bar()?;
    let amount = cur.decimal()?;
    cur.spaces();
    let unit = cur.unit()?;
    cur.bar()?;
    cur.number()?;
    cur.spaces();
    cur.age_unit()?;
    cur.literal("前")?;
    // A trailing counter (`1 年前3`) belongs to the footer.
    cur.number();
    let range = window.original(start..cur.pos);
    Some(Footer {
        range: from + range.start..from + range.end,
        pages,
        size: format!("{amount} {unit}"),
    })
}

struct Cursor<'s> {
    s: &'s str,
    pos: usize,
}

impl<'s> Cursor<'s> {
    fn rest(&self) -> &'s str {
        &self.s[self.pos..]
    }

    fn spaces(&mut self) {
        let r = self.rest();
        self.pos += r.len() - r.trim_start_matches(' ').len();
    }

    fn literal(&mut self, lit: &str) -> Option<()> {
        self.rest().starts_with(lit).then(|| self.pos += lit.len())
    }

    fn bar(&mut self) -> Option<()> {
        self.spaces();
        self.literal("|")?;
        self.spaces();
        Some(())
    }

    fn take_while(&mut self, max: usize, f: impl Fn(u8) -> bool) -> Option<&'s str> {
        let n = self.rest().bytes().take(max).take_while(|&b| f(b)).count();
        (n > 0).then(|| {
            let out = &self.rest()[..n];
            self.pos += n;
            out
        })
    }

    fn number(&mut self) -> Option<&'s str> {
        self.take_while(9, |b| b.is_ascii_digit())
    }

    fn decimal(&mut self) -> Option<&'s str> {
        self.take_while(12, |b| b.is_ascii_digit() || b == b'.')
            .filter(|d| d.starts_with(|c: char| c.is_ascii_digit()))
    }

    fn unit(&mut self) -> Option<&'s str> {
        ["KB", "MB", "GB", "TB", "kB", "B", "K", "M", "G"]
            .into_iter()
            .find(|u| self.rest().starts_with(u))
            .inspect(|u| self.pos += u.len())
    }

    fn age_unit(&mut self) -> Option<()> {
        ["小时", "分钟", "年", "月", "周", "天", "日", "秒"]
            .into_iter()
            .find(|u| self.rest().starts_with(u))
            .map(|u| self.pos += u.len())
    }
}

/// Parses a listing `body` whose first byte is at `base` in the original note.
pub fn parse(body: &str, base: usize) -> Parsed {
    let footers: Vec<Footer> = footers(body).collect();
    if footers.is_empty() {
        return super::text::parse(body, base);
    }
    let mut blocks = Vec::new();
    let mut from = 0;
    for footer in &footers {
        // A trailing counter glued to the next footer's count (`年前30 码力`) was read by
        // both; the earlier footer keeps it.
        let start = footer.range.start.max(from);
        entry(body, from..start, footer, base, &mut blocks);
        from = footer.range.end.max(from);
    }
    // After the last entry: the pager, and anything else the page had. The plain-text
    // parser drops the pager as page furniture.
    let tail_start = from;
    blocks.extend(super::text::parse(&body[tail_start..], base + tail_start).blocks);
    Parsed {
        blocks,
        title: None,
        more_at: None,
    }
}

/// One entry: a heading with the first words and the footer's metadata, then the rest.
fn entry(body: &str, range: Range<usize>, footer: &Footer, base: usize, out: &mut Vec<Block>) {
    let raw = &body[range.clone()];
    let trimmed = raw.trim_start();
    let start = range.start + (raw.len() - trimmed.len());
    let text = trimmed.trim_end();
    if text.is_empty() {
        return;
    }
    let cut = title_end(text);
    let title = text[..cut].trim_end_matches(|c: char| c.is_whitespace() || is_separator(c));
    let rest = text[cut..].trim_start_matches(|c: char| c.is_whitespace() || is_separator(c));
    let rest_start = start + (text.len() - rest.len());
    let meta = SectionMeta {
        pages: Some(footer.pages),
        size: Some(footer.size.clone()),
        ..SectionMeta::default()
    };
    let title = if title.is_empty() { text } else { title };
    out.push(Block::new(
        BlockKind::Heading {
            level: 2,
            content: vec![Inline::Text(one_line(title))],
            meta,
            id: None,
        },
        base + start..base + start + title.len(),
    ));
    if !rest.is_empty() && title.len() < text.len() {
        out.push(Block::new(
            BlockKind::Paragraph(super::linkify::inlines(&one_line(rest))),
            base + rest_start..base + footer.range.end,
        ));
    }
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '|' | ':' | '：' | '•' | '★' | '·' | '■' | '●' | '▪' | '►' | '。'
    )
}

/// Whitespace runs that contain a line break become one space.
fn one_line(s: &str) -> String {
    if !s.contains(['\n', '\r']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut pending = String::new();
    for c in s.chars() {
        if c.is_whitespace() {
            pending.push(c);
            continue;
        }
        if !pending.is_empty() {
            if pending.contains(['\n', '\r']) {
                out.push(' ');
            } else {
                out.push_str(&pending);
            }
            pending.clear();
        }
        out.push(c);
    }
    out
}

/// Where an entry's title ends (best effort; scraped listings glue the title to the
/// extract): at the first bullet, star, bar or ` - ` / `: ` separator, else at the last space
/// within [`MAX_TITLE_CHARS`], else at the last switch between Chinese and Latin script,
/// else after [`MAX_TITLE_CHARS`] characters.
fn title_end(text: &str) -> usize {
    let mut last_space = None;
    let mut last_switch = None;
    let mut prev: Option<char> = None;
    let mut cap = text.len();
    for (n, (i, c)) in text.char_indices().enumerate() {
        if n >= MAX_TITLE_CHARS {
            cap = i;
            break;
        }
        let rest = &text[i..];
        let strong = matches!(c, '•' | '★' | '|' | '。' | '■' | '●' | '▪' | '►')
            || rest.starts_with(" - ")
            || rest.starts_with(": ")
            || rest.starts_with('：');
        if strong && n >= 4 {
            return i;
        }
        if n >= 8 {
            if c.is_whitespace() {
                last_space = Some(i);
            }
            if let Some(p) = prev {
                let (a, b) = (is_cjk_letter(p), is_cjk_letter(c));
                if a != b && p.is_alphanumeric() && c.is_alphanumeric() {
                    last_switch = Some(i);
                }
            }
        }
        prev = Some(c);
    }
    if cap == text.len() {
        return cap;
    }
    last_space.or(last_switch).unwrap_or(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two entries in the shape of a scraped catalogue (text written for this test).
    const TWO: &str = "高性能 Kubernetes 元数据存储 DemoStore 的设计思路和落地效果-张三Unary -> Stream 代替分页 存储后端已经开源,以0 码力 | 60 页 | 8.02 MB | 1 年前3\n李四&王五-示例公司 K8S 超大规模实践经验•close to one million containers 一份 20220 码力 | 43 页 | 2.76 MB | 6 月前3\n共 37 条\n- 1\n- 2\n";

    #[test]
    fn footers_are_found_and_read() {
        let f: Vec<Footer> = footers(TWO).collect();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].pages, 60);
        assert_eq!(f[0].size, "8.02 MB");
        assert!(TWO[f[0].range.clone()].starts_with("0 码力"));
        assert!(TWO[f[0].range.clone()].ends_with("年前3"));
        // The glued year stays in the text.
        assert!(TWO[..f[1].range.start].ends_with("一份 2022"));
        assert_eq!(footer_count(TWO), 2);
    }

    #[test]
    fn not_footers() {
        assert_eq!(footer_count("码力 | 60 页"), 0);
        assert_eq!(footer_count("x 码力 | 60 页 | 8 MB | 1 年前"), 0);
        assert_eq!(footer_count("1 码力 | 60 页 | MB | 1 年前"), 0);
        assert_eq!(footer_count("1 码力 | 60 页 | 8 MB | 1 年"), 0);
        assert_eq!(footer_count("1 码力 | 6 页 | 8 MB | 3 天前"), 1);
    }

    #[test]
    fn entries_become_sections_with_metadata() {
        let p = parse(TWO, 5);
        let s = p.headings();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].0, "高性能 Kubernetes 元数据存储 DemoStore");
        assert_eq!(s[0].1.pages, Some(60));
        assert_eq!(s[0].1.size.as_deref(), Some("8.02 MB"));
        assert_eq!(s[1].0, "李四&王五-示例公司 K8S 超大规模实践经验");
        let text: String = p
            .blocks
            .iter()
            .map(|b| {
                let mut t = String::new();
                b.push_text(&mut t);
                t
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!text.contains("码力"), "{text}");
        assert!(!text.contains("共 37 条"), "{text}");
        assert!(text.contains("一份 2022"), "{text}");
        // Sources point into the note.
        let note = format!("{:5}{TWO}", "");
        assert!(note[p.blocks[0].source.clone()].starts_with("高性能"));
    }

    #[test]
    fn titles_are_cut_at_natural_breaks() {
        let t = |s: &str| s[..title_end(s)].to_string();
        assert_eq!(t("Kubernetes开源书 - 周立:与VM映像"), "Kubernetes开源书");
        assert_eq!(
            t("运维上海2017-Kubernetes与AI相结合架构、落地解析-赵慧智Container Image 用来将需要"),
            "运维上海2017-Kubernetes与AI相结合架构、落地解析-赵慧智"
        );
        assert_eq!(t("短标题"), "短标题");
        assert_eq!(t(&"字".repeat(100)).chars().count(), MAX_TITLE_CHARS);
    }

    /// Repro `nbsp_listing.js`: footers written with NBSP, ideographic spaces or full-width
    /// bars and digits were not found, and the listing was read as plain text.
    #[test]
    fn footers_are_read_in_their_normalized_form() {
        for footer in [
            "0\u{a0}码力\u{a0}|\u{a0}60\u{a0}页\u{a0}|\u{a0}8.02\u{a0}MB\u{a0}|\u{a0}1\u{a0}年前3",
            "0\u{3000}码力\u{3000}|\u{3000}60\u{3000}页\u{3000}|\u{3000}8.02\u{3000}MB\u{3000}|\u{3000}1\u{3000}年前3",
            "0 码力 ｜ 60 页 ｜ 8.02 MB ｜ 1 年前3",
            "０ 码力 | ６０ 页 | ８.０２ ＭＢ | １ 年前３",
            "0  码力  |  60 页 |\n8.02 MB | 1 年前3",
        ] {
            let body = format!("示例文档 正文摘要 2021{footer}\n下一条");
            let f: Vec<Footer> = footers(&body).collect();
            assert_eq!(f.len(), 1, "{footer:?}");
            assert_eq!(f[0].pages, 60, "{footer:?}");
            assert_eq!(f[0].size, "8.02 MB", "{footer:?}");
            assert_eq!(&body[f[0].range.clone()], footer, "{footer:?}");
        }
    }

    /// Each mark is read in a window that ends at the next one: a text of nothing but marks
    /// is normalized a few times over, not once per mark.
    #[test]
    fn a_text_of_marks_is_read_in_linear_time() {
        for unit in [
            "0 码力 ",
            "0码力",
            "码力 | 1 页 | ",
            "0\u{a0}码⼒\u{3000}｜",
        ] {
            let body = unit.repeat(50_000);
            assert_eq!(footer_count(&body), 0, "{unit:?}");
        }
        let body = "0 码力 | 1 页 | 1 MB | 1 年前".repeat(20_000);
        assert_eq!(footer_count(&body), 20_000);
    }

    #[test]
    fn footers_sharing_digits_do_not_overlap() {
        // Found by the property test in `text.rs`: the first footer's trailing counter is
        // also the second footer's count.
        let body = "甲 0 码力 | 1 页 | 1 MB | 1 年前30 码力 | 2 页 | 2 MB | 1 年前";
        let p = parse(body, 0);
        assert_eq!(p.headings().len(), 1);
        assert_eq!(p.headings()[0].1.pages, Some(1));
    }

    #[test]
    fn without_footers_it_is_plain_text() {
        let p = parse("标题行\n正文。", 0);
        assert_eq!(p.title.as_deref(), Some("标题行"));
    }
}
