// Regressions found by exploratory testing of the add view: a pasted note that opened with
// front matter replaced the one pasted before it, two imports at once shared one progress bar
// that vanished when the first was done, and a file dropped again while its folder was
// indexing lost the whole folder and left notes listed that the library no longer had; and the
// paste form came back empty whenever an import ended, losing a paste that was cancelled and
// text typed while notes indexed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, startSuite, waitForNotes } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

/** Drops `count` notes `<prefix>-<i>.md` onto the page, made in the page (a folder's worth
 *  is too many to send one by one); `text` replaces every note's text. */
async function dropNotes(page, prefix, count, { from = 0, text = null } = {}) {
  await page.evaluate(([prefix, count, from, text]) => {
    const transfer = new DataTransfer();
    for (let i = from; i < from + count; i++) {
      const body = text ?? `# ${prefix} ${i}\n\n## Session ${i}\n\n${'段落内容，讲调度器。'.repeat(150)}\n`;
      transfer.items.add(new File([body], `${prefix}-${i}.md`));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, [prefix, count, from, text]);
}

/** Waits until the progress bar counts `done` (more than none, fewer than all) of `total` notes. */
async function indexingPartWay(page, total) {
  await page.waitForFunction((total) => {
    const match = document.querySelector('#progress [role="progressbar"]').getAttribute('aria-valuetext')?.match(/^(\d+) of (\d+) notes$/);
    return match && Number(match[2]) === total && Number(match[1]) > 0 && Number(match[1]) < total;
  }, total);
}

/** What the page lists and what its library holds. */
const listedAndHeld = (page) => page.evaluate(async () => {
  const { state } = await import('./notes.js');
  return { listed: state.notes.map((info) => info.id).sort(), held: (await state.engine.noteIds()).sort() };
});

test('two pasted notes that open with front matter are both kept, named by their titles', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  const pastes = [['Monday standup', 'alpha'], ['Friday retro', 'beta'], ['Friday retro', 'gamma']];
  for (const [i, [title, body]] of pastes.entries()) {
    await page.fill('#paste-text', `---\ntitle: ${title}\n---\n\n${body} notes\n`);
    await page.click('#view-add form button[type="submit"]');
    await page.waitForFunction((n) => document.querySelectorAll('.user-notes li').length === n || document.querySelector('#view-add .messages li.error'), i + 1);
    assert.equal(await page.locator('#view-add .messages li').first().innerText(), `Added 1 note: ${title}.`);
  }
  const names = () => page.locator('.user-notes li a').allInnerTexts();
  assert.deepEqual((await names()).sort(), ['Friday retro', 'Friday retro', 'Monday standup'],
    'a pasted note never replaces another, even one of the same title');
  await page.reload();
  await waitForNotes(page);
  assert.deepEqual((await names()).sort(), ['Friday retro', 'Friday retro', 'Monday standup'], 'all three are kept');
  const meta = await page.locator('.user-notes li .meta span:first-child').allInnerTexts();
  assert.deepEqual(meta.sort(), ['Friday retro', 'Friday retro', 'Monday standup'], 'named by their front-matter titles');
  assertNoErrors();
});

test('the progress bar stays while any import runs and counts their notes together', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  // Seen at every change of the bar: it is hidden while a count short of its total is shown.
  await page.evaluate(() => {
    const root = document.getElementById('progress');
    const bar = root.querySelector('[role="progressbar"]');
    window.__bar = { hiddenPartWay: [], texts: new Set() };
    new MutationObserver(() => {
      const text = bar.getAttribute('aria-valuetext') ?? '';
      window.__bar.texts.add(text);
      const [, done, total] = text.match(/^(\d+) of (\d+) notes$/) ?? [];
      if (root.hidden && Number(done) < Number(total)) window.__bar.hiddenPartWay.push(text);
    }).observe(root, { attributes: true, subtree: true });
  });
  await dropNotes(page, 'large', 1000);
  await indexingPartWay(page, 1000);
  await dropNotes(page, 'small', 1);
  await page.locator('#view-add .messages li.ok', { hasText: 'Added 1000 notes' }).waitFor();
  await page.locator('#view-add .messages li.ok', { hasText: 'Added 1 note' }).waitFor();
  const seen = await page.evaluate(() => ({ hiddenPartWay: window.__bar.hiddenPartWay, texts: [...window.__bar.texts] }));
  assert.deepEqual(seen.hiddenPartWay, [], 'the bar was never hidden while an import was still counting');
  assert.ok(seen.texts.some((text) => / of 1001 notes$/.test(text)), `both imports were counted together: ${seen.texts.slice(-5)}`);
  assert.ok(await page.locator('#progress').isHidden(), 'the bar is hidden when both are done');
  assert.equal(await page.locator('.user-notes li').count(), 1001);
  assertNoErrors();
});

