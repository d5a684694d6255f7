// `RecapdexWorker`: the recapdex `Library` API, asynchronous, running in a Web Worker.
//
//   import { RecapdexWorker } from "recapdex/worker";
//   const lib = new RecapdexWorker();
//   await lib.addNotes([{ id, text, options: { format: "auto" } }], {
//     onProgress: ({ notesDone, notesTotal, bytesDone, bytesTotal }) => {}, signal });
//   const res = await lib.search("调度", { limit: 10 });
//
// Every method returns a Promise of what the Library method returns; errors reject with an
// `Error` carrying the same string `code`. Calls take effect in the order they are made: one
// made while `addNotes` runs waits until the batch has landed or been cancelled. A cancelled
// `addNotes` rejects with code `cancelled` and leaves the library as it was before the call.
// Once the worker is gone (terminated, or it failed to start) every call rejects with code
// `worker_error`.

export class RecapdexWorker {
  /**
   * @param {object} [options]
   * @param {boolean} [options.trustedHtml] passed to `new Library(options)`
   * @param {URL|string} [options.workerUrl] where worker.js lives (default: next to this file)
   */
  constructor(options = {}) {
    const { workerUrl, ...libraryOptions } = options;
    this.pending = new Map();
    this.nextId = 1;
    // `{ code, message }` once no call can succeed any more: every call then rejects with it.
    this.failure = null;
    try {
      this.worker = startWorker(workerUrl);
    } catch (error) {
      // No Worker here (Node), a workerUrl of another origin or no URL at all: the
      // constructor does not throw, every call rejects with why.
      this.worker = null;
      this.failure = { code: 'worker_error', message: `the recapdex worker could not be started: ${error?.message ?? error}` };
      return;
    }
    // Messages leave in the order of the calls, even while a long list is still being sent.
    this.outbox = Promise.resolve();
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      this.fail(event.message || 'the recapdex worker failed to start');
    };
    this.worker.onmessageerror = () => this.rejectPending('a message from the recapdex worker could not be read');
    // A constructor cannot hand back this call's failure (a bad option, a worker that does not
    // start, terminate() before the answer), so it is left to later calls to report: the worker
    // answers them with the error `open` got, and a gone worker fails them all.
    this.call('open', [libraryOptions]).catch(() => {});
  }

  receive(data) {
    const entry = this.pending.get(data.id);
    if (!entry) return;
    if (data.type === 'progress') {
      // Not push(...data.infos): one message can carry 100,000s of NoteInfos (small notes that
      // are together under a hundredth of the bytes), and spreading that many arguments
      // overflows the stack.
      if (data.infos) for (const info of data.infos) entry.infos.push(info);
      entry.onProgress?.(data.progress);
      return;
    }
    this.pending.delete(data.id);
    entry.cleanup?.();
    if (data.type === 'result') entry.resolve(data.collected ? entry.infos : data.value);
    else entry.reject(codedError(data.error.code, data.error.message));
  }

  // The worker is gone, or its state is unknown after an uncaught error: it is stopped, the
  // pending calls reject and so does every later one.
  fail(message) {
    this.worker?.terminate();
    // The first reason the worker went is the one to report (terminate() after a failed start).
    if (this.failure?.code !== 'worker_error') this.failure = { code: 'worker_error', message };
    this.rejectPending(this.failure.message);
  }

  rejectPending(message) {
    for (const id of this.pending.keys()) this.settleWithError(id, codedError('worker_error', message));
  }

  settleWithError(id, error) {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.cleanup?.();
    entry.reject(error);
  }

  failureError() {
    return codedError(this.failure.code, this.failure.message);
  }

  // `parts` (arrays of notes) are sent ahead of the call, one per task, so that handing a
  // large list to the worker never holds the page for long.
  call(method, args, { onProgress, signal, transfer = [], parts = [] } = {}) {
    if (this.failure) return Promise.reject(this.failureError());
    if (signal?.aborted) return Promise.reject(codedError('cancelled', `${method} was cancelled before it started`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, onProgress, infos: [] };
      if (signal) {
        const abort = () => this.worker.postMessage({ type: 'cancel', id });
        signal.addEventListener('abort', abort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', abort);
      }
      this.pending.set(id, entry);
      const send = async () => {
        for (const notes of parts) {
          if (this.failure) break;
          this.worker.postMessage({ type: 'part', id, notes });
          await nextTask();
        }
        // Failed while this call waited its turn: terminated (it has been rejected already),
        // or `open` could not be sent.
        if (this.failure) this.settleWithError(id, this.failureError());
        else this.worker.postMessage({ type: 'call', id, method, args }, transfer);
      };
      // A value the worker cannot receive (a function, say) fails this call only; the parts
      // already sent are dropped, and later calls still go. Options `open` cannot send leave
      // the worker without a library, so that failure is every later call's.
      this.outbox = this.outbox.then(send).catch((error) => {
        if (parts.length) this.worker.postMessage({ type: 'drop', id });
        const failed = codedError('invalid_input', `${method} could not be sent to the worker: ${error?.message ?? error}`);
        if (method === 'open') this.failure = { code: failed.code, message: failed.message };
        this.settleWithError(id, failed);
      });
    });
  }

  /** Replaces the library with one loaded from `exportIndex()` bytes. */
  load(bytes) { return this.call('load', [bytes]); }
  addNote(id, text, options) { return this.call('addNote', [id, text, options]); }
  /**
   * Adds many notes, `list` = `[{ id, text, options? }]`, resolving to their `NoteInfo`s.
   * `onProgress({ notesDone, notesTotal, bytesDone, bytesTotal })` is called before the first
   * note, whenever another hundredth of the bytes is done, and after the last note; aborting
   * `signal` rejects with code `cancelled`.
   */
  addNotes(list, { onProgress, signal } = {}) {
    const parts = splitList(list);
    const last = parts.pop() ?? list;
    return this.call('addNotes', [last], { onProgress, signal, parts });
  }
  updateNote(id, text, options) { return this.call('updateNote', [id, text, options]); }
  removeNote(id) { return this.call('removeNote', [id]); }
  render(id) { return this.call('render', [id]); }
  search(query, options) { return this.call('search', [query, options]); }
  noteIds() { return this.call('noteIds', []); }
  notes() { return this.call('notes', []); }
  note(id) { return this.call('note', [id]); }
  toMarkdown(id) { return this.call('toMarkdown', [id]); }
  exportIndex(options) { return this.call('exportIndex', [options]); }

  /** Stops the worker; pending and later calls reject with code `worker_error`. */
  terminate() {
    this.fail('the recapdex worker was terminated');
  }
}

