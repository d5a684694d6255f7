// Types of `RecapdexWorker` (worker-client.js): the recapdex `Library` API, asynchronous,
// running in a Web Worker. Shipped beside it in the package (`recapdex/worker`).
import type {
  ErrorCode,
  ExportOptions,
  LibraryOptions,
  NoteInfo,
  NoteOptions,
  Rendered,
  SearchOptions,
  SearchResult,
} from "./recapdex.js";

/** How far an `addNotes` call has got: notes, and their UTF-8 bytes, done of the batch. */
export interface Progress {
  notesDone: number;
  notesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/** One note of an `addNotes` batch. */
export interface NoteInput {
  id: string;
  text: string;
  options?: NoteOptions;
}

export interface AddNotesOptions {
  /** Called before the first note, whenever another hundredth of the bytes is done, and
   *  after the last note. */
  onProgress?: (progress: Progress) => void;
  /** Aborting it rejects the call with code `cancelled`; none of the batch is kept. */
  signal?: AbortSignal;
}

export interface WorkerOptions extends LibraryOptions {
  /** Where worker.js lives (default: next to worker-client.js). */
  workerUrl?: URL | string;
}

/** The library's codes, plus `cancelled` (an aborted `addNotes`) and `worker_error` (the
 *  worker failed to start, could not read a message, or was terminated; after a failed start
 *  or `terminate()` every call rejects with it). */
export type WorkerErrorCode = ErrorCode | "cancelled" | "worker_error";

/** What a `RecapdexWorker` call rejects with. */
export interface RecapdexWorkerError extends Error {
  code: WorkerErrorCode;
}

/** Calls take effect in the order they are made: one made while `addNotes` runs waits until
 *  the batch has landed or been cancelled. */
export class RecapdexWorker {
  /** A bad option, or a worker that does not start, is not thrown here: the calls made
   *  after it reject (with the error `new Library(options)` throws, or `worker_error`). */
  constructor(options?: WorkerOptions);
  /** Replaces the library with one loaded from `exportIndex()` bytes. */
  load(bytes: Uint8Array | ArrayBuffer | ArrayBufferView): Promise<true>;
  addNote(id: string, text: string, options?: NoteOptions): Promise<NoteInfo>;
  /** Adds a batch, whole or not at all, resolving to one `NoteInfo` per note, in order. */
  addNotes(list: NoteInput[], options?: AddNotesOptions): Promise<NoteInfo[]>;
  updateNote(id: string, text: string, options?: NoteOptions): Promise<NoteInfo>;
  removeNote(id: string): Promise<boolean>;
  render(id: string): Promise<Rendered>;
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  noteIds(): Promise<string[]>;
  notes(): Promise<NoteInfo[]>;
  note(id: string): Promise<NoteInfo>;
  toMarkdown(id: string): Promise<string>;
  exportIndex(options?: ExportOptions): Promise<Uint8Array>;
  /** Stops the worker; pending and later calls reject with code `worker_error`. */
  terminate(): void;
}
