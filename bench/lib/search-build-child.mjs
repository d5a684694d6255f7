// The search-only build (pkg/search) against the full build, in one Node process: the full
// build indexes the handbook and exports a snapshot; each build then loads it (median of 5)
// and runs the bench's query mix (1 warm-up + 5 timed rounds); so does the search-only build
// with the snapshot it needs, exported without sources. Prints one JSON line.
// Usage: node bench/lib/search-build-child.mjs
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PKG, requireCorpus, loadNotes } from "./corpus.mjs";
import { splitNote } from "./sections.mjs";
import { sectionDocs } from "./engines.mjs";
import { median, percentile } from "./measure.mjs";
import { benchQueries } from "./config.mjs";

const fullPath = join(PKG, "node", "recapdex.js");
const searchPath = join(PKG, "search", "recapdex.js");
for (const p of [fullPath, searchPath]) {
  if (!existsSync(p)) {
    console.log(JSON.stringify({ skipped: `${p} not built` }));
    process.exit(0);
  }
}
requireCorpus();
const notes = loadNotes();
const queries = benchQueries(notes, sectionDocs(notes, splitNote).split).map(({ q }) => q);

const full = createRequire(import.meta.url)(fullPath);
const search = await import(pathToFileURL(searchPath).href);
search.initSync({ module: readFileSync(join(PKG, "search", "recapdex_bg.wasm")) });
const built = new full.Library();
for (const n of notes) built.addNote(n.id, n.text);
const snapshot = built.exportIndex();
const lean = built.exportIndex({ sources: false });

function measure(Library, snapshot) {
  const loads = [];
  let lib = null;
  for (let i = 0; i < 5; i++) {
    lib?.free();
    const t = performance.now();
    lib = Library.load(snapshot);
    loads.push(performance.now() - t);
  }
  for (const q of queries) lib.search(q, { limit: 10 });
  const samples = [];
  for (let r = 0; r < 5; r++) {
    for (const q of queries) {
      const t = performance.now();
      lib.search(q, { limit: 10 });
      samples.push(performance.now() - t);
    }
  }
  const same = queries.every((q) => JSON.stringify(lib.search(q, { limit: 10 })) === JSON.stringify(built.search(q, { limit: 10 })));
  lib.free();
  return { loadMs: median(loads), queryP50Ms: percentile(samples, 50), queryP95Ms: percentile(samples, 95), sameResults: same };
}
const size = (bytes) => ({ raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length });
console.log(JSON.stringify({
  notes: notes.length,
  queries: queries.length,
  snapshot: size(snapshot),
  lean: size(lean),
  full: measure(full.Library, snapshot),
  search: measure(search.Library, snapshot),
  searchLean: measure(search.Library, lean),
}));
