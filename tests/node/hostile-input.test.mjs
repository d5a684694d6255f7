// The JS API of the Node build fed what a careless or hostile caller passes: values of the wrong
// type, ids that are not well-formed text, snapshots as an ArrayBuffer, notes nested thousands of
// levels deep or whose front matter multiplies itself. Each gets a typed error or is handled, and
// the wasm instance stays usable: the same library and a new one still add, search and export.
// Run: node --test tests/node/ (after bash scripts/build; the tests skip without the build).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FULL = join(ROOT, "pkg", "node", "recapdex.js");
const needsBuild = existsSync(FULL) ? false : `${FULL} missing (run bash scripts/build)`;
const load = () => createRequire(import.meta.url)(FULL);

// Original text written for this test.
const NOTE = "## 调度器回顾\n\n讲者介绍了批处理调度器的抢占策略。\n";

/** Asserts that the instance still works: a new library adds, searches, exports and loads. */
function stillWorks(Library) {
  const lib = new Library();
  lib.addNote("check", NOTE);
  assert.equal(lib.search("抢占策略").total, 1);
  assert.deepEqual(Library.load(lib.exportIndex()).noteIds(), ["check"]);
}

test("ids and queries that are not strings throw typed errors", { skip: needsBuild }, () => {
  const { Library } = load();
  const lib = new Library();
  lib.addNote("a", NOTE);
  for (const call of [() => lib.note(1), () => lib.removeNote(1), () => lib.addNote(2, NOTE),
    () => lib.render({}), () => lib.toMarkdown(null), () => lib.updateNote(undefined, NOTE)]) {
    assert.throws(call, { code: "invalid_id", message: "a note id must be a string" });
  }
  for (const query of [42, {}, true, null, undefined]) {
    assert.throws(() => lib.search(query), { code: "invalid_input", message: "a query must be a string" });
  }
  assert.deepEqual(lib.noteIds(), ["a"]);
  assert.equal(lib.search("调度器").total, 1);
  stillWorks(Library);
});

test("an id with a lone surrogate is refused, so that two such ids never name one note", { skip: needsBuild }, () => {
  const { Library } = load();
  const lib = new Library();
  for (const id of ["a\uD800", "a\uDC00", "\uDFFFz"]) {
    assert.throws(() => lib.addNote(id, NOTE), { code: "invalid_id" });
    assert.throws(() => lib.removeNote(id), { code: "invalid_id" });
  }
  lib.addNote("a\u{1F600}", NOTE); // a pair is well-formed
  assert.deepEqual(lib.noteIds(), ["a\u{1F600}"]);
});

test("Library.load takes a Uint8Array, an ArrayBuffer or any view of one; anything else is invalid_input", { skip: needsBuild }, () => {
  const { Library } = load();
  const lib = new Library();
  lib.addNote("a", NOTE);
  const bytes = lib.exportIndex();
  // The snapshot in the middle of a larger buffer, as a slice of a file read whole would be.
  const padded = new Uint8Array(bytes.length + 16);
  padded.set(bytes, 8);
  const inner = padded.subarray(8, 8 + bytes.length);
  const even = new ArrayBuffer(bytes.length + (bytes.length % 2));
  new Uint8Array(even).set(bytes);
  for (const [what, given] of [
    ["Uint8Array", bytes],
    ["Buffer", Buffer.from(bytes)],
    ["ArrayBuffer", bytes.slice().buffer],
    ["subarray", inner],
    ["DataView", new DataView(padded.buffer, 8, bytes.length)],
    ["Int8Array", new Int8Array(padded.buffer, 8, bytes.length)],
    ["number array", Array.from(bytes)],
  ]) {
    assert.deepEqual(Library.load(given).noteIds(), ["a"], what);
  }
  // An Int16Array's bytes, not its elements: its length differs from the snapshot's.
  assert.throws(() => Library.load(new Int16Array(even)), { code: "snapshot_corrupt" });
  for (const given of [null, undefined, "RCPDXIDX", 7, {}]) {
    assert.throws(() => Library.load(given), { code: "invalid_input" }, String(given));
  }
});

test("notes nested thousands of levels deep are added, and the instance stays usable", { skip: needsBuild }, () => {
  const { Library } = load();
  const lib = new Library();
  lib.addNote("keep", NOTE);
  const n = 5000;
  const notes = {
    "yaml-lists": `---\na:\n  ${"- ".repeat(n)}1\n---\n\nbody\n`,
    "yaml-maps": `---\n${Array.from({ length: 2500 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")} 1\n---\n\nbody\n`,
    "yaml-keys": `---\n${"? ".repeat(3000)}a\n---\n\nbody\n`,
    images: `${"![".repeat(n)}x${"](u)".repeat(n)}\n\nbody\n`,
    links: `${"[".repeat(n)}x${"](u)".repeat(n)}\n\nbody\n`,
  };
  for (const [id, text] of Object.entries(notes)) {
    const info = lib.addNote(id, text);
    assert.deepEqual(info.warnings.map((w) => w.code), id.startsWith("yaml") ? ["front_matter_invalid"] : [], id);
    assert.ok(lib.render(id).html.length > 0, id);
  }
  assert.equal(lib.search("body").total, Object.keys(notes).length);
  assert.deepEqual(Library.load(lib.exportIndex()).noteIds(), lib.noteIds());
  stillWorks(Library);
});

test("front matter whose aliases multiply (billion laughs) is skipped with a warning", { skip: needsBuild }, () => {
  const { Library } = load();
  const rows = [`a: &a [${Array(9).fill('"lol"').join(",")}]`];
  for (const [p, c] of ["ab", "bc", "cd", "de", "ef", "fg", "gh", "hi"]) rows.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(",")}]`);
  const lib = new Library();
  const info = lib.addNote("laughs", `---\n${rows.join("\n")}\n---\n\nbody\n`);
  assert.equal(info.warnings[0]?.code, "front_matter_invalid");
  assert.match(info.warnings[0].message, /aliases repeat values too many times/);
  stillWorks(Library);
});

test("a freed library's methods throw freed, and freeing it again does nothing", { skip: needsBuild }, () => {
  const { Library } = load();
  const lib = new Library();
  lib.addNote("a", NOTE);
  lib.free();
  const calls = {
    addNote: () => lib.addNote("b", NOTE),
    updateNote: () => lib.updateNote("a", NOTE),
    removeNote: () => lib.removeNote("a"),
    render: () => lib.render("a"),
    toMarkdown: () => lib.toMarkdown("a"),
    search: () => lib.search("调度器"),
    noteIds: () => lib.noteIds(),
    note: () => lib.note("a"),
    notes: () => lib.notes(),
    exportIndex: () => lib.exportIndex(),
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(call, { name: "RecapdexError", code: "freed" }, name);
  }
  lib.free();
  lib[Symbol.dispose]();
  // What a `using` block around a library freed inside it does at its end.
  const scoped = new Library();
  try {
    scoped.addNote("a", NOTE);
    scoped.free();
  } finally {
    scoped[Symbol.dispose]();
  }
  // A method taken off the library and called alone has no library either.
  const { search } = new Library();
  assert.throws(() => search("x"), { code: "freed" });
  stillWorks(Library);
});
