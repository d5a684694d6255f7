// The notes the page knows about: the shipped samples plus the reader's own (IndexedDB), all
// indexed in one recapdex Library that lives in a Web Worker.

import { RecapdexWorker } from './pkg/worker-client.js';
import { startProgress } from './progress.js';
import { dropSnapshots, readSnapshot, saveSnapshot, snapshotKey } from './snapshot.js';
import * as store from './store.js';

export const state = {
  /** @type {RecapdexWorker} */
  engine: null,
  /** NoteInfo[] in insertion order. */
  notes: [],
  byId: new Map(),
  /** id → stored record, for the notes the reader added. */
  user: new Map(),
  /** How the samples got into the index this time: "snapshot" or "parsed". */
  samplesFrom: null,
  /** Messages from loading that the reader should see (e.g. a stored note that failed). */
  problems: [],
};

const listeners = new Set();
export function onNotesChange(listener) { listeners.add(listener); }
function changed() { for (const listener of listeners) listener(); }

async function fetchSamples() {
  const response = await fetch('notes/index.json');
  if (!response.ok) throw new Error(`the sample list could not be loaded (${response.status})`);
  const entries = await response.json();
  return Promise.all(entries.map(async (entry) => {
    const res = await fetch(`notes/${entry.file}`);
    if (!res.ok) throw new Error(`the sample note ${entry.file} could not be loaded (${res.status})`);
    return { id: entry.id, text: await res.text(), options: { format: entry.format ?? 'auto' } };
  }));
}

const asInput = (record) => ({ id: record.id, text: record.text, options: { format: record.format ?? 'auto' } });

// One batch through the worker with a progress bar; if the batch fails (say a stored note
// clashes with a new sample id), the notes are added one by one so one bad note loses nothing else.
async function indexAll(list, label) {
  const progress = startProgress(label);
  try {
    await state.engine.addNotes(list, { onProgress: progress.update });
  } catch (error) {
    for (const note of list) {
      try {
        await state.engine.addNote(note.id, note.text, note.options);
      } catch (noteError) {
        state.problems.push(`“${note.id}” could not be indexed: ${noteError.message}`);
      }
    }
  } finally {
    progress.done();
  }
}

export async function refresh() {
  state.notes = await state.engine.notes();
  state.byId = new Map(state.notes.map((info) => [info.id, info]));
  changed();
}

// The samples come from the cached snapshot when there is one for this build, else are indexed
// (and a snapshot is saved for next time).
async function indexSamples(samples) {
  const key = await snapshotKey(samples);
  const bytes = key && await readSnapshot(key);
  if (bytes) {
    try {
      await state.engine.load(bytes);
      state.samplesFrom = 'snapshot';
      return;
    } catch {
      await dropSnapshots(); // refused (an older format, say): index the samples instead
    }
  }
  await indexAll(samples, 'Indexing notes');
  state.samplesFrom = 'parsed';
  if (key) saveSnapshot(key, await state.engine.exportIndex());
}

/** Starts the worker and indexes the samples and the stored notes. */
export async function boot() {
  state.engine = new RecapdexWorker();
  const [samples, stored] = await Promise.all([
    fetchSamples(),
    store.allNotes().catch((error) => {
      state.problems.push(`your saved notes could not be read: ${error.message}`);
      return [];
    }),
  ]);
  state.user = new Map(stored.map((record) => [record.id, record]));
  await indexSamples(samples);
  if (stored.length) await indexAll(stored.map(asInput), 'Loading your notes');
  await refresh();
}

function idFor(name, taken) {
  const base = name
    .replace(/\.(md|markdown|mdown|txt|text)$/i, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'note';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * Indexes and stores the reader's notes: `[{ name, text, format }]`. A note with the name of
 * one already added replaces it. Resolves to the ids; rejects with code `cancelled` when the
 * reader cancels (nothing is kept then).
 */
export async function addUserNotes(files) {
  const byName = new Map([...state.user.values()].map((record) => [record.name, record]));
  const taken = new Set(state.byId.keys());
  const now = Date.now();
  const records = files.map((file, i) => ({
    id: byName.get(file.name)?.id ?? idFor(file.name, taken),
    name: file.name,
    text: file.text,
    format: file.format ?? 'auto',
    size: file.size ?? file.text.length,
    addedAt: byName.get(file.name)?.addedAt ?? now + i,
  }));
  const replacing = records.filter((record) => state.byId.has(record.id));
  const adding = records.filter((record) => !state.byId.has(record.id));

  const progress = startProgress(`Indexing ${records.length === 1 ? 'your note' : 'your notes'}`, { cancellable: true });
  try {
    await state.engine.addNotes(adding.map(asInput), { onProgress: progress.update, signal: progress.signal });
    for (const record of replacing) await state.engine.updateNote(record.id, record.text, { format: record.format });
  } finally {
    progress.done();
  }
  try {
    await store.putNotes(records);
  } catch (error) {
    state.problems.push(`your notes are indexed but could not be saved for next time: ${error.message}`);
  }
  for (const record of records) state.user.set(record.id, record);
  await refresh();
  return records.map((record) => record.id);
}

export async function removeUserNote(id) {
  await state.engine.removeNote(id);
  await store.deleteNote(id);
  state.user.delete(id);
  await refresh();
}
