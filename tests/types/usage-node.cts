// The CommonJS build (`require("recapdex")` in Node) carries the same types. Its init() and
// initSync() do nothing: they are there for code shared with the web build, which, compiled to
// CommonJS, reads `import init from "recapdex"` as `require("recapdex").default`.
import recapdex = require("../../pkg/node/recapdex.js");

const lib = new recapdex.Library({ trustedHtml: false });
const total: number = lib.search("调度").total;
// @ts-expect-error: options are an object
new recapdex.Library("strict");
void recapdex.default().then(() => recapdex.initSync());
void total;
