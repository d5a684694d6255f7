// Deterministic query generation from sections (see sections.mjs) with a seeded PRNG.

/** mulberry32: small, fast, good enough for sampling; same seed, same queries. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAN_RUN = /\p{Script=Han}+/gu;
// Latin words as whole words: not touching another Latin letter, digit or underscore.
const WORD = /(?<![\p{Script=Latin}\p{N}_])[a-z]{3,}(?![\p{Script=Latin}\p{N}_])/gu;
// Excluded from sampling: stop words (engines legitimately differ on them) and query operators.
const STOP = new Set("the and for are but not you all any can her was one our out has him his how its may new now old see two who boy did get let put say she too use via with this that from have they will your what when which their there been into more than then them these some such only also just like each other about would could should where while or and not".split(" "));

export const hanRuns = (s) => [...s.matchAll(HAN_RUN)].map((m) => m[0]);
export const latinWords = (s) => [...s.matchAll(WORD)].map((m) => m[0]).filter((w) => !STOP.has(w));

/**
 * Base forms a Latin word may be an inflection of, by a light, engine-independent rule
 * (plural -s/-es/-ies, -ed, -ing, with the silent e restored and a doubled consonant undone):
 * `labels` → label, `creates` → create, `scheduling` → schedule, `running` → run. The word
 * itself is included. Derivations (`state` / `status`) are not inflections.
 */
export function baseForms(w) {
  const out = new Set([w]);
  const add = (b) => { if (b.length >= 3) out.add(b); };
  const stemOf = (b) => { add(b); add(`${b}e`); if (/([b-df-hj-np-tv-z])\1$/.test(b)) add(b.slice(0, -1)); };
  if (w.endsWith("ies")) add(`${w.slice(0, -3)}y`);
  if (w.endsWith("es")) add(w.slice(0, -2));
  if (w.endsWith("s") && !w.endsWith("ss")) add(w.slice(0, -1));
  if (w.endsWith("ied")) add(`${w.slice(0, -3)}y`);
  if (w.endsWith("ed")) stemOf(w.slice(0, -2));
  if (w.endsWith("ing")) stemOf(w.slice(0, -3));
  return out;
}

/** Whether `a` and `b` are inflections of one word (share a base form). */
export function sameWord(a, b) {
  const fa = baseForms(a);
  for (const f of baseForms(b)) if (fa.has(f)) return true;
  return false;
}

export function wordRegex(w) {
  return new RegExp(`(?<![\\p{Script=Latin}\\p{N}_])${w}(?![\\p{Script=Latin}\\p{N}_])`, "u");
}

function hanSubstring(rand, s) {
  const runs = hanRuns(s.clean).filter((r) => r.length >= 2);
  if (!runs.length) return null;
  const run = runs[Math.floor(rand() * runs.length)];
  const len = Math.min(run.length, 2 + Math.floor(rand() * 5)); // 2..6
  const at = Math.floor(rand() * (run.length - len + 1));
  return run.slice(at, at + len);
}

function latinWord(rand, s) {
  const words = latinWords(s.clean);
  return words.length ? words[Math.floor(rand() * words.length)] : null;
}

/**
 * `sections`: flat list `{ noteId, index, heading, level, clean }`. Returns
 * `{ cjk: [...], english: [...], mixed: [...], heading: [...] }`, each `{ q, cls, from }`
 * (`from` = key of the section it was drawn from; for headings, the known item).
 */
export function generateQueries(sections, { seed = 20261123, perClass = 150, headingKeyOf } = {}) {
  const rand = prng(seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const out = { cjk: [], english: [], mixed: [], heading: [] };
  const seen = new Set();
  const push = (cls, q, from) => {
    if (!q || seen.has(`${cls}\u0000${q}`)) return false;
    seen.add(`${cls}\u0000${q}`);
    out[cls].push({ q, cls, from });
    return true;
  };
  const withHan = sections.filter((s) => /\p{Script=Han}{2}/u.test(s.clean));
  const withLatin = sections.filter((s) => latinWords(s.clean).length);
  const withBoth = withHan.filter((s) => latinWords(s.clean).length);
  for (let guard = 0; out.cjk.length < perClass && guard < perClass * 20; guard++) {
    const s = pick(withHan);
    push("cjk", hanSubstring(rand, s), s.key);
  }
  for (let guard = 0; out.english.length < perClass && guard < perClass * 20; guard++) {
    const s = pick(withLatin);
    push("english", latinWord(rand, s), s.key);
  }
  for (let guard = 0; out.mixed.length < perClass && guard < perClass * 20; guard++) {
    const s = pick(withBoth);
    const zh = hanSubstring(rand, s);
    const en = latinWord(rand, s);
    if (!zh || !en) continue;
    // Either order: recaps mix both ways ("调度 Kubernetes", "Kubernetes 调度").
    const q = rand() < 0.5 ? `${zh} ${en}` : `${en} ${zh}`;
    if (push("mixed", q, s.key)) out.mixed[out.mixed.length - 1].parts = { zh, en };
  }
  // Known items: headings that are unique in the corpus (a duplicated heading such as "概述"
  // has no single right answer), non-empty, at most 60 chars.
  const counts = new Map();
  for (const s of sections) counts.set(headingKeyOf(s.heading), (counts.get(headingKeyOf(s.heading)) ?? 0) + 1);
  const unique = sections.filter((s) => s.heading && counts.get(headingKeyOf(s.heading)) === 1 && s.heading.length <= 60);
  for (let guard = 0; out.heading.length < perClass && guard < perClass * 20; guard++) {
    const s = pick(unique);
    push("heading", s.heading, s.key);
  }
  return out;
}
