// A module Web Worker that owns one recapdex `Library` and serves the calls made by
// `RecapdexWorker` (worker-client.js), so parsing, indexing and search never block the page.
//
// Protocol (all messages are plain objects):
//   page → worker  { type: "part", id, notes }          the first notes of an `addNotes` call
//                                                       (a long list comes in parts)
//                  { type: "call", id, method, args }   run a method, answer with the same id
//                                                       (`addNotes`: args[0] = the last part);
//                                                       calls run one at a time, in order
//                  { type: "cancel", id }              cancel an `addNotes` call, waiting or
//                                                       running
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
// Why `open` made no library (a bad option, say). `RecapdexWorker` opens it from its
// constructor, which cannot report the error, so every later call reports it instead: the
// same code and message `new Library(options)` throws on the main thread.
let openFailure = null;
const ready = init();
const cancelled = new Set();
const parts = new Map(); // call id → the parts of its list received so far

function codedError(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}

function library() {
  if (lib) return lib;
  throw openFailure ?? codedError('invalid_input', 'the worker has no library: its first call must be open or load');
}

function cancelledError(done, total) {
  return codedError('cancelled', `indexing was cancelled after ${done} of ${total} notes; none of them were kept`);
}

function cancelledBeforeStart() {
  return codedError('cancelled', 'indexing was cancelled before it started; no note was added');
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
      if (cancelled.has(callId)) throw cancelledError(i, list.length);
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
  open(options) {
    lib = null;
    try {
      lib = new Library(options ?? {});
    } catch (error) {
      openFailure = error;
      throw error;
    }
    openFailure = null;
    return true;
  },
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

// Calls run one at a time, in the order they arrive. `addNotes` yields between notes (so a
// cancel can reach it); a call run in such a gap would see, or change, a batch that may still
// be rolled back, and would take effect before a batch the page asked for first. `cancel`,
// `part` and `drop` are handled as they arrive, so cancelling stays prompt.
let queue = Promise.resolve();
const waiting = new Set(); // ids of the calls queued and not started

self.onmessage = ({ data }) => {
  if (data.type === 'cancel') {
    cancel(data.id);
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
  // Cancelled while its parts were still on their way: it never runs.
  if (cancelled.delete(data.id)) {
    refuseCancelled(data.id);
    return;
  }
  waiting.add(data.id);
  queue = queue.then(() => run(data));
};

// A call still waiting behind others is answered now rather than after them; one running, or
// whose call message has not come yet, finds its id in `cancelled`.
function cancel(id) {
  if (waiting.delete(id)) {
    refuseCancelled(id);
  } else {
    cancelled.add(id);
  }
}

// Answers a call cancelled before it started, and forgets the parts of its list.
function refuseCancelled(id) {
  parts.delete(id);
  reply(id, () => { throw cancelledBeforeStart(); });
}

// `addNotes` answers with `collected`: its value is the `NoteInfo`s its progress messages carried.
const COLLECTED = Symbol('collected');

async function run({ id, method, args }) {
  if (!waiting.delete(id)) return; // cancelled while it waited, and answered then
  const before = parts.get(id) ?? [];
  parts.delete(id);
  await reply(id, async () => {
    await ready;
    if (method === 'addNotes') {
      await addNotes(id, before.length ? [...before, args[0]].flat() : args[0]);
      return COLLECTED;
    }
    if (!Object.hasOwn(methods, method)) throw codedError('invalid_input', `unknown worker method ${method}`);
    return methods[method](...args);
  });
}

// Posts what `work` returns, or the error it throws (never throws itself, so the queue goes on).
async function reply(id, work) {
  try {
    const value = await work();
    if (value === COLLECTED) {
      self.postMessage({ type: 'result', id, collected: true });
      return;
    }
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
}
