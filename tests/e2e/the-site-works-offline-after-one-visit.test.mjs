// Issue 6: after one visit the service worker has precached the shell, the wasm and the sample
// notes, so with the network gone a reload still searches and reads.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, routeOf, search, startSuite, waitForNotes } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

test('reload, search and read work offline after the first visit', async () => {
  const { page, context, assertNoErrors } = await openPage(suite, '');
  // Installed, active, controlling this page, and the precache holds the wasm and the notes.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForFunction(async () => {
    const names = await caches.keys();
    for (const name of names) {
      const cache = await caches.open(name);
      if (await cache.match('pkg/recapdex_bg.wasm') && await cache.match('notes/weekly-42.txt')) return true;
    }
    return false;
  });
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="manifest"]').href)).json());
  assert.equal(manifest.display, 'standalone');
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito-like, which alone would stop an install.
  const blocking = installabilityErrors.filter((error) => error.errorId !== 'in-incognito');
  assert.deepEqual(blocking, [], 'Chromium finds the site installable');
  await cdp.detach();

  // The first visit parsed the samples and cached an index snapshot of them.
  const samplesFrom = () => page.evaluate(async () => (await import('./notes.js')).state.samplesFrom);
  assert.equal(await samplesFrom(), 'parsed');
  await page.waitForFunction(async () => (await (await caches.open('recapdex-snapshots')).keys()).length === 1);

  await context.setOffline(true);
  // The server goes away too, so nothing can come from the network behind the browser's back.
  await suite.server.close();

  await page.reload();
  await waitForNotes(page);
  await page.waitForFunction(() => !navigator.onLine);
  assert.equal(await samplesFrom(), 'snapshot', 'the reload loaded the cached index snapshot');
  assert.match(await page.locator('#offline-state').innerText(), /offline/);
  await search(page, '组调度');
  const hit = page.locator('#results [role="option"].hit').first();
  await hit.waitFor();
  await hit.click();
  await page.locator('#view-reader .note-body mark').first().waitFor();
  assert.equal(routeOf(page.url()).id, 'weekly-42');

  // A deep link opened offline in a new tab of the same browser.
  const second = await context.newPage();
  await second.goto(page.url());
  await waitForNotes(second);
  await second.locator('#view-reader .note-body .is-target').first().waitFor();
  await second.close();
  assertNoErrors();
});
