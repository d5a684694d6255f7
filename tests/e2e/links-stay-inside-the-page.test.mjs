// Regressions found by exploratory testing of the reader and the router: a note with a
// fragment link that is not valid percent-encoding ("#50%") could not be opened, and opened
// as …/index.html the first link clicked reloaded the whole app.

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
