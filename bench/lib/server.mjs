// A tiny static server on 127.0.0.1 for the browser benchmark: serves only the files the page
// needs (the page, bench/lib, the two anchor libraries, pkg/web) and the corpus as JSON.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join, normalize, extname } from "node:path";
import { ROOT } from "./corpus.mjs";

const TYPES = { ".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const ALLOWED = ["bench/browser/", "bench/lib/", "node_modules/minisearch/dist/", "node_modules/flexsearch/dist/", "pkg/web/"];
const PAGE = `<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/bench/browser/page.mjs"></script>`;

/** Starts the server; `data` is served at /data/input.json. Resolves to { url, close() }. */
export function serve(data) {
  const json = Buffer.from(JSON.stringify(data));
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    try {
      if (path === "/") return send(res, 200, "text/html", PAGE);
      if (path === "/favicon.ico") return send(res, 204, "image/x-icon", ""); // no 404 in the console
      if (path === "/data/input.json") return send(res, 200, TYPES[".json"], json);
      const rel = normalize(path).replace(/^\/+/, "");
      if (rel.includes("..") || !ALLOWED.some((a) => rel.startsWith(a))) return send(res, 404, "text/plain", "not found");
      const pkg = process.env.RECAPDEX_PKG || join(ROOT, "pkg");
      const file = rel.startsWith("pkg/") ? join(pkg, rel.slice(4)) : join(ROOT, rel);
      return send(res, 200, TYPES[extname(rel)] ?? "application/octet-stream", await readFile(file));
    } catch {
      send(res, 404, "text/plain", "not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function send(res, status, type, body) {
  // Cross-origin isolation: without it Chromium coarsens performance.now() to 100 µs.
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" });
  res.end(body);
}
