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
  const progress = startProgress(label, { notes: list.length });
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

/** The extensions of the files the page reads as notes. */
export const NOTE_FILE = /\.(md|markdown|mdown|txt|text)$/i;

function idFor(name, taken) {
  const base = name
    .replace(NOTE_FILE, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'note';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

// The notes of the imports still indexing, by id. A file dropped again before its first
// import is done updates the note that import adds (the worker runs the update after the
// batch) instead of adding it twice, which would fail one of the two imports whole; and no
// two imports pick the same id.
const importing = new Map();

// The reader's dropped notes by name, those still indexing over those stored. Pasted notes
// are named after their text, which is no reason to replace one.
function notesByName() {
  const byName = new Map();
  for (const record of [...state.user.values(), ...importing.values()]) {
    if (!record.pasted) byName.set(record.name, record);
  }
  return byName;
}

/**
 * Indexes and stores the reader's notes: `[{ name, text, format, pasted?, nameFromText? }]`.
 * A dropped note with the name of one already added (or being added) replaces it; a pasted
 * one never replaces another, and with `nameFromText` takes the title the library finds in
 * it as its name. Resolves to the records stored; rejects with code `cancelled` when the
 * reader cancels (nothing is kept then).
 */
export async function addUserNotes(files) {
  const byName = notesByName();
  const taken = new Set([...state.byId.keys(), ...importing.keys()]);
  const now = Date.now();
  const plans = files.map((file, i) => {
    const replaced = file.pasted ? null : byName.get(file.name);
    const record = {
      id: replaced?.id ?? idFor(file.name, taken),
      name: file.name,
      text: file.text,
      format: file.format ?? 'auto',
      size: file.size ?? file.text.length,
      addedAt: replaced?.addedAt ?? now + i,
      pasted: Boolean(file.pasted),
    };
    return { record, replaces: Boolean(replaced), nameFromText: Boolean(file.nameFromText) };
  });
  const records = plans.map((plan) => plan.record);
  for (const record of records) importing.set(record.id, record);
  try {
    await indexUserNotes(plans);
  } catch (error) {
    // The page lists what the library has, never a note it lacks.
    await refresh().catch(() => {});
    throw error;
  } finally {
    for (const record of records) if (importing.get(record.id) === record) importing.delete(record.id);
  }
  try {
    await store.putNotes(records);
  } catch (error) {
    state.problems.push(`your notes are indexed but could not be saved for next time: ${error.message}`);
  }
  for (const record of records) state.user.set(record.id, record);
  await refresh();
  return records;
}

// New notes go in as one batch (whole or not at all, cancellable); notes that replace one
// go in after it, one by one.
async function indexUserNotes(plans) {
  const adding = plans.filter((plan) => !plan.replaces);
  const progress = startProgress(`Indexing ${plans.length === 1 ? 'your note' : 'your notes'}`, {
    notes: plans.length, cancellable: true,
  });
  try {
    const infos = await state.engine.addNotes(adding.map((plan) => asInput(plan.record)), {
      onProgress: progress.update, signal: progress.signal,
    });
    adding.forEach((plan, i) => { if (plan.nameFromText) plan.record.name = titleOr(infos[i], plan.record.name); });
    for (const { record, replaces } of plans) {
      if (replaces) await state.engine.updateNote(record.id, record.text, { format: record.format });
    }
  } finally {
    progress.done();
  }
}

// The library titles a note by its front matter or first heading, and by its id without
// either; then the line the name was made from says more.
function titleOr(info, name) {
  return info.title && info.title !== info.id ? info.title : name;
}

export async function removeUserNote(id) {
  await state.engine.removeNote(id);
  await store.deleteNote(id);
  state.user.delete(id);
  await refresh();
}
