// Issue 6: the library, reader and search views at desktop and at 360 px, light and dark, saved
// to test-results/screenshots/ for a person to look at; nothing may overflow sideways.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshot, search, startSuite } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

const SIZES = {
  desktop: { viewport: { width: 1280, height: 860 } },
  mobile: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

async function assertNoSidewaysScroll(page, view) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth }));
  assert.ok(scroll <= width, `${view} overflows sideways (${scroll}px > ${width}px)`);
}

for (const [size, options] of Object.entries(SIZES)) {
  for (const colorScheme of ['light', 'dark']) {
    test(`library, search and reader at ${size} width in ${colorScheme}`, async () => {
      const { page, assertNoErrors } = await openPage(suite, '', { ...options, colorScheme });
      await page.locator('#view-library .card').first().waitFor();
      await assertNoSidewaysScroll(page, 'library');
      await screenshot(page, `library-${size}-${colorScheme}`);

      await search(page, '调度');
      await page.locator('#results [role="option"]').first().waitFor();
      await assertNoSidewaysScroll(page, 'search');
      await screenshot(page, `search-${size}-${colorScheme}`);

      await page.locator('#results [role="option"].hit', { hasText: 'Scaling Karmada' }).click();
      await page.locator('#view-reader .note-body .is-target').first().waitFor();
      await assertNoSidewaysScroll(page, 'reader');
      await screenshot(page, `reader-${size}-${colorScheme}`);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await screenshot(page, `reader-end-${size}-${colorScheme}`);

      await page.click('.site-nav a[data-nav="add"]');
      await page.locator('#view-add .dropzone').waitFor();
      await assertNoSidewaysScroll(page, 'add notes');
      await screenshot(page, `add-${size}-${colorScheme}`);
      assertNoErrors();
    });
  }
}
