//! Robustness on the 202-page handbook corpus (`../shared/corpus/handbook`): every page parses
//! without warnings, has unique non-empty slugs, and renders. Skips when `../shared` is absent.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use std::path::Path;

use recapdex::{AddOptions, Library};

#[test]
fn every_handbook_page_parses_cleanly_has_unique_slugs_and_renders() {
    let root = Path::new("../shared/corpus/handbook");
    if !root.is_dir() {
        eprintln!("skipping: {} is absent", root.display());
        return;
    }
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "md") {
                files.push(p);
            }
        }
    }
    assert_eq!(files.len(), 202);
    let mut lib = Library::default();
    for path in &files {
        let id = path.strip_prefix(root).unwrap().display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let info = lib.add_note(&id, &text, &AddOptions::default()).unwrap();
        assert!(info.warnings.is_empty(), "{id}: {:?}", info.warnings);
        assert!(!info.title.is_empty(), "{id} has a title");
        let mut seen = HashSet::new();
        for s in &info.sections[1..] {
            assert!(!s.slug.is_empty(), "{id}: empty slug for {:?}", s.heading);
            assert!(
                seen.insert(s.slug.clone()),
                "{id}: duplicate slug {}",
                s.slug
            );
        }
        let page = lib.render(&id).unwrap();
        assert!(
            !page.html.contains("{{<"),
            "{id}: a shortcode leaked into the html"
        );
        for s in &info.sections[1..] {
            assert!(
                page.html.contains(&format!("id=\"{}\"", s.slug)),
                "{id}: #{}",
                s.slug
            );
        }
    }
}
