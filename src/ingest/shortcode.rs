//! Hugo shortcodes (`{{< name args >}}`, `{{% name %}}`, and their `/name` closers).
//!
//! A shortcode tag is replaced by the text a reader of the Hugo page would see of it, which is
//! mostly nothing: paired shortcodes keep their inner content and standalone ones vanish from
//! both the rendering and the index. What stays:
//! - a title the tag carries (`title=` or `caption=`, or a positional argument with spaces or
//!   Chinese: `{{< callout warning 重要提醒 >}}`), as a bold line of its own, or as text when
//!   the tag shares its line;
//! - the target of `ref` and `relref`, so a link to one keeps it (`[Pod]({{< ref "pod" >}})`);
//! - an escaped tag, `{{</* ref "x" */>}}`, which Hugo prints as `{{< ref "x" >}}`.
//!
//! The edits are recorded so that byte ranges in the cleaned text map back to the original
//! note.

/// Text with shortcode tags replaced, plus the map back to original offsets.
#[derive(Debug)]
pub struct Cleaned {
    pub text: String,
    /// `(offset in cleaned text, original offset minus cleaned offset from there on)`,
    /// ascending.
    shifts: Vec<(usize, isize)>,
    original_len: usize,
}

impl Cleaned {
    /// Maps an offset in the cleaned text to an offset in the original text (one inside the
    /// text that replaced a tag maps into the tag).
    pub fn original(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at <= offset);
        let delta = if i == 0 { 0 } else { self.shifts[i - 1].1 };
        offset.saturating_add_signed(delta).min(self.original_len)
    }
}

/// Replaces every `{{< … >}}` and `{{% … %}}` tag by what Hugo shows of it (see the module
/// documentation). Unclosed `{{<` is left as text.
pub fn strip(text: &str) -> Cleaned {
    let mut out = String::with_capacity(text.len());
    let mut shifts = Vec::new();
    let mut delta = 0isize;
    let mut rest = text;
    while let Some(open) = find_open(rest) {
        let angle = rest[open..].starts_with("{{<");
        let close_pat = if angle { ">}}" } else { "%}}" };
        // A tag never spans a blank line; bounding the search keeps this linear.
        let window_end = find_blank_line(&rest[open..]).map_or(rest.len(), |p| open + p);
        let Some(close) = find(&rest[open + 3..window_end], close_pat) else {
            out.push_str(&rest[..open + 3]);
            rest = &rest[open + 3..];
            continue;
        };
        let end = open + 3 + close + 3;
        let inner = &rest[open + 3..end - 3];
        out.push_str(&rest[..open]);
        let line_start = out.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let alone = out[line_start..].trim().is_empty()
            && rest[end..]
                .split(['\n', '\r'])
                .next()
                .is_some_and(|after| after.trim().is_empty());
        let shown = shown(inner, angle, alone);
        out.push_str(&shown);
        delta += (end - open) as isize - shown.len() as isize;
        shifts.push((out.len(), delta));
        rest = &rest[end..];
    }
    out.push_str(rest);
    Cleaned {
        text: out,
        shifts,
        original_len: text.len(),
    }
}

/// What a reader sees of the tag whose text between the delimiters is `inner` (`angle`: a
/// `{{< >}}` tag; `alone`: nothing else on its line).
fn shown(inner: &str, angle: bool, alone: bool) -> String {
    let (open, close) = if angle { ("<", ">") } else { ("%", "%") };
    if let Some(escaped) = inner.strip_prefix("/*").and_then(|i| i.strip_suffix("*/")) {
        return format!("{{{{{open}{escaped}{close}}}}}");
    }
    let inner = inner.trim();
    if inner.starts_with('/') {
        return String::new();
    }
    let mut args = arguments(inner);
    let name = if args.is_empty() {
        String::new()
    } else {
        args.remove(0).1
    };
    if matches!(name.as_str(), "ref" | "relref") {
        let target = args
            .iter()
            .find(|(key, _)| key.is_none() || key.as_deref() == Some("path"));
        return target.map(|(_, value)| value.clone()).unwrap_or_default();
    }
    let named = args.iter().find_map(|(key, value)| {
        key.as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("title") || k.eq_ignore_ascii_case("caption"))
            .then_some(value.as_str())
    });
    let title = named.map(str::to_string).unwrap_or_else(|| {
        let worded: Vec<&str> = args
            .iter()
            .filter(|(key, value)| {
                key.is_none()
                    && value.contains(|c: char| c.is_whitespace() || !c.is_ascii())
                    && !looks_like_path(value)
            })
            .map(|(_, value)| value.as_str())
            .collect();
        worded.join(" ")
    });
    let title = title.trim();
    if title.is_empty() {
        String::new()
    } else if alone {
        format!("**{title}**\n\n")
    } else {
        title.to_string()
    }
}

