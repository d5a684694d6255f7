//! The seed recaps through the whole library: the Markdown seed `001` (front matter, excerpt,
//! table of contents, slugs, images) and every search expectation of
//! `../shared/spec/seeds.md`. Skips with a message when `../shared` is absent.

mod common;

use common::seed_text;
use recapdex::library::{Hit, SearchResult};
use recapdex::{AddOptions, Library, SearchOptions};

/// All five seeds in one library, ids `000` … `004`.
fn library() -> Option<Library> {
    let mut lib = Library::default();
    for prefix in ["000", "001", "002", "003", "004"] {
        let text = seed_text(prefix)?;
        let info = lib.add_note(prefix, &text, &AddOptions::default()).unwrap();
        assert!(info.warnings.is_empty(), "{prefix}: {:?}", info.warnings);
    }
    Some(lib)
}

fn search(lib: &Library, q: &str) -> SearchResult {
    let opts = SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    };
    lib.search(q, &opts).unwrap()
}

fn hit_in<'a>(res: &'a SearchResult, note: &str, heading_part: &str) -> Option<&'a Hit> {
    res.hits
        .iter()
        .find(|h| h.note_id == note && h.heading.contains(heading_part))
}

#[test]
fn every_seed_parses_renders_has_a_toc_and_is_searchable() {
    let Some(lib) = library() else { return };
    for id in lib.note_ids() {
        let page = lib.render(&id).unwrap();
        assert!(!page.html.is_empty(), "{id}");
        assert!(!page.toc.is_empty(), "{id} has a table of contents");
        for s in &page.meta.sections[1..] {
            assert!(
                page.html.contains(&format!("id=\"{}\"", s.slug)),
                "{id}: heading id {}",
                s.slug
            );
        }
    }
}

#[test]
fn seed_001_front_matter_is_metadata_not_text() {
    let Some(lib) = library() else { return };
    let info = lib.note("001").unwrap();
    assert_eq!(info.meta.title, "KubeCon China 2021 回顾(上)");
    assert_eq!(info.meta.authors, ["70data"]);
    assert_eq!(info.meta.date.as_deref(), Some("2021-12-17"));
    assert_eq!(info.meta.tags, ["云原生", "Kubernetes"]);
    assert_eq!(
        info.meta.extra.get("toc"),
        Some(&recapdex::model::MetaValue::Bool(true))
    );
    let html = lib.render("001").unwrap().html;
    assert!(
        !html.contains("author: 70data"),
        "front matter is not shown"
    );
}

#[test]
fn seed_001_excerpt_is_the_text_before_more() {
    let Some(lib) = library() else { return };
    let excerpt = lib.note("001").unwrap().meta.excerpt;
    assert!(excerpt.starts_with("这是一篇长文。"), "{excerpt}");
    assert!(
        !excerpt.contains("华为云"),
        "stops at <!--more-->: {excerpt}"
    );
}

#[test]
fn seed_001_toc_nests_skipped_levels_and_keeps_the_final_h1() {
    let Some(lib) = library() else { return };
    let toc = lib.render("001").unwrap().toc;
    let h2: Vec<_> = toc.iter().filter(|e| e.level == 2).collect();
    assert_eq!(h2.len(), 24, "24 sessions");
    let h5: usize = h2.iter().map(|e| e.children.len()).sum();
    assert_eq!(h5, 11, "11 ##### headings nested under their ##");
    assert!(h2
        .iter()
        .flat_map(|e| &e.children)
        .all(|c| c.level == 5 && c.children.is_empty()));
    let last = toc.last().unwrap();
    assert_eq!((last.level, last.text.as_str()), (1, "小总结"));
}

#[test]
fn seed_001_slugs_are_unique_keep_chinese_and_are_stable() {
    let Some(lib) = library() else { return };
    let sections = lib.note("001").unwrap().sections;
    let mut seen = std::collections::HashSet::new();
    for s in &sections[1..] {
        assert!(!s.slug.is_empty());
        assert!(seen.insert(s.slug.clone()), "duplicate slug {}", s.slug);
    }
    assert!(sections.iter().any(|s| s.slug == "小总结"));
    // Stable across re-parses: a second library gives the same slugs.
    let mut again = Library::default();
    again
        .add_note("001", &seed_text("001").unwrap(), &AddOptions::default())
        .unwrap();
    let slugs =
        |v: &[recapdex::library::SectionInfo]| v.iter().map(|s| s.slug.clone()).collect::<Vec<_>>();
    assert_eq!(
        slugs(&sections),
        slugs(&again.note("001").unwrap().sections)
    );
}

