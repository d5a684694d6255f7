#!/usr/bin/env node
// Relevance check (issue 4): recapdex vs MiniSearch and FlexSearch on queries generated
// deterministically from the handbook corpus. Usage: node bench/relevance.mjs [--seed N] [--per-class N]
//
// Ground truth (see lib/sections.mjs): a section is relevant when its visible text (heading +
// body, NFKC, lowercased) contains the Chinese substring / the English word as a whole word /
// both parts of a mixed query. Sections that contain the query only in markup, in the raw
// Markdown, across a soft line break or only in the note title / front matter are "don't care":
// dropped from every engine's ranked list before cutting at 10 (a condensed list), so they
// neither help nor hurt. So are sections with only an inflected form of the English word
// (`labels` for "label", `schedule` for "scheduling", by the engine-independent rule in
// lib/queries.mjs): issue 4 asks for stemming so that such forms are found, so they are no
// false hit, and engines without stemming are not asked to find them either. The "strict"
// lines score precision with inflected forms counted as wrong, for comparison.
// Headings are known-item queries: the one section with that heading.
//   recall@10    = |relevant ∩ top10| / min(10, |relevant|)
//   precision@10 = |relevant ∩ top10| / |top10|      (queries with an empty top10 count as 1 if
//                                                      nothing is relevant, else 0)
//   MRR@10       = mean of 1/rank of the known item within the top 10 (0 if absent)
import { createRequire } from "node:module";
import { existsSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import MiniSearch from "minisearch";
import * as FlexSearch from "flexsearch";
import { ROOT, PKG, requireCorpus, loadNotes, today } from "./lib/corpus.mjs";
import { splitNote, headingKey, norm } from "./lib/sections.mjs";
import { generateQueries, wordRegex, latinWords, sameWord } from "./lib/queries.mjs";
import { makeEngines, sectionDocs } from "./lib/engines.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const SEED = Number(opt("--seed", 20261123));
const PER_CLASS = Number(opt("--per-class", 150));
const FETCH = 50; // ranked list fetched before don't-care sections are dropped
const K = 10;

requireCorpus();
const notes = loadNotes();
const { docs, split } = sectionDocs(notes, splitNote);
const sections = [];
for (const n of notes) for (const s of split.get(n.id).sections) sections.push({ ...s, noteId: n.id, key: `${n.id}#${s.index}` });
const byKey = new Map(sections.map((s) => [s.key, s]));
const queries = generateQueries(sections, { seed: SEED, perClass: PER_CLASS, headingKeyOf: headingKey });

// ---- ground truth ----
function judge(q) {
  if (q.cls === "heading") return { relevant: new Set([q.from]), dontCare: new Set(), inflected: new Set() };
  let test;
  if (q.cls === "cjk") { const t = norm(q.q); test = (s) => s.includes(t); }
  else if (q.cls === "english") { const re = wordRegex(norm(q.q)); test = (s) => re.test(s); }
  else { const t = norm(q.parts.zh); const re = wordRegex(norm(q.parts.en)); test = (s) => s.includes(t) && re.test(s); }
  // Mixed "loose": the parts may be found in different loose variants of the same section.
  const looseTest = q.cls === "mixed"
    ? (s) => s.loose.some((v) => v.includes(norm(q.parts.zh))) && s.loose.some((v) => wordRegex(norm(q.parts.en)).test(v))
    : (s) => s.loose.some(test);
  // Inflected forms of the English word, with the Chinese part where there is one.
  const en = q.cls === "english" ? norm(q.q) : q.cls === "mixed" ? norm(q.parts.en) : null;
  const inflectedTest = en === null
    ? () => false
    : (s) => (q.cls !== "mixed" || s.clean.includes(norm(q.parts.zh)))
      && latinWords(s.clean).some((w) => w !== en && sameWord(w, en));
  const relevant = new Set();
  const dontCare = new Set();
  const inflected = new Set();
  for (const s of sections) {
    if (test(s.clean)) relevant.add(s.key);
    else if (looseTest(s)) dontCare.add(s.key);
    else if (inflectedTest(s)) { dontCare.add(s.key); inflected.add(s.key); }
  }
  return { relevant, dontCare, inflected };
}
for (const cls of Object.keys(queries)) for (const q of queries[cls]) Object.assign(q, judge(q));

// ---- engines ----
const nodeBuild = join(PKG, "node", "recapdex.js");
let recapdex = null;
if (existsSync(nodeBuild)) recapdex = createRequire(import.meta.url)(nodeBuild);
else console.log(`note: ${nodeBuild} not built yet (run bash scripts/build); recapdex rows skipped`);
const factories = makeEngines({ MiniSearch, FlexSearch, recapdex });
const names = [...(recapdex ? ["recapdex", "recapdex-exact"] : []), "minisearch-default", "minisearch-cjk", "flexsearch-default", "flexsearch-cjk", "flexsearch-bigram"];

/** Aligns recapdex's sections of each note with ours by heading text, in order. */
function recapdexKeyMap(lib) {
  const map = new Map();
  const mismatches = [];
  for (const n of notes) {
    const mine = split.get(n.id).sections;
    const theirs = lib.note(n.id).sections;
    const m = new Map();
    let i = 1;
    m.set(theirs[0].slug, `${n.id}#0`); // the lead
    for (const t of theirs.slice(1)) {
      const key = headingKey(t.heading);
      let j = i;
      while (j < mine.length && headingKey(mine[j].heading) !== key && j < i + 3) j++;
      if (j < mine.length && headingKey(mine[j].heading) === key) { m.set(t.slug, `${n.id}#${j}`); i = j + 1; }
      else mismatches.push({ noteId: n.id, slug: t.slug, heading: t.heading });
    }
    if (theirs.length !== mine.length) mismatches.push({ noteId: n.id, count: { recapdex: theirs.length, ours: mine.length } });
    map.set(n.id, m);
  }
  alignment.mismatches = mismatches;
  return (h) => map.get(h.noteId)?.get(h.slug) ?? `${h.noteId}@${h.slug}`;
}
const alignment = { mismatches: [] };

// Heuristic labels for recapdex's misses, to tell design choices (stemming, fuzzy, prefix)
// from tokenization gaps. They explain; they do not change any score.
function whyMissing(q, key, got) {
  const s = byKey.get(key);
  if (got.includes(key)) return `returned at rank ${got.indexOf(key) + 1} (below the cut)`;
  if (q.cls !== "cjk") {
    const en = norm(q.cls === "mixed" ? q.parts.en : q.q);
    const re = new RegExp(`(?<![\\p{Script=Latin}\\p{N}_])${en}(?![\\p{Script=Latin}\\p{N}_])`, "gu");
    const ctx = [...s.clean.matchAll(re)].map((m) => s.clean.slice(Math.max(0, m.index - 2), m.index + en.length + 2));
    if (ctx.length && ctx.every((c) => /^[\p{Script=Latin}\p{N}][.:\/@]|[.:\/@][\p{Script=Latin}\p{N}]$/u.test(c))) {
      return `not in the top ${FETCH}; the word is only inside a token joined by . : / or @ (${JSON.stringify(ctx[0])})`;
    }
  }
  return `not in recapdex's top ${FETCH}`;
}
function whyExtra(q, key) {
  const s = byKey.get(key);
  if (q.cls === "cjk") return "does not contain the substring";
  if (q.cls === "mixed" && !s.clean.includes(norm(q.parts.zh))) return "zh part not in the section";
  const en = norm(q.cls === "mixed" ? q.parts.en : q.q);
  // A shared prefix of all but the last two letters (at least 4) approximates "same stem".
  const stem = en.slice(0, Math.min(en.length, Math.max(4, en.length - 2)));
  const forms = [...new Set(latinWords(s.clean).filter((w) => w !== en && (w.startsWith(stem) || en.startsWith(w))))];
  if (forms.length) return `has a related form, not the word: ${forms.slice(0, 3).join(", ")}`;
  return "no form of the word found (fuzzy match?)";
}

const results = {};
const failures = {};
const rawHits = {};
for (const name of names) {
  const e = factories[name]();
  const t0 = performance.now();
  e.build({ notes, docs });
  const buildMs = performance.now() - t0;
  if (name.startsWith("recapdex")) e.setKeyMap(recapdexKeyMap);
  const per = {};
  const fails = [];
  const t1 = performance.now();
  let nq = 0;
  for (const cls of Object.keys(queries)) {
    let r = 0, p = 0, pStrict = 0, mrr = 0;
    for (const q of queries[cls]) {
      nq++;
      let got;
      try { got = e.search(q.q, FETCH); } catch (err) { got = []; fails.push({ cls, query: q.q, error: String(err?.message ?? err) }); }
      const condensed = [...new Set(got)].filter((k) => !q.dontCare.has(k)).slice(0, K);
      const hit = condensed.filter((k) => q.relevant.has(k)).length;
      const rec = q.relevant.size ? hit / Math.min(K, q.relevant.size) : 1;
      const prec = condensed.length ? hit / condensed.length : (q.relevant.size ? 0 : 1);
      // Strict: inflected forms stay in the list and count as wrong.
      const strict = [...new Set(got)].filter((k) => !q.dontCare.has(k) || q.inflected.has(k)).slice(0, K);
      const strictHit = strict.filter((k) => q.relevant.has(k)).length;
      pStrict += strict.length ? strictHit / strict.length : (q.relevant.size ? 0 : 1);
      r += rec; p += prec;
      if (cls === "heading") { const rank = condensed.indexOf(q.from); mrr += rank >= 0 ? 1 / (rank + 1) : 0; }
      if (name.startsWith("recapdex") && cls !== "heading" && (rec < 1 || prec < 1)) {
        const top = new Set(condensed);
        const missing = [...q.relevant].filter((k) => !top.has(k)).slice(0, Math.max(0, Math.min(K, q.relevant.size) - hit));
        const extra = condensed.filter((k) => !q.relevant.has(k));
        fails.push({
          cls, query: q.q, recall: +rec.toFixed(3), precision: +prec.toFixed(3),
          expected: [...q.relevant].slice(0, 20), expectedCount: q.relevant.size,
          got: condensed,
          missing: missing.map((k) => ({ key: k, why: whyMissing(q, k, got) })),
          extra: extra.map((k) => ({ key: k, why: whyExtra(q, k) })),
        });
      }
    }
    const n = queries[cls].length;
    per[cls] = { n, recall10: r / n, precision10: p / n, precision10Strict: pStrict / n, ...(cls === "heading" ? { mrr10: mrr / n } : {}) };
  }
  const queryMs = (performance.now() - t1) / nq;
  results[name] = { buildMs: Math.round(buildMs), meanQueryMs: +queryMs.toFixed(3), classes: per };
  if (fails.length) failures[name] = fails;
}

// ---- report ----
const f = (x) => x.toFixed(3);
const lines = [];
lines.push(`relevance check, handbook: ${notes.length} notes, ${sections.length} sections (ours), seed ${SEED}, ${PER_CLASS} queries per class`);
lines.push("recall@10 = |rel ∩ top10| / min(10, |rel|); precision@10 = |rel ∩ top10| / |top10|; MRR@10 on unique headings; don't-care sections dropped before the cut");
lines.push("");
lines.push("| engine | zh R@10 | zh P@10 | en R@10 | en P@10 | mixed R@10 | mixed P@10 | heading MRR@10 | heading R@10 | ms/query |");
lines.push("|---|---|---|---|---|---|---|---|---|---|");
for (const [name, r] of Object.entries(results)) {
  const c = r.classes;
  lines.push(`| ${name} | ${f(c.cjk.recall10)} | ${f(c.cjk.precision10)} | ${f(c.english.recall10)} | ${f(c.english.precision10)} | ${f(c.mixed.recall10)} | ${f(c.mixed.precision10)} | ${f(c.heading.mrr10)} | ${f(c.heading.recall10)} | ${r.meanQueryMs} |`);
}
lines.push("");
lines.push("strict judge (inflected forms of the English word count as wrong), P@10 en / mixed:");
for (const [name, r] of Object.entries(results)) lines.push(`  ${name}: ${f(r.classes.english.precision10Strict)} / ${f(r.classes.mixed.precision10Strict)}`);
console.log(lines.join("\n"));
for (const name of ["recapdex", "recapdex-exact"]) {
  if (!results[name]) continue;
  const c = results[name].classes;
  const ok = [c.cjk.recall10, c.cjk.precision10, c.mixed.recall10, c.mixed.precision10].every((x) => x === 1);
  console.log(`\n${name}: zh + mixed recall@10 and precision@10 = 1.000: ${ok ? "PASS" : "MISS"}`);
  const reasons = {};
  for (const fl of failures[name] ?? []) {
    if (fl.cls === "english") continue; // saved in the JSON; stemming and typos make these expected
    if (fl.error) { console.log(`  [${fl.cls}] ${JSON.stringify(fl.query)} threw: ${fl.error}`); continue; }
    console.log(`  [${fl.cls}] ${JSON.stringify(fl.query)} R=${fl.recall} P=${fl.precision} (${fl.expectedCount} relevant)`);
    for (const m of fl.missing) { console.log(`      missing ${m.key}: ${m.why}`); const r = `missing: ${m.why.replace(/ \(.*$/, "").replace(/\d+/, "N")}`; reasons[r] = (reasons[r] ?? 0) + 1; }
    for (const x of fl.extra) { console.log(`      extra   ${x.key}: ${x.why}`); const r = `extra: ${x.why.replace(/:.*$/, "")}`; reasons[r] = (reasons[r] ?? 0) + 1; }
  }
  console.log(`  by reason: ${JSON.stringify(reasons)}`);
}
if (recapdex) console.log(`\nsection alignment (ours vs recapdex, by heading text): ${alignment.mismatches.length} mismatches`);
const dontCareQueries = Object.fromEntries(Object.entries(queries).map(([c, qs]) => [c, qs.filter((q) => q.dontCare.size).length]));
console.log(`queries with don't-care sections: ${JSON.stringify(dontCareQueries)}`);

mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
const out = join(ROOT, "bench", "results", `relevance-${today()}.json`);
writeFileSync(out, JSON.stringify({
  date: today(), seed: SEED, perClass: PER_CLASS, notes: notes.length, sections: sections.length,
  definitions: { recall10: "|rel ∩ top10| / min(10, |rel|)", precision10: "|rel ∩ top10| / |top10|", mrr10: "1/rank of the known item in top 10", dontCare: "dropped before cutting at 10 (includes inflected forms of the English word)", precision10Strict: "precision10 with inflected forms counted as wrong" },
  results, failures, alignmentMismatches: alignment.mismatches.slice(0, 200),
  queries: Object.fromEntries(Object.entries(queries).map(([c, qs]) => [c, qs.map((q) => ({ q: q.q, relevant: q.relevant.size, dontCare: q.dontCare.size }))])),
}, null, 1));
console.log(`wrote ${out}`);
