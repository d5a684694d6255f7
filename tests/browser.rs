//! The JS API in real Chromium (wasm-bindgen-test, see webdriver.json). Run by scripts/test
//! with `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JsString, Object, Reflect, Uint8Array};
use recapdex::wasm::Library;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MD: &str = "---\ntitle: KubeCon 回顾\ndate: 2021-12-17\ntags: [云原生]\n---\n\n开场白。\n\n<!--more-->\n\n## Scheduling at Scale\n\n调度器的数据拷贝优化，scheduling 很重要。\n\n<script>alert(1)</script>\n\n## Scheduling at Scale\n\n重复标题。\n";
const TEXT: &str = "周报第一期\n前言\n本周的云原生动态如下，内容很多。\nCompiling to Containers - Brendan Burns, Microsoft\n容器可以看作分布式系统的汇编语言。\n";

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn opts(pairs: &[(&str, JsValue)]) -> Option<JsValue> {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    Some(o.into())
}

/// Snapshot bytes as JS gives them to `Library.load`.
fn snapshot(b: impl AsRef<[u8]>) -> JsValue {
    js_sys::Uint8Array::from(b.as_ref()).into()
}

fn code_of(err: JsValue) -> String {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "thrown value is an Error"
    );
    get(&err, "code").as_string().unwrap()
}

fn library() -> Library {
    let mut lib = Library::new(None).unwrap();
    lib.add_note("md".into(), MD.into(), opts(&[("format", "auto".into())]))
        .unwrap();
    lib.add_note("txt".into(), TEXT.into(), None).unwrap();
    lib
}

#[wasm_bindgen_test]
fn add_note_returns_plain_note_info() {
    let mut lib = Library::new(None).unwrap();
    let info = lib.add_note("md".into(), MD.into(), None).unwrap();
    assert_eq!(get(&info, "title").as_string().unwrap(), "KubeCon 回顾");
    assert_eq!(get(&info, "date").as_string().unwrap(), "2021-12-17");
    assert_eq!(get(&info, "excerpt").as_string().unwrap(), "开场白。");
    let sections: Array = get(&info, "sections").dyn_into().unwrap();
    assert_eq!(sections.length(), 3);
    assert_eq!(
        get(&sections.get(2), "slug").as_string().unwrap(),
        "scheduling-at-scale-1"
    );
    assert!(get(&info, "extra").is_object());
}

#[wasm_bindgen_test]
fn render_gives_safe_html_and_a_toc() {
    let lib = library();
    let out = lib.render("md".into()).unwrap();
    let html = get(&out, "html").as_string().unwrap();
    assert!(html.contains("<h2 id=\"scheduling-at-scale\">"));
    assert!(!html.contains("<script>"), "raw html escaped");
    let toc: Array = get(&out, "toc").dyn_into().unwrap();
    assert_eq!(toc.length(), 2);
    assert!(Array::is_array(&get(&toc.get(0), "children")));
    assert_eq!(get(&get(&out, "meta"), "id").as_string().unwrap(), "md");
}

#[wasm_bindgen_test]
fn search_finds_chinese_substrings_with_utf16_highlights() {
    let lib = library();
    let res = lib
        .search("数据拷贝".into(), opts(&[("limit", 5.into())]))
        .unwrap();
    assert_eq!(get(&res, "total").as_f64().unwrap(), 1.0);
    let hit = Array::from(&get(&res, "hits")).get(0);
    assert_eq!(get(&hit, "noteId").as_string().unwrap(), "md");
    assert_eq!(
        get(&hit, "slug").as_string().unwrap(),
        "scheduling-at-scale"
    );
    let snippet = get(&hit, "snippet").as_string().unwrap();
    let range = Array::from(&Array::from(&get(&hit, "highlights")).get(0));
    let (start, end) = (
        range.get(0).as_f64().unwrap() as u32,
        range.get(1).as_f64().unwrap() as u32,
    );
    // JS string indices are UTF-16 code units.
    let js = js_sys::JsString::from(snippet);
    assert_eq!(String::from(js.substring(start, end)), "数据拷贝");
    assert!(get(&hit, "snippetHtml")
        .as_string()
        .unwrap()
        .contains("<mark>数据拷贝</mark>"));
}

