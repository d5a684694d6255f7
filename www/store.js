// Notes the reader brought, persisted in IndexedDB so they survive reloads and work offline.
// Record: { id, name, text, format, size, addedAt }.

const DB_NAME = 'recapdex';
const DB_VERSION = 1;
const NOTES = 'notes';

let dbPromise;

function open() {
  dbPromise ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(NOTES)) db.createObjectStore(NOTES, { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('the notes database is open in an older tab; close it and reload'));
  });
  return dbPromise;
}

async function run(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(NOTES, mode);
    const result = work(tx.objectStore(NOTES));
    tx.oncomplete = () => resolve(result.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('the notes database refused the change'));
  });
}

/** All stored notes, oldest first. */
export async function allNotes() {
  const notes = await run('readonly', (store) => store.getAll());
  return notes.sort((a, b) => a.addedAt - b.addedAt);
}

/** Stores (or replaces) several notes in one transaction: all are kept or none. */
export async function putNotes(records) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(NOTES, 'readwrite');
    const store = tx.objectStore(NOTES);
    for (const record of records) store.put(record);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('the notes database refused the change'));
  });
}

export function deleteNote(id) {
  return run('readwrite', (store) => store.delete(id));
}
