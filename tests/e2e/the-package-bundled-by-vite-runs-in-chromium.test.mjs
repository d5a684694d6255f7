// The npm package as an app uses it: copied into a project's node_modules, imported by name and
// bundled by Vite (`vite build`). Bundlers find a worker, and bundle it with what it imports,
// only from the literal `new Worker(new URL("./worker.js", import.meta.url))`: before,
// worker-client.js passed the URL through a variable, Vite copied worker.js alone, and every
// RecapdexWorker call failed with worker_error. The full build, the search-only build and the
// worker each run in Chromium from the bundle.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { openPage, startSuite } from './harness.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const PKG = resolve(ROOT, 'pkg');
const needsBuild = existsSync(resolve(PKG, 'package.json')) ? false : 'pkg/ is missing: run bash scripts/build';

// Original text written for this test.
const APP = `
import init, { Library } from 'recapdex';
import initSearch, { Library as SearchLibrary } from 'recapdex/search';
import { RecapdexWorker } from 'recapdex/worker';

const NOTE = '# 周会\\n\\n## Rollout Review\\n\\n灰度发布的回滚步骤要写进手册。\\n';
window.result = (async () => {
  await init();
  const lib = new Library();
  lib.addNote('weekly', NOTE);
  await initSearch();
  const searchOnly = SearchLibrary.load(lib.exportIndex());
  const worker = new RecapdexWorker();
  let progress = 0;
  await worker.addNotes([{ id: 'weekly', text: NOTE }], { onProgress: () => { progress++; } });
  const hit = (await worker.search('回滚步骤')).hits[0];
  worker.terminate();
  return {
    full: lib.search('回滚步骤').hits[0].slug,
    searchOnly: searchOnly.search('回滚步骤').hits[0].slug,
    worker: hit.slug,
    highlighted: hit.snippetHtml.includes('<mark>回滚步骤</mark>'),
    progress: progress > 0,
  };
})();
`;

let suite;
let app;
before(async () => {
  if (needsBuild) return;
  app = mkdtempSync(join(tmpdir(), 'recapdex-vite-'));
  mkdirSync(join(app, 'node_modules'));
  cpSync(PKG, join(app, 'node_modules', 'recapdex'), { recursive: true });
  writeFileSync(join(app, 'main.js'), APP);
  writeFileSync(join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><title>app</title><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>\n');
  await build({ root: app, logLevel: 'error', configFile: false, build: { outDir: 'dist' } });
  suite = await startSuite({ root: join(app, 'dist') });
});
after(async () => {
  await suite?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

test('an app bundled by Vite runs the full build, the search-only build and the worker', { skip: needsBuild }, async () => {
  const { page, assertNoErrors } = await openPage(suite, null);
  await page.goto(suite.url);
  const result = await page.evaluate(() => window.result);
  assert.deepEqual(result, {
    full: 'rollout-review',
    searchOnly: 'rollout-review',
    worker: 'rollout-review',
    highlighted: true,
    progress: true,
  });
  assertNoErrors();
});
