// Issue 6: search works from the keyboard alone: `/` focuses the box, arrows move through the
// results (an ARIA combobox), Enter opens one, Esc clears.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, routeOf, startSuite } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

const activeOption = (page) => page.evaluate(() => {
  const box = document.getElementById('q');
  const id = box.getAttribute('aria-activedescendant');
  const option = id && document.getElementById(id);
  return option ? { id, selected: option.getAttribute('aria-selected'), text: option.textContent, href: option.getAttribute('href') } : null;
});

test('slash, arrows, Enter and Escape drive the search without a mouse', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const box = page.locator('#q');
  assert.equal(await box.getAttribute('role'), 'combobox');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');

  await page.keyboard.press('/');
  assert.ok(await box.evaluate((el) => el === document.activeElement), '/ focuses the search box');
  await page.keyboard.type('Karmada', { delay: 30 });
  await page.waitForFunction(() => document.querySelector('#search-title q')?.textContent === 'Karmada');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  assert.equal(await box.inputValue(), 'Karmada', 'typing was never interrupted');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'Karmada');

  await page.keyboard.press('ArrowDown');
  const first = await activeOption(page);
  assert.ok(first, 'ArrowDown activates a result');
  assert.equal(first.selected, 'true');
  await page.keyboard.press('ArrowDown');
  const second = await activeOption(page);
  assert.notEqual(second.id, first.id, 'ArrowDown moves on');
  await page.keyboard.press('ArrowUp');
  assert.equal((await activeOption(page)).id, first.id, 'ArrowUp moves back');
  await page.keyboard.press('ArrowDown');
  assert.ok(await box.evaluate((el) => el === document.activeElement), 'focus stays in the box while choosing');

  await page.keyboard.press('Enter');
  await page.locator('#view-reader article').waitFor();
  const { id, slug } = routeOf(page.url());
  assert.equal(id, 'cloud-native-summit-2025');
  assert.equal(`?q=Karmada#/note/${id}/${slug}`, decodeURIComponent(second.href), 'Enter opened the chosen result');
  const focused = await page.evaluate(() => document.activeElement?.id);
  assert.equal(focused, slug || 'note-title', 'focus moves to the section that was opened');

  await page.keyboard.press('/');
  assert.ok(await box.evaluate((el) => el === document.activeElement), '/ focuses the box from the reader');
  await page.keyboard.press('Escape');
  assert.equal(await box.inputValue(), '', 'Escape clears the query');
  await page.waitForFunction(() => !location.search && location.hash.startsWith('#/note/'));
  await page.waitForFunction(() => document.querySelectorAll('#view-reader .note-body mark').length === 0);

  // Escape on the results clears them and returns to the library.
  await page.keyboard.type('调度', { delay: 30 });
  await page.waitForFunction(() => document.querySelector('#search-title q')?.textContent === '调度');
  await page.keyboard.press('Escape');
  await page.locator('#view-library:not([hidden])').waitFor();
  assert.equal(await box.inputValue(), '');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.equal(new URL(page.url()).searchParams.get('q'), null);
  assertNoErrors();
});

test('a query with no hits says so and suggests what to try', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  await page.keyboard.press('/');
  await page.keyboard.type('zzqxv 不存在的词', { delay: 20 });
  await page.waitForFunction(() => document.querySelector('#search-title q')?.textContent === 'zzqxv 不存在的词');
  const empty = page.locator('#view-search .empty');
  await empty.waitFor();
  assert.match(await empty.innerText(), /No results/);
  const suggestion = empty.locator('.suggestions button').first();
  const text = await suggestion.innerText();
  await suggestion.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((q) => document.getElementById('q').value === q, text);
  await page.locator('#results [role="option"]').first().waitFor();
  assertNoErrors();
});

test('pinyin being composed in an IME is not searched; the committed characters are', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const cdp = await page.context().newCDPSession(page);
  await page.keyboard.press('/');
  await cdp.send('Input.imeSetComposition', { text: 'tiao', selectionStart: 4, selectionEnd: 4 });
  await cdp.send('Input.imeSetComposition', { text: 'tiaodu', selectionStart: 6, selectionEnd: 6 });
  assert.equal(new URL(page.url()).searchParams.get('q'), null, 'nothing is searched mid-composition');
  await cdp.send('Input.insertText', { text: '调度' });
  await page.waitForFunction(() => document.querySelector('#search-title q')?.textContent === '调度');
  assert.equal(new URL(page.url()).searchParams.get('q'), '调度');
  assertNoErrors();
});
