// Shared setup for the browser tests: one static server and one Debian Chromium per test file,
// a fresh context per test, and every console error or uncaught page exception collected so the
// test can fail on it.

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, WWW } from './server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const SCREENSHOTS = resolve(here, '../../test-results/screenshots');
export const TIMEOUT = 20_000;

const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run',
];

export function assertPackageBuilt() {
  const dir = process.env.RECAPDEX_PKG_DIR ?? resolve(WWW, 'pkg');
  assert.ok(existsSync(resolve(dir, 'recapdex.js')) && existsSync(resolve(dir, 'worker-client.js')),
    `the wasm package is missing from ${dir}: run \`bash scripts/build\` first`);
}

/**
 * Starts the server (of www/, or of `root`) and the browser; returns helpers and a `close()`.
 */
export async function startSuite({ root } = {}) {
  if (!root) assertPackageBuilt();
  const server = await startServer(root ? { root } : {});
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    server,
    browser,
    url: server.url,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * A new context and page that record console errors and page exceptions in `errors`.
 * `options` are Playwright context options (viewport, colorScheme, …).
 */
export async function openPage(suite, path = '', options = {}) {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page exception: ${error.message}`));
  page.on('worker', (worker) => worker.on('console', (message) => {
    if (message.type() === 'error') errors.push(`worker console: ${message.text()}`);
  }));
  if (path !== null) {
    await page.goto(new URL(path, suite.url).href);
    await waitForNotes(page);
  }
  return {
    context,
    page,
    errors,
    /** Fails when the page logged an error; call at the end of each test. */
    assertNoErrors() {
      assert.deepEqual(errors, [], 'the page logged errors');
    },
  };
}

/** The page has booted: the notes are indexed and a view is shown. */
export async function waitForNotes(page) {
  await page.waitForSelector('#boot', { state: 'detached' });
  await page.waitForSelector('main .view:not([hidden])');
}

/** Types into the search box like a person, then waits for results to be rendered for it. */
export async function search(page, query) {
  const box = page.locator('#q');
  await box.click();
  await box.fill('');
  await box.pressSequentially(query, { delay: 20 });
  await page.waitForFunction(
    (q) => document.querySelector('#search-title q')?.textContent === q,
    query,
  );
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = resolve(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The note and slug of a reader URL `…#/note/<id>/<slug>`. */
export function routeOf(url) {
  const hash = decodeURIComponent(new URL(url).hash);
  const match = hash.match(/^#\/note\/([^/]+)\/(.*)$/);
  assert.ok(match, `the URL ${url} is not a note URL`);
  return { id: match[1], slug: match[2] };
}
