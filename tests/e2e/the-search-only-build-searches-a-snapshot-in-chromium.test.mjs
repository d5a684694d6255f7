// Issue 5: the search-only build (`recapdex/search`, pkg/search) runs in a real browser: it
// loads the committed snapshot and answers its known queries, and throws `unsupported` for what
// it leaves out. (tests/node/search-build.test.mjs compares it with the full build.)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage, startSuite } from './harness.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

let suite;
before(async () => {
  assert.ok(existsSync(resolve(ROOT, 'pkg/search/recapdex.js')),
    'the search-only build is missing from pkg/search: run `bash scripts/build` first');
  suite = await startSuite({ root: ROOT });
});
after(async () => { await suite?.close(); });

test('a page with the search-only build fetches a snapshot and shows highlighted hits', async () => {
  const { page, assertNoErrors } = await openPage(suite, null);
  await page.goto(new URL('tests/e2e/search-only.html', suite.url).href);
  await page.waitForSelector('body[data-ready="true"]');
  const first = page.locator('#hits li').first();
  assert.equal(await first.getAttribute('data-slug'), 'scheduling-at-scale');
  assert.equal(await first.locator('mark').first().innerText(), '数据拷贝');
  const got = await page.evaluate(() => {
    const lib = window.searchOnly;
    let thrown = null;
    try {
      lib.addNote('new', '# 新笔记');
    } catch (e) {
      thrown = e.code;
    }
    return { ids: lib.noteIds(), thrown };
  });
  assert.deepEqual(got.ids, ['kubecon-recap', 'weekly']);
  assert.equal(got.thrown, 'unsupported');
  assertNoErrors();
});
