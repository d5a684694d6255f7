// One engine, one corpus: the measurements shared by the Node child and the browser page.
// Pure JS (no node: imports) so the page can import it as is.

/** `n` copies of the notes and section docs, with distinct ids (`r3/<id>` for copy 3). */
export function replicateInput(notes, docs, n) {
  const outNotes = [];
  const outDocs = [];
  for (let r = 0; r < n; r++) {
    const p = r === 0 ? "" : `r${r}/`;
    for (const note of notes) outNotes.push({ id: p + note.id, text: note.text });
    for (const d of docs) outDocs.push({ ...d, id: outDocs.length, key: p + d.key, noteId: p + d.noteId });
  }
  return { notes: outNotes, docs: outDocs };
}

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
export const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const now = () => performance.now();

/**
 * env = { gc(), memory() -> { total, ...parts } | null, gzipSize(bytes) -> number | null, log(msg),
 *         cpu() -> ms (optional) };
 * each may return a promise.
 * Returns a plain object of numbers (ms, bytes). Build/load timings: median of `repeats` runs.
 */
export async function measureEngine(factory, input, queries, env, { repeats = 3, queryRounds = 3, warmRounds = 0 } = {}) {
  const out = { engine: null, notes: input.notes.length, docs: input.docs.length, inputBytes: 0 };
  const enc = new TextEncoder();
  for (const n of input.notes) out.inputBytes += enc.encode(n.text).length;

  // Heap: index memory = (after build) - (before build), both after a full gc, corpus held alive.
  await env.gc();
  const before = await env.memory();
  let engine = factory();
  out.engine = engine.name;
  const cpu0 = env.cpu?.();
  let t = now();
  await engine.build(input);
  const builds = [now() - t];
  // CPU time of the first build (Node only): less sensitive than wall time to other work on
  // the machine, though it also counts V8's background GC and compiler threads.
  if (cpu0 != null) out.buildCpuMs = env.cpu() - cpu0;
  await env.gc();
  const after = await env.memory();
  if (before && after) {
    out.heapBytes = after.total - before.total;
    out.heapParts = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)]));
  }
  if (engine.wasmMemoryBytes) out.wasmMemoryBytes = engine.wasmMemoryBytes();
  env.log?.(`${engine.name}: built in ${builds[0].toFixed(0)} ms`);
  for (let i = 1; i < repeats; i++) {
    let e2 = factory();
    t = now();
    await e2.build(input);
    builds.push(now() - t);
    e2.dispose?.();
    e2 = null;
    await env.gc();
  }
  out.buildMs = median(builds);
  out.buildRuns = builds.map((x) => +x.toFixed(1));

  // Queries: warm-up round, then `queryRounds` timed rounds; every execution is a sample.
  // `queries`: [{ q, cls }] (cls: zh, en, mixed, heading); percentiles overall and per class.
  const untimed = (rounds) => { for (let r = 0; r < rounds; r++) for (const { q } of queries) engine.search(q, 10); };
  const timed = (rounds, sample) => {
    for (let r = 0; r < rounds; r++) {
      for (const { q, cls } of queries) {
        const t0 = now();
        engine.search(q, 10);
        sample(now() - t0, cls);
      }
    }
  };
  const samples = [];
  const byClass = {};
  untimed(1);
  timed(queryRounds, (dt, cls) => { samples.push(dt); (byClass[cls] ??= []).push(dt); });
  out.queryP50Ms = percentile(samples, 50);
  out.queryP95Ms = percentile(samples, 95);
  out.queryMeanMs = samples.reduce((a, b) => a + b, 0) / samples.length;
  out.querySamples = samples.length;
  out.queryByClass = Object.fromEntries(Object.entries(byClass).map(([c, xs]) => [c, { p50: percentile(xs, 50), p95: percentile(xs, 95), max: Math.max(...xs) }]));

  // The same, warmed: `warmRounds` more untimed rounds, then `queryRounds` timed ones. The
  // rounds above still run partly on first-tier code: V8 compiles a wasm function with its
  // baseline compiler (Liftoff) and optimizes it only once it has run a while, function by
  // function, and JS goes through tiers too. These show each engine's steady state.
  if (warmRounds > 0) {
    untimed(warmRounds);
    const warm = [];
    timed(queryRounds, (dt) => warm.push(dt));
    out.queryWarmRounds = 1 + queryRounds + warmRounds;
    out.queryWarmP50Ms = percentile(warm, 50);
    out.queryWarmP95Ms = percentile(warm, 95);
  }

  // Snapshot: export, size raw/gzip, load (median of `repeats`), and a sanity check that the
  // loaded index answers like the built one.
  try {
    t = now();
    const snap = await engine.exportSnapshot();
    out.exportMs = now() - t;
    const bytes = typeof snap === "string" ? enc.encode(snap) : snap;
    out.snapshotBytes = bytes.length;
    out.snapshotGzipBytes = env.gzipSize ? await env.gzipSize(bytes) : null;
    const loads = [];
    let loaded = null;
    for (let i = 0; i < repeats; i++) {
      loaded?.dispose?.();
      loaded = factory();
      t = now();
      await loaded.load(snap, input);
      loads.push(now() - t);
    }
    out.loadMs = median(loads);
    out.loadRuns = loads.map((x) => +x.toFixed(1));
    out.rebuildOverLoad = out.buildMs / out.loadMs;
    let same = 0;
    const differ = [];
    for (const { q } of queries.slice(0, 40)) {
      const a = JSON.stringify(engine.search(q, 10));
      const b = JSON.stringify(loaded.search(q, 10));
      if (a === b) same++;
      else if (differ.length < 5) differ.push({ query: q, built: JSON.parse(a), loaded: JSON.parse(b) });
    }
    out.loadedAgrees = `${same}/${Math.min(40, queries.length)}`;
    if (differ.length) out.loadedDiffers = differ;
  } catch (err) {
    out.snapshotError = String(err?.message ?? err) + (err?.code ? ` (${err.code})` : "");
  }
  return out;
}
