// The Node build as code shared with the web build uses it: `import init, { Library } from
// "recapdex"` in an ES module (node/index.mjs), or compiled to CommonJS, which reads init as
// `require("recapdex").default`. Before, index.mjs had no initSync, the CommonJS build no
// default (TypeScript's output crashed: "default is not a function"), and index.mjs loaded
// the glue through createRequire, which bundlers cannot follow.
// Run: node --test tests/node/ (after bash scripts/build; the tests skip without the build).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const NODE = join(ROOT, "pkg", "node");
const needsBuild = existsSync(join(NODE, "index.mjs")) ? false : `${NODE}/index.mjs missing (run bash scripts/build)`;

// Original text written for this test.
const NOTE = "## 调度器回顾\n\n讲者介绍了批处理调度器的抢占策略。\n";

test("the ES module entry has init, initSync and Library, and init does nothing", { skip: needsBuild }, async () => {
  const { default: init, initSync, Library } = await import(pathToFileURL(join(NODE, "index.mjs")).href);
  await init();
  initSync();
  const lib = new Library();
  lib.addNote("a", NOTE);
  assert.equal(lib.search("抢占策略").total, 1);
  assert.doesNotMatch(readFileSync(join(NODE, "index.mjs"), "utf8"), /createRequire/, "bundlers can follow a static import");
});

test("the CommonJS build has default and initSync, as TypeScript's CommonJS output reads them", { skip: needsBuild }, async () => {
  const recapdex = createRequire(import.meta.url)(join(NODE, "recapdex.js"));
  assert.equal(recapdex.__esModule, true);
  await recapdex.default();
  recapdex.initSync();
  const lib = new recapdex.Library();
  lib.addNote("a", NOTE);
  assert.equal(lib.search("调度器").total, 1);
});

test("the web builds called before init() throw not_initialized, and work once it has run", { skip: needsBuild }, async () => {
  for (const build of ["web", "search"]) {
    // A fresh instance of the module, never initialized (a URL query makes it another module).
    const url = `${pathToFileURL(join(ROOT, "pkg", build, "recapdex.js")).href}?before-init`;
    const { Library, initSync } = await import(url);
    const calls = { construct: () => new Library(), load: () => Library.load(new Uint8Array(8)), version: () => Library.version() };
    for (const [name, call] of Object.entries(calls)) {
      assert.throws(call, (e) => e.name === "RecapdexError" && e.code === "not_initialized" && /await init\(\)/.test(e.message), `${build}: ${name}`);
    }
    initSync({ module: readFileSync(join(ROOT, "pkg", build, "recapdex_bg.wasm")) });
    assert.match(Library.version(), /^\d+\.\d+\.\d+\+snapshot\d+$/);
    if (build === "web") {
      const lib = new Library();
      lib.addNote("a", NOTE);
      assert.ok(lib instanceof Library);
      assert.ok(Library.load(lib.exportIndex()) instanceof Library);
    }
  }
});