#[wasm_bindgen_test]
fn search_handles_speakers_filters_and_malformed_queries() {
    let lib = library();
    let res = lib.search("speaker:brendan".into(), None).unwrap();
    let hit = Array::from(&get(&res, "hits")).get(0);
    assert_eq!(get(&hit, "speaker").as_string().unwrap(), "Brendan Burns");
    let res = lib.search("\"调度器 -".into(), None).unwrap();
    assert!(get(&res, "total").as_f64().unwrap() >= 1.0);
    let err = lib
        .search("x".into(), opts(&[("limit", 0.into())]))
        .err()
        .unwrap();
    assert_eq!(code_of(err), "invalid_option");
}

#[wasm_bindgen_test]
fn errors_are_thrown_with_stable_codes() {
    let mut lib = library();
    assert_eq!(
        code_of(lib.render("nope".into()).err().unwrap()),
        "unknown_note"
    );
    assert_eq!(
        code_of(lib.remove_note("nope".into()).err().unwrap()),
        "unknown_note"
    );
    assert_eq!(
        code_of(lib.add_note("md".into(), "x".into(), None).err().unwrap()),
        "duplicate_note"
    );
    assert_eq!(
        code_of(lib.add_note("".into(), "x".into(), None).err().unwrap()),
        "invalid_id"
    );
    let bad = opts(&[("expandBelow", (-1).into())]);
    assert_eq!(
        code_of(lib.search("x".into(), bad).err().unwrap()),
        "invalid_option"
    );
    let always = opts(&[("expandBelow", f64::INFINITY.into())]);
    assert!(lib.search("x".into(), always).is_ok());
    let bad = opts(&[("format", "docx".into())]);
    assert_eq!(
        code_of(lib.add_note("x".into(), "x".into(), bad).err().unwrap()),
        "invalid_option"
    );
    assert_eq!(
        code_of(Library::load(snapshot(b"not a snapshot")).err().unwrap()),
        "snapshot_foreign"
    );
}

#[wasm_bindgen_test]
fn remove_and_note_ids_keep_insertion_order() {
    let mut lib = library();
    assert_eq!(lib.note_ids(), ["md", "txt"]);
    assert!(lib.remove_note("md".into()).unwrap());
    assert_eq!(lib.note_ids(), ["txt"]);
    let res = lib.search("数据拷贝".into(), None).unwrap();
    assert_eq!(get(&res, "total").as_f64().unwrap(), 0.0);
}

#[wasm_bindgen_test]
fn snapshots_round_trip_through_uint8array() {
    let lib = library();
    let bytes = lib.export_index(None).unwrap();
    let array = Uint8Array::from(bytes.as_slice());
    let back = Library::load(array.into()).unwrap();
    assert_eq!(back.note_ids(), lib.note_ids());
    let a = lib.search("scheduling 调度".into(), None).unwrap();
    let b = back.search("scheduling 调度".into(), None).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&a).unwrap(),
        js_sys::JSON::stringify(&b).unwrap()
    );
}

/// The committed snapshot, written natively: wasm (its SIMD checksum and UTF-8 validation
/// included) reads the same bytes, and a bit flipped in every 97th payload byte is refused.
#[wasm_bindgen_test]
fn the_committed_native_snapshot_loads_in_wasm() {
    let bytes = include_bytes!("fixtures/snapshot-v4.bin");
    let lib = Library::load(snapshot(bytes)).unwrap();
    assert_eq!(lib.note_ids(), ["kubecon-recap", "weekly"]);
    let res = lib.search("数据拷贝".into(), None).unwrap();
    let hit = get(&res, "hits").dyn_into::<Array>().unwrap().get(0);
    assert_eq!(
        get(&hit, "slug").as_string().unwrap(),
        "scheduling-at-scale"
    );
    assert_eq!(lib.export_index(None).unwrap(), bytes);
    for at in (32..bytes.len()).step_by(97) {
        let mut damaged = bytes.to_vec();
        damaged[at] ^= 0x10;
        assert_eq!(
            code_of(Library::load(snapshot(&damaged)).err().unwrap()),
            "snapshot_corrupt",
            "flipped byte {at}"
        );
    }
}

