// Issue 6: notes dropped onto the page are indexed (in the worker), kept in IndexedDB across
// reloads, searchable, removable and exportable; a bad file gets a clear message and loses
// nothing else.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, search, startSuite, waitForNotes } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

const MARKDOWN = `---
title: "Observability Day 2025 笔记"
date: 2025-06-18
tags: [可观测性]
---

会场里人很多，大家关心的都是成本。

## OpenTelemetry Collector Pipelines

讲者介绍了用采样处理器削减链路数据的做法，尾部采样让存储费用下降了一半。
`;

const TEXT = `存储峰会 2025 速记

Persistent Volumes for Stateful Workloads
这一场讨论了有状态应用的卷扩容，讲者推荐先在测试集群验证在线扩容，再逐步推广到生产环境，避免出现只读挂载的情况。
`;

/** Drops files onto the page the way a browser does: a DataTransfer of File objects. */
async function dropFiles(page, files) {
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const { name, text, bytes, repeat } of list) {
      const body = bytes ? new Uint8Array(bytes) : repeat ? text.repeat(repeat) : text;
      transfer.items.add(new File([body], name));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, files);
}

test('two dropped notes are searchable, survive a reload and can be removed', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  await dropFiles(page, [
    { name: 'observability-day.md', text: MARKDOWN },
    { name: 'storage-summit.txt', text: TEXT },
    { name: 'slides.txt', bytes: [0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0xff, 0xfe] },
    { name: 'gbk.txt', bytes: [0xd6, 0xd0, 0xce, 0xc4, 0xb1, 0xca, 0xbc, 0xc7] },
    { name: 'huge.md', text: '很长的笔记。\n', repeat: 200_000 },
    { name: 'photo.png', text: 'not a note' },
  ]);
  const messages = page.locator('#view-add .messages');
  await messages.locator('li.ok').waitFor();
  const text = await messages.innerText();
  assert.match(text, /Added 2 notes/);
  assert.match(text, /slides\.txt.*binary/, 'a binary file is named and explained');
  assert.match(text, /gbk\.txt.*UTF-8/, 'a file in another encoding is named and explained');
  assert.match(text, /huge\.md.*too large/, 'a huge file is named and explained');
  assert.match(text, /photo\.png.*only \.md and \.txt/, 'a file of another kind is named and explained');
  assert.equal(await page.locator('.user-notes li').count(), 2);

  await search(page, '尾部采样');
  await page.locator('#results [role="option"]', { hasText: 'OpenTelemetry Collector Pipelines' }).waitFor();

  await page.reload();
  await waitForNotes(page);
  await page.locator('#results [role="option"]', { hasText: 'OpenTelemetry Collector Pipelines' }).waitFor();
  await search(page, '只读挂载');
  const hit = page.locator('#results [role="option"].hit', { hasText: 'Persistent Volumes for Stateful Workloads' });
  await hit.waitFor();
  await hit.click();
  await page.locator('#view-reader .note-body mark', { hasText: '只读挂载' }).waitFor();

  await page.goto(new URL('./#/add', suite.url).href);
  await waitForNotes(page);
  const row = page.locator('.user-notes li', { hasText: 'storage-summit.txt' });
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: /Export/ }).click();
  const markdown = await (await download).createReadStream().then(async (stream) => {
    let out = '';
    for await (const chunk of stream) out += chunk;
    return out;
  });
  assert.match(markdown, /Persistent Volumes for Stateful Workloads/, 'export as Markdown gives the note');
  await row.getByRole('button', { name: /Remove/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('.user-notes li').length === 1);

  await page.reload();
  await waitForNotes(page);
  assert.equal(await page.locator('.user-notes li').count(), 1, 'the removal is kept');
  await search(page, '只读挂载');
  await page.locator('#view-search .empty').waitFor();
  assertNoErrors();
});

test('a pasted note is added and shown in the library', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  await page.fill('#paste-text', '# 周五分享会\n\n## Chaos Drills Every Friday\n\n每周五下午做一次故障演练，演练脚本放在仓库里。\n');
  await page.click('#view-add form button[type="submit"]');
  await page.locator('.user-notes li', { hasText: '周五分享会' }).waitFor();
  await page.click('.site-nav a[data-nav="library"]');
  await page.locator('#view-library .card', { hasText: '周五分享会' }).waitFor();
  assertNoErrors();
});

/** `count` notes written for this test, each with its own word to search for. */
const manyNotes = (prefix, count) => Array.from({ length: count }, (_, i) => ({
  name: `${prefix}-${i}.md`,
  text: `# ${prefix} 第 ${i} 场\n\n## Rollout Review ${i}\n\n这一场复盘了第 ${i} 次灰度发布，记号 ${prefix}word${i}。\n`,
}));

/** Records what the progress bar shows while notes are indexed; with `cancelAt`, clicks its
 *  Cancel button once that many notes are done. */
async function watchProgress(page, cancelAt = null) {
  await page.evaluate((at) => {
    const root = document.getElementById('progress');
    const bar = root.querySelector('[role="progressbar"]');
    window.__progress = { shown: false, values: [], texts: [] };
    new MutationObserver(() => {
      const seen = window.__progress;
      if (!root.hidden) seen.shown = true;
      const value = bar.getAttribute('aria-valuenow');
      if (seen.values.at(-1) !== value) {
        seen.values.push(value);
        seen.texts.push(bar.getAttribute('aria-valuetext'));
      }
      const done = Number((bar.getAttribute('aria-valuetext') ?? '').split(' ')[0]);
      if (at != null && done >= at) root.querySelector('.progress__cancel').click();
    }).observe(root, { attributes: true, subtree: true });
  }, cancelAt);
}

test('dropped notes are indexed in the worker behind a progress bar that counts them', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  await watchProgress(page);
  await dropFiles(page, manyNotes('batch', 60));
  await page.locator('#view-add .messages li.ok', { hasText: 'Added 60 notes' }).waitFor();
  const seen = await page.evaluate(() => window.__progress);
  assert.ok(seen.shown, 'the bar was shown');
  const values = seen.values.map(Number);
  assert.ok(values.some((v) => v > 0 && v < 100), `the bar moved through values between 0 and 100: ${values}`);
  assert.deepEqual(values, [...values].sort((a, b) => a - b), 'the bar never goes back');
  assert.equal(values.at(-1), 100);
  assert.equal(seen.texts.at(-1), '60 of 60 notes');
  assert.ok(await page.locator('#progress').isHidden(), 'the bar is hidden when indexing is done');
  await search(page, 'batchword59');
  await page.locator('#results [role="option"]', { hasText: 'Rollout Review 59' }).waitFor();
  assertNoErrors();
});

test('Cancel on the progress bar stops indexing and keeps none of the notes', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  const before = await page.locator('.user-notes li').count();
  await watchProgress(page, 5);
  await dropFiles(page, manyNotes('stopped', 400));
  await page.locator('#view-add .messages li', { hasText: 'Adding was cancelled; nothing was added.' }).waitFor();
  const seen = await page.evaluate(() => window.__progress);
  assert.ok(seen.shown, 'the bar was shown');
  assert.ok(await page.locator('#progress').isHidden(), 'the bar is hidden after cancelling');
  assert.equal(await page.locator('.user-notes li').count(), before, 'no dropped note was kept');
  await search(page, 'stoppedword0');
  await page.locator('.view-lede', { hasText: 'No matching sections' }).waitFor();
  assert.equal(await page.locator('#results [role="option"].hit').count(), 0, 'no cancelled note is searchable');
  assertNoErrors();
});
