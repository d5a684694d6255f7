#!/usr/bin/env node
// Benchmarks (issue 5): recapdex vs MiniSearch and FlexSearch, on the handbook and on a 20x
// in-memory copy, in Node (each engine in a fresh process) and in headless Chromium (each engine
// in a fresh browser). Not part of the tests. See bench/README.md.
//
//   bench/run [--scales 1,20] [--engines a,b] [--no-node] [--no-browser]
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, mkdirSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, loadavg, cpus } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { ROOT, requireCorpus, loadNotes, today } from "./lib/corpus.mjs";
import { splitNote } from "./lib/sections.mjs";
import { sectionDocs } from "./lib/engines.mjs";
import { BENCH_ENGINES, ANCHOR, WARM_ROUNDS, benchQueries } from "./lib/config.mjs";
import { serve } from "./lib/server.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const SCALES = opt("--scales", "1,20").split(",").map(Number);
const ENGINES = opt("--engines", BENCH_ENGINES.join(",")).split(",");
const NODE = !args.includes("--no-node");
const BROWSER = !args.includes("--no-browser");
const CHROMIUM = "/usr/bin/chromium";
const LAUNCH_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"];

requireCorpus();
// Measure a private copy of pkg/: scripts/build starts with rm -rf pkg, and a rebuild during
// a 10-minute run must not mix two builds. Children and the page server read RECAPDEX_PKG.
let pkgCopy = null;
if (!process.env.RECAPDEX_PKG && existsSync(join(ROOT, "pkg"))) {
  pkgCopy = mkdtempSync(join(tmpdir(), "recapdex-bench-pkg-"));
  cpSync(join(ROOT, "pkg"), pkgCopy, { recursive: true });
  process.env.RECAPDEX_PKG = pkgCopy;
  process.on("exit", () => rmSync(pkgCopy, { recursive: true, force: true }));
}
const PKG = process.env.RECAPDEX_PKG || join(ROOT, "pkg");
const hasRecapdexWeb = existsSync(join(PKG, "web", "recapdex.js"));
const log = (msg) => process.stderr.write(`${msg}\n`);
// The load average is recorded because other work on the machine skews every timing.
const results = { date: today(), node: process.version, cpus: cpus().length, loadavgStart: loadavg(), scales: SCALES, engines: ENGINES, runs: [] };

// ---- Node: one fresh process per engine and scale ----
if (NODE) {
  for (const scale of SCALES) {
    for (const engine of ENGINES) {
      log(`node x${scale} ${engine} ...`);
      const r = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=16000", join(ROOT, "bench", "lib", "node-child.mjs"), engine, String(scale)], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"] });
      const last = r.stdout.trim().split("\n").pop();
      try {
        results.runs.push({ runtime: "node", ...JSON.parse(last) });
      } catch {
        results.runs.push({ runtime: "node", engine, scale, error: `child exited ${r.status ?? r.signal}` });
      }
    }
  }
}

// ---- Chromium: one fresh browser per engine and scale ----
if (BROWSER) {
  let chromium = null;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    log("skipped browser runs: playwright-core is not installed");
  }
  if (chromium && !existsSync(CHROMIUM)) { log(`skipped browser runs: no chromium at ${CHROMIUM}`); chromium = null; }
  if (chromium) {
    const notes = loadNotes();
    const { docs, split } = sectionDocs(notes, splitNote);
    const queries = benchQueries(notes, split);
    const server = await serve({ notes, docs, queries });
    try {
      for (const scale of SCALES) {
        for (const engine of ENGINES) {
          if (engine.startsWith("recapdex") && !hasRecapdexWeb) {
            results.runs.push({ runtime: "chromium", engine, scale, skipped: "pkg/web not built" });
            continue;
          }
          log(`chromium x${scale} ${engine} ...`);
          results.runs.push(await browserRun(chromium, server.url, engine, scale));
        }
        if (ENGINES.includes("recapdex") && hasRecapdexWeb) {
          log(`chromium x${scale} recapdex through RecapdexWorker ...`);
          results.runs.push(await browserRun(chromium, server.url, "recapdex-worker", scale));
        }
      }
    } finally {
      await server.close();
    }
  }
}