/// Wasm memory's size in bytes (it only grows).
fn wasm_memory() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().unwrap();
    memory
        .buffer()
        .dyn_into::<js_sys::ArrayBuffer>()
        .unwrap()
        .byte_length() as f64
}

/// A note's source stays the JS string it came in as: the library borrows it back to render
/// and export instead of keeping a UTF-8 copy in wasm memory, which never shrinks. Ten 6 MB
/// notes, almost all of it an HTML comment that no section holds, grow wasm memory by
/// ~19 MB (what indexing one note needs at a time); keeping copies grew it by ~75 MB.
#[wasm_bindgen_test]
fn note_sources_stay_js_strings() {
    let filler = JsString::from("长").repeat(2_000_000);
    let note = |i: usize, body: &str| {
        JsString::from(format!("## 第{i}节\n\n<!-- "))
            .concat(&filler)
            .concat(&format!(" -->\n\n{body}\n").into())
    };
    let mut lib = Library::new(None).unwrap();
    let before = wasm_memory();
    for i in 0..10 {
        lib.add_note(JsValue::from(format!("n{i}")), note(i, "短文。"), None)
            .unwrap();
    }
    let grown = wasm_memory() - before;
    assert!(
        grown < 30e6,
        "wasm memory grew {grown} bytes for 60 MB of notes"
    );
    // Everything that needs a source gets it back.
    lib.update_note("n3".into(), note(3, "改过的短文。"), None)
        .unwrap();
    let html = get(&lib.render("n3".into()).unwrap(), "html")
        .as_string()
        .unwrap();
    assert!(html.contains("改过的短文。"), "{html}");
    assert!(lib
        .to_markdown("n3".into())
        .unwrap()
        .contains("改过的短文。"));
    let back = Library::load(snapshot(lib.export_index(None).unwrap())).unwrap();
    let html = get(&back.render("n3".into()).unwrap(), "html")
        .as_string()
        .unwrap();
    assert!(html.contains("改过的短文。"), "{html}");
}

/// `exportIndex({ sources: false })`: a smaller snapshot whose library searches alike and
/// throws `unsupported` for rendering; a wrong option type is refused.
#[wasm_bindgen_test]
fn snapshots_without_sources_search_but_do_not_render() {
    let lib = library();
    let full = lib.export_index(None).unwrap();
    let lean = lib
        .export_index(opts(&[("sources", false.into())]))
        .unwrap();
    assert!(lean.len() < full.len());
    let back = Library::load(snapshot(&lean)).unwrap();
    let (a, b) = (
        back.search("调度".into(), None).unwrap(),
        lib.search("调度".into(), None).unwrap(),
    );
    assert_eq!(
        js_sys::JSON::stringify(&a).unwrap(),
        js_sys::JSON::stringify(&b).unwrap()
    );
    assert_eq!(
        code_of(back.render("md".into()).err().unwrap()),
        "unsupported"
    );
    assert_eq!(
        code_of(back.to_markdown("txt".into()).err().unwrap()),
        "unsupported"
    );
    let bad = lib.export_index(opts(&[("sources", "no".into())]));
    assert_eq!(code_of(bad.err().unwrap()), "invalid_option");
}

/// A library that lends its sources exports the same bytes, and renders the same HTML, as
/// one that keeps them (the native core's default), through updates and removals; a note
/// whose text is not a string is refused with `invalid_input` and changes nothing.
#[wasm_bindgen_test]
fn lent_sources_export_and_render_as_kept_ones() {
    let mut lent = library();
    let mut kept = recapdex::Library::default();
    for (id, text) in [("md", MD), ("txt", TEXT)] {
        kept.add_note(id, text, &Default::default()).unwrap();
    }
    let changed = TEXT.replace("本周", "上周");
    lent.update_note("txt".into(), changed.as_str().into(), None)
        .unwrap();
    kept.update_note("txt", &changed, &Default::default())
        .unwrap();
    lent.add_note("extra".into(), "## 临时\n\n很快删掉。".into(), None)
        .unwrap();
    lent.remove_note("extra".into()).unwrap();
    let err = lent
        .add_note("number".into(), JsValue::from(7).unchecked_into(), None)
        .err()
        .unwrap();
    assert_eq!(code_of(err), "invalid_input");
    let err = lent
        .update_note("md".into(), JsValue::NULL.unchecked_into(), None)
        .err()
        .unwrap();
    assert_eq!(code_of(err), "invalid_input");
    assert_eq!(lent.export_index(None).unwrap(), kept.export_index());
    for id in ["md", "txt"] {
        let html = get(&lent.render(id.into()).unwrap(), "html")
            .as_string()
            .unwrap();
        assert_eq!(html, kept.render(id).unwrap().html);
        assert_eq!(
            lent.to_markdown(id.into()).unwrap(),
            kept.to_markdown(id).unwrap()
        );
    }
}

