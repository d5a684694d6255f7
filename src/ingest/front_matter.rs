//! Front matter: YAML between `---` fences or TOML between `+++` fences, read by real parsers.
//!
//! Malformed front matter never loses the note: the body is still parsed and a warning says
//! what was skipped.

use std::collections::BTreeMap;

use yaml_rust2::{Yaml, YamlLoader};

use crate::model::{MetaValue, NoteMeta, Warning, META_NESTING};
use crate::normalize::nfkc_line;

/// Front matter found at the top of a note.
#[derive(Debug)]
pub struct FrontMatter<'a> {
    pub syntax: Syntax,
    pub raw: &'a str,
    /// Byte offset where the body starts (after the closing fence line).
    pub body_start: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Toml,
}

/// Finds front matter: the first line is exactly `---` or `+++` (a BOM before it is allowed)
/// and a matching fence line closes it.
pub fn split(text: &str) -> Option<FrontMatter<'_>> {
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let rest = &text[start..];
    let (fence, syntax) = if rest.starts_with("---") {
        ("---", Syntax::Yaml)
    } else if rest.starts_with("+++") {
        ("+++", Syntax::Toml)
    } else {
        return None;
    };
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != fence {
        return None;
    }
    let inner_start = start + first_end + 1;
    let mut pos = inner_start;
    for line in text[inner_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == fence || (syntax == Syntax::Yaml && trimmed == "...") {
            return Some(FrontMatter {
                syntax,
                raw: &text[inner_start..pos],
                body_start: pos + line.len(),
            });
        }
        pos += line.len();
    }
    None
}

/// Reads the front matter into `meta`; known keys fill typed fields, the rest go to `extra`.
pub fn apply(fm: &FrontMatter<'_>, meta: &mut NoteMeta, warnings: &mut Vec<Warning>) {
    let map = match fm.syntax {
        Syntax::Yaml => parse_yaml(fm.raw),
        Syntax::Toml => parse_toml(fm.raw),
    };
    // Deeper values would be written into a snapshot that refuses them on loading.
    let map = map.and_then(|map| {
        if map.values().any(|v| v.nests_deeper_than(META_NESTING)) {
            Err(format!("values nest more than {META_NESTING} levels deep"))
        } else {
            Ok(map)
        }
    });
    let map = match map {
        Ok(map) => map,
        Err(why) => {
            warnings.push(Warning {
                code: "front_matter_invalid",
                message: format!(
                    "front matter is not valid {} ({why}); it was skipped and the body kept",
                    match fm.syntax {
                        Syntax::Yaml => "yaml",
                        Syntax::Toml => "toml",
                    }
                ),
            });
            return;
        }
    };
    for (key, value) in map {
        match key.to_ascii_lowercase().as_str() {
            "title" => meta.title = nfkc_line(&scalar(&value).unwrap_or_default()),
            "date" => meta.date = scalar(&value).map(|d| date_string(&d)),
            "lastmod" => meta.lastmod = scalar(&value).map(|d| date_string(&d)),
            "author" | "authors" => meta.authors.extend(strings(&value)),
            "tags" => meta.tags.extend(strings(&value)),
            "categories" => meta.categories.extend(strings(&value)),
            "description" | "summary" => {
                meta.description = scalar(&value)
                    .map(|d| nfkc_line(&d))
                    .filter(|d| !d.is_empty())
            }
            "draft" => meta.draft = matches!(value, MetaValue::Bool(true)),
            _ => {
                meta.extra.insert(key, value);
            }
        }
    }
}

/// Dates stay as written when they carry a time; plain dates are `YYYY-MM-DD`.
fn date_string(d: &str) -> String {
    d.trim().to_string()
}

