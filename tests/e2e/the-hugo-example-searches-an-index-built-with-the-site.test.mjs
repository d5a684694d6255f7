// Issue 5: users must be able to build the index at site-build time. examples/hugo/build
// indexes the Hugo example's notes with `recapdex build` and builds the site around them; in
// Chromium its search box (layouts/partials/recapdex-search.html, the search-only build) finds
// a Chinese substring in the middle of a phrase, and the hit opens the post at its session's
// heading. Hugo's heading ids differ from recapdex's slugs: the hits link to Hugo's.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage, startSuite } from './harness.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const SITE = resolve(ROOT, 'examples/hugo');
const NO_HUGO = spawnSync('hugo', ['version']).status === 0
  ? null
  : 'hugo is not installed: run scripts/setup (it installs Debian\'s hugo)';

let suite;
before(async () => {
  if (NO_HUGO) return;
  try {
    execFileSync(resolve(SITE, 'build'), { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    assert.fail(`examples/hugo/build failed:\n${error.stderr}${error.stdout}`);
  }
  suite = await startSuite({ root: resolve(SITE, 'public') });
});
after(async () => { await suite?.close(); });

/** The home page, its search box focused, and the result options for `query` typed into it. */
async function searchFor(page, query) {
  const box = page.getByRole('combobox', { name: '搜索笔记' });
  await box.click();
  await box.fill('');
  await box.pressSequentially(query, { delay: 20 });
  const results = page.locator(`#recapdex-results[aria-label="“${query}”的搜索结果"]`);
  await results.waitFor({ state: 'attached' });
  return { box, options: results.locator('[role="option"]') };
}

async function home() {
  const opened = await openPage(suite, null);
  await opened.page.goto(suite.url);
  return opened;
}

/** The heading the URL's fragment targets: shown, not under the sticky header. */
async function assertTargeted(page, heading) {
  const target = page.locator(':target');
  await target.waitFor();
  assert.equal(await target.evaluate((el) => el.tagName), 'H2');
  assert.match(await target.innerText(), heading);
  const box = await target.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `the heading is scrolled into view (top at ${box.y}px)`);
  const onTop = await target.evaluate((el) => {
    const rect = el.getBoundingClientRect();
    return el.contains(document.elementFromPoint(rect.left + 8, rect.top + rect.height / 2));
  });
  assert.ok(onTop, 'the heading is not hidden under the sticky header');
}

test('a Chinese substring inside a phrase finds its session and the hit opens the post at that heading', async (t) => {
  if (NO_HUGO) return t.skip(NO_HUGO);
  const { page, assertNoErrors } = await home();
  const { box, options } = await searchFor(page, '启动时');
  assert.equal(await options.count(), 1);
  const hit = options.first();
  assert.match(await hit.locator('.recapdex__heading').innerText(), /^Sidecar Containers Are Finally GA/);
  assert.equal(await hit.locator('.recapdex__note').innerText(), 'KubeCon EU 2024 巴黎：三场值得回看的 Session');
  // "启动时" is no word: it straddles 冷启动 and 时间, and exactly it is highlighted.
  assert.deepEqual(await hit.locator('mark').allInnerTexts(), ['启动时']);
  const around = await hit.locator('mark').evaluate((mark) => [mark.previousSibling.textContent.at(-1), mark.nextSibling.textContent[0]]);
  assert.deepEqual(around, ['冷', '间']);
  const status = page.locator('#recapdex-status');
  assert.equal(await status.getAttribute('aria-live'), 'polite');
  assert.equal(await status.innerText(), '1 个段落，来自 1 篇笔记');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');

  await hit.click();
  await page.waitForURL((url) => url.pathname === '/posts/kubecon-eu-2024/');
  assert.equal(decodeURIComponent(new URL(page.url()).hash),
    '#sidecar-containers-are-finally-ga-what-changes-for-service-meshes--tomás-ruiz', 'the link names Hugo\'s id');
  assert.equal(await page.locator('h1').innerText(), 'KubeCon EU 2024 巴黎：三场值得回看的 Session');
  await assertTargeted(page, /^Sidecar Containers Are Finally GA: What Changes for Service Meshes — Tomás Ruiz$/);
  assertNoErrors();
});

test('a misspelt English word is found as spelt in the note, and Enter opens the hit chosen with the arrows', async (t) => {
  if (NO_HUGO) return t.skip(NO_HUGO);
  const { page, assertNoErrors } = await home();
  const { box, options } = await searchFor(page, 'flamegarphs');
  const hit = options.first();
  assert.match(await hit.locator('.recapdex__heading').innerText(), /^eBPF Profiling Without Restarting Anything/);
  assert.deepEqual(await hit.locator('mark').allInnerTexts(), ['flamegraphs']);

  await page.keyboard.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), await hit.getAttribute('id'));
  assert.equal(await hit.getAttribute('aria-selected'), 'true');
  assert.ok(await box.evaluate((el) => el === document.activeElement), 'focus stays in the box while choosing');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/posts/qcon-shanghai-2024-observability/');
  await assertTargeted(page, /^eBPF Profiling Without Restarting Anything — Marcus Lindqvist$/);
  assertNoErrors();
});

test('hits link to the ids Hugo gave the headings, where they differ from recapdex\'s slugs too', async (t) => {
  if (NO_HUGO) return t.skip(NO_HUGO);
  const { page, assertNoErrors } = await home();
  const cases = [
    // recapdex: kubernetes-v1-30-structured-…
    ['签发方', '/posts/cloud-native-weekly-15/#kubernetes-v130-structured-authentication-config-goes-beta'],
    // the second of two headings of the same text
    ['逐条对照', '/posts/cloud-native-weekly-15/#一句话点评-1'],
    // recapdex: 圆桌-日志还需要全文索引吗 (the full-width colon is NFKC-normalized to ":")
    ['冷数据', '/posts/qcon-shanghai-2024-observability/#圆桌日志还需要全文索引吗'],
    ['小结', '/posts/kubecon-eu-2024/#小结'],
  ];
  for (const [query, href] of cases) {
    const { options } = await searchFor(page, query);
    assert.equal(decodeURIComponent(await options.first().getAttribute('href')), href, `the hit for ${query}`);
  }
  // The hit shows the heading as the page does, not as the library normalized it (圆桌:日志…?).
  const { options } = await searchFor(page, '冷数据');
  assert.equal(await options.first().locator('.recapdex__heading').innerText(), '圆桌：日志还需要全文索引吗？');
  assertNoErrors();
});

test('a query with no hits says so, a draft is not in the index, and Escape clears the box', async (t) => {
  if (NO_HUGO) return t.skip(NO_HUGO);
  const { page, assertNoErrors } = await home();
  for (const query of ['量子纠缠', '盐湖城']) {
    const { box, options } = await searchFor(page, query);
    assert.equal(await options.count(), 0, `no hits for ${query}`);
    const empty = page.locator('.recapdex__empty');
    await empty.waitFor();
    assert.equal(await empty.locator('q').innerText(), query);
    assert.equal(await page.locator('#recapdex-status').innerText(), '没有结果');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
  }
  const { box } = await searchFor(page, '调度');
  await page.keyboard.press('Escape');
  assert.equal(await box.inputValue(), '');
  await page.locator('#recapdex-results[aria-label="搜索结果"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#recapdex-results [role="option"]').count(), 0);
  assertNoErrors();
});