// Bundlers (Vite, webpack, Parcel) bundle a worker with its imports (recapdex.js and its wasm)
// only when they find this literal form, `new Worker(new URL("…", import.meta.url), …)`; with
// the URL in a variable they copied worker.js alone, and it could not load the library.
function startWorker(workerUrl) {
  if (workerUrl == null) return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  return new Worker(workerUrl, { type: 'module' });
}

// A list is sent in parts of about PART_CHARS UTF-16 code units of text (copying a part into
// the worker's message takes a few milliseconds), in order. Anything but an array goes whole,
// for the worker to reject.
const PART_CHARS = 1 << 19;

function splitList(list) {
  if (!Array.isArray(list)) return [];
  const parts = [];
  let part = [];
  let chars = 0;
  for (const note of list) {
    const size = typeof note?.text === 'string' ? note.text.length : 0;
    if (part.length && chars + size > PART_CHARS) {
      parts.push(part);
      part = [];
      chars = 0;
    }
    part.push(note);
    chars += size;
  }
  parts.push(part);
  return parts;
}

// Yields to the event loop for one task (a MessageChannel turn, not clamped as nested timers
// are). The channel is made at the first use: made on import, it kept Node (a test runner, a
// server-side render importing this module) from ever exiting.
let tick = null;
const tickWaiters = [];
function nextTask() {
  if (!tick) {
    tick = new MessageChannel();
    tick.port1.onmessage = () => tickWaiters.shift()?.();
  }
  return new Promise((resolve) => {
    tickWaiters.push(resolve);
    tick.port2.postMessage(0);
  });
}

function codedError(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}
