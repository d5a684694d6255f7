//! Hugo shortcodes (`{{< name args >}}`, `{{% name %}}`, and their `/name` closers).
//!
//! Every shortcode tag is removed from the text, so paired shortcodes keep their inner content
//! and standalone ones vanish from both the rendering and the index. The removal is recorded
//! so that byte ranges in the cleaned text map back to the original note.

/// Text with shortcode tags removed, plus the map back to original offsets.
#[derive(Debug)]
pub struct Cleaned {
    pub text: String,
    /// `(offset in cleaned text, bytes removed before it)`, ascending.
    shifts: Vec<(usize, usize)>,
}

impl Cleaned {
    /// Maps an offset in the cleaned text to an offset in the original text.
    pub fn original(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at <= offset);
        offset + if i == 0 { 0 } else { self.shifts[i - 1].1 }
    }
}

/// Removes every `{{< … >}}` and `{{% … %}}` tag. Unclosed `{{<` is left as text.
pub fn strip(text: &str) -> Cleaned {
    let mut out = String::with_capacity(text.len());
    let mut shifts = Vec::new();
    let mut removed = 0;
    let mut rest = text;
    while let Some(open) = find_open(rest) {
        let close_pat = if rest[open..].starts_with("{{<") {
            ">}}"
        } else {
            "%}}"
        };
        // A tag never spans a blank line; bounding the search keeps this linear.
        let window_end = find_blank_line(&rest[open..]).map_or(rest.len(), |p| open + p);
        let Some(close) = find(&rest[open + 3..window_end], close_pat) else {
            out.push_str(&rest[..open + 3]);
            rest = &rest[open + 3..];
            continue;
        };
        let end = open + 3 + close + 3;
        out.push_str(&rest[..open]);
        removed += end - open;
        shifts.push((out.len(), removed));
        rest = &rest[end..];
    }
    out.push_str(rest);
    Cleaned { text: out, shifts }
}

fn find_open(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = find(&s[from..], "{{") {
        let at = from + p;
        if s[at + 2..].starts_with('<') || s[at + 2..].starts_with('%') {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The byte offset of the first blank line in `s`: a line ending right after another, in
/// any of the `\n`, `\r\n` and lone `\r` styles the ingest reads.
fn find_blank_line(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(off) = memchr::memchr2(b'\n', b'\r', &b[from..]) {
        let at = from + off;
        let next = at + 1 + usize::from(b[at] == b'\r' && b.get(at + 1) == Some(&b'\n'));
        if matches!(b.get(next), Some(b'\n' | b'\r')) {
            return Some(at);
        }
        from = next;
    }
    None
}

/// The byte offset of the first `needle` in `haystack`.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_shortcodes_keep_inner_content() {
        let c = strip("a\n{{< callout note 注意 >}}\n内容\n{{< /callout >}}\nb");
        assert_eq!(c.text, "a\n\n内容\n\nb");
    }

    #[test]
    fn standalone_shortcodes_are_dropped() {
        let c = strip("x {{< section-toc style=\"cards\" >}} y {{% note %}}z");
        assert_eq!(c.text, "x  y z");
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let original = "ab{{< t >}}cd{{% u %}}ef";
        let c = strip(original);
        assert_eq!(c.text, "abcdef");
        let e = c.text.find('e').unwrap();
        assert_eq!(&original[c.original(e)..c.original(e) + 1], "e");
        let cpos = c.text.find('c').unwrap();
        assert_eq!(&original[c.original(cpos)..c.original(cpos) + 1], "c");
    }

    /// A tag never spans a blank line, whatever the line endings (repro: `fm_leading.js`
    /// showed CR-only notes read as one line elsewhere).
    #[test]
    fn a_blank_line_ends_the_search_for_a_close_in_every_line_ending_style() {
        for text in [
            "{{< a\n\n>}}",
            "{{< a\r\n\r\n>}}",
            "{{< a\r\r>}}",
            "{{< a\n\r\n>}}",
        ] {
            assert_eq!(strip(text).text, text, "{text:?}");
        }
        assert_eq!(strip("{{< a\r\nb >}}c").text, "c");
        assert_eq!(find_blank_line("a\r\nb\r\n\r\nc"), Some(4));
    }

    #[test]
    fn unclosed_tags_stay_text() {
        assert_eq!(strip("{{< oops").text, "{{< oops");
        assert_eq!(strip("{{ .Title }}").text, "{{ .Title }}");
    }
}