#[wasm_bindgen_test]
fn hostile_text_never_panics() {
    let mut lib = Library::new(None).unwrap();
    let nested = "- ".repeat(10_000) + "x";
    let long_line = "长".repeat(300_000);
    let lone = String::from_utf16_lossy(&[0xD800, 0x61, 0xDC00]);
    for (i, text) in [nested.as_str(), &long_line, "\0\0\0", &lone, "{{< x"]
        .iter()
        .enumerate()
    {
        lib.add_note(JsValue::from(format!("n{i}")), (*text).into(), None)
            .unwrap();
        lib.render(JsValue::from(format!("n{i}"))).unwrap();
    }
    lib.search("长长".into(), None).unwrap();
}

#[wasm_bindgen_test]
fn to_markdown_exports_plain_text_as_markdown() {
    let lib = library();
    let md = lib.to_markdown("txt".into()).unwrap();
    assert!(md.contains("## Compiling to Containers"), "{md}");
    assert!(md.starts_with("---\ntitle: \"周报第一期\""), "{md}");
}

#[wasm_bindgen_test]
fn option_bags_are_checked_field_by_field() {
    let mut lib = library();
    // Not given: `undefined` or `null`, for the bag and for a field; unknown fields are ignored.
    assert!(lib.search("调度".into(), Some(JsValue::NULL)).is_ok());
    let given = opts(&[("limit", JsValue::NULL), ("colour", "red".into())]);
    let res = lib.search("调度".into(), given).unwrap();
    assert!(Array::from(&get(&res, "hits")).length() >= 1);
    let limited = lib
        .search("调度".into(), opts(&[("limit", 1.into())]))
        .unwrap();
    assert_eq!(Array::from(&get(&limited, "hits")).length(), 1);
    let bare = lib
        .search("调度".into(), opts(&[("facets", false.into())]))
        .unwrap();
    let facets = get(&bare, "facets");
    for list in ["tags", "speakers", "notes", "years"] {
        assert_eq!(Array::from(&get(&facets, list)).length(), 0, "{list}");
    }
    assert!(Array::from(&get(&get(&res, "facets"), "notes")).length() >= 1);
    assert_eq!(get(&bare, "total").as_f64(), get(&res, "total").as_f64());
    let weights = Object::new();
    Reflect::set(&weights, &"body".into(), &2.into()).unwrap();
    assert!(lib
        .search("调度".into(), opts(&[("weights", weights.into())]))
        .is_ok());
    let wrong_weight = Object::new();
    Reflect::set(&wrong_weight, &"title".into(), &"heavy".into()).unwrap();
    let bad: [(&str, JsValue); 8] = [
        ("limit", 1.5.into()),
        ("limit", "10".into()),
        ("offset", (-1).into()),
        ("prefix", 1.into()),
        ("facets", "no".into()),
        ("snippetChars", f64::NAN.into()),
        ("weights", 3.into()),
        ("weights", wrong_weight.into()),
    ];
    for (key, value) in bad {
        let err = lib.search("x".into(), opts(&[(key, value)])).err().unwrap();
        let message = get(&err, "message").as_string().unwrap();
        assert_eq!(code_of(err), "invalid_option", "{key}");
        let named = if key == "weights" && message.contains("title") {
            "title"
        } else {
            key
        };
        assert!(message.contains(named), "{message}");
    }
    let not_a_bag = lib.search("x".into(), Some("fast".into())).err().unwrap();
    assert_eq!(code_of(not_a_bag), "invalid_option");
    let err = Library::new(Some(7.into())).err().unwrap();
    assert_eq!(code_of(err), "invalid_option");
    let err = lib
        .add_note("n".into(), "x".into(), opts(&[("format", 3.into())]))
        .err()
        .unwrap();
    assert_eq!(code_of(err), "invalid_option");
    assert!(!lib.note_ids().contains(&"n".to_string()));
}

