//! Rough native timing of parsing vs indexing on a folder of notes (development aid).
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// Counts live and peak heap bytes, to see what the index keeps and what building it costs.
/// Installed natively only (the library brings its own allocator on wasm32).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to `System` unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
        PEAK.fetch_max(live, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/handbook".into());
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    let t = Instant::now();
    for (id, text) in &files {
        let n = recapdex::ingest::parse_note(id, text, recapdex::FormatChoice::Auto);
        let o = recapdex::outline::outline(&n);
        std::hint::black_box(
            o.sections
                .iter()
                .map(|s| s.body_text(&n).len())
                .sum::<usize>(),
        );
    }
    println!("parse+outline+text: {:?}", t.elapsed());
    let t = Instant::now();
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let lib = build(&files);
    println!(
        "add_note (all): {:?}; heap {:.1} MiB live, {:.1} MiB peak while building",
        t.elapsed(),
        mib(LIVE.load(Relaxed) - base),
        mib(PEAK.load(Relaxed) - base)
    );
    let t = Instant::now();
    // NO_SOURCES: export without the notes' sources (`exportIndex({ sources: false })`).
    let bytes = lib
        .export_index_with(
            &|_| None,
            &recapdex::library::ExportOptions {
                sources: std::env::var_os("NO_SOURCES").is_none(),
            },
        )
        .unwrap();
    println!("export: {:?} ({} bytes)", t.elapsed(), bytes.len());
    // SNAPSHOT_OUT: where to write the snapshot, to compare two builds' output byte for byte.
    if let Ok(path) = std::env::var("SNAPSHOT_OUT") {
        std::fs::write(path, &bytes).unwrap();
    }
    let t = Instant::now();
    let back = recapdex::Library::load(&bytes).unwrap();
    println!("load: {:?} ({} notes)", t.elapsed(), back.note_ids().len());
    // QUERIES: a comma-separated list; QUERIES_FILE: one query a line.
    let custom: Option<Vec<String>> =
        match (std::env::var("QUERIES"), std::env::var("QUERIES_FILE")) {
            (Ok(list), _) => Some(list.split(',').map(str::to_string).collect()),
            (_, Ok(path)) => Some(
                std::fs::read_to_string(path)
                    .unwrap()
                    .lines()
                    .map(str::to_string)
                    .collect(),
            ),
            _ => None,
        };
    let default_queries = [
        "数据",
        "集群管理",
        "kubernetes",
        "调度 pod",
        "服务网格 istio",
        "schedulr",
        "Pod 安全策略",
        "controller",
        "存储卷",
        "ingress 网关",
    ];
    let queries: Vec<&str> = match &custom {
        Some(list) => list.iter().map(String::as_str).collect(),
        None => default_queries.to_vec(),
    };
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    if rounds == 0 {
        return;
    }
    // HITS_ONLY: the top sections only, as the bench's `recapdex-hits` asks (no sub-results,
    // no facets).
    let options = if std::env::var_os("HITS_ONLY").is_some() {
        recapdex::SearchOptions {
            sub_results: 0,
            facets: false,
            ..Default::default()
        }
    } else {
        Default::default()
    };
    let t = Instant::now();
    let n = search(&lib, &queries, rounds, &options);
    let count = queries.len() * rounds;
    println!(
        "{count} queries: {:?} per query ({n} hits)",
        t.elapsed() / count as u32
    );
    // Each query's best time over the rounds: the median, p95 and the slowest few.
    let mut each: Vec<(std::time::Duration, &str)> = queries
        .iter()
        .map(|&q| {
            let best = (0..rounds)
                .map(|_| {
                    let t = Instant::now();
                    std::hint::black_box(lib.search(q, &options).unwrap());
                    t.elapsed()
                })
                .min()
                .unwrap_or_default();
            (best, q)
        })
        .collect();
    each.sort();
    let at = |p: usize| each[(each.len() - 1) * p / 100].0;
    println!("per query: p50 {:?}, p95 {:?}; slowest:", at(50), at(95));
    for (d, q) in each.iter().rev().take(8) {
        println!("  {d:?}  {q}");
    }
}

// Each phase is its own never-inlined function so that a profiler can single it out:
// `valgrind --tool=callgrind --toggle-collect='timing::build' ...`.
#[inline(never)]
fn build(files: &[(String, String)]) -> recapdex::Library {
    let mut lib = recapdex::Library::default();
    for (id, text) in files {
        lib.add_note(id, text, &Default::default()).unwrap();
    }
    lib
}

#[inline(never)]
fn search(
    lib: &recapdex::Library,
    queries: &[&str],
    rounds: usize,
    options: &recapdex::SearchOptions,
) -> usize {
    let mut n = 0;
    for _ in 0..rounds {
        for &q in queries {
            n += lib.search(q, options).unwrap().total;
        }
    }
    n
}
