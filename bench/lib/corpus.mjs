// Reads the shared test corpora (data only; never copied into the project).
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join, relative, extname, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const HANDBOOK = join(ROOT, "..", "shared", "corpus", "handbook");
/** The built package; bench/run points this at a private copy so a rebuild mid-run is harmless. */
export const PKG = process.env.RECAPDEX_PKG || join(ROOT, "pkg");

/** Exits 0 with a clear message when the shared corpus is absent (a fresh clone has none). */
export function requireCorpus(dir = HANDBOOK) {
  if (!existsSync(dir)) {
    console.log(`skipped: corpus not found at ${dir} (it lives outside the repo in ../shared/corpus; nothing to measure)`);
    process.exit(0);
  }
  return dir;
}

/** All Markdown pages under `dir`, sorted by path: `{ id, text }`, id = relative path without extension. */
export function loadNotes(dir = HANDBOOK) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(md|markdown|txt)$/i.test(name)) {
        const rel = relative(dir, p).split("\\").join("/");
        out.push({ id: rel.slice(0, rel.length - extname(rel).length), text: readFileSync(p, "utf8") });
      }
    }
  };
  walk(dir);
  return out;
}

/** The corpus repeated `n` times in memory with distinct ids (`r3/<id>` for copy 3; copy 0 keeps its ids). */
export function replicate(notes, n) {
  const out = [];
  for (let r = 0; r < n; r++) for (const note of notes) out.push({ id: r === 0 ? note.id : `r${r}/${note.id}`, text: note.text });
  return out;
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}