/// `a` and `b` have the same own keys in the same order (`undefined` values included) and the
/// same values, recursively; `Err` names the first path where they differ.
fn same_shape(a: &JsValue, b: &JsValue, path: &str) -> Result<(), String> {
    if Array::is_array(a) || Array::is_array(b) {
        let (a, b): (Array, Array) = (a.clone().dyn_into().unwrap(), b.clone().dyn_into().unwrap());
        if a.length() != b.length() {
            return Err(format!("{path}: lengths {} vs {}", a.length(), b.length()));
        }
        for i in 0..a.length() {
            same_shape(&a.get(i), &b.get(i), &format!("{path}[{i}]"))?;
        }
        return Ok(());
    }
    if a.is_object() && b.is_object() {
        let keys = |v: &JsValue| -> Vec<String> {
            let obj: &Object = v.unchecked_ref();
            Reflect::own_keys(obj)
                .unwrap()
                .iter()
                .map(|k| k.as_string().unwrap())
                .collect()
        };
        let (ka, kb) = (keys(a), keys(b));
        if ka != kb {
            return Err(format!("{path}: keys {ka:?} vs {kb:?}"));
        }
        for k in ka {
            same_shape(&get(a, &k), &get(b, &k), &format!("{path}.{k}"))?;
        }
        return Ok(());
    }
    if Object::is(a, b) {
        Ok(())
    } else {
        Err(format!("{path}: {a:?} vs {b:?}"))
    }
}

/// What serde-wasm-bindgen makes of `value`, as the bindings once returned it.
fn by_serde<T: serde::Serialize>(value: &T) -> JsValue {
    let serde = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serde).unwrap()
}

/// Notes for the conversion tests: Markdown with every kind of front-matter value, a
/// plain-text recap with a speaker, and astral characters (two UTF-16 units each: slicing
/// one decoded string must count them).
fn shape_library() -> recapdex::Library {
    let astral = "---\ntitle: 表情 😀 笔记\ntags: [emoji, 云原生]\ndescription: 描述 𠀀\n\
                  draft: true\nrating: 4.5\ncount: 3\nnothing: ~\nlist: [1, two, [3]]\n\
                  nested: {a: {b: c}}\n---\n\n## 𠀀字 and 😀\n\n\
                  前文 😀😀 之后，𠀀字出现在 scheduling 旁边。\n\n### 更深 😀\n\n内容。\n";
    let mut lib = recapdex::Library::default();
    for (id, text) in [("md", MD), ("txt", TEXT), ("astral", astral)] {
        lib.add_note(id, text, &Default::default()).unwrap();
    }
    lib
}

/// Results are built by hand for speed (src/wasm/results.rs); they must be exactly what
/// serde-wasm-bindgen gives, down to key order, for every kind of field.
#[wasm_bindgen_test]
fn search_results_built_by_hand_match_serde() {
    use recapdex::{wasm::results::to_js, SearchOptions};

    let lib = shape_library();
    let (mut speakers, mut explained, mut highlighted) = (0, 0, 0);
    for q in [
        "调度",
        "scheduling",
        "schedulng",
        "容器 containers",
        "speaker:brendan",
        "tag:云原生",
        "𠀀字",
        "😀 scheduling",
        "no-such-word",
        "",
    ] {
        for explain in [false, true] {
            let options = SearchOptions {
                explain,
                ..Default::default()
            };
            let r = lib.search(q, &options).unwrap();
            let hits = r.hits.iter().chain(r.groups.iter().flat_map(|g| &g.hits));
            for h in hits {
                speakers += usize::from(h.speaker.is_some());
                explained += usize::from(h.explain.as_ref().is_some_and(|e| !e.is_empty()));
                highlighted += usize::from(!h.highlights.is_empty());
            }
            let path = format!("search {q:?} explain {explain}");
            same_shape(&to_js(&r).unwrap(), &by_serde(&r), &path).unwrap();
        }
    }
    assert!(speakers > 0 && explained > 0 && highlighted > 0);
}

