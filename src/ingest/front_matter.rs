//! Front matter: YAML between `---` fences or TOML between `+++` fences, read by real parsers.
//!
//! Malformed front matter never loses the note: the body is still parsed and a warning says
//! what was skipped.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;
use yaml_rust2::Yaml;

use super::lines;
use crate::model::{MetaValue, NoteMeta, Warning, META_NESTING};
use crate::normalize::nfkc_line;

/// Front matter found at the top of a note.
#[derive(Debug)]
pub struct FrontMatter<'a> {
    pub syntax: Syntax,
    /// The text between the fences, its lines ending in `\n` whatever they ended in.
    pub raw: Cow<'a, str>,
    /// Byte offset where the body starts (after the closing fence line).
    pub body_start: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Toml,
}

/// Finds front matter: the first line that is not blank is exactly `---` or `+++`, and a
/// matching fence line closes it. A BOM and blank lines may come before the opening fence:
/// editors on Windows write the one, and a note pasted from an editor often starts with the
/// other. Lines end at `\n`, `\r\n` or a lone `\r`, as everywhere in the ingest.
pub fn split(text: &str) -> Option<FrontMatter<'_>> {
    let start = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let mut lines = lines::spans(&text[start..])
        .map(|(line, next)| (start + line.start..start + line.end, start + next));
    let (open, inner_start) = lines.find(|(line, _)| !text[line.clone()].trim().is_empty())?;
    let fence = text[open.clone()].trim_end();
    let syntax = match fence {
        "---" => Syntax::Yaml,
        "+++" => Syntax::Toml,
        _ => return None,
    };
    for (line, next) in lines {
        let trimmed = text[line.clone()].trim_end();
        if trimmed == fence || (syntax == Syntax::Yaml && trimmed == "...") {
            return Some(FrontMatter {
                syntax,
                raw: lf_lines(&text[inner_start..line.start]),
                body_start: next,
            });
        }
    }
    None
}

/// `raw` with `\r\n` and lone `\r` line endings made `\n`: TOML refuses a lone `\r`.
fn lf_lines(raw: &str) -> Cow<'_, str> {
    if raw.contains('\r') {
        Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(raw)
    }
}

