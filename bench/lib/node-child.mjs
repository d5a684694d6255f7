// One engine on one corpus scale in a fresh Node process (run with --expose-gc).
// Usage: node --expose-gc bench/lib/node-child.mjs <engine> <scale>
// Prints one JSON line on stdout (the last line); progress on stderr.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import MiniSearch from "minisearch";
import * as FlexSearch from "flexsearch";
import { PKG, requireCorpus, loadNotes } from "./corpus.mjs";
import { splitNote } from "./sections.mjs";
import { makeEngines, sectionDocs } from "./engines.mjs";
import { measureEngine, replicateInput } from "./measure.mjs";
import { WARM_ROUNDS, benchQueries } from "./config.mjs";

const [name, scaleArg] = process.argv.slice(2);
const scale = Number(scaleArg ?? 1);
if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");

requireCorpus();
const base = loadNotes();
const { docs, split } = sectionDocs(base, splitNote);
const queries = benchQueries(base, split);
const input = replicateInput(base, docs, scale);

let recapdex = null;
if (name.startsWith("recapdex")) {
  const p = join(PKG, "node", "recapdex.js");
  if (!existsSync(p)) {
    console.log(JSON.stringify({ engine: name, scale, skipped: `${p} not built` }));
    process.exit(0);
  }
  recapdex = createRequire(import.meta.url)(p);
}
// wasm-bindgen's nodejs target exposes the instance as __wasm (when present).
const wasmMemory = () => recapdex?.__wasm?.memory?.buffer?.byteLength ?? null;
const factory = makeEngines({ MiniSearch, FlexSearch, recapdex, wasmMemory })[name];
if (!factory) throw new Error(`unknown engine ${name}`);

const env = {
  gc: () => { globalThis.gc(); globalThis.gc(); },
  memory: () => {
    const m = process.memoryUsage();
    // external already includes arrayBuffers (Node docs), and wasm memory shows up in external.
    return { total: m.heapUsed + m.external, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
  },
  gzipSize: (bytes) => gzipSync(bytes).length,
  cpu: () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; },
  log: (msg) => process.stderr.write(`  [node x${scale}] ${msg}\n`),
};
const repeats = scale === 1 ? 3 : 1;
const res = await measureEngine(factory, input, queries, env, { repeats, queryRounds: scale === 1 ? 5 : 3, warmRounds: scale === 1 ? WARM_ROUNDS : 0 });
console.log(JSON.stringify({ ...res, scale, runtime: "node", repeats }));