#[wasm_bindgen_test]
fn note_infos_and_rendered_notes_built_by_hand_match_serde() {
    use recapdex::wasm::results::to_js;

    let lib = shape_library();
    let notes = lib.notes();
    let hand = to_js(notes.as_slice()).unwrap();
    same_shape(&hand, &by_serde(&notes), "notes").unwrap();
    // The cases are there: undefined values, section metadata, nested front matter.
    let astral = Array::from(&hand).get(2);
    assert!(get(&astral, "date").is_undefined());
    assert!(Reflect::has(&astral, &"date".into()).unwrap());
    assert!(get(&get(&astral, "extra"), "nested").is_object());
    let txt_sections = Array::from(&get(&Array::from(&hand).get(1), "sections"));
    assert!(txt_sections.iter().any(|s| get(&s, "speaker").is_string()));
    for id in ["md", "txt", "astral"] {
        let r = lib.render(id).unwrap();
        same_shape(&to_js(&r).unwrap(), &by_serde(&r), &format!("render {id}")).unwrap();
    }
}

/// serde-wasm-bindgen refused integers beyond 2^53, so `addNote` threw `invalid_input` for
/// such front matter after the note had been added. Now it is the nearest number.
#[wasm_bindgen_test]
fn front_matter_integers_beyond_2_pow_53_do_not_fail_add_note() {
    let mut lib = Library::new(None).unwrap();
    let text = "---\ntitle: Big\nbig: 9007199254740993\n---\n\n## H\n\ntext\n";
    let info = lib.add_note("big".into(), text.into(), None).unwrap();
    let big = get(&get(&info, "extra"), "big");
    assert_eq!(big.as_f64(), Some(9_007_199_254_740_992.0));
    assert!(get(&lib.note("big".into()).unwrap(), "extra").is_object());
}

/// Regression: `name_hash` took the top 16 bits of FxHasher's `u64`, which on wasm32 hashes in
/// 32 bits: every heading hashed to 0, so each query normalized the heading of every section
/// holding all its words to check whether the query names it (a tenth of a query for `pod`).
#[wasm_bindgen_test]
fn name_hashes_spread_on_wasm32() {
    let hashes: std::collections::HashSet<u16> = (0..1000)
        .map(|i| recapdex::index::name_hash(&format!("heading {i}")))
        .collect();
    assert!(hashes.len() > 950, "{} distinct hashes", hashes.len());
}

/// Values of the wrong type get typed errors (wasm-bindgen's glue read a number as a string
/// and wrote out of bounds), and a snapshot loads from an `ArrayBuffer` or a `DataView` too.
#[wasm_bindgen_test]
fn wrong_types_get_typed_errors_and_snapshots_load_from_any_buffer() {
    let mut lib = library();
    assert_eq!(code_of(lib.note(1.into()).err().unwrap()), "invalid_id");
    assert_eq!(
        code_of(lib.remove_note(JsValue::NULL).err().unwrap()),
        "invalid_id"
    );
    let lone = JsString::from_char_code1(0xD800);
    assert_eq!(
        code_of(lib.add_note(lone.into(), "x".into(), None).err().unwrap()),
        "invalid_id"
    );
    assert_eq!(
        code_of(lib.search(Object::new().into(), None).err().unwrap()),
        "invalid_input"
    );
    assert_eq!(lib.note_ids(), ["md", "txt"]);

    let bytes = Uint8Array::from(lib.export_index(None).unwrap().as_slice());
    let view = js_sys::DataView::new(&bytes.buffer(), 0, bytes.length() as usize);
    for given in [bytes.buffer().into(), view.into()] {
        assert_eq!(Library::load(given).unwrap().note_ids(), ["md", "txt"]);
    }
    assert_eq!(
        code_of(Library::load(JsValue::UNDEFINED).err().unwrap()),
        "invalid_input"
    );
}