/// `图片/架构.png`, `架构图.svg`: a file, not a title.
fn looks_like_path(value: &str) -> bool {
    value.contains('/')
        || value.rsplit_once('.').is_some_and(|(_, ext)| {
            (2..=4).contains(&ext.len())
                && ext.starts_with(|c: char| c.is_ascii_alphabetic())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// A tag's words: its name first, then its arguments, each `(Some(key), value)` for
/// `key=value` or `(None, value)`, values unquoted (`"…"` or `` `…` ``).
fn arguments(inner: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let key_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let (key, value_at) = match rest[key_len..].strip_prefix('=') {
            Some(after) if key_len > 0 => (Some(rest[..key_len].to_string()), after),
            _ => (None, rest),
        };
        let (value, after) = match value_at.chars().next() {
            Some(q @ ('"' | '`')) => match value_at[1..].find(q) {
                Some(close) => (&value_at[1..1 + close], &value_at[close + 2..]),
                None => (&value_at[1..], ""),
            },
            _ => {
                let end = value_at.find(char::is_whitespace).unwrap_or(value_at.len());
                (&value_at[..end], &value_at[end..])
            }
        };
        out.push((key, value.to_string()));
        rest = after.trim_start();
    }
    out
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
        let c = strip("a\n{{< callout note >}}\n内容\n{{< /callout >}}\nb");
        assert_eq!(c.text, "a\n\n内容\n\nb");
    }

    /// From the handbook audit: callout and table titles were dropped (196 of 204 table
    /// titles appeared nowhere on their page), and could not be found.
    #[test]
    fn titles_stay_as_a_bold_line_or_as_text() {
        assert_eq!(
            strip("{{< callout warning 重要提醒 >}}\n内容\n{{< /callout >}}").text,
            "**重要提醒**\n\n\n内容\n"
        );
        assert_eq!(
            strip("{{< callout note \"Karmada 名称的由来\" >}}").text,
            "**Karmada 名称的由来**\n\n"
        );
        assert_eq!(
            strip("{{< table title=\"Work 对象同步\" >}}\n\n| a |").text,
            "**Work 对象同步**\n\n\n\n| a |"
        );
        assert_eq!(
            strip("{{< callout tip \"Kubernetes 1.28\" >}}").text,
            "**Kubernetes 1.28**\n\n"
        );
        assert_eq!(
            strip("见 {{< figure src=\"a.png\" caption=\"架构图\" >}} 下").text,
            "见 架构图 下"
        );
        // Kinds, ids and paths are no titles.
        assert_eq!(
            strip("{{< youtube dQw4w9 >}}{{< notice tip >}}{{< img \"图片/架构.png\" >}}").text,
            ""
        );
    }

    /// From the handbook audit: a link to `{{< ref >}}` rendered with `href=""`, and Hugo's
    /// escaped form, which it prints as a tag, was deleted.
    #[test]
    fn refs_keep_their_target_and_escaped_tags_show_as_tags() {
        assert_eq!(
            strip("[Pod]({{< ref \"pod/overview\" >}}) [Job]({{< relref path=\"../job.md\" >}})")
                .text,
            "[Pod](pod/overview) [Job](../job.md)"
        );
        assert_eq!(
            strip("写法：{{</* ref \"foo\" */>}} 和 {{%/* note */%}}").text,
            "写法：{{< ref \"foo\" >}} 和 {{% note %}}"
        );
    }

    #[test]
    fn offsets_inside_a_replacement_map_into_its_tag() {
        let original = "ab{{< t \"标题 x\" >}}cd";
        let c = strip(original);
        assert_eq!(c.text, "ab标题 xcd");
        let d = c.text.find('d').unwrap();
        assert_eq!(&original[c.original(d)..c.original(d) + 1], "d");
        let t = c.original(c.text.find('x').unwrap());
        assert!((2..original.len() - 2).contains(&t), "{t}");
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
