// A cached index snapshot of the sample notes (`exportIndex()` bytes), so a later visit loads
// the index instead of parsing the samples again. It lives in Cache Storage, which is there
// offline too, under a key made from the wasm build and the sample texts: a new build or a
// changed sample gets a new key, and a snapshot the library refuses is dropped.

const CACHE = 'recapdex-snapshots';

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The key for these samples and this wasm build, or null where hashing or caches are unavailable. */
export async function snapshotKey(samples) {
  if (!globalThis.crypto?.subtle || !globalThis.caches) return null;
  try {
    const wasm = await fetch('pkg/recapdex_bg.wasm');
    if (!wasm.ok) return null;
    const parts = [await wasm.arrayBuffer(), new TextEncoder().encode(JSON.stringify(samples))];
    const digests = await Promise.all(parts.map((part) => crypto.subtle.digest('SHA-256', part)));
    return `${hex(digests[0]).slice(0, 16)}-${hex(digests[1]).slice(0, 16)}`;
  } catch {
    return null;
  }
}

const urlFor = (key) => new URL(`snapshot/samples-${key}.bin`, location.href).href;

export async function readSnapshot(key) {
  try {
    const response = await (await caches.open(CACHE)).match(urlFor(key));
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** Keeps only this snapshot. A failure only costs the next visit some indexing time. */
export async function saveSnapshot(key, bytes) {
  try {
    const cache = await caches.open(CACHE);
    for (const request of await cache.keys()) await cache.delete(request);
    await cache.put(urlFor(key), new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }));
  } catch { /* storage full or blocked */ }
}

export async function dropSnapshots() {
  try { await caches.delete(CACHE); } catch { /* nothing to drop */ }
}