test('Cancel on the progress bar stops every import that is running', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  await dropNotes(page, 'large', 2000);
  await indexingPartWay(page, 2000);
  await dropNotes(page, 'small', 1);
  await indexingPartWay(page, 2001);
  await page.click('#progress .progress__cancel');
  const cancelled = page.locator('#view-add .messages li', { hasText: 'Adding was cancelled; nothing was added.' });
  await page.waitForFunction(() => document.querySelectorAll('#view-add .messages li').length === 2);
  assert.equal(await cancelled.count(), 2, 'both imports were cancelled');
  assert.ok(await page.locator('#progress').isHidden());
  assert.equal(await page.locator('.user-notes li').count(), 0, 'no note of either was kept');
  const { listed, held } = await listedAndHeld(page);
  assert.deepEqual(listed, held);
  assertNoErrors();
});

test('a paste that is cancelled keeps its text in the form, and one that is added clears it', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  await dropNotes(page, 'large', 2000);
  await indexingPartWay(page, 2000);
  const text = '# 周会\n\n## Rollout Review\n\n灰度发布的回滚步骤要写进手册。\n';
  await page.fill('#paste-text', text);
  await page.fill('#paste-name', 'weekly');
  await page.click('#view-add form button[type="submit"]');
  await indexingPartWay(page, 2001);
  await page.click('#progress .progress__cancel');
  await page.waitForFunction(() => document.querySelectorAll('#view-add .messages li').length === 2);
  assert.equal(await page.locator('#view-add .messages li', { hasText: 'Adding was cancelled' }).count(), 2);
  assert.equal(await page.inputValue('#paste-text'), text, 'the cancelled paste is still in the form');
  assert.equal(await page.inputValue('#paste-name'), 'weekly');

  await page.click('#view-add form button[type="submit"]');
  await page.locator('#view-add .messages li.ok', { hasText: 'Added 1 note: weekly.' }).waitFor();
  assert.equal(await page.inputValue('#paste-text'), '', 'an added paste leaves the form empty');
  assert.equal(await page.inputValue('#paste-name'), '');
  assertNoErrors();
});

test('text typed into the paste form while notes index outlives the import ending', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  await dropNotes(page, 'large', 1000);
  await indexingPartWay(page, 1000);
  await page.fill('#paste-text', '还没写完的笔记');
  await page.locator('#view-add .messages li.ok', { hasText: 'Added 1000 notes' }).waitFor();
  assert.equal(await page.inputValue('#paste-text'), '还没写完的笔记');
  assertNoErrors();
});

test('a file dropped again while its folder is indexing updates its note and loses none', async () => {
  const { page, assertNoErrors } = await openPage(suite, './#/add');
  await dropNotes(page, 'talk', 2000);
  await indexingPartWay(page, 2000);
  await dropNotes(page, 'talk', 1, { from: 1999, text: '# Talk 1999, revised\n\nThe slides changed.\n' });
  const messages = page.locator('#view-add .messages li');
  await messages.filter({ hasText: /Added 2000 notes|could not be added/ }).first().waitFor();
  const texts = (await messages.allInnerTexts()).map((text) => text.slice(0, 120));
  assert.equal(await messages.filter({ hasText: 'could not be added' }).count(), 0, texts.join('\n'));
  await messages.filter({ hasText: 'Added 1 note: talk-1999.md' }).waitFor();
  assert.equal(await page.locator('.user-notes li').count(), 2000);
  assert.equal(await page.locator('.user-notes li a', { hasText: 'Talk 1999, revised' }).count(), 1, 'the file dropped again replaced its note');
  const { listed, held } = await listedAndHeld(page);
  assert.deepEqual(listed, held, 'the page lists what the library holds');

  await page.reload();
  await waitForNotes(page);
  assert.equal(await page.locator('.user-notes li').count(), 2000, 'all of them were saved');
  assert.equal(await page.locator('.user-notes li a', { hasText: 'Talk 1999, revised' }).count(), 1, 'the revised text was saved');
  assertNoErrors();
});
