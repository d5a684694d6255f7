// Service worker: after one visit the whole site works with the network gone.
// The app shell, the wasm package, the sample notes (from notes/index.json) and their images are
// precached at install; the index snapshot the page saves (snapshot.js) has a cache of its own.
// Requests go to the network first so a deploy shows up at once, and fall back to the cache when
// the network fails; every same-origin answer refreshes the cache.
// Bump VERSION when the list below changes: old caches are dropped on activate.

const VERSION = 'v1';
const CACHE = `recapdex-${VERSION}`;
const SHELL = [
  './',
  'index.html',
  'styles.css',
  'theme.js',
  'app.js',
  'dom.js',
  'notes.js',
  'store.js',
  'progress.js',
  'library.js',
  'search.js',
  'reader.js',
  'add.js',
  'snapshot.js',
  'manifest.webmanifest',
  'icons/icon.svg',
  'icons/icon-192.png',
  'icons/icon-512.png',
  'icons/icon-maskable-512.png',
  'pkg/recapdex.js',
  'pkg/recapdex_bg.wasm',
  'pkg/worker.js',
  'pkg/worker-client.js',
  'notes/index.json',
];

async function precache() {
  const cache = await caches.open(CACHE);
  await cache.addAll(SHELL);
  const notes = await (await cache.match('notes/index.json')).json();
  await cache.addAll(notes.flatMap((note) => [`notes/${note.file}`, ...(note.assets ?? []).map((a) => `notes/${a}`)]));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('recapdex-v') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // Navigations carry ?q=…: any URL of the page is the cached page.
    const cached = await cache.match(request, { ignoreSearch: request.mode === 'navigate' })
      ?? (request.mode === 'navigate' ? await cache.match('./') : undefined);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(networkFirst(request));
});
