//! Shared by the integration tests: reading `../shared/corpus/`, which a fresh clone lacks,
//! and looking into parsed notes.
// Each test crate uses a subset of these helpers.
#![allow(dead_code)]

use std::path::Path;

use recapdex::model::{Block, BlockKind, Inline, Note, SectionMeta};

/// The handbook's Markdown pages as `(path relative to the handbook, text)`, sorted; `None`
/// (with a message) when the corpus is absent.
pub fn handbook() -> Option<Vec<(String, String)>> {
    let root = Path::new("../shared/corpus/handbook");
    if !root.is_dir() {
        eprintln!("skipping: {} is absent", root.display());
        return None;
    }
    let mut notes = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "md") {
                let id = p.strip_prefix(root).unwrap().display().to_string();
                notes.push((id, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    notes.sort();
    Some(notes)
}

/// The text of the seed whose file name starts with `prefix` (`"000"` … `"004"`); `None`
/// (with a message) when the seeds are absent.
pub fn seed_text(prefix: &str) -> Option<String> {
    let dir = Path::new("../shared/corpus/seeds");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipping: seed folder {} is absent", dir.display());
        return None;
    };
    let path = entries.filter_map(|e| e.ok().map(|e| e.path())).find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
    });
    let Some(path) = path else {
        eprintln!("skipping: no seed {prefix}_*.txt in {}", dir.display());
        return None;
    };
    Some(std::fs::read_to_string(path).expect("seed is UTF-8"))
}

/// A parsed note's indexable text, blocks separated by newlines.
pub fn all_text(note: &Note) -> String {
    let mut out = String::new();
    for b in &note.blocks {
        b.push_text(&mut out);
    }
    out
}

/// A parsed note's top-level headings as (text, metadata), in order.
pub fn headings(note: &Note) -> Vec<(String, SectionMeta)> {
    note.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { content, meta, .. } => {
                Some((Inline::text_of(content), meta.clone()))
            }
            _ => None,
        })
        .collect()
}

/// A parsed note's top-level heading texts, in order.
pub fn heading_texts(note: &Note) -> Vec<String> {
    headings(note).into_iter().map(|h| h.0).collect()
}

/// Every block's source range lies inside `text` on character boundaries.
pub fn assert_sources_inside(blocks: &[Block], text: &str) {
    for b in blocks {
        assert!(
            b.source.start <= b.source.end && b.source.end <= text.len(),
            "{b:?}"
        );
        assert!(text.is_char_boundary(b.source.start) && text.is_char_boundary(b.source.end));
        if let BlockKind::List { items, .. } = &b.kind {
            for item in items {
                assert_sources_inside(&item.blocks, text);
            }
        }
    }
}
