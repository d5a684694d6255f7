// Tests of the search-only web build (`recapdex/search`, pkg/search): it loads snapshots written
// by the full build and answers exactly as the full build does; what it leaves out throws
// `unsupported` and changes nothing. Run: node --test tests/node/ (after bash scripts/build;
// the tests skip without the builds).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FULL = join(ROOT, "pkg", "node", "recapdex.js");
const SEARCH = join(ROOT, "pkg", "search", "recapdex.js");
const PINNED = join(ROOT, "tests", "fixtures", "snapshot-v4.bin");
const skip = [FULL, SEARCH].find((p) => !existsSync(p));
const needsBuild = skip ? `${skip} missing (run bash scripts/build)` : false;

// Original notes written for this test (not taken from any corpus).
const NOTES = {
  "kubecon-eu": `---
title: KubeCon EU 回顾
date: 2025-04-02
tags: [云原生, 调度]
---

开场聊了社区的规模。

## Scheduling Large Batch Jobs

讲者介绍了批处理作业的调度器改造，队列公平性和抢占策略都重写了。

## Observability with eBPF

用 eBPF 探针采集网络延迟，开销低于百分之一。
`,
  "weekly-12": `云原生周报 第十二期
本周要点
服务网格的数据面升级到新版本，sidecar 内存占用下降。
Rethinking Service Mesh Upgrades - Li Wei, Example Corp
分享了灰度升级控制面的经验。
`,
};

const QUERIES = ["调度器", "公平性和抢占", "ebpf", "schedulng", "服务网格 sidecar", "mesh", "网络延迟", "upgrade"];

async function builds() {
  const full = createRequire(import.meta.url)(FULL);
  const search = await import(pathToFileURL(SEARCH).href);
  search.initSync({ module: readFileSync(join(ROOT, "pkg", "search", "recapdex_bg.wasm")) });
  const lib = new full.Library();
  for (const [id, text] of Object.entries(NOTES)) lib.addNote(id, text);
  return { full, search, lib, bytes: lib.exportIndex() };
}

test("a snapshot from the full build answers every query identically in the search-only build", { skip: needsBuild }, async () => {
  const { full, search, lib, bytes } = await builds();
  const loaded = search.Library.load(bytes);
  assert.deepEqual(loaded.noteIds(), lib.noteIds());
  assert.deepEqual(loaded.notes(), lib.notes());
  for (const q of QUERIES) {
    const want = lib.search(q, { explain: true });
    assert.ok(want.total > 0, `the full build finds ${q}`);
    assert.deepEqual(loaded.search(q, { explain: true }), want, `query ${q}`);
  }
  assert.equal(search.Library.version(), full.Library.version());
});

test("the search-only build loads the committed snapshot and finds its sections", { skip: needsBuild }, async () => {
  const { search } = await builds();
  const loaded = search.Library.load(readFileSync(PINNED));
  const hits = loaded.search("数据拷贝").hits;
  assert.equal(hits[0].slug, "scheduling-at-scale");
  assert.match(hits[0].snippetHtml, /<mark>数据拷贝<\/mark>/);
});

test("what the search-only build leaves out throws unsupported and changes nothing", { skip: needsBuild }, async () => {
  const { search, bytes } = await builds();
  const loaded = search.Library.load(bytes);
  const before = loaded.noteIds();
  const calls = {
    addNote: () => loaded.addNote("new", "# 新笔记"),
    updateNote: () => loaded.updateNote("weekly-12", "# 改写"),
    render: () => loaded.render("kubecon-eu"),
    toMarkdown: () => loaded.toMarkdown("kubecon-eu"),
    exportIndex: () => loaded.exportIndex(),
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(call, (e) => e.code === "unsupported" && e.message.startsWith(name), name);
  }
  assert.deepEqual(loaded.noteIds(), before);
  assert.equal(loaded.search("灰度升级").hits[0].noteId, "weekly-12");
});

test("the search-only build removes notes and rejects damaged bytes with typed errors", { skip: needsBuild }, async () => {
  const { search, bytes } = await builds();
  const loaded = search.Library.load(bytes);
  assert.equal(loaded.removeNote("weekly-12"), true);
  assert.equal(loaded.search("灰度升级").total, 0);
  assert.throws(() => loaded.removeNote("weekly-12"), { code: "unknown_note" });
  assert.throws(() => search.Library.load(bytes.slice(0, bytes.length - 3)), { code: "snapshot_corrupt" });
  assert.throws(() => search.Library.load(new TextEncoder().encode("PK not ours")), { code: "snapshot_foreign" });
});

test("a freed library of the search-only build throws freed, and freeing it again does nothing", { skip: needsBuild }, async () => {
  const { search, bytes } = await builds();
  const loaded = search.Library.load(bytes);
  loaded.free();
  assert.throws(() => loaded.search("灰度升级"), { name: "RecapdexError", code: "freed" });
  assert.throws(() => loaded.noteIds(), { code: "freed" });
  loaded.free();
  loaded[Symbol.dispose]();
  assert.equal(search.Library.load(bytes).search("灰度升级").hits[0].noteId, "weekly-12");
});
