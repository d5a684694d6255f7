// The CommonJS build (`require("recapdex")` in Node) carries the same types, without init().
import recapdex = require("../../pkg/node/recapdex.js");

const lib = new recapdex.Library({ trustedHtml: false });
const total: number = lib.search("调度").total;
// @ts-expect-error: options are an object
new recapdex.Library("strict");
void total;
