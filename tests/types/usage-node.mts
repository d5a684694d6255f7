// Node as an ES module: `import … from "recapdex"` resolves to node/index.mjs and its
// index.d.mts, which must describe it (init() and initSync() exist and do nothing) and need
// no DOM types: tsconfig.node.json compiles this without the "dom" lib.
import init, { Library, initSync } from "../../pkg/node/index.mjs";
import type { NoteInfo } from "../../pkg/node/index.mjs";

await init();
initSync();
const lib = new Library();
const info: NoteInfo = lib.addNote("kubecon", "# KubeCon\n\n调度器");
const total: number = lib.search("调度").total;
// @ts-expect-error: a query is a string
lib.search(42);
void info;
void total;
