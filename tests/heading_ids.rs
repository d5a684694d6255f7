//! A heading's explicit id (`## Install {#install}`, a Hugo/goldmark attribute list) is its
//! section's slug everywhere a slug is used: the rendered heading's `id` and anchor, the table
//! of contents, `addNote`'s sections, search hits, a snapshot loaded back, and `toMarkdown`'s
//! Markdown added again. Links elsewhere (`[安装](#install)`) landed at the top of the note:
//! the id was dropped from the heading's text and the heading slugged from that text.

use recapdex::export_md::to_markdown;
use recapdex::ingest::parse_note;
use recapdex::outline::{outline, slug_base, TocEntry};
use recapdex::render::{render_html, RenderOptions};
use recapdex::{AddOptions, FormatChoice, Library, SearchOptions};

const NOTE: &str = "# KubeCon 回顾\n\n见[安装步骤](#install)。\n\n## 安装步骤 {#install}\n\nhelm 安装 operator。\n\n### Configure the Operator {#cfg .wide}\n\n配置 operator 的参数。\n";

fn slugs(md: &str) -> Vec<String> {
    let note = parse_note("n", md, FormatChoice::Markdown);
    outline(&note).sections[1..]
        .iter()
        .map(|s| s.slug.clone())
        .collect()
}

fn html(md: &str) -> String {
    let note = parse_note("n", md, FormatChoice::Markdown);
    render_html(&note, &outline(&note), RenderOptions::default())
}

fn toc_slugs(toc: &[TocEntry], out: &mut Vec<String>) {
    for e in toc {
        out.push(e.slug.clone());
        toc_slugs(&e.children, out);
    }
}

#[test]
fn an_explicit_id_is_the_rendered_id_anchor_and_toc_link() {
    assert_eq!(slugs(NOTE), ["kubecon-回顾", "install", "cfg"]);
    let out = html(NOTE);
    assert!(
        out.contains("<h2 id=\"install\"><a class=\"anchor\" href=\"#install\""),
        "{out}"
    );
    assert!(out.contains("<h3 id=\"cfg\">"), "{out}");
    // The attribute list is no text of the heading.
    assert!(out.contains(">#</a>安装步骤</h2>"), "{out}");
    assert!(!out.contains("{#"), "{out}");

    let mut lib = Library::default();
    lib.add_note("kubecon", NOTE, &AddOptions::default())
        .unwrap();
    let page = lib.render("kubecon").unwrap();
    let mut toc = Vec::new();
    toc_slugs(&page.toc, &mut toc);
    assert_eq!(toc, ["kubecon-回顾", "install", "cfg"]);
}

#[test]
fn an_explicit_id_is_the_slug_of_add_note_search_hits_and_a_loaded_snapshot() {
    let mut lib = Library::default();
    let info = lib
        .add_note("kubecon", NOTE, &AddOptions::default())
        .unwrap();
    let slugs_of = |sections: &[recapdex::library::SectionInfo]| -> Vec<String> {
        sections.iter().map(|s| s.slug.clone()).collect()
    };
    assert_eq!(
        slugs_of(&info.sections),
        ["", "kubecon-回顾", "install", "cfg"]
    );
    let hit_slug = |lib: &Library, q: &str| {
        lib.search(q, &SearchOptions::default()).unwrap().hits[0]
            .slug
            .clone()
    };
    assert_eq!(hit_slug(&lib, "helm"), "install");
    assert_eq!(hit_slug(&lib, "参数"), "cfg");

    for sources in [true, false] {
        let bytes = lib
            .export_index_with(&|_| None, &recapdex::library::ExportOptions { sources })
            .unwrap();
        let loaded = Library::load(&bytes).unwrap();
        assert_eq!(
            slugs_of(&loaded.note("kubecon").unwrap().sections),
            ["", "kubecon-回顾", "install", "cfg"],
            "sources: {sources}"
        );
        assert_eq!(hit_slug(&loaded, "helm"), "install");
        if sources {
            let page = loaded.render("kubecon").unwrap();
            assert!(page.html.contains("<h2 id=\"install\">"), "{}", page.html);
        }
    }
}

/// The first to claim a slug keeps it, explicit or worked out from a heading's text, so no
/// slug given before changes; a later claim is made unique as the slugger makes any slug.
#[test]
fn a_taken_id_is_made_unique_and_the_first_keeps_it() {
    // An explicit id after a heading slugged the same.
    assert_eq!(
        slugs("## Install\n\n## 安装 {#install}\n"),
        ["install", "install-1"]
    );
    // A heading slugged as an explicit id before it.
    assert_eq!(
        slugs("## 安装 {#install}\n\n## Install\n"),
        ["install", "install-1"]
    );
    // Two explicit ids alike, and a third heading whose slug the suffix took.
    assert_eq!(
        slugs("## A {#x}\n\n## B {#x}\n\n## x-1\n\n## C {#x}\n"),
        ["x", "x-1", "x-1-1", "x-2"]
    );
    // A footnote's id (`fn-<label>`) is never a heading's.
    let out = html("## 脚注 {#fn-1}\n\n正文[^1]\n\n[^1]: 说明\n");
    assert!(out.contains("<h2 id=\"fn-1-1\">"), "{out}");
    assert_eq!(out.matches("id=\"fn-1\"").count(), 1, "{out}");
    // The lead section's empty slug cannot be claimed: an id has a character at least.
    assert_eq!(slugs("## {#}\n"), ["section"]);
}

