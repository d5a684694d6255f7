//! Front matter of an exported note: its metadata as YAML that the ingest reads back as the
//! same values.

use std::fmt::Write;

use crate::model::{MetaValue, NoteMeta};

pub(super) fn front_matter(m: &NoteMeta, out: &mut String) {
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", yaml_str(&m.title));
    if let Some(d) = &m.date {
        let _ = writeln!(out, "date: {}", yaml_str(d));
    }
    if let Some(d) = &m.lastmod {
        let _ = writeln!(out, "lastmod: {}", yaml_str(d));
    }
    for (key, list) in [
        ("authors", &m.authors),
        ("tags", &m.tags),
        ("categories", &m.categories),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "{key}:");
            for v in list {
                let _ = writeln!(out, "  - {}", yaml_str(v));
            }
        }
    }
    if let Some(d) = &m.description {
        let _ = writeln!(out, "description: {}", yaml_str(d));
    }
    if m.draft {
        out.push_str("draft: true\n");
    }
    for (k, v) in &m.extra {
        let _ = write!(out, "{}: ", yaml_key(k));
        yaml_value(v, out);
        out.push('\n');
    }
    out.push_str("---\n\n");
}

/// A front-matter value in YAML's flow style (`[1, {a: "x"}]`), which nests without
/// indentation and reads back as the same value.
pub(super) fn yaml_value(v: &MetaValue, out: &mut String) {
    match v {
        MetaValue::Null => out.push_str("null"),
        MetaValue::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        MetaValue::Int(i) => {
            let _ = write!(out, "{i}");
        }
        // `{:?}` keeps a float a float (`1.0`, not `1`, which reads back as an integer).
        MetaValue::Float(f) if f.is_nan() => out.push_str(".nan"),
        MetaValue::Float(f) if f.is_infinite() => {
            out.push_str(if *f > 0.0 { ".inf" } else { "-.inf" })
        }
        MetaValue::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        MetaValue::Str(s) => out.push_str(&yaml_str(s)),
        MetaValue::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                yaml_value(item, out);
            }
            out.push(']');
        }
        MetaValue::Map(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: ", yaml_key(k));
                yaml_value(item, out);
            }
            out.push('}');
        }
    }
}

/// A key as written: bare when it is a plain word YAML reads as that same string (`null`,
/// `True` and `1` read as other things), quoted otherwise.
pub(super) fn yaml_key(k: &str) -> String {
    let word = k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let special = ["null", "true", "false"]
        .iter()
        .any(|w| k.eq_ignore_ascii_case(w));
    if word && !special {
        k.to_string()
    } else {
        yaml_str(k)
    }
}

/// A YAML double-quoted scalar (always quoted: safe for any text).
pub(super) fn yaml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            // Controls, and what YAML reads as line breaks, byte-order marks or not printable.
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
