//! Robustness on the 202-page handbook corpus (`../shared/corpus/handbook`): every page parses
//! without warnings, has unique non-empty slugs, and renders. Skips when `../shared` is absent.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::HashSet;

use recapdex::{AddOptions, Library};

#[test]
fn every_handbook_page_parses_cleanly_has_unique_slugs_and_renders() {
    let Some(notes) = common::handbook() else {
        return;
    };
    assert_eq!(notes.len(), 202);
    let mut lib = Library::default();
    for (id, text) in &notes {
        let info = lib.add_note(id, text, &AddOptions::default()).unwrap();
        assert!(info.warnings.is_empty(), "{id}: {:?}", info.warnings);
        assert!(!info.meta.title.is_empty(), "{id} has a title");
        let mut seen = HashSet::new();
        for s in &info.sections[1..] {
            assert!(!s.slug.is_empty(), "{id}: empty slug for {:?}", s.heading);
            assert!(
                seen.insert(s.slug.clone()),
                "{id}: duplicate slug {}",
                s.slug
            );
        }
        let page = lib.render(id).unwrap();
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
