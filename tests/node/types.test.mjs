// The TypeScript declarations that wasm-bindgen writes into pkg/ (from the types in
// src/wasm.rs) must type-check real use and reject misuse: tsc over tests/types/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function tsc(config) {
  assert.ok(existsSync(join(root, "pkg", "web", "recapdex.d.ts")), "run scripts/build first");
  const bin = join(root, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [bin, "-p", join(root, "tests", "types", config)], {
    encoding: "utf8",
  });
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
}

test("the published TypeScript types accept real use and reject misuse", () => {
  tsc("tsconfig.json");
});

test("the Node build's types need no DOM types and describe its init() in both module systems", () => {
  tsc("tsconfig.node.json");
});
