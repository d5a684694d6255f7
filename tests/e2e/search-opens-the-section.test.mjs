// Issue 2 and issue 6: a search hit opens its note scrolled to the section, which is
// highlighted with the query's terms, and the heading anchor is in the URL.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, routeOf, search, startSuite } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

async function assertSectionShown(page, heading) {
  const { slug } = routeOf(page.url());
  assert.ok(slug, 'the URL carries the heading anchor');
  const target = page.locator(`#view-reader .note-body [id="${slug}"]`);
  await target.waitFor();
  assert.match(await target.innerText(), new RegExp(heading));
  assert.ok(await target.evaluate((el) => el.classList.contains('is-target')), 'the section is highlighted');
  const box = await target.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `the heading is scrolled into view (top at ${box.y}px)`);
  return slug;
}

test('a Chinese word finds its section and the hit opens the article at that heading', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  await search(page, '直方图');
  const hit = page.locator('#results [role="option"].hit', { hasText: 'eBPF Observability Without Sidecars' });
  await hit.waitFor();
  assert.match(await hit.locator('mark').first().innerText(), /直方图/);
  await hit.click();

  await page.locator('#view-reader article').waitFor();
  assert.equal(routeOf(page.url()).id, 'cloud-native-summit-2025');
  assert.equal(new URL(page.url()).searchParams.get('q'), '直方图');
  await assertSectionShown(page, 'eBPF Observability Without Sidecars');
  const marks = await page.locator('#view-reader .note-body mark').allInnerTexts();
  assert.ok(marks.includes('直方图'), `the term is highlighted in the article (marks: ${marks})`);
  assert.match(await page.locator('#view-reader h1').first().innerText(), /Cloud Native Summit/);
  assertNoErrors();
});

test('a session of a plain-text recap is found with its speaker and opened', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  await search(page, '密钥轮换');
  const hit = page.locator('#results [role="option"].hit', { hasText: 'Secrets Rotation Without Downtime' });
  await hit.waitFor();
  assert.match(await hit.innerText(), /Aiko Tanaka/);
  await hit.click();
  await assertSectionShown(page, 'Secrets Rotation Without Downtime');
  assertNoErrors();
});

test('the table of contents follows the scroll and its links move to their section', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/note/cloud-native-summit-2025/');
  await page.locator('#view-reader .reader__toc a').first().waitFor();
  const link = page.locator('#view-reader .reader__toc a', { hasText: 'Wasm Workloads at the Edge' });
  await link.click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('/note/cloud-native-summit-2025/'));
  await assertSectionShown(page, 'Wasm Workloads at the Edge');
  await page.waitForFunction(() => document.querySelector('.reader__toc a[aria-current="location"]') !== null);
  const current = await page.locator('.reader__toc a[aria-current="location"]').innerText();
  assert.match(current, /Wasm Workloads at the Edge/, `scroll-spy marks the section at the top (got ${current})`);

  // Back at the top, the spy moves with the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => !document.querySelector('.reader__toc a[aria-current="location"]'));
  assertNoErrors();
});

test('a misspelt word opens the section with the words the library matched highlighted', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  await search(page, 'karmda');
  const hit = page.locator('#results [role="option"].hit', { hasText: 'Scaling Karmada to 1000 Clusters' });
  await hit.waitFor();
  await hit.click();
  await assertSectionShown(page, 'Scaling Karmada to 1000 Clusters');
  const marks = await page.locator('#view-reader .note-body mark').allInnerTexts();
  assert.ok(marks.some((mark) => /^karmada$/i.test(mark)), `the matched word is highlighted (marks: ${marks})`);
  assertNoErrors();
});