/// Reads the front matter into `meta`; known keys fill typed fields, the rest go to `extra`.
pub fn apply(fm: &FrontMatter<'_>, meta: &mut NoteMeta, warnings: &mut Vec<Warning>) {
    let map = match fm.syntax {
        Syntax::Yaml => parse_yaml(&fm.raw),
        Syntax::Toml => parse_toml(&fm.raw),
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

/// A front-matter date as `YYYY-MM-DD` (or `YYYY-MM`) when it is written another common way
/// (`2022年3月21日`, `2022/3/21`, `2022.03.21`, `March 21, 2022`, `21 Mar 2022`, full-width
/// digits), so that `date:` filters and the years facet, which compare ISO dates, understand
/// it. A time after the date is kept as written; a date not recognised is kept whole.
fn date_string(d: &str) -> String {
    let d = nfkc_line(d.trim());
    numeric_date(&d).or_else(|| english_date(&d)).unwrap_or(d)
}

/// `2022-3-21`, `2022/03/21 10:00`, `2022.3`, `2022年3月21日`: year, month and day in that
/// order, then anything (a time).
fn numeric_date(d: &str) -> Option<String> {
    let (year, rest) = leading_number(d, 4).filter(|(_, rest)| d.len() - rest.len() == 4)?;
    let rest = rest.strip_prefix(['-', '/', '.', '年'])?;
    let (month, rest) = leading_number(rest, 2).filter(|(m, _)| (1..=12).contains(m))?;
    // 月 closes the month (`3月21日`); otherwise a mark comes before the day.
    let (rest, closed) = rest.strip_prefix('月').map_or((rest, false), |r| (r, true));
    if rest.is_empty() {
        return Some(format!("{year:04}-{month:02}"));
    }
    let rest = if closed {
        rest
    } else {
        rest.strip_prefix(['-', '/', '.'])?
    };
    let (day, rest) = leading_number(rest, 2).filter(|(d, _)| (1..=31).contains(d))?;
    let rest = rest.strip_prefix('日').unwrap_or(rest);
    Some(format!("{year:04}-{month:02}-{day:02}{rest}"))
}

/// The number that `s` starts with, 1 to `max` ASCII digits, and what follows it.
fn leading_number(s: &str, max: usize) -> Option<(u32, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > max {
        return None;
    }
    Some((s[..digits].parse().ok()?, &s[digits..]))
}

/// `March 21, 2022`, `Mar 21 2022`, `21 March 2022`, `21st Mar, 2022`.
fn english_date(d: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<&str> = d.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let [a, b, c] = words[..] else { return None };
    let month_of = |w: &str| {
        let w = w.to_ascii_lowercase();
        let w = w.strip_suffix('.').unwrap_or(&w);
        MONTHS
            .iter()
            .position(|m| w.len() >= 3 && (w == *m || w.starts_with(m) && w.len() <= 9))
            .map(|i| i as u32 + 1)
    };
    let day_of = |w: &str| {
        let w = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|s| w.strip_suffix(s))
            .unwrap_or(w);
        w.parse::<u32>()
            .ok()
            .filter(|d| (1..=31).contains(d) && w.len() <= 2)
    };
    let year = c.parse::<u32>().ok().filter(|_| c.len() == 4)?;
    let (month, day) = match (month_of(a), month_of(b)) {
        (Some(m), None) => (m, day_of(b)?),
        (None, Some(m)) => (m, day_of(a)?),
        _ => return None,
    };
    Some(format!("{year:04}-{month:02}-{day:02}"))
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

/// Reads YAML front matter event by event into values. yaml-rust2's loader builds a tree that
/// its drop, and any walk over it, recurse into once a level (front matter 5,000 levels deep
/// overflowed the wasm stack, and a later call then found its memory damaged), and it copies
/// an alias's whole value for every use (a few hundred bytes of nested aliases asked for
/// billions of values). Here nesting deeper than a snapshot holds, and aliases that would
/// make more than about sixteen values for each byte of the front matter, stop the reading
/// with an error before anything is built.
pub(super) fn parse_yaml(raw: &str) -> Result<BTreeMap<String, MetaValue>, String> {
    /// A collection being read: its values, its anchor and how many values it holds, itself
    /// and nested ones counted.
    enum Open {
        List(Vec<MetaValue>, usize, usize),
        Map(Map, usize, usize),
    }
    #[derive(Default)]
    struct Map {
        values: BTreeMap<String, MetaValue>,
        /// The key read and waiting for its value: `Some(None)` for one that is no scalar,
        /// whose pair is skipped.
        key: Option<Option<Yaml>>,
        keys: HashSet<Yaml>,
    }
    let mut parser = Parser::new_from_str(raw);
    let mut open: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, (MetaValue, usize)> = HashMap::new();
    let mut budget = 16 * raw.len() + 4096;
    let mut root = None;
    loop {
        let (event, _) = parser.next_token().map_err(|e| e.to_string())?;
        // A complete value: as a value, as a key, its anchor and its count of values.
        let (value, key, anchor, size) = match event {
            Event::StreamEnd => break,
            Event::DocumentEnd if root.is_some() => break,
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                // The top-level map, and below it as many levels as a snapshot holds.
                if open.len() > META_NESTING {
                    return Err(format!("values nest more than {META_NESTING} levels deep"));
                }
                open.push(match event {
                    Event::SequenceStart(..) => Open::List(Vec::new(), anchor, 1),
                    _ => Open::Map(Map::default(), anchor, 1),
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                Some(Open::List(items, anchor, size)) => {
                    (MetaValue::List(items), None, anchor, size)
                }
                Some(Open::Map(map, anchor, size)) => {
                    (MetaValue::Map(map.values), None, anchor, size)
                }
                None => continue,
            },
            Event::Scalar(text, style, anchor, tag) => {
                let yaml = yaml_scalar(text, style, tag.as_ref());
                let size = scalar_size(&yaml);
                (from_yaml(yaml.clone()), Some(yaml), anchor, size)
            }
            Event::Alias(id) => {
                let (value, size) = anchors.get(&id).cloned().unwrap_or((MetaValue::Null, 1));
                let key = scalar(&value).map(Yaml::String);
                (value, key, 0, size)
            }
            _ => continue,
        };
        budget = budget
            .checked_sub(if anchor == 0 { size } else { 2 * size })
            .ok_or_else(|| "aliases repeat values too many times".to_string())?;
        if anchor != 0 {
            anchors.insert(anchor, (value.clone(), size));
        }
        match open.last_mut() {
            None => {
                root = Some(value);
            }
            Some(Open::List(items, _, total)) => {
                items.push(value);
                *total += size;
            }
            Some(Open::Map(map, _, total)) => {
                *total += size;
                match map.key.take() {
                    None => map.key = Some(key),
                    Some(Some(k)) => {
                        if let Some(text) = yaml_key(&k) {
                            map.values.insert(text, value);
                        }
                        if !map.keys.insert(k.clone()) {
                            return Err(format!("{k:?}: duplicated key in mapping"));
                        }
                    }
                    Some(None) => {}
                }
            }
        }
    }
    match root {
        None | Some(MetaValue::Null) => Ok(BTreeMap::new()),
        Some(MetaValue::Map(map)) => Ok(map),
        Some(_) => Err("expected key: value pairs".to_string()),
    }
}

/// A scalar as yaml-rust2's loader reads it: quoted ones are strings, plain ones typed by
/// their core-schema tag (`!!int`) or else by their look.
fn yaml_scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Yaml {
    if style != TScalarStyle::Plain {
        return Yaml::String(text);
    }
    let Some(tag) = tag else {
        return Yaml::from_str(&text);
    };
    if tag.handle != "tag:yaml.org,2002:" {
        return Yaml::String(text);
    }
    match tag.suffix.as_str() {
        "bool" => match text.as_str() {
            "true" | "True" | "TRUE" => Yaml::Boolean(true),
            "false" | "False" | "FALSE" => Yaml::Boolean(false),
            _ => Yaml::BadValue,
        },
        "int" => text.parse().map_or(Yaml::BadValue, Yaml::Integer),
        "float" => match Yaml::from_str(&text) {
            Yaml::Real(_) | Yaml::Integer(_) => Yaml::Real(text),
            _ => Yaml::BadValue,
        },
        "null" => match text.as_str() {
            "~" | "null" => Yaml::Null,
            _ => Yaml::BadValue,
        },
        _ => Yaml::String(text),
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

/// What a scalar counts against the aliases' budget: one, and one more for each 32 bytes.
fn scalar_size(v: &Yaml) -> usize {
    1 + match v {
        Yaml::String(s) | Yaml::Real(s) => s.len() / 32,
        _ => 0,
    }
}

/// A scalar's value (a collection's is built by [`parse_yaml`]).
fn from_yaml(v: Yaml) -> MetaValue {
    match v {
        Yaml::String(s) => MetaValue::Str(s),
        Yaml::Real(s) => s
            .parse::<f64>()
            .map(MetaValue::Float)
            .unwrap_or(MetaValue::Str(s)),
        Yaml::Integer(i) => MetaValue::Int(i),
        Yaml::Boolean(b) => MetaValue::Bool(b),
        _ => MetaValue::Null,
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

    /// What front matter read with yaml-rust2's loader gave, before [`parse_yaml`] read it
    /// event by event: the reference for documents it can still read.
    fn loaded(raw: &str) -> Result<BTreeMap<String, MetaValue>, String> {
        fn value(v: Yaml) -> MetaValue {
            match v {
                Yaml::Array(items) => MetaValue::List(items.into_iter().map(value).collect()),
                Yaml::Hash(hash) => MetaValue::Map(
                    hash.into_iter()
                        .filter_map(|(k, v)| Some((yaml_key(&k)?, value(v))))
                        .collect(),
                ),
                scalar => from_yaml(scalar),
            }
        }
        let docs = yaml_rust2::YamlLoader::load_from_str(raw).map_err(|e| e.to_string())?;
        match docs.into_iter().next().map(value) {
            None | Some(MetaValue::Null) => Ok(BTreeMap::new()),
            Some(MetaValue::Map(map)) => Ok(map),
            Some(_) => Err("expected key: value pairs".to_string()),
        }
    }

    #[test]
    fn yaml_read_event_by_event_gives_what_the_loader_gave() {
        for raw in [
            "",
            "title: 回顾\ndate: 2024-03-20\ntags: [a, b]\n",
            "a: 1\nb: 1.50\nc: true\nd: ~\ne: null\nf: 0x1F\ng: .inf\nh: '1'\ni: \"yes\"\nj:\n",
            "base: &b {x: 1, y: [2, 3]}\ncopy: *b\nlist: [*b, *b]\nname: &n Alice\nwho: *n\n",
            "unknown: *nowhere\n",
            "n: !!int 12\nf: !!float 1\nb: !!bool True\nz: !!null ~\ns: !!str 12\nbad: !!int x\nmine: !custom 3\n",
            "? [a, b]\n: complex key\n? {k: v}\n: another\nplain: kept\n",
            "1: one\n2.5: two and a half\ntrue: yes\n*x : none\n",
            "dup: first\ndup: second\n",
            "nested:\n  deeper:\n    - a\n    - {b: [c, {d: e}]}\n",
            "- a\n- b\n",
            "just text\n",
            "a: [unclosed\n",
            "a: &x [1]\nb: &x [2]\nc: *x\n",
            "k: |\n  literal\n  block\nf: >\n  folded\n  text\n",
        ] {
            assert_eq!(parse_yaml(raw).is_ok(), loaded(raw).is_ok(), "{raw:?}");
            if let Ok(map) = parse_yaml(raw) {
                assert_eq!(
                    format!("{map:?}"),
                    format!("{:?}", loaded(raw).unwrap()),
                    "{raw:?}"
                );
            }
        }
    }

    #[test]
    fn yaml_aliases_may_repeat_values_about_as_many_times_as_the_text_is_long() {
        let base = format!("base: &b [{}]\n", vec!["v"; 50].join(", "));
        let uses = |n: usize| {
            format!(
                "{base}{}",
                (0..n).map(|i| format!("u{i}: *b\n")).collect::<String>()
            )
        };
        // A front matter that shares a block of defaults: 200 uses of 51 values.
        assert_eq!(parse_yaml(&uses(200)).unwrap().len(), 201);
        // Nine values nine times over, five times: 59,049 values from 250 bytes.
        let mut rows = vec!["a: &a [v, v, v, v, v, v, v, v, v]".to_string()];
        for (p, c) in ["ab", "bc", "cd", "de"].map(|pair| (&pair[..1], &pair[1..])) {
            rows.push(format!(
                "{c}: &{c} [{}]",
                vec![format!("*{p}"); 9].join(", ")
            ));
        }
        let err = parse_yaml(&rows.join("\n")).unwrap_err();
        assert_eq!(err, "aliases repeat values too many times");
    }

    #[test]
    fn dates_written_other_ways_become_iso_and_others_stay_as_written() {
        for (written, read) in [
            ("2022-03-21", "2022-03-21"),
            ("2022-03-21T10:00:00+08:00", "2022-03-21T10:00:00+08:00"),
            ("2022/3/21 10:00", "2022-03-21 10:00"),
            ("2022年3月21日", "2022-03-21"),
            ("2022年3月", "2022-03"),
            ("2022.03", "2022-03"),
            ("Sept 9, 2021", "2021-09-09"),
            ("9 September 2021", "2021-09-09"),
            ("２０２２/０３/２１", "2022-03-21"),
            ("2022/13/01", "2022/13/01"),
            ("2022-03-32", "2022-03-32"),
            ("20220321", "20220321"),
            ("May 2022", "May 2022"),
            ("March 21", "March 21"),
            ("Spring 2022", "Spring 2022"),
        ] {
            assert_eq!(date_string(written), read, "{written}");
        }
    }

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
        assert!(split("---").is_none());
        assert!(split("text\n---\na: 1\n---\n").is_none());
    }

    /// Repro `fm_leading.js`: front matter after a blank line was rendered as a rule and a
    /// heading, and with CR-only line endings as text.
    #[test]
    fn front_matter_may_follow_a_bom_and_blank_lines() {
        for text in [
            "\n---\na: 1\n---\nhello",
            "\u{FEFF}\r\n \t\n---\na: 1\n---\nhello",
            "\r---\ra: 1\r---\rhello",
            "---\r\na: 1\r\n---\r\nhello",
        ] {
            let fm = split(text).expect(text);
            assert_eq!(fm.raw, "a: 1\n", "{text:?}");
            assert_eq!(&text[fm.body_start..], "hello", "{text:?}");
        }
    }

    #[test]
    fn toml_with_cr_only_line_endings_is_read() {
        let (meta, warnings) = meta_of("+++\rtitle = \"Recap\"\rtags = [\"a\"]\r+++\r");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(meta.title, "Recap");
        assert_eq!(meta.tags, ["a"]);
    }
}
