// The benchmark page: runs one engine on one corpus scale inside Chromium.
// Served by bench/lib/server.mjs; driven by bench/run.mjs through Playwright.
import MiniSearch from "/node_modules/minisearch/dist/es/index.js";
import * as FlexSearch from "/node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs";
import { makeEngines } from "/bench/lib/engines.mjs";
import { measureEngine, replicateInput } from "/bench/lib/measure.mjs";

async function gzipSize(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

window.runBench = async (name, scale, opts) => {
  let recapdex = null;
  let wasm = null;
  if (name.startsWith("recapdex")) {
    recapdex = await import("/pkg/web/recapdex.js");
    wasm = await recapdex.default();
  }
  const data = await (await fetch("/data/input.json")).json();
  const input = replicateInput(data.notes, data.docs, scale);
  const engines = makeEngines({ MiniSearch, FlexSearch, recapdex, wasmMemory: () => wasm?.memory?.buffer?.byteLength ?? null });
  const env = {
    gc: () => window.__gc(),          // CDP HeapProfiler.collectGarbage, from the driver
    // CDP Runtime.getHeapUsage (from the driver): JS heap + ArrayBuffer backing stores; wasm
    // memory is not among the backing stores there, so it is added from the instance.
    memory: async () => {
      const h = await window.__heap();
      const w = wasm?.memory?.buffer?.byteLength ?? 0;
      return { total: h.usedSize + h.backingStorageSize + w, jsHeap: h.usedSize, backingStores: h.backingStorageSize, wasmMemory: w };
    },
    gzipSize,
    log: (msg) => console.log(`[chromium x${scale}] ${msg}`),
  };
  return measureEngine(engines[name], input, data.queries, env, opts);
};
document.title = "ready";