/// Ids keep their case (a URL fragment is case-sensitive) and the characters an attribute
/// list's `#id` may hold; goldmark's `id=` works too, and the last id wins, as in goldmark.
#[test]
fn an_id_is_used_as_written() {
    assert_eq!(slugs("## A {#Setup_Guide:v2}\n"), ["Setup_Guide:v2"]);
    assert_eq!(slugs("## A {id=setup}\n"), ["setup"]);
    assert_eq!(slugs("## A {id=\"setup\" .wide}\n"), ["setup"]);
    assert_eq!(slugs("## A {#first #second}\n"), ["second"]);
    // Classes and other attributes give no id: the heading is slugged from its text.
    assert_eq!(slugs("## Deep Dive {.wide data-x=1}\n"), ["deep-dive"]);
    // A setext heading takes one too.
    assert_eq!(slugs("Install {#install}\n===\n"), ["install"]);
}

/// An id goes into `id="…"` and `href="#…"`: whatever an author writes, no attribute can be
/// opened. What is no attribute list stays text of the heading (and is escaped); an `id=`
/// value holding what a `#id` may not hold is no id.
#[test]
fn a_hostile_id_opens_no_attribute() {
    for md in [
        "## Title {#a\"onmouseover=x}\n",
        "## Title {#a onmouseover=alert(1)}\n",
        "## Title {id=\"a b\" onmouseover=alert(1)}\n",
        "## Title {id='x\"><script>alert(1)</script>'}\n",
        "## Title {id=\"a\\\" onmouseover=x\"}\n",
        "## Title {#a'onfocus=x}\n",
        "## Title {#a><img src=x onerror=alert(1)>}\n",
    ] {
        let out = html(md);
        // Every tag is one the heading is made of, with only its own attributes.
        for tag in out.split('<').skip(1).map(|t| &t[..t.find('>').unwrap()]) {
            let name = tag.split(' ').next().unwrap();
            assert!(["h2", "/h2", "a", "/a"].contains(&name), "{md:?}: {out}");
            let mut rest = &tag[name.len()..];
            while let Some(attr) = rest.strip_prefix(' ') {
                let (key, after) = attr.split_once("=\"").expect("a quoted value");
                assert!(
                    ["id", "class", "href", "aria-label"].contains(&key),
                    "{md:?}: {out}"
                );
                rest = &after[after.find('"').unwrap() + 1..];
            }
            assert_eq!(rest, "", "{md:?}: {out}");
        }
        let id = out
            .split_once("<h2 id=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(id, _)| id)
            .unwrap_or_else(|| panic!("{md:?}: {out}"));
        assert!(
            id.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':')),
            "{md:?}: {id:?}"
        );
    }
    // The one that is an attribute list gives the id `a`; the rest are slugged from text.
    assert_eq!(slugs("## Title {#a onmouseover=alert(1)}\n"), ["a"]);
    assert_eq!(
        slugs("## Title {id=\"a b\" onmouseover=alert(1)}\n"),
        ["title"]
    );
    assert_eq!(
        slugs("## Title {#a\"onmouseover=x}\n"),
        ["title-aonmouseoverx"]
    );
}

/// Headings without an explicit id, braces in their text or not, are slugged as before.
#[test]
fn headings_without_an_id_keep_their_slugs() {
    for heading in [
        "Scaling Controllers",
        "使用 {变量}",
        "Go 泛型 {T any}",
        "{#only}",
        "安装 {#a\"b}",
        "KubeCon China 2021 回顾(上)",
    ] {
        assert_eq!(
            slugs(&format!("## {heading}\n")),
            [slug_base(heading)],
            "{heading}"
        );
    }
}

/// `toMarkdown` writes the id back, so the Markdown added again has the same slugs; text
/// ending like an attribute list stays text.
#[test]
fn to_markdown_writes_the_id_back() {
    let md = "## 安装步骤 {#install}\n\n正文。\n\n## 安装 {#install}\n\n## 配置 {#cfg}<!-- -->\n\n- ### 列表里 {#in-list}\n";
    let note = parse_note("n", md, FormatChoice::Markdown);
    let out = to_markdown(&note);
    assert!(out.contains("\n## 安装步骤 {#install}\n"), "{out}");
    assert!(out.contains("\n## 安装 {#install}\n"), "{out}");
    assert!(out.contains("\n## 配置 {#cfg}<!-- -->\n"), "{out}");
    assert!(out.contains("- ### 列表里 {#in-list}\n"), "{out}");
    assert_eq!(slugs(&out), slugs(md));
    assert_eq!(slugs(md), ["install", "install-1", "配置-cfg"]);
    assert_eq!(html(&out), html(md));
}
