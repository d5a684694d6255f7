// Instructions the wasm build executes, counted repeatably: Node under valgrind, with V8
// compiling every wasm function with its optimizing compiler up front (no Liftoff, no tier-up),
// so the count does not depend on when V8 got round to optimizing what.
//
//   node bench/instructions.mjs [--pkg DIR]    (needs valgrind; ~2 minutes)
//
// Each workload runs twice, once with one unit of work and once with more; the difference
// divided by the extra units is what one unit costs, without Node's start, the corpus read and
// compiling the module. Units: a build of the handbook (every note through `addNote`), and a
// round of the bench's 200 queries with default options and with `recapdex-hits`'
// (`subResults: 0, facets: false`). Runs repeat to within ~1% for a build and 2-5% for the
// queries (the garbage collector's timing varies). Wall time is what the bench measures; this
// is for judging a change to the code by itself.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

import { loadNotes, PKG, requireCorpus } from "./lib/corpus.mjs";
import { splitNote } from "./lib/sections.mjs";
import { sectionDocs } from "./lib/engines.mjs";
import { benchQueries } from "./lib/config.mjs";

const HITS_ONLY = { limit: 10, subResults: 0, facets: false };
const DEFAULTS = { limit: 10 };
const V8_FLAGS = ["--no-liftoff", "--no-wasm-dynamic-tiering"];

const { values: args } = parseArgs({
  options: {
    pkg: { type: "string", default: join(PKG, "node") },
    child: { type: "string" },
    units: { type: "string", default: "1" },
    // Internal: the parent's query list, for a child.
    queries: { type: "string" },
  },
});

if (args.child) {
  runChild(args.child, Number(args.units));
} else {
  await main();
}

/** One workload in this process: `units` builds, or one build and `units` rounds of queries. */
function runChild(workload, units) {
  const rdx = createRequire(import.meta.url)(join(args.pkg, "recapdex.js"));
  const notes = loadNotes();
  const build = () => {
    const lib = new rdx.Library();
    for (const n of notes) lib.addNote(n.id, n.text);
    return lib;
  };
  if (workload === "build") {
    for (let i = 0; i < units; i++) build().free();
    return;
  }
  // Made by the parent: generating them here would leave garbage whose collection blurs the
  // count.
  const queries = JSON.parse(readFileSync(args.queries, "utf8"));
  const options = workload === "hits" ? HITS_ONLY : DEFAULTS;
  const lib = build();
  for (let i = 0; i < units; i++) for (const q of queries) lib.search(q, options);
  lib.free();
}

async function main() {
  requireCorpus();
  const script = fileURLToPath(import.meta.url);
  const notes = loadNotes();
  const dir = mkdtempSync(join(tmpdir(), "recapdex-instructions-"));
  const queries = join(dir, "queries.json");
  const list = benchQueries(notes, sectionDocs(notes, splitNote).split).map(({ q }) => q);
  writeFileSync(queries, JSON.stringify(list));
  const count = (workload, units) =>
    new Promise((resolve, reject) => {
      const child = spawn(
        "valgrind",
        ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, ...V8_FLAGS,
          script, "--pkg", args.pkg, "--child", workload, "--units", String(units),
          "--queries", queries],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.on("error", (e) => reject(new Error(`valgrind: ${e.message} (apt-get install valgrind)`)));
      child.on("close", (code) => {
        const refs = /I\s+refs:\s+([\d,]+)/.exec(err);
        if (code !== 0 || !refs) reject(new Error(`${workload} ×${units} failed (exit ${code}):\n${err}`));
        else resolve(Number(refs[1].replaceAll(",", "")));
      });
    });
  console.log(`recapdex wasm instructions (${args.pkg}; V8 ${process.versions.v8}, ${V8_FLAGS.join(" ")})`);
  console.log("| unit | instructions (M) | process with 1 unit / more (M) |");
  console.log("|---|---|---|");
  try {
    for (const [workload, label, more] of [
      ["build", "build of the handbook", 3],
      ["default", "200 queries, default options", 6],
      ["hits", "200 queries, top 10 sections only", 6],
    ]) {
      // The two runs of a workload side by side: the machine has 2 cores.
      const [one, many] = await Promise.all([count(workload, 1), count(workload, more)]);
      const m = (n) => (n / 1e6).toFixed(0);
      console.log(`| ${label} | ${m((many - one) / (more - 1))} | ${m(one)} / ${m(many)} (${more}) |`);
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
}
