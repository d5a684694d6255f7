// Compiled by tests/node/types.test.mjs with `tsc --noEmit`: the typed bindings as a
// TypeScript user meets them. Each `@ts-expect-error` fails the check if the types loosen
// (to `any`, say) and the misuse below it stops being an error.
import init, { Library } from "../../pkg/web/recapdex.js";
import type { ErrorCode, Hit, NoteInfo, RecapdexError, SearchResult } from "../../pkg/web/recapdex.js";
import initSearch, { Library as SearchLibrary } from "../../pkg/search/recapdex.js";
import { RecapdexWorker } from "../../pkg/web/worker-client.js";
import type { Progress, RecapdexWorkerError, WorkerErrorCode } from "../../pkg/web/worker-client.js";

await init();
const lib = new Library();
const info: NoteInfo = lib.addNote("kubecon", "# KubeCon\n\n调度器");
const format: "markdown" | "text" | "listing" = info.format;
lib.updateNote("kubecon", "# KubeCon", { format: "markdown" });
const res: SearchResult = lib.search("调度");
const first: Hit | undefined = res.hits[0];
const [start, end]: [number, number] = first?.highlights[0] ?? [0, 0];
const page = lib.search("调度 pod", { limit: 5, offset: 5, expandBelow: Infinity, explain: true });
const field: "title" | "heading" | "meta" | "body" | undefined = page.hits[0]?.explain?.[0]?.field;
const years: number[] = page.facets.years.map((y) => y.count);
const { html, toc } = lib.render("kubecon");
const slugs: string[] = toc.map((t) => t.slug).concat(toc.flatMap((t) => t.children.map((c) => c.slug)));
const again: Library = Library.load(lib.exportIndex());
const ids: string[] = again.noteIds();
// The search-only build has the same API and result types.
await initSearch();
const searchOnly: SearchLibrary = SearchLibrary.load(lib.exportIndex({ sources: false }));
// @ts-expect-error: sources is a boolean
lib.exportIndex({ sources: "no" });
const alike: SearchResult = searchOnly.search("调度", { limit: 3 });
// @ts-expect-error: load takes bytes
SearchLibrary.load("index.bin");
try {
  lib.removeNote("missing");
} catch (e) {
  const code: string = (e as RecapdexError).code;
  void code;
}

// @ts-expect-error: the query is a string
lib.search(42);
// @ts-expect-error: limit is a number
lib.search("x", { limit: "10" });
// @ts-expect-error: no such format
lib.addNote("x", "y", { format: "docx" });
// @ts-expect-error: a search result has no `results`
void lib.search("x").results;

// The worker has the same API, every call a promise.
const worker = new RecapdexWorker({ trustedHtml: false });
const batch: NoteInfo[] = await worker.addNotes([{ id: "a", text: "# A", options: { format: "auto" } }], {
  onProgress: (p: Progress) => void (p.bytesDone / p.bytesTotal),
  signal: new AbortController().signal,
});
const viaWorker: SearchResult = await worker.search("调度", { limit: 3 });
const bytes: Uint8Array = await worker.exportIndex({ sources: false });
try {
  await worker.removeNote("missing");
} catch (e) {
  const code: WorkerErrorCode = (e as RecapdexWorkerError).code;
  // @ts-expect-error: a worker call may fail with `cancelled`, which no Library call throws
  const libraryCode: ErrorCode = code;
  void libraryCode;
}
// @ts-expect-error: addNotes takes { id, text } objects
void worker.addNotes(["# A"]);
// @ts-expect-error: a worker call is a promise, not the value
const notYet: SearchResult = worker.search("调度");
// @ts-expect-error: no such option
void worker.addNotes([], { onDone: () => {} });
worker.terminate();

void [format, start, end, field, years, html, slugs, ids, alike, Library.version(), batch, viaWorker, bytes, notYet];
