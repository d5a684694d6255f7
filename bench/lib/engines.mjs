// Engine adapters with one shape, usable in Node and in the browser (modules are passed in):
//   engine.build(input) ; engine.search(q, k) -> keys ; engine.exportSnapshot() -> Uint8Array|string
//   engine.load(snapshot) ; engine.docCount()
// `input` = { notes: [{id,text}], docs: [{id (number), key, noteId, title, heading, body}] }.
// recapdex gets the raw notes (it parses them itself); anchors get the section docs that
// sections.mjs extracted, NFKC-normalized (a fair head start: they do no Markdown parsing).

/** Latin words lowercased, Han runs as overlapping bigrams (a lone Han char as a unigram). */
export function cjkBigrams(text) {
  const out = [];
  for (const m of text.normalize("NFKC").toLowerCase().matchAll(/\p{Script=Han}+|[\p{L}\p{N}]+/gu)) {
    const t = m[0];
    if (/\p{Script=Han}/u.test(t[0])) {
      if (t.length === 1) out.push(t);
      else for (let i = 0; i + 1 < t.length; i++) out.push(t.slice(i, i + 2));
    } else out.push(t);
  }
  return out;
}

const FIELDS = ["title", "heading", "body"];

export function makeEngines({ MiniSearch, FlexSearch, recapdex, wasmMemory = null }) {
  const engines = {};

  const minisearch = (name, options, searchOptions = {}) => () => {
    let ms = null;
    let docs = null;
    const all = { fields: FIELDS, idField: "id", ...options };
    return {
      name,
      build(input) {
        docs = input.docs;
        ms = new MiniSearch(all);
        ms.addAll(docs);
      },
      search(q, k) {
        return ms.search(q, searchOptions).slice(0, k).map((r) => docs[r.id].key);
      },
      exportSnapshot: () => JSON.stringify(ms),
      load(snapshot, input) {
        docs = input.docs;
        ms = MiniSearch.loadJSON(snapshot, all);
      },
      docCount: () => ms.documentCount,
    };
  };
  engines["minisearch-default"] = minisearch("minisearch-default", {});
  // Docs allow a custom `tokenize` for index and search; AND keeps bigram queries tight.
  engines["minisearch-cjk"] = minisearch("minisearch-cjk", { tokenize: cjkBigrams, searchOptions: { tokenize: cjkBigrams } }, { combineWith: "AND" });

  const flex = (name, options) => () => {
    let idx = null;
    let docs = null;
    const make = () => new FlexSearch.Document({ document: { id: "id", index: FIELDS }, ...options() });
    return {
      name,
      build(input) {
        docs = input.docs;
        idx = make();
        for (const d of docs) idx.add(d);
      },
      search(q, k) {
        return idx.search(q, { limit: k, merge: true }).slice(0, k).map((r) => docs[r.id].key);
      },
      async exportSnapshot() {
        const parts = {};
        await idx.export((key, data) => { parts[key] = data; });
        return JSON.stringify(parts);
      },
      async load(snapshot, input) {
        docs = input.docs;
        idx = make();
        const parts = JSON.parse(snapshot);
        for (const key of Object.keys(parts)) await idx.import(key, parts[key]);
      },
      docCount: () => docs.length,
    };
  };
  engines["flexsearch-default"] = flex("flexsearch-default", () => ({}));
  // The documented CJK preset: every CJK char is a term (split "").
  engines["flexsearch-cjk"] = flex("flexsearch-cjk", () => ({ encoder: FlexSearch.Charset.CJK }));
  // A custom `encode` (documented) with the same bigrams as minisearch-cjk.
  engines["flexsearch-bigram"] = flex("flexsearch-bigram", () => ({ encoder: new FlexSearch.Encoder({ normalize: false, dedupe: false }), encode: cjkBigrams }));

  const rdx = (name, searchOptions) => () => {
    let lib = null;
    let slugMap = null; // noteId -> slug -> key
    return {
      name,
      build(input) {
        lib = new recapdex.Library();
        for (const n of input.notes) lib.addNote(n.id, n.text);
      },
      /** Needed only by the relevance check: maps {noteId, slug} hits to section keys. */
      setKeyMap(fn) { slugMap = fn(lib); },
      search(q, k) {
        const res = lib.search(q, { limit: k, ...searchOptions });
        return res.hits.map((h) => (slugMap ? slugMap(h) : `${h.noteId}#${h.slug}`));
      },
      exportSnapshot: () => lib.exportIndex(),
      load(snapshot) { lib = recapdex.Library.load(snapshot); },
      docCount: () => lib.noteIds().length,
      /** wasm objects are not garbage-collected promptly: free what the benchmark drops. */
      dispose() { lib?.free(); lib = null; },
      /** Size of the wasm linear memory (its high-water mark: it never shrinks). */
      wasmMemoryBytes: () => wasmMemory?.() ?? null,
      get lib() { return lib; },
    };
  };
  engines["recapdex"] = rdx("recapdex", {});
  engines["recapdex-hits"] = rdx("recapdex-hits", { subResults: 0, facets: false });
  engines["recapdex-exact"] = rdx("recapdex-exact", { prefix: false, fuzzy: false });
  return engines;
}

/** Section documents for the anchors, with keys `${noteId}#${index}`. */
export function sectionDocs(notes, splitNote) {
  const docs = [];
  const split = new Map();
  for (const n of notes) {
    const r = splitNote(n.id, n.text);
    split.set(n.id, r);
    for (const s of r.sections) {
      docs.push({ id: docs.length, key: `${n.id}#${s.index}`, noteId: n.id, title: r.title, heading: s.heading.normalize("NFKC"), body: s.body.normalize("NFKC") });
    }
  }
  return { docs, split };
}