async function browserRun(chromium, url, engine, scale) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  const errors = [];
  try {
    const page = await browser.newPage();
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); else if (m.text().startsWith("[chromium")) log(`  ${m.text()}`); });
    page.on("pageerror", (e) => errors.push(String(e)));
    const cdp = await page.context().newCDPSession(page);
    await page.exposeFunction("__gc", async () => { await cdp.send("HeapProfiler.collectGarbage"); await cdp.send("HeapProfiler.collectGarbage"); });
    await page.exposeFunction("__heap", () => cdp.send("Runtime.getHeapUsage"));
    await page.goto(url);
    await page.waitForFunction(() => document.title === "ready", null, { timeout: 30000 });
    const repeats = scale === 1 ? 3 : 1;
    const res = engine === "recapdex-worker"
      ? await page.evaluate((s) => window.runWorkerBench(s), scale)
      : await page.evaluate(([e, s, o]) => window.runBench(e, s, o), [engine, scale, { repeats, queryRounds: scale === 1 ? 5 : 3, warmRounds: scale === 1 ? WARM_ROUNDS : 0 }]);
    return { runtime: "chromium", chromium: browser.version(), ...res, scale, repeats, ...(errors.length ? { consoleErrors: errors } : {}) };
  } catch (err) {
    const msg = String(err?.message ?? err).split("\n")[0];
    return { runtime: "chromium", engine, scale, error: /crash/i.test(msg) ? `page crashed (out of memory?): ${msg}` : msg, ...(errors.length ? { consoleErrors: errors } : {}) };
  } finally {
    await browser.close().catch(() => {});
  }
}

// ---- release wasm + JS glue size ----
function sizes(dir, files) {
  const present = files.filter((f) => existsSync(join(PKG, dir, f)));
  if (present.length !== files.length) return null;
  const each = {};
  let raw = 0, gz = 0, brotli = 0;
  for (const f of files) {
    const b = readFileSync(join(PKG, dir, f));
    const g = gzipSync(b, { level: 9 }).length;
    const br = brotliCompressSync(b).length;
    each[`pkg/${dir}/${f}`] = { raw: b.length, gzip: g, brotli: br };
    raw += b.length;
    gz += g;
    brotli += br;
  }
  return { files: Object.keys(each), each, raw, gzip: gz, brotli };
}
results.wasmSize = sizes("web", ["recapdex_bg.wasm", "recapdex.js"]);
results.searchWasmSize = sizes("search", ["recapdex_bg.wasm", "recapdex.js"]);

