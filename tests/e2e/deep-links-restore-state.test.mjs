// Issue 6: `?q=` and `#/note/<id>/<slug>` restore the same state on reload and when shared;
// library filters live in the URL too; back and forward walk the views.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, routeOf, search, startSuite } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

test('a shared search link shows the same results', async () => {
  const { page, assertNoErrors } = await openPage(suite, '?q=Karmada');
  await page.locator('#view-search:not([hidden]) #results [role="option"]').first().waitFor();
  assert.equal(await page.locator('#q').inputValue(), 'Karmada');
  assertNoErrors();
});

test('a shared note link opens the note at the section with the terms highlighted', async () => {
  const first = await openPage(suite, '');
  await search(first.page, 'sidecar');
  await first.page.locator('#results [role="option"].hit', { hasText: 'eBPF Observability' }).click();
  await first.page.locator('#view-reader .note-body .is-target').first().waitFor();
  const shared = first.page.url();
  const { slug } = routeOf(shared);
  first.assertNoErrors();
  await first.context.close();

  const { page, assertNoErrors } = await openPage(suite, shared);
  const heading = page.locator(`#view-reader .note-body [id="${slug}"]`);
  await heading.waitFor();
  assert.ok(await heading.evaluate((el) => el.classList.contains('is-target')));
  const box = await heading.boundingBox();
  assert.ok(box.y >= 0 && box.y < page.viewportSize().height, 'the section is in view after a fresh load');
  assert.ok((await page.locator('#view-reader .note-body mark').count()) > 0, 'the query terms are highlighted');
  assert.equal(await page.locator('#q').inputValue(), 'sidecar');

  // Back goes to the results of the query.
  await page.locator('#view-reader .reader__toc a').first().waitFor();
  await page.goBack();
  await page.waitForURL((url) => !url.hash.startsWith('#/note/'));
  await page.goForward();
  await page.locator('#view-reader:not([hidden]) article').waitFor();

  // Heading anchors are links to the section that can be copied.
  const anchor = heading.locator('a.anchor');
  const href = await anchor.getAttribute('href');
  assert.equal(decodeURIComponent(href), `./#/note/cloud-native-summit-2025/${slug}`);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const other = page.locator('#view-reader .note-body h2', { hasText: 'Rethinking Etcd Compaction' });
  await other.locator('a.anchor').click();
  await page.locator('#toast.is-visible', { hasText: /copied/ }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, page.url(), 'the copied link is the URL of the section');
  assert.equal(routeOf(copied).slug, await other.getAttribute('id'));
  assertNoErrors();
});

test('library filters and sort are in the URL', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/?tag=eBPF');
  await page.locator('#view-library .cards').waitFor();
  assert.equal(await page.locator('#view-library .card').count(), 1);
  assert.equal(await page.locator('#view-library .chip[aria-pressed="true"]').innerText().then((t) => t.split(/\s/)[0]), 'eBPF');

  await page.goto(new URL('./#/?sort=title', suite.url).href);
  await page.locator('#view-library .cards').waitFor();
  const titles = await page.locator('#view-library .card h2').allInnerTexts();
  assert.deepEqual(titles, [...titles].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')));
  await page.locator('#view-library .chip', { hasText: '2025' }).click();
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(3)).get('year') === '2025');
  assertNoErrors();
});

test('previous and next walk the notes in library order', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const titles = await page.locator('#view-library .card h2').allInnerTexts();
  await page.locator('#view-library .card h2 a').first().click();
  await page.locator('#view-reader .prev-next').waitFor();
  assert.equal(await page.locator('#view-reader .prev-next .prev').count(), 0, 'the first note has no previous');
  await page.locator('#view-reader .prev-next .next').click();
  await page.waitForFunction((title) => document.querySelector('#note-title')?.textContent === title, titles[1]);
  await page.locator('#view-reader .prev-next .prev').click();
  await page.waitForFunction((title) => document.querySelector('#note-title')?.textContent === title, titles[0]);
  assertNoErrors();
});

test('a link to a note that does not exist says so', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/note/no-such-note/');
  await page.locator('#view-reader', { hasText: 'Note not found' }).waitFor();
  assertNoErrors();
});
