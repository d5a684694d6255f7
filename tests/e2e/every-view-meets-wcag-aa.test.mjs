// Issue 6: landmarks, named controls, image alternatives and text contrast ≥ WCAG AA
// (4.5:1, or 3:1 for large text) in every view, light and dark.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, search, startSuite } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

// Runs in the page: every visible element with its own text, against the background it sits on.
function contrastProblems() {
  const parse = (value) => {
    const srgb = value.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/);
    if (srgb) return [srgb[1] * 255, srgb[2] * 255, srgb[3] * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
    const rgb = value.match(/^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/);
    if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
    return null;
  };
  const over = (top, bottom) => top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const color = parse(getComputedStyle(node).backgroundColor);
      if (color && color[3] > 0) layers.push(color);
      if (color && color[3] === 1) break;
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const luminance = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const problems = [];
  for (const el of document.querySelectorAll('body *')) {
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
    if (!ownText || el.closest('[hidden], .visually-hidden, [aria-hidden="true"], svg, .toast')) continue;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || rect.width === 0 || rect.height === 0) continue;
    let opacity = 1;
    for (let node = el; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
    const bg = background(el);
    const fg = over([...parse(style.color).slice(0, 3), parse(style.color)[3] * opacity], bg);
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`${el.tagName.toLowerCase()}.${el.className} “${el.textContent.trim().slice(0, 30)}” ${ratio.toFixed(2)}:1`);
  }
  return problems;
}

function structureProblems() {
  const problems = [];
  for (const selector of ['header', 'main', 'footer', 'nav[aria-label]', '[role="search"]']) {
    if (!document.querySelector(selector)) problems.push(`missing landmark ${selector}`);
  }
  for (const img of document.querySelectorAll('img:not([alt])')) problems.push(`image without alt: ${img.src}`);
  for (const control of document.querySelectorAll('button, a[href], input, select, textarea')) {
    if (control.closest('[hidden]')) continue;
    const labelled = control.getAttribute('aria-label') || control.getAttribute('aria-labelledby')
      || control.textContent.trim() || control.labels?.length || control.getAttribute('title');
    if (!labelled) problems.push(`control without a name: ${control.outerHTML.slice(0, 80)}`);
  }
  const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
  const box = document.getElementById('q');
  for (const attr of ['aria-expanded', 'aria-controls', 'aria-autocomplete']) {
    if (!box.hasAttribute(attr)) problems.push(`the combobox lacks ${attr}`);
  }
  if (ids.length !== new Set(ids).size) problems.push('duplicate ids');
  return problems;
}

for (const colorScheme of ['light', 'dark']) {
  test(`every view has landmarks, names and AA contrast in ${colorScheme}`, async () => {
    const { page, assertNoErrors } = await openPage(suite, '', { colorScheme });
    const check = async (view) => {
      assert.deepEqual(await page.evaluate(contrastProblems), [], `${view}: text contrast below AA`);
      assert.deepEqual(await page.evaluate(structureProblems), [], `${view}: structure`);
    };
    await page.locator('#view-library .card').first().waitFor();
    await check('library');
    await search(page, '调度');
    await page.locator('#results [role="option"]').first().hover();
    await page.keyboard.press('ArrowDown');
    await check('search');
    await page.locator('#results [role="option"].hit').first().click();
    await page.locator('#view-reader .note-body .is-target').first().waitFor();
    await check('reader');
    await page.goto(new URL('./#/add', suite.url).href);
    await page.locator('#view-add .dropzone').waitFor();
    await check('add');
    assertNoErrors();
  });
}

test('focus is visible on every control reached with Tab', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement;
      const target = el.matches('input[type="file"]') ? el.parentElement : el;
      const style = getComputedStyle(target);
      return { tag: el.tagName, width: parseFloat(style.outlineWidth), styleName: style.outlineStyle };
    });
    assert.ok(outline.width >= 2 && outline.styleName !== 'none', `focus on ${outline.tag} is visible`);
  }
  assertNoErrors();
});

test('the theme follows the system until toggled, and the choice is remembered', async () => {
  const { page, assertNoErrors } = await openPage(suite, '', { colorScheme: 'dark' });
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const toggle = page.locator('#theme-toggle');
  const dark = await background();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'dark follows the system');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.notEqual(await background(), dark, 'the toggle switches to light');
  await page.reload();
  await page.locator('#view-library .card').first().waitFor();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'the choice survives a reload');
  await toggle.click();
  assert.equal(await background(), dark);
  assert.equal(await page.evaluate(() => localStorage.getItem('recapdex-theme')), null, 'back to following the system');
  assertNoErrors();
});
