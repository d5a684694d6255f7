//! Notes written to hurt: deep nesting and self-multiplying YAML. Each must be added, searched,
//! rendered and exported in bounded stack and time, with the body kept and a warning for what
//! was skipped. Run on a thread with a small stack, as a page's wasm has (its shadow stack is
//! 1 MiB, with no guard page below it: an overflow there damages memory silently).
#![cfg(not(target_arch = "wasm32"))]

use recapdex::{AddOptions, Library, SearchOptions};

const STACK: usize = 256 * 1024;

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

/// Adds `text`, then searches, renders, exports and loads it; returns the warnings' codes.
fn survives(text: String) -> Vec<&'static str> {
    let mut lib = Library::default();
    let info = lib.add_note("n", &text, &AddOptions::default()).unwrap();
    let _ = lib.search("body", &SearchOptions::default()).unwrap();
    let _ = lib.render("n").unwrap();
    let _ = lib.to_markdown("n").unwrap();
    let back = Library::load(&lib.export_index()).unwrap();
    assert_eq!(back.note_ids(), ["n"]);
    info.warnings.iter().map(|w| w.code).collect()
}

#[test]
fn yaml_nested_thousands_of_levels_deep_is_skipped() {
    on_small_stack(|| {
        let text = format!("---\na:\n  {}1\n---\nbody\n", "- ".repeat(5000));
        assert_eq!(survives(text), ["front_matter_invalid"]);
        let mappings: Vec<String> = (0..2500).map(|i| format!("{}a:", " ".repeat(i))).collect();
        let text = format!("---\n{} 1\n---\nbody\n", mappings.join("\n"));
        assert_eq!(survives(text), ["front_matter_invalid"]);
        let text = format!("---\n{}a\n---\nbody\n", "? ".repeat(3000));
        assert_eq!(survives(text), ["front_matter_invalid"]);
    });
}

#[test]
fn toml_nested_thousands_of_levels_deep_is_skipped() {
    on_small_stack(|| {
        let n = 5000;
        let text = format!("+++\nx = {}1{}\n+++\nbody\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(survives(text), ["front_matter_invalid"]);
        let text = format!(
            "+++\nx = {}1{}\n+++\nbody\n",
            "{a = ".repeat(n),
            "}".repeat(n)
        );
        assert_eq!(survives(text), ["front_matter_invalid"]);
    });
}

#[test]
fn yaml_aliases_that_multiply_are_refused() {
    on_small_stack(|| {
        // "Billion laughs": nine levels of nine aliases each, 9^9 values from ~350 bytes.
        let mut rows =
            vec![r#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#.to_string()];
        for pair in ["ab", "bc", "cd", "de", "ef", "fg", "gh", "hi"] {
            let (p, c) = (&pair[..1], &pair[1..]);
            rows.push(format!(
                "{c}: &{c} [{}]",
                vec![format!("*{p}"); 9].join(",")
            ));
        }
        let text = format!("---\n{}\n---\nbody\n", rows.join("\n"));
        assert_eq!(survives(text), ["front_matter_invalid"]);
    });
}

#[test]
fn markdown_nested_thousands_of_levels_deep_is_kept() {
    on_small_stack(|| {
        let n = 5000;
        for text in [
            format!("{}x{}\n\nbody\n", "![".repeat(n), "](u)".repeat(n)),
            format!("{}x{}\n\nbody\n", "[".repeat(n), "](u)".repeat(n)),
            format!("{}x{}\n\nbody\n", "*".repeat(n), "*".repeat(n)),
            format!("{}body\n", "> ".repeat(n)),
            format!("{}body\n", "- ".repeat(n)),
            format!("{}body{}\n", "<div>".repeat(n), "</div>".repeat(n)),
        ] {
            survives(text);
        }
    });
}
