// Regressions found by exploratory testing of the reader and the router: a note with a
// fragment link that is not valid percent-encoding ("#50%") could not be opened, opened as
// …/index.html the first link clicked reloaded the whole app, and a relative link from one
// note of a dropped folder to another (180 of them in the handbook) led out of the app.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, routeOf, startSuite } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

test('a note with a malformed fragment link opens, and the link still points into the note', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  await page.fill('#paste-text', '# Budget review\n\n## Costs\n\nCut by half, see [the table](#50%) and [this](#%).\n\n## Next steps\n\nSee [costs](#costs).\n');
  await page.click('#view-add form button[type="submit"]');
  await page.locator('.user-notes li a', { hasText: 'Budget review' }).click();
  await page.locator('#view-reader .note-body', { hasText: 'Cut by half' }).waitFor();
  const hrefs = await page.locator('#view-reader .note-body p a').evaluateAll((links) => links.map((a) => a.href));
  assert.deepEqual(hrefs.map((href) => routeOf(href).slug), ['50%', '%', 'costs'],
    'a malformed fragment is taken as written; a good one is decoded');
  await page.locator('#view-reader .note-body a', { hasText: 'the table' }).click();
  await page.waitForFunction(() => location.hash.endsWith('/50%25'));
  assert.ok(await page.locator('#view-reader .note-body').isVisible(), 'the reader still shows the note');
  assertNoErrors();
});

test('opened as index.html, links move around the app without reloading it', async () => {
  const { page, assertNoErrors } = await openPage(suite, './index.html');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator('#view-library .card a').first().click();
  await page.locator('#view-reader .note-body').waitFor();
  await page.locator('#view-reader .reader__toc a[data-slug]').nth(1).click();
  await page.click('.site-nav a[data-nav="add"]');
  await page.locator('#view-add h1').waitFor();
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was never reloaded');
  assertNoErrors();
});

test('a relative link to another note of a dropped folder opens that note in the reader', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  await page.evaluate(async () => {
    const { addUserNotes } = await import('./notes.js');
    await addUserNotes([
      { name: 'site/guide/deploy/index.md', text: '# 部署\n\n参见 [Job 说明](../job/) 和 [总览](../../summary.md#目录)，[外部](https://example.com/x) 与 [不存在](../missing/)。\n' },
      { name: 'site/guide/job.md', text: '# Job 说明\n\n## 重试\n\nJob 失败后会重试。\n' },
      { name: 'site/summary.md', text: '# 总览\n\n## 目录\n\n全部内容。\n' },
    ]);
  });
  const idOf = (name) => page.evaluate(async (name) => {
    const { state } = await import('./notes.js');
    return [...state.user.values()].find((record) => record.name === name).id;
  }, name);
  const [deploy, job, summary] = await Promise.all(['site/guide/deploy/index.md', 'site/guide/job.md', 'site/summary.md'].map(idOf));
  await page.goto(new URL(`./#/note/${encodeURIComponent(deploy)}/`, suite.url).href);
  const body = page.locator('#view-reader .note-body');
  await body.locator('a', { hasText: 'Job 说明' }).waitFor();
  const hrefs = Object.fromEntries(await body.locator('p a').evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('href')])));
  assert.deepEqual(routeOf(new URL(hrefs['Job 说明'], suite.url).href), { id: job, slug: '' });
  assert.deepEqual(routeOf(new URL(hrefs['总览'], suite.url).href), { id: summary, slug: '目录' });
  assert.equal(hrefs['外部'], 'https://example.com/x', 'a link out of the library is left as written');
  assert.equal(hrefs['不存在'], '../missing/', 'a link to no note is left as written');
  await body.locator('a', { hasText: 'Job 说明' }).click();
  await page.locator('#view-reader .note-body', { hasText: 'Job 失败后会重试' }).waitFor();
  assert.equal(routeOf(page.url()).id, job);
  assertNoErrors();
});