// ---- the search-only build (pkg/search) against the full build, Node 1x ----
if (NODE && results.searchWasmSize) {
  log("node x1 search-only build ...");
  const r = spawnSync(process.execPath, [join(ROOT, "bench", "lib", "search-build-child.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  try {
    results.searchBuild = JSON.parse(r.stdout.trim().split("\n").pop());
  } catch {
    results.searchBuild = { error: `exit ${r.status}` };
  }
}

results.loadavgEnd = loadavg();

// ---- report ----
const MB = (b) => (b == null ? "n/a" : `${(b / 1048576).toFixed(1)}`);
const KB = (b) => (b == null ? "n/a" : `${(b / 1024).toFixed(0)}`);
const ms = (x) => (x == null ? "n/a" : x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3));
const ratio = (a, b) => (a == null || b == null || !b ? null : a / b);
const r2 = (x) => (x == null ? "n/a" : `${x.toFixed(2)}×`);
const find = (runtime, scale, engine) => results.runs.find((r) => r.runtime === runtime && r.scale === scale && r.engine === engine);
const out = [];
out.push(`# recapdex benchmarks, ${results.date} (node ${process.version}${results.runs.find((r) => r.chromium)?.chromium ? `, chromium ${results.runs.find((r) => r.chromium).chromium}` : ""})`);
out.push("");
out.push(`machine: ${results.cpus} cpus, load average ${results.loadavgStart.map((x) => x.toFixed(1)).join("/")} at start, ${results.loadavgEnd.map((x) => x.toFixed(1)).join("/")} at end (timings are only comparable on a quiet machine)`);
out.push("");
out.push("heap = (heapUsed + external) after build − before build, both after gc, corpus held alive (Node: wasm memory is in `external`, which already includes arrayBuffers; Chromium: CDP Runtime.getHeapUsage usedSize + backingStorageSize + wasm memory). build/load: median of 3 runs at 1×, single run at 20×. queries: 200 (50 zh, 50 en, 50 mixed, 50 headings), limit 10 (recapdex: default options, 10 hits and 10 note groups of up to 3 sections, each with a snippet, and facets; recapdex-hits: \`subResults: 0, facets: false\`, the top 10 sections only, as the anchors are asked), 1 warm-up + 5 (1×) / 3 (20×) timed rounds; warmed (1× only): ${WARM_ROUNDS} more untimed rounds, then 5 timed ones: the first rounds run partly on code V8 has not optimized yet (Liftoff, for wasm), not a target. gzip: zlib level 6 (Node) / CompressionStream (Chromium).");
for (const runtime of ["node", "chromium"]) {
  for (const scale of SCALES) {
    const rows = ENGINES.map((e) => find(runtime, scale, e)).filter(Boolean);
    if (!rows.length) continue;
    const inMB = rows.find((r) => r.inputBytes)?.inputBytes;
    out.push("");
    out.push(`## ${runtime}, ${scale}× handbook (${MB(inMB)} MiB, ${rows.find((r) => r.notes)?.notes ?? "?"} notes)`);
    out.push("");
    const cpuCol = runtime === "node";
    const warmCol = rows.some((r) => r.queryWarmP95Ms != null);
    out.push(`| engine | build ms |${cpuCol ? " build cpu ms |" : ""} heap MiB | snapshot MiB | snapshot gzip MiB | load ms | rebuild/load | query p50 ms | query p95 ms |${warmCol ? " warmed p50 / p95 ms |" : ""} loaded = built |`);
    out.push(`|---|---|${cpuCol ? "---|" : ""}---|---|---|---|---|---|---|${warmCol ? "---|" : ""}---|`);
    for (const r of rows) {
      if (r.error || r.skipped) { out.push(`| ${r.engine} | ${r.error ? `error: ${r.error}` : `skipped: ${r.skipped}`} |||||||||`); continue; }
      const snap = r.snapshotError ? `n/a (${r.snapshotError})` : null;
      out.push(`| ${r.engine} | ${ms(r.buildMs)} |${cpuCol ? ` ${ms(r.buildCpuMs)} |` : ""} ${MB(r.heapBytes)} | ${snap ?? MB(r.snapshotBytes)} | ${snap ? "n/a" : MB(r.snapshotGzipBytes)} | ${snap ? "n/a" : ms(r.loadMs)} | ${snap ? "n/a" : r2(r.rebuildOverLoad)} | ${ms(r.queryP50Ms)} | ${ms(r.queryP95Ms)} |${warmCol ? ` ${ms(r.queryWarmP50Ms)} / ${ms(r.queryWarmP95Ms)} |` : ""} ${r.loadedAgrees ?? "n/a"} |`);
    }
    out.push("");
    out.push("query p50 / p95 ms by class:");
    out.push("");
    out.push("| engine | zh | en | mixed | heading |");
    out.push("|---|---|---|---|---|");
    for (const r of rows) {
      if (!r.queryByClass) continue;
      const c = (k) => (r.queryByClass[k] ? `${ms(r.queryByClass[k].p50)} / ${ms(r.queryByClass[k].p95)}` : "n/a");
      out.push(`| ${r.engine} | ${c("cjk")} | ${c("english")} | ${c("mixed")} | ${c("heading")} |`);
    }
    for (const rname of ["recapdex", "recapdex-hits"]) {
      const rd = find(runtime, scale, rname);
      if (!rd || rd.error || rd.skipped) continue;
      out.push("");
      out.push(`| ${rname} / anchor | build | heap | snapshot gzip | load | query p50 | query p95 |${warmCol ? " warmed p95 |" : ""}`);
      out.push(`|---|---|---|---|---|---|---|${warmCol ? "---|" : ""}`);
      for (const r of rows) {
        if (r.engine.startsWith("recapdex") || r.error || r.skipped) continue;
        out.push(`| ${r.engine} | ${r2(ratio(rd.buildMs, r.buildMs))} | ${r2(ratio(rd.heapBytes, r.heapBytes))} | ${r2(ratio(rd.snapshotGzipBytes, r.snapshotGzipBytes))} | ${r2(ratio(rd.loadMs, r.loadMs))} | ${r2(ratio(rd.queryP50Ms, r.queryP50Ms))} | ${r2(ratio(rd.queryP95Ms, r.queryP95Ms))} |${warmCol ? ` ${r2(ratio(rd.queryWarmP95Ms, r.queryWarmP95Ms))} |` : ""}`);
      }
    }
  }
}

const workerRows = SCALES.map((s) => find("chromium", s, "recapdex-worker")).filter(Boolean);
if (workerRows.length) {
  out.push("");
  out.push("## chromium, indexing through RecapdexWorker (as the demo page does)");
  out.push("");
  out.push("The notes go to the worker in one `addNotes` call; meanwhile the main thread counts animation frames and the browser reports every main-thread task of 50 ms or more (`PerformanceObserver` \"longtask\").");
  out.push("");
  out.push("| corpus | notes indexed | build ms | progress events | frames | frame gap p99 / max ms | long tasks (≥ 50 ms) | longest ms | probe query notes |");
  out.push("|---|---|---|---|---|---|---|---|---|");
  for (const w of workerRows) {
    if (w.error || w.skipped) { out.push(`| ${w.scale}× | ${w.error ? `error: ${w.error}` : `skipped: ${w.skipped}`} ||||||||`); continue; }
    out.push(`| ${w.scale}× | ${w.indexed} / ${w.notes} | ${ms(w.buildMs)} | ${w.progressEvents} | ${w.frames} | ${ms(w.frameGapP99Ms)} / ${ms(w.frameGapMaxMs)} | ${w.longTasks} | ${w.longTasks ? ms(w.longestTaskMs) : "-"} | ${w.probeTotalNotes} |`);
  }
}

// ---- targets ----
const targets = [];
const verdict = (ok) => (ok == null ? "n/a" : ok ? "PASS" : "MISS");
for (const runtime of ["node", "chromium"]) {
  for (const scale of SCALES) {
    const rd = find(runtime, scale, "recapdex");
    const ms0 = find(runtime, scale, ANCHOR.minisearchDefault);
    const fx = find(runtime, scale, ANCHOR.flexsearchCjk);
    if (!rd || !ms0 || !fx) continue;
    const ok = (x) => x && !x.error && !x.skipped;
    const t = (name, value, limit, pass) => targets.push({ runtime, scale, target: name, value, limit, verdict: verdict(pass) });
    const b1 = ok(rd) && ok(ms0) ? ratio(rd.buildMs, ms0.buildMs) : null;
    t("build ≤ 0.5× minisearch-default", b1, 0.5, b1 == null ? null : b1 <= 0.5);
    const b2 = ok(rd) && ok(fx) ? ratio(rd.buildMs, fx.buildMs) : null;
    t(`build ≤ 0.25× ${ANCHOR.flexsearchCjk} (FlexSearch-CJK)`, b2, 0.25, b2 == null ? null : b2 <= 0.25);
    const h = ok(rd) && ok(ms0) ? ratio(rd.heapBytes, ms0.heapBytes) : null;
    t("heap ≤ minisearch-default", h, 1, h == null ? null : h <= 1);
    const g = ok(rd) && ok(ms0) && !rd.snapshotError ? ratio(rd.snapshotGzipBytes, ms0.snapshotGzipBytes) : null;
    t("snapshot gzip ≤ minisearch-default JSON gzip", g, 1, g == null ? null : g <= 1);
    const q = ok(rd) && ok(fx) ? ratio(rd.queryP95Ms, fx.queryP95Ms) : null;
    t(`query p95 ≤ ${ANCHOR.flexsearchCjk} (FlexSearch-CJK) p95`, q, 1, q == null ? null : q <= 1);
    const rh = find(runtime, scale, "recapdex-hits");
    const qh = ok(rh) && ok(fx) ? ratio(rh.queryP95Ms, fx.queryP95Ms) : null;
    t(`query p95, top 10 sections only (recapdex-hits) ≤ ${ANCHOR.flexsearchCjk} p95`, qh, 1, qh == null ? null : qh <= 1);
    // Not targets: the same two ratios warmed (see WARM_ROUNDS), to show what limits them.
    for (const [label, r] of [["recapdex", rd], ["recapdex-hits", rh]]) {
      const w = ok(r) && ok(fx) ? ratio(r.queryWarmP95Ms, fx.queryWarmP95Ms) : null;
      if (w != null) targets.push({ runtime, scale, target: `(not a target) query p95 warmed, ${label} ÷ ${ANCHOR.flexsearchCjk} warmed`, value: w, limit: 1, verdict: "info" });
    }
    const l = ok(rd) && !rd.snapshotError ? rd.rebuildOverLoad : null;
    t("snapshot load ≥ 5× faster than rebuild", l, 5, l == null ? null : l >= 5);
    if (runtime === "chromium" && scale === 20) t("36 MB corpus indexes in Chromium without OOM", ok(rd) ? 1 : 0, 1, rd.skipped ? null : ok(rd));
  }
}
for (const scale of SCALES) {
  const w = find("chromium", scale, "recapdex-worker");
  if (!w) continue;
  const done = !w.error && !w.skipped && w.indexed === w.notes;
  targets.push({
    runtime: "chromium", scale,
    target: "indexing through RecapdexWorker leaves the page responsive (no main-thread task ≥ 50 ms)",
    value: done ? w.longTasks : null, limit: 0,
    verdict: verdict(w.skipped ? null : done && w.longTasks === 0),
    shown: done ? `${w.longTasks} long tasks${w.longTasks ? ` (longest ${ms(w.longestTaskMs)} ms)` : ""}, frame gap max ${ms(w.frameGapMaxMs)} ms` : (w.error ?? w.skipped ?? "not all notes indexed"),
  });
}
const ws = results.wasmSize;
targets.push({ runtime: "-", scale: "-", target: "release wasm + JS glue ≤ 200 KB gzip", value: ws ? ws.gzip / 1024 : null, limit: 200, verdict: verdict(ws ? ws.gzip <= 200 * 1024 : null) });
const ss = results.searchWasmSize;
targets.push({ runtime: "-", scale: "-", target: "search-only wasm + JS glue ≤ 200 KB gzip", value: ss ? ss.gzip / 1024 : null, limit: 200, verdict: verdict(ss ? ss.gzip <= 200 * 1024 : null) });
out.push("");
out.push(`## targets (recapdex / anchor, same run)`);
out.push("");
out.push(`release wasm + glue: ${ws ? `${KB(ws.raw)} KB raw, ${KB(ws.gzip)} KB gzip -9, ${KB(ws.brotli)} KB brotli (${ws.files.join(" + ")})` : "n/a (pkg/web not built)"}`);
out.push("");
out.push(`search-only build (recapdex/search: load and search, no parser): ${ss ? `${KB(ss.raw)} KB raw, ${KB(ss.gzip)} KB gzip -9, ${KB(ss.brotli)} KB brotli (${ss.files.join(" + ")})` : "n/a (pkg/search not built)"}`);
const sb = results.searchBuild;
if (sb?.full) {
  const f = (x) => x.toFixed(3);
  out.push("");
  out.push(`Node 1×, the handbook snapshot loaded into each build (${sb.queries} queries, 1 warm-up + 5 rounds):`);
  out.push("");
  out.push("| build | load ms | query p50 ms | query p95 ms | same results as built |");
  out.push("|---|---|---|---|---|");
  const rows = [["full (pkg/web, node)", sb.full], ["search-only (pkg/search)", sb.search]];
  if (sb.searchLean) rows.push(["search-only, snapshot without sources", sb.searchLean]);
  for (const [name, m] of rows) {
    out.push(`| ${name} | ${m.loadMs.toFixed(1)} | ${f(m.queryP50Ms)} | ${f(m.queryP95Ms)} | ${m.sameResults ? "yes" : "NO"} |`);
  }
  if (sb.lean) {
    const md = find("node", 1, "minisearch-default");
    out.push("");
    out.push(`snapshot without sources (\`exportIndex({ sources: false })\`, all the search-only build needs): ${MB(sb.lean.raw)} MiB raw, ${MB(sb.lean.gzip)} MiB gzip (with sources: ${MB(sb.snapshot.raw)} / ${MB(sb.snapshot.gzip)}); gzip ÷ minisearch-default JSON gzip ${r2(ratio(sb.lean.gzip, md?.snapshotGzipBytes))}`);
  }
} else if (sb) {
  out.push("", `search-only build timing: ${sb.skipped ?? sb.error}`);
}
out.push("");
out.push("| runtime | corpus | target | value | verdict |");
out.push("|---|---|---|---|---|");
for (const t of targets) out.push(`| ${t.runtime} | ${t.scale === "-" ? "-" : `${t.scale}×`} | ${t.target} | ${t.shown != null ? t.shown : t.value == null ? "n/a" : t.target.includes("KB") ? `${t.value.toFixed(0)} KB` : t.target.includes("OOM") ? (t.value ? "completed" : "failed") : t.target.includes("rebuild") ? `${t.value.toFixed(2)}× faster` : `${t.value.toFixed(2)}×`} | ${t.verdict} |`);
results.targets = targets;
const report = out.join("\n");
console.log(report);
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
// Only a full run (every engine, both scales, both runtimes) writes bench-<date>, or
// bench-<date>-run2, -run3, ... when that day already has one (results are committed: a second
// run must not replace the first); a subset writes bench-<date>-subset, a scratch file.
const full = !["--scales", "--engines", "--no-node", "--no-browser"].some((a) => args.includes(a));
const dated = (n) => join(ROOT, "bench", "results", `bench-${results.date}${n === 1 ? "" : `-run${n}`}`);
let base = join(ROOT, "bench", "results", `bench-${results.date}-subset`);
if (full) {
  let n = 1;
  while (existsSync(`${dated(n)}.json`) || existsSync(`${dated(n)}.md`)) n++;
  base = dated(n);
}
const file = `${base}.json`;
writeFileSync(file, JSON.stringify(results, null, 1));
writeFileSync(`${base}.md`, report + "\n");
console.log(`\nwrote ${file}`);