fn scalar(v: &MetaValue) -> Option<String> {
    match v {
        MetaValue::Str(s) => Some(s.clone()),
        MetaValue::Int(i) => Some(i.to_string()),
        MetaValue::Float(f) => Some(f.to_string()),
        MetaValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A string or a list of strings (`tags: a` and `tags: [a, b]` both work).
fn strings(v: &MetaValue) -> Vec<String> {
    let list = match v {
        MetaValue::List(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect::<Vec<_>>(),
    };
    list.iter()
        .map(|s| nfkc_line(s))
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_yaml(raw: &str) -> Result<BTreeMap<String, MetaValue>, String> {
    let docs = YamlLoader::load_from_str(raw).map_err(|e| e.to_string())?;
    match docs.into_iter().next() {
        None => Ok(BTreeMap::new()),
        Some(Yaml::Hash(hash)) => Ok(hash
            .into_iter()
            .filter_map(|(k, v)| Some((yaml_key(&k)?, from_yaml(v))))
            .collect()),
        Some(Yaml::Null) => Ok(BTreeMap::new()),
        Some(_) => Err("expected key: value pairs".to_string()),
    }
}

fn yaml_key(k: &Yaml) -> Option<String> {
    match k {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn from_yaml(v: Yaml) -> MetaValue {
    match v {
        Yaml::String(s) => MetaValue::Str(s),
        Yaml::Real(s) => s
            .parse::<f64>()
            .map(MetaValue::Float)
            .unwrap_or(MetaValue::Str(s)),
        Yaml::Integer(i) => MetaValue::Int(i),
        Yaml::Boolean(b) => MetaValue::Bool(b),
        Yaml::Array(items) => MetaValue::List(items.into_iter().map(from_yaml).collect()),
        Yaml::Hash(hash) => MetaValue::Map(
            hash.into_iter()
                .filter_map(|(k, v)| Some((yaml_key(&k)?, from_yaml(v))))
                .collect(),
        ),
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => MetaValue::Null,
    }
}

fn parse_toml(raw: &str) -> Result<BTreeMap<String, MetaValue>, String> {
    let table: toml::Table = raw
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_lowercase())?;
    Ok(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
}

fn from_toml(v: toml::Value) -> MetaValue {
    match v {
        toml::Value::String(s) => MetaValue::Str(s),
        toml::Value::Integer(i) => MetaValue::Int(i),
        toml::Value::Float(f) => MetaValue::Float(f),
        toml::Value::Boolean(b) => MetaValue::Bool(b),
        toml::Value::Datetime(d) => MetaValue::Str(d.to_string()),
        toml::Value::Array(items) => MetaValue::List(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => {
            MetaValue::Map(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(text: &str) -> (NoteMeta, Vec<Warning>) {
        let fm = split(text).expect("front matter");
        let mut meta = NoteMeta::default();
        let mut warnings = Vec::new();
        apply(&fm, &mut meta, &mut warnings);
        (meta, warnings)
    }

    /// `x` holding `1` inside `levels` lists, in YAML and in TOML front matter.
    fn nested(levels: usize) -> [String; 2] {
        let value = format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
        [
            format!("---\ntitle: t\nx: {value}\n---\nbody"),
            format!("+++\ntitle = \"t\"\nx = {value}\n+++\nbody"),
        ]
    }

    /// A snapshot refuses values nested deeper than [`META_NESTING`]: a note keeps none, or
    /// its library would export a snapshot that does not load.
    #[test]
    fn values_nested_as_deep_as_a_snapshot_holds_are_kept_and_deeper_ones_skipped() {
        for text in nested(META_NESTING) {
            let (meta, warnings) = meta_of(&text);
            assert!(warnings.is_empty(), "{warnings:?}");
            assert!(!meta.extra["x"].nests_deeper_than(META_NESTING));
            assert!(meta.extra["x"].nests_deeper_than(META_NESTING - 1));
        }
        for text in nested(META_NESTING + 1) {
            let (meta, warnings) = meta_of(&text);
            assert_eq!(meta, NoteMeta::default());
            assert_eq!(warnings[0].code, "front_matter_invalid");
            assert!(
                warnings[0].message.contains("32 levels"),
                "{}",
                warnings[0].message
            );
        }
    }

    #[test]
    fn yaml_front_matter_fills_known_keys() {
        let (meta, warnings) = meta_of(
            "---\ntitle: 回顾(上)\nauthor: 70data\ndate: 2021-12-17\ntags:\n  - 云原生\n  - Kubernetes\ntoc: true\n---\nbody",
        );
        assert!(warnings.is_empty());
        assert_eq!(meta.title, "回顾(上)");
        assert_eq!(meta.authors, ["70data"]);
        assert_eq!(meta.date.as_deref(), Some("2021-12-17"));
        assert_eq!(meta.tags, ["云原生", "Kubernetes"]);
        assert_eq!(meta.extra["toc"], MetaValue::Bool(true));
    }

    #[test]
    fn toml_front_matter_fills_known_keys() {
        let (meta, warnings) = meta_of(
            "+++\ntitle = \"Recap\"\ndate = 2022-05-01\ntags = [\"a\", \"b\"]\ndraft = true\n+++\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(meta.title, "Recap");
        assert_eq!(meta.date.as_deref(), Some("2022-05-01"));
        assert_eq!(meta.tags, ["a", "b"]);
        assert!(meta.draft);
    }

    #[test]
    fn malformed_yaml_warns_and_keeps_going() {
        let (meta, warnings) = meta_of("---\ntitle: [unclosed\n---\nbody");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].code, "front_matter_invalid");
        assert!(meta.title.is_empty());
    }

    #[test]
    fn body_starts_after_closing_fence() {
        let text = "---\na: 1\n---\nhello";
        assert_eq!(&text[split(text).unwrap().body_start..], "hello");
        assert!(split("--- not a fence\n").is_none());
        assert!(split("---\nunclosed").is_none());
    }
}