#[test]
fn seed_001_remote_images_render_lazy_and_are_not_indexed() {
    let Some(lib) = library() else { return };
    let html = lib.render("001").unwrap().html;
    let images = html.matches("<img ").count();
    assert_eq!(images, 171);
    assert_eq!(html.matches("loading=\"lazy\"").count(), 171);
    assert_eq!(
        search(&lib, "\"aliyuncs\"").total,
        0,
        "image urls are not text"
    );
}

#[test]
fn nfkc_makes_kangxi_radicals_and_full_width_punctuation_match() {
    let Some(lib) = library() else { return };
    let res = search(&lib, "首云");
    assert!(hit_in(&res, "004", "").is_some(), "首云 finds ⾸云 in 004");
    let res = search(&lib, "首云容器");
    assert!(
        hit_in(&res, "004", "").is_some(),
        "longer runs are verified after NFKC"
    );
    assert!(search(&lib, "使用").hits.iter().any(|h| h.note_id == "004"));
    // Full-width punctuation in a query equals its half-width form.
    let a = search(&lib, "Etcd，性能");
    let b = search(&lib, "Etcd,性能");
    assert_eq!(a.total, b.total);
    assert!(a.total > 0);
}

#[test]
fn seed_000_chinese_substrings_and_mixed_queries_find_their_sections() {
    let Some(lib) = library() else { return };
    let res = search(&lib, "数据拷贝");
    assert!(hit_in(&res, "000", "FUSE").is_some(), "{:?}", res.hits);
    let res = search(&lib, "Etcd 性能");
    assert!(hit_in(&res, "000", "Tekton").is_some());
    let fuse = search(&lib, "fuse_conn");
    assert!(hit_in(&fuse, "000", "FUSE").is_some());
}

#[test]
fn seed_002_scraped_fragment_is_found_as_one_paragraph() {
    let Some(lib) = library() else { return };
    let res = search(&lib, "WatchBookmark 特性");
    assert!(hit_in(&res, "002", "可靠性").is_some(), "{:?}", res.hits);
    assert_eq!(
        search(&lib, "note:002 评论").total,
        0,
        "furniture is not indexed"
    );
}

#[test]
fn seed_003_speakers_are_searchable_and_shown() {
    let Some(lib) = library() else { return };
    let res = search(&lib, "speaker:hockin");
    let hit = hit_in(&res, "003", "Resource Scheduling").expect("speaker filter");
    assert_eq!(hit.speaker.as_deref(), Some("Tim Hockin"));
    let res = search(&lib, "Brendan Burns");
    assert!(hit_in(&res, "003", "Compiling to Containers").is_some());
    assert_eq!(search(&lib, "Disqus").total, 0);
}

#[test]
fn seed_004_entries_are_found_and_footers_are_gone() {
    let Some(lib) = library() else { return };
    let res = search(&lib, "KubeBrain");
    let first = &lib.note("004").unwrap().sections[1];
    assert!(res
        .hits
        .iter()
        .any(|h| h.note_id == "004" && h.slug == first.slug));
    let res = search(&lib, "超大规模实践");
    assert!(hit_in(&res, "004", "阿里巴巴").is_some(), "{:?}", res.hits);
    assert_eq!(search(&lib, "码力").total, 0, "footers are not indexed");
    assert_eq!(
        search(&lib, "共 37 条").total,
        0,
        "the pager is not indexed"
    );
}

#[test]
fn every_hit_deep_links_to_a_heading_id_in_the_rendered_note() {
    let Some(lib) = library() else { return };
    for q in ["Kubernetes", "调度", "云原生", "Velero", "性能"] {
        for hit in search(&lib, q).hits {
            if hit.slug.is_empty() {
                continue; // the lead section links to the top of the note
            }
            let html = lib.render(&hit.note_id).unwrap().html;
            assert!(
                html.contains(&format!("id=\"{}\"", hit.slug)),
                "{q}: {} #{}",
                hit.note_id,
                hit.slug
            );
        }
    }
}
