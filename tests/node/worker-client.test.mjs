// `recapdex/worker` imported where there is no Web Worker (Node: a test runner, a server-side
// render, a build script). Importing it made a MessageChannel that kept Node from ever
// exiting, and `new RecapdexWorker()` threw a ReferenceError without a code. Now the import
// leaves nothing running, and the constructor does not throw: calls reject with worker_error.
// Run: node --test tests/node/ (after bash scripts/build; the tests skip without the build).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CLIENT = join(ROOT, "pkg", "web", "worker-client.js");
const needsBuild = existsSync(CLIENT) ? false : `${CLIENT} missing (run bash scripts/build)`;

test("importing recapdex/worker in Node leaves nothing keeping the process alive", { skip: needsBuild }, () => {
  // Killed after a minute if it hangs; it exits at once when nothing is left running.
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", `await import(${JSON.stringify(pathToFileURL(CLIENT).href)});`], {
    timeout: 60_000,
    encoding: "utf8",
  });
  assert.equal(r.signal, null, "the process had to be killed: something kept it alive");
  assert.equal(r.status, 0, r.stderr);
});

test("without Web Workers the constructor does not throw and every call rejects with worker_error", { skip: needsBuild }, async () => {
  const { RecapdexWorker } = await import(pathToFileURL(CLIENT).href);
  const worker = new RecapdexWorker();
  for (const call of [() => worker.search("调度"), () => worker.addNotes([{ id: "a", text: "# a" }]), () => worker.noteIds()]) {
    await assert.rejects(call(), (e) => e.code === "worker_error" && /could not be started: Worker is not defined/.test(e.message));
  }
  worker.terminate();
  await assert.rejects(worker.notes(), { code: "worker_error" });
});
