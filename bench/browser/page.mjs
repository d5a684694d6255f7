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

// "The page stays responsive": indexes the corpus through `RecapdexWorker`, as the demo page
// does, while the main thread counts animation frames and the browser reports every task of
// 50 ms or more on it (PerformanceObserver "longtask"). The notes are prepared first; what is
// watched is the indexing call, including handing the notes to the worker.
window.runWorkerBench = async (scale) => {
  const { RecapdexWorker } = await import("/pkg/web/worker-client.js");
  const data = await (await fetch("/data/input.json")).json();
  const { notes } = replicateInput(data.notes, [], scale);
  const lib = new RecapdexWorker();
  await lib.noteIds(); // the worker is up and its wasm compiled
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ at: e.startTime, ms: e.duration });
  });
  observer.observe({ type: "longtask" });
  const gaps = [];
  let last = null;
  let watching = true;
  const frame = (t) => {
    if (last != null) gaps.push(t - last);
    last = t;
    if (watching) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  let progressEvents = 0;
  let progress = null;
  const t0 = performance.now();
  const infos = await lib.addNotes(notes, { onProgress: (p) => { progressEvents++; progress = p; } });
  const buildMs = performance.now() - t0;
  watching = false;
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the observer deliver
  observer.disconnect();
  const totalNotes = (await lib.search(data.queries[0].q, { limit: 10 })).totalNotes;
  lib.terminate();
  gaps.sort((a, b) => a - b);
  return {
    engine: "recapdex-worker",
    notes: notes.length,
    indexed: infos.length,
    buildMs,
    progressEvents,
    lastProgress: progress,
    frames: gaps.length,
    frameGapP99Ms: gaps.length ? gaps[Math.min(gaps.length - 1, Math.ceil(0.99 * gaps.length) - 1)] : null,
    frameGapMaxMs: gaps.length ? gaps[gaps.length - 1] : null,
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks.map((e) => e.ms)),
    // when each began, from the start of the call (ms), and how long it took
    longTaskTimes: longTasks.map((e) => [Math.round(e.at - t0), Math.round(e.ms)]),
    probeQuery: data.queries[0].q,
    probeTotalNotes: totalNotes,
  };
};
document.title = "ready";
