//! Lists render tight or loose as CommonMark says: a list whose items, or two blocks in one
//! item, are separated by a blank line anywhere is loose (its paragraphs are `<p>`),
//! otherwise tight (bare text). Each shape is compared with pulldown-cmark's own HTML for the
//! same Markdown. A loose list of one-paragraph items rendered tight, and a tight item with a
//! nested list rendered its text as `<p>`.

use pulldown_cmark::{html, Options, Parser};
use recapdex::ingest::parse_note;
use recapdex::outline::outline;
use recapdex::render::{render_html, RenderOptions};
use recapdex::FormatChoice;

/// The options `recapdex::ingest` parses Markdown with.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// The list structure of `html`: its `ul`, `ol`, `li` and `p` tags, and `text` for each run of
/// text (or other markup) between them, so `<li>a</li>` and `<li><p>a</p></li>` differ.
fn shape(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let (text, tag) = match rest.find('<') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        };
        if !text.trim().is_empty() && out.last().is_none_or(|l| l != "text") {
            out.push("text".to_string());
        }
        let Some(end) = tag.find('>') else { break };
        let name = tag[1..end].split(' ').next().unwrap_or("");
        if ["ul", "/ul", "ol", "/ol", "li", "/li", "p", "/p"].contains(&name) {
            out.push(name.to_string());
        } else if out.last().is_none_or(|l| l != "text") {
            out.push("text".to_string());
        }
        rest = &tag[end + 1..];
    }
    out
}

fn ours(md: &str) -> String {
    let note = parse_note("n", md, FormatChoice::Markdown);
    render_html(&note, &outline(&note), RenderOptions::default())
}

fn commonmark(md: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(md, options()));
    out
}

#[track_caller]
fn assert_like_commonmark(md: &str) {
    let (ours, theirs) = (ours(md), commonmark(md));
    assert_eq!(
        shape(&ours),
        shape(&theirs),
        "\n--- markdown ---\n{md}\n--- recapdex ---\n{ours}\n--- pulldown-cmark ---\n{theirs}"
    );
}

#[test]
fn a_tight_list_has_no_paragraphs() {
    assert_like_commonmark("- a\n- b\n- c\n");
    assert_like_commonmark("1. a\n2. b\n");
    assert_eq!(ours("- a\n- b\n"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
}

#[test]
fn a_loose_list_has_paragraphs() {
    assert_like_commonmark("- a\n\n- b\n\n- c\n");
    assert_like_commonmark("3. a\n\n4. b\n");
    assert_eq!(
        ours("- a\n\n- b\n"),
        "<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>\n"
    );
}

#[test]
fn a_blank_line_between_two_items_makes_the_whole_list_loose() {
    assert_like_commonmark("- a\n- b\n\n- c\n- d\n");
    assert!(ours("- a\n- b\n\n- c\n").contains("<li><p>a</p>"));
}

#[test]
fn an_item_of_two_paragraphs_makes_the_list_loose() {
    assert_like_commonmark("- a\n\n  second\n- b\n");
    assert_like_commonmark("- a\n- b\n\n  second\n");
}

#[test]
fn nested_lists_are_tight_or_loose_on_their_own() {
    // Tight in tight: the item's text before the nested list is bare.
    assert_like_commonmark("- a\n  - b\n  - c\n- d\n");
    assert_eq!(
        ours("- a\n  - b\n"),
        "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n"
    );
    // Loose in tight, and tight in loose.
    assert_like_commonmark("- a\n  - b\n\n    c\n- d\n");
    assert_like_commonmark("- a\n\n- b\n  - c\n  - d\n");
    // A blank line after a nested list, before the next outer item.
    assert_like_commonmark("- a\n  - b\n\n- c\n");
    assert_like_commonmark("1. a\n   1. b\n   2. c\n2. d\n");
}

#[test]
fn other_blocks_in_items_keep_their_tightness() {
    assert_like_commonmark("- a\n  ```\n  x\n  ```\n- b\n");
    assert_like_commonmark("- a\n\n  ```\n  x\n  ```\n- b\n");
    assert_like_commonmark("- > q\n- b\n");
    assert_like_commonmark("- # h\n\n- # i\n");
    assert_like_commonmark("- a\n  # h\n  b\n");
    assert_like_commonmark("> - a\n>\n> - b\n");
    assert_like_commonmark("> - a\n> - b\n");
    assert_like_commonmark("text\n\n- a\n- b\n\ntext\n\n1. c\n\n2. d\n");
}

/// A loose task item's checkbox is in its paragraph, as CommonMark renderers put it.
#[test]
fn a_loose_task_item_has_its_checkbox_in_its_paragraph() {
    assert_like_commonmark("- [x] done\n\n- [ ] todo\n");
    assert_like_commonmark("- [x] done\n- [ ] todo\n");
    let out = ours("- [x] done\n\n- [ ] todo\n");
    assert!(
        out.contains("<li><p><input type=\"checkbox\" disabled checked> done</p>"),
        "{out}"
    );
}
