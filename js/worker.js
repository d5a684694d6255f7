// A module Web Worker that owns one recapdex `Library` and serves the calls made by
// `RecapdexWorker` (worker-client.js), so parsing, indexing and search never block the page.
//
// Protocol (all messages are plain objects):
//   page → worker  { type: "part", id, notes }          the first notes of an `addNotes` call
//                                                       (a long list comes in parts)
//                  { type: "call", id, method, args }   run a method, answer with the same id
//                                                       (`addNotes`: args[0] = the last part)
//                  { type: "cancel", id }              cancel a running `addNotes` call
//                  { type: "drop", id }                forget the parts of a call that will
//                                                       not come (it could not be sent)
//   worker → page  { type: "result", id, value }
//                  { type: "result", id, collected: true }   `addNotes`: the value is the
//                                                       `NoteInfo`s its progress messages carried
//                  { type: "error", id, error: { message, code } }
//                  { type: "progress", id, progress: { notesDone, notesTotal, bytesDone, bytesTotal },
//                    infos }                            `infos`: the `NoteInfo`s of the notes
//                                                       added since the last message

import init, { Library } from './recapdex.js';

let lib = null;
const ready = init();
const cancelled = new Set();
const parts = new Map(); // call id → the parts of its list received so far

function codedError(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}

function library() {
  if (!lib) throw codedError('invalid_input', 'the worker library is not open yet; call open() first');
  return lib;
}

// Byte counts are UTF-8 because that is what the library parses; computed without allocating.
function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

// Lets queued messages (a cancel) run between two notes. A MessageChannel turn is not clamped
// the way nested setTimeout calls are.
const tick = new MessageChannel();
const tickWaiters = [];
tick.port1.onmessage = () => tickWaiters.shift()?.();
function yieldToEvents() {
  return new Promise((resolve) => {
    tickWaiters.push(resolve);
    tick.port2.postMessage(0);
  });
}

// Adds the notes one by one. Progress is reported before the first note, then whenever
// another hundredth of the bytes is done and after the last note, with the `NoteInfo`s of the
// notes added since the last report (sent along the way, they never make the page read one
// large message; reported after every note, the messages cost a tenth of indexing at 4,000
// notes). On cancellation or on the first error the notes this call already added are removed
// again, so a batch lands whole or not at all.
async function addNotes(callId, list) {
  const target = library();
  if (!Array.isArray(list)) throw codedError('invalid_input', 'addNotes takes an array of { id, text, options? }');
  const sizes = list.map((n) => utf8Length(n.text));
  const progress = { notesDone: 0, notesTotal: list.length, bytesDone: 0, bytesTotal: sizes.reduce((a, b) => a + b, 0) };
  const infos = [];
  self.postMessage({ type: 'progress', id: callId, progress: { ...progress } });
  const step = progress.bytesTotal / 100;
  let reported = 0;
  let added = [];
  try {
    for (let i = 0; i < list.length; i++) {
      await yieldToEvents();
      if (cancelled.has(callId)) {
        throw codedError('cancelled', `indexing was cancelled after ${i} of ${list.length} notes; none of them were kept`);
      }
      const { id, text, options } = list[i];
      const info = target.addNote(id, text, options ?? {});
      infos.push(info);
      added.push(info);
      progress.notesDone = i + 1;
      progress.bytesDone += sizes[i];
      if (i === list.length - 1 || progress.bytesDone - reported >= step) {
        self.postMessage({ type: 'progress', id: callId, progress: { ...progress }, infos: added });
        reported = progress.bytesDone;
        added = [];
      }
    }
  } catch (error) {
    for (const info of infos) {
      try { target.removeNote(info.id); } catch { /* already gone: nothing to undo */ }
    }
    throw error;
  } finally {
    cancelled.delete(callId);
  }
  return infos;
}

const methods = {
  open(options) { lib = new Library(options ?? {}); return true; },
  load(bytes) { lib = Library.load(bytes); return true; },
  addNote: (id, text, options) => library().addNote(id, text, options ?? {}),
  updateNote: (id, text, options) => library().updateNote(id, text, options ?? {}),
  removeNote: (id) => library().removeNote(id),
  render: (id) => library().render(id),
  search: (query, options) => library().search(query, options ?? {}),
  noteIds: () => library().noteIds(),
  notes: () => library().notes(),
  note: (id) => library().note(id),
  toMarkdown: (id) => library().toMarkdown(id),
  exportIndex: (options) => library().exportIndex(options ?? {}),
};

self.onmessage = async ({ data }) => {
  if (data.type === 'cancel') {
    cancelled.add(data.id);
    return;
  }
  if (data.type === 'drop') {
    parts.delete(data.id);
    return;
  }
  if (data.type === 'part') {
    if (!parts.has(data.id)) parts.set(data.id, []);
    parts.get(data.id).push(data.notes);
    return;
  }
  if (data.type !== 'call') return;
  const { id, method, args } = data;
  const before = parts.get(id) ?? [];
  parts.delete(id);
  try {
    await ready;
    if (method === 'addNotes') {
      const list = before.length ? [...before, args[0]].flat() : args[0];
      await addNotes(id, list);
      self.postMessage({ type: 'result', id, collected: true });
      return;
    }
    let value;
    if (Object.hasOwn(methods, method)) value = methods[method](...args);
    else throw codedError('invalid_input', `unknown worker method ${method}`);
    const transfer = value instanceof Uint8Array ? [value.buffer] : [];
    self.postMessage({ type: 'result', id, value }, transfer);
  } catch (error) {
    cancelled.delete(id);
    self.postMessage({
      type: 'error',
      id,
      error: { message: String(error?.message ?? error), code: error?.code ?? 'invalid_input' },
    });
  }
};
