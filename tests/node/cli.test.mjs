// Tests of the `recapdex` command (js/cli.mjs). Run: node --test tests/node/
// Tests that build an index need the node build (bash scripts/build); they skip without it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, chmodSync, existsSync, symlinkSync, readdirSync, truncateSync, openSync, closeSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { HANDBOOK, loadNotes } from "../../bench/lib/corpus.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CLI = join(ROOT, "js", "cli.mjs");
const NODE_BUILD = join(ROOT, "pkg", "node", "recapdex.js");
function buildSkipReason() {
  if (!existsSync(NODE_BUILD)) return `node build missing at ${NODE_BUILD} (run bash scripts/build)`;
  const { Library } = createRequire(import.meta.url)(NODE_BUILD);
  if (typeof Library.prototype.exportIndex !== "function" || typeof Library.load !== "function") {
    return "this build has no Library.exportIndex / Library.load yet (issue 5)";
  }
  return false;
}
const needsBuild = buildSkipReason();

function run(args, opts = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", ...opts });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempNotes(files) {
  const dir = mkdtempSync(join(tmpdir(), "recapdex-cli-"));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, "notes", rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

// Original notes written for this test (not taken from any corpus).
const NOTES = {
  "2025/lantern-summit.md": `---
title: Lantern Summit 2025 回顾
date: 2025-03-14
tags: [observability]
---

今年的 Lantern Summit 在杭州举办，主题围绕可观测性与边缘计算。

## Tracing Without Tears

讲者演示了如何用采样策略把链路追踪的成本压到原来的三分之一。

## Edge Schedulers in Practice

这一场介绍了边缘节点上的调度器如何处理断网重连。
`,
  "weekly/issue-07.txt": `Weekly Digest 第七期

Storage Deep Dive
本期关注分布式存储的快照一致性问题。
`,
  "misc/glossary.markdown": "# Glossary\n\nA short list of words: 熔断, 限流, backpressure.\n",
  "ignored.json": "{\"not\": \"a note\"}",
  ".hidden/secret.md": "# hidden\n",
};

test("--help prints usage and exits 0", () => {
  const r = run(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /usage: recapdex build <dir>/);
});

test("--version prints a version and exits 0", () => {
  const r = run(["--version"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^recapdex \d+\.\d+\.\d+/);
});

test("no command is a usage error with exit code 2", () => {
  const r = run([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing command/);
});

test("a missing directory fails with a clear message", () => {
  const r = run(["build", join(tmpdir(), "recapdex-no-such-dir-4242"), "-o", join(tmpdir(), "x.bin")]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /^recapdex: no such directory: .*recapdex-no-such-dir-4242\n$/);
});

test("a file that is not utf-8 fails and names the file", () => {
  const dir = tempNotes({ "good.md": "# 好的笔记\n\n正常内容。\n" });
  try {
    // GBK bytes for 中文 followed by ASCII: invalid as UTF-8 at byte 2 of the file.
    writeFileSync(join(dir, "notes", "legacy-gbk.txt"), Buffer.from([0x23, 0x20, 0xd6, 0xd0, 0xce, 0xc4, 0x0a]));
    const out = join(dir, "index.bin");
    const r = run(["build", join(dir, "notes"), "-o", out]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /legacy-gbk\.txt is not valid utf-8 text \(first bad byte at offset 2\)/);
    const message = r.stderr.replace(join(dir, "notes", "legacy-gbk.txt"), "<file>");
    assert.equal(message, message.toLowerCase(), "error messages are lowercase");
    assert.ok(!existsSync(out), "no snapshot is written on failure");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// As root, permissions are not enforced; run the command as `nobody` instead when we can.
const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

test("an unreadable file fails with a permissions message", () => {
  const dir = tempNotes({ "locked.md": "# 锁住的笔记\n", "open.md": "# 打开的笔记\n" });
  const locked = join(dir, "notes", "locked.md");
  try {
    for (const d of [dir, join(dir, "notes")]) chmodSync(d, 0o755);
    chmodSync(join(dir, "notes", "open.md"), 0o644);
    chmodSync(locked, 0o000);
    const r = run(["build", join(dir, "notes"), "-o", join(dir, "index.bin")], asNobody);
    if (r.code === null || /EACCES|EPERM/.test(r.stderr) && !/recapdex:/.test(r.stderr)) {
      throw new Error(`could not run the command as another user: ${r.stderr}`);
    }
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /^recapdex: cannot read .*locked\.md: permission denied/);
  } finally {
    chmodSync(locked, 0o644);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("build writes a snapshot that Library.load reads and searches", { skip: needsBuild }, () => {
  const dir = tempNotes(NOTES);
  try {
    const out = join(dir, "index.bin");
    const r = run(["build", join(dir, "notes"), "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    // Not a TTY here: plain progress lines, then the summary on stdout.
    assert.match(r.stderr, /indexed 3\/3 notes/);
    assert.match(r.stdout, /^notes {5}3$/m);
    assert.match(r.stdout, /^sections {2}\d+$/m);
    assert.match(r.stdout, /^input {5}.*bytes\)$/m);
    assert.match(r.stdout, /^output {4}.*raw, .* gzip/m);
    assert.match(r.stdout, /^time {6}/m);

    const { Library } = createRequire(import.meta.url)(NODE_BUILD);
    const lib = Library.load(new Uint8Array(readFileSync(out)));
    assert.deepEqual([...lib.noteIds()].sort(), ["2025/lantern-summit", "misc/glossary", "weekly/issue-07"]);
    const res = lib.search("调度器", { limit: 10 });
    assert.ok(res.hits.length >= 1, "query answered from the loaded snapshot");
    assert.equal(res.hits[0].noteId, "2025/lantern-summit");
    assert.equal(res.hits[0].heading, "Edge Schedulers in Practice");
    const en = lib.search("backpressure");
    assert.equal(en.hits[0]?.noteId, "misc/glossary");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a link that leads nowhere fails and names it as written", () => {
  const dir = tempNotes({ "Talks/keynote.md": "# Keynote\n" });
  try {
    symlinkSync("Self.md", join(dir, "notes", "Talks", "Self.md")); // a link to itself
    const r = run(["build", join(dir, "notes"), "-o", join(dir, "index.bin")]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `recapdex: cannot read ${join(dir, "notes", "Talks", "Self.md")}: eloop: too many symbolic links encountered\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Calls `fn` with a notes folder holding two notes (`talks/keynote.md`, `weekly/issue-01.txt`),
 * a folder outside it holding `guest.md`, and where to write the snapshot; removes them after.
 */
function withLinkFixture(fn) {
  const dir = tempNotes({
    "talks/keynote.md": "# Keynote\n\n开场演讲讲了社区的十年。\n",
    "weekly/issue-01.txt": "Weekly 第一期\n\n本期关注边缘计算。\n",
  });
  const outside = mkdtempSync(join(tmpdir(), "recapdex-cli-outside-"));
  try {
    writeFileSync(join(outside, "guest.md"), "# Guest Post\n\n一篇放在别处的笔记。\n");
    fn({ notes: join(dir, "notes"), outside, out: join(dir, "index.bin") });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
}

test("links are followed, and a folder reached twice (a loop back to a parent) is read once", { skip: needsBuild }, () => {
  withLinkFixture(({ notes, outside, out }) => {
    symlinkSync("..", join(notes, "talks", "up")); // a loop: talks/up/talks/up/...
    symlinkSync("talks", join(notes, "also-talks")); // the same folder under a second name
    symlinkSync(outside, join(notes, "guests")); // a folder outside the notes
    const r = run(["build", notes, "-o", out, "--verbose"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^notes {5}3$/m);
    assert.match(r.stdout, /^skipped {3}2 links to folders read already$/m);
    assert.match(r.stdout, /^ {2}also-talks -> talks$/m);
    assert.match(r.stdout, /^ {2}talks\/up -> \.$/m);
    const { Library } = createRequire(import.meta.url)(NODE_BUILD);
    const lib = Library.load(new Uint8Array(readFileSync(out)));
    // The folder's own ids, not the link's; linked folders' notes come last.
    assert.deepEqual([...lib.noteIds()], ["talks/keynote", "weekly/issue-01", "guests/guest"]);
    assert.equal(lib.search("别处").hits[0]?.noteId, "guests/guest");

    const quiet = run(["build", notes, "-o", out]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(quiet.stdout, /^skipped {3}2 links to folders read already \(run with --verbose to list them\)$/m);
  });
});

test("a link to a note read already is skipped; a link to a note elsewhere is read under its own name", { skip: needsBuild }, () => {
  withLinkFixture(({ notes, outside, out }) => {
    // Sorts before its target: the real file must still keep its own id.
    symlinkSync("keynote.md", join(notes, "talks", "a-keynote.md"));
    symlinkSync(join("..", "weekly", "issue-01.txt"), join(notes, "talks", "latest.txt"));
    symlinkSync(join(outside, "guest.md"), join(notes, "guest.md"));
    symlinkSync("talks", join(notes, "also-talks")); // the same folder under a second name
    const r = run(["build", notes, "-o", out, "--verbose"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^notes {5}3$/m);
    assert.match(r.stdout, /^skipped {3}1 link to a folder and 2 links to notes read already$/m);
    assert.match(r.stdout, /^ {2}also-talks -> talks$/m);
    assert.match(r.stdout, /^ {2}talks\/a-keynote\.md -> talks\/keynote\.md$/m);
    assert.match(r.stdout, /^ {2}talks\/latest\.txt -> weekly\/issue-01\.txt$/m);
    const { Library } = createRequire(import.meta.url)(NODE_BUILD);
    const lib = Library.load(new Uint8Array(readFileSync(out)));
    assert.deepEqual([...lib.noteIds()], ["talks/keynote", "weekly/issue-01", "guest"]);
    assert.equal(lib.search("开场演讲").total, 1);
  });
});

test("--no-sources writes a smaller snapshot that searches the same and cannot render", { skip: needsBuild }, () => {
  const dir = tempNotes(NOTES);
  try {
    const full = join(dir, "full.bin"), lean = join(dir, "lean.bin");
    assert.equal(run(["build", join(dir, "notes"), "-o", full, "-q"]).code, 0);
    const r = run(["build", join(dir, "notes"), "-o", lean, "--no-sources"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^output {4}.*without sources/m);
    const [a, b] = [full, lean].map((p) => new Uint8Array(readFileSync(p)));
    assert.ok(b.length < a.length, `${b.length} < ${a.length}`);
    const { Library } = createRequire(import.meta.url)(NODE_BUILD);
    const [withSources, without] = [a, b].map((bytes) => Library.load(bytes));
    for (const q of ["调度器", "backpressure", "Lantern"]) {
      assert.deepEqual(without.search(q), withSources.search(q), q);
    }
    assert.deepEqual(without.notes(), withSources.notes());
    assert.ok(withSources.render("2025/lantern-summit").html.includes("Edge Schedulers"));
    assert.throws(() => without.render("2025/lantern-summit"), (e) => e.code === "unsupported");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without snapshot support the command fails with a clear message", { skip: existsSync(NODE_BUILD) && needsBuild ? false : "only for builds without exportIndex" }, () => {
  const dir = tempNotes({ "a.md": "# 标题\n\n内容\n" });
  try {
    const r = run(["build", join(dir, "notes"), "-o", join(dir, "i.bin")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot write snapshots \(no library\.exportindex\)|cannot write snapshots/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("build counts sections as the library does", { skip: needsBuild }, () => {
  const dir = tempNotes({ "one.md": NOTES["2025/lantern-summit.md"] });
  try {
    const r = run(["build", join(dir, "notes"), "-o", join(dir, "i.bin"), "-q"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "", "--quiet prints nothing");
    const { Library } = createRequire(import.meta.url)(NODE_BUILD);
    const lib = new Library();
    const info = lib.addNote("one", NOTES["2025/lantern-summit.md"]);
    const r2 = run(["build", join(dir, "notes"), "-o", join(dir, "i.bin")]);
    assert.match(r2.stdout, new RegExp(`^sections  ${info.sections.length}$`, "m"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The shared handbook corpus (../shared/corpus/handbook, outside the repo), read at run time
// the way the benchmarks read it (ids as the CLI gives them); the test skips cleanly without it.
test("build indexes the handbook corpus into a snapshot that answers as the library built in memory does", {
  skip: needsBuild || (existsSync(HANDBOOK) ? false : `no corpus at ${HANDBOOK}`),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), "recapdex-cli-handbook-"));
  try {
    const out = join(dir, "index.bin");
    const r = run(["build", HANDBOOK, "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    const notes = loadNotes(HANDBOOK);
    assert.ok(notes.length > 100, `the corpus has its notes (${notes.length})`);
    assert.match(r.stderr, new RegExp(`indexed ${notes.length}/${notes.length} notes`));
    assert.match(r.stdout, new RegExp(`^notes {5}${notes.length}$`, "m"));

    const { Library } = createRequire(import.meta.url)(NODE_BUILD);
    const loaded = Library.load(new Uint8Array(readFileSync(out)));
    const built = new Library();
    for (const n of notes) built.addNote(n.id, n.text);
    assert.deepEqual(loaded.noteIds(), built.noteIds());
    const sections = built.notes().reduce((sum, info) => sum + info.sections.length, 0);
    assert.match(r.stdout, new RegExp(`^sections {2}${sections}$`, "m"));
    // Queries drawn from the corpus at run time: a Han run and a Latin word of every 20th note.
    const queries = [];
    for (const n of notes.filter((_, i) => i % 20 === 0)) {
      const han = n.text.match(/\p{Script=Han}{4,}/u)?.[0];
      if (han) queries.push(han.slice(0, 4));
      const word = n.text.match(/\b[A-Za-z]{5,}\b/)?.[0];
      if (word) queries.push(word);
    }
    assert.ok(queries.length >= 10, `${queries.length} queries`);
    for (const q of queries) {
      const res = loaded.search(q, { limit: 10 });
      assert.ok(res.total > 0, `${q} is found`);
      assert.deepEqual(res, built.search(q, { limit: 10 }), q);
    }
    // Two-letter prefixes complete to more words than are kept (48), many as frequent as
    // one another: the same ones must be kept (the loaded snapshot numbers terms otherwise).
    const always = { limit: 50, expandBelow: Infinity };
    for (const q of new Set(queries.filter((q) => /^[A-Za-z]/.test(q)).map((q) => q.slice(0, 2).toLowerCase()))) {
      assert.deepEqual(loaded.search(q, always), built.search(q, always), q);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// util-linux `script` gives the command a terminal, as a person running it has.
const SCRIPT = ["/usr/bin/script", "/bin/script"].find((p) => existsSync(p));

test("on a terminal build draws a progress bar and clears it before the summary", {
  skip: needsBuild || (SCRIPT ? false : "no util-linux script to give the command a terminal"),
}, () => {
  const dir = tempNotes(NOTES);
  try {
    const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;
    const command = [process.execPath, CLI, "build", join(dir, "notes"), "-o", join(dir, "index.bin")].map(quote).join(" ");
    const r = spawnSync(SCRIPT, ["-qec", command, "/dev/null"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const full = `\r\x1b[2K[${"#".repeat(28)}] 3/3 `;
    assert.ok(r.stdout.includes(full), `a full bar for 3 of 3 notes: ${JSON.stringify(r.stdout.slice(0, 400))}`);
    assert.ok(!/indexed \d+\/\d+ notes/.test(r.stdout), "no plain progress lines on a terminal");
    const afterBar = r.stdout.slice(r.stdout.lastIndexOf("\r\x1b[2K") + 5);
    assert.match(afterBar, /^notes {5}3\r?$/m, "the summary follows the cleared bar");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("on a narrow terminal the progress bar fits its width, wide characters counted twice", {
  skip: needsBuild || (SCRIPT ? false : "no util-linux script to give the command a terminal"),
}, () => {
  // A line wider than the terminal wraps, and redrawing it in place leaves the wrapped rows.
  const dir = tempNotes({
    "第二十届云原生技术大会/分会场/服务网格与可观测性的最新进展回顾.md": "# 服务网格\n\n回顾。\n",
    "b.md": "# B\n",
  });
  try {
    const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;
    const command = [process.execPath, CLI, "build", join(dir, "notes"), "-o", join(dir, "index.bin")].map(quote).join(" ");
    const r = spawnSync(SCRIPT, ["-qec", `stty cols 50 rows 20; ${command}`, "/dev/null"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const lines = r.stdout.split("\r\x1b[2K").slice(1, -1); // what each redraw wrote
    assert.ok(lines.length >= 1, JSON.stringify(r.stdout));
    // "…" too counts twice: terminals set for East Asian text draw it two columns wide.
    const columns = (s) => [...s].reduce((n, ch) => n + (ch.codePointAt(0) >= 0x1100 ? 2 : 1), 0);
    for (const line of lines) assert.ok(columns(line) <= 49, `${JSON.stringify(line)}: ${columns(line)} columns`);
    assert.ok(lines.some((l) => l.includes("…") && l.endsWith("进展回顾.md")), JSON.stringify(lines));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a broken link not named like a note is skipped and counted; one named like a note fails", { skip: needsBuild }, () => {
  withLinkFixture(({ notes, out }) => {
    symlinkSync("missing.json", join(notes, "data.json")); // leads nowhere
    symlinkSync("result", join(notes, "result")); // a loop
    const r = run(["build", notes, "-o", out, "--verbose"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^notes {5}2$/m);
    assert.match(r.stdout, /^skipped {3}2 broken links$/m);
    assert.match(r.stdout, /^ {2}data\.json -> missing\.json \(leads nowhere\)$/m);
    assert.match(r.stdout, /^ {2}result -> result \(leads nowhere\)$/m);

    symlinkSync("talks", join(notes, "also-talks"));
    const both = run(["build", notes, "-o", out]);
    assert.match(both.stdout, /^skipped {3}1 link to a folder read already; 2 broken links \(run with --verbose to list them\)$/m);

    symlinkSync("gone.md", join(notes, "talks", "closing.md"));
    const failed = run(["build", notes, "-o", out]);
    assert.equal(failed.code, 1);
    assert.equal(failed.stderr, `recapdex: cannot read ${join(notes, "talks", "closing.md")}: no such file or directory\n`);
  });
});

test("interrupted while writing the snapshot, the command removes its temporary file and keeps the old snapshot", {
  skip: needsBuild || (process.platform === "win32" ? "needs a fifo" : false),
}, async () => {
  // A snapshot larger than a pipe's buffer (64 KiB), so that writing it waits for the reader.
  const long = Array.from({ length: 4000 }, (_, i) => `第 ${i} 段：边缘节点上的调度器 scheduler-${i}。`).join("\n\n");
  const dir = tempNotes({ ...NOTES, "long.md": `# Long\n\n${long}\n` });
  try {
    const out = join(dir, "index.bin");
    writeFileSync(out, "the snapshot of an earlier build");
    const child = spawn(process.execPath, [CLI, "build", join(dir, "notes"), "-o", out, "-q"], { stdio: "ignore" });
    const exited = new Promise((done) => child.on("exit", (code, signal) => done({ code, signal })));
    // The command writes `<out>.<pid>.tmp`: made a fifo, the write waits for a reader, and
    // the reader reads only after the signal, so the signal comes while the command writes.
    const tmp = `${out}.${child.pid}.tmp`;
    assert.equal(spawnSync("mkfifo", [tmp]).status, 0, "mkfifo");
    const reader = await open(tmp, "r"); // returns once the command has opened it to write
    child.kill("SIGINT");
    for await (const _ of reader.createReadStream()); // let the write finish
    const { code, signal } = await exited;
    assert.equal(signal, "SIGINT", `exit code ${code}`);
    assert.deepEqual(readdirSync(dir).sort(), ["index.bin", "notes"], "no temporary file left");
    assert.equal(readFileSync(out, "utf8"), "the snapshot of an earlier build");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a failed write names the output as given, also when it holds a colon", { skip: needsBuild }, () => {
  const dir = tempNotes({ "a.md": "# 标题\n\n内容\n" });
  try {
    const out = join(dir, "x: y");
    mkdirSync(out);
    const r = run(["build", join(dir, "notes"), "-o", out, "-q"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `recapdex: cannot write ${out}: is a directory\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an empty output name is a usage error", () => {
  for (const args of [["-o", ""], ["--output="]]) {
    const r = run(["build", tmpdir(), ...args]);
    assert.equal(r.code, 2, args.join(" "));
    assert.equal(r.stderr, "recapdex: -o needs a file name, not an empty one (see recapdex --help)\n");
  }
});

test("a backslash in a file name stays in the id outside Windows", {
  skip: needsBuild || (process.platform === "win32" ? "a path separator there" : false),
}, () => {
  const dir = tempNotes({ "a\\b.md": "# 反斜杠\n", "a/b.md": "# 子目录\n" });
  try {
    const out = join(dir, "index.bin");
    const r = run(["build", join(dir, "notes"), "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    const { Library } = createRequire(import.meta.url)(NODE_BUILD);
    assert.deepEqual([...Library.load(new Uint8Array(readFileSync(out))).noteIds()].sort(), ["a/b", "a\\b"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a summary that cannot be printed, and a note over 2 GiB, fail with one lowercase line", { skip: needsBuild }, () => {
  const dir = tempNotes({ "a.md": "# 标题\n\n内容\n" });
  try {
    if (existsSync("/dev/full")) {
      const full = openSync("/dev/full", "w");
      try {
        const r = run(["build", join(dir, "notes"), "-o", join(dir, "index.bin")], { stdio: ["ignore", full, "pipe"] });
        assert.equal(r.code, 1);
        assert.equal(r.stderr, "indexed 1/1 notes\nrecapdex: cannot print the summary: no space left on device\n");
      } finally {
        closeSync(full);
      }
    }
    const big = join(dir, "notes", "big.md");
    writeFileSync(big, "");
    truncateSync(big, 3 * 2 ** 30); // sparse: nothing is written
    const r = run(["build", join(dir, "notes"), "-o", join(dir, "index.bin")]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `recapdex: cannot read ${big}: larger than 2 GiB, more than one note can be (split it)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("utf-16 with a byte-order mark is read; without one it fails as not text", { skip: needsBuild }, () => {
  const text = "---\ntitle: 记事本笔记\n---\n\n## Service Mesh 实践\n\n在边缘节点上部署服务网格。\n";
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  const be = Buffer.from(le.map((_, i) => le[i ^ 1])); // each unit's bytes swapped: FE FF first
  const dir = tempNotes({ "utf8.md": text, "le.md": le, "be.md": be });
  try {
    const out = join(dir, "index.bin");
    const r = run(["build", join(dir, "notes"), "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    const { Library } = createRequire(import.meta.url)(NODE_BUILD);
    const lib = Library.load(new Uint8Array(readFileSync(out)));
    const [le8, be8, utf8] = ["le", "be", "utf8"].map((id) => lib.note(id));
    assert.equal(utf8.title, "记事本笔记");
    assert.deepEqual({ ...le8, id: "" }, { ...utf8, id: "" });
    assert.deepEqual({ ...be8, id: "" }, { ...utf8, id: "" });
    assert.equal(lib.search("边缘节点").total, 3);

    writeFileSync(join(dir, "notes", "no-bom.md"), Buffer.from(text, "utf16le"));
    const failed = run(["build", join(dir, "notes"), "-o", out]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /no-bom\.md is not text: it holds a nul character \(at byte 1\), as utf-16 without a byte-order mark/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("drafts are left out of the snapshot and counted; --drafts indexes them", { skip: needsBuild }, () => {
  const dir = tempNotes({
    ...NOTES,
    "2025/unpublished.md": "---\ntitle: 未发布的草稿\ndraft: true\n---\n\n草稿里写了还没公开的路线图。\n",
  });
  try {
    const out = join(dir, "index.bin");
    const r = run(["build", join(dir, "notes"), "-o", out, "--verbose"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^notes {5}3$/m);
    assert.match(r.stdout, /^drafts {4}1 left out \(--drafts indexes them\)\n {2}2025\/unpublished\.md$/m);
    const { Library } = createRequire(import.meta.url)(NODE_BUILD);
    const published = Library.load(new Uint8Array(readFileSync(out)));
    assert.ok(!published.noteIds().includes("2025/unpublished"));
    assert.equal(published.search("路线图").total, 0);

    const all = run(["build", join(dir, "notes"), "-o", out, "--drafts"]);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^notes {5}4$/m);
    assert.doesNotMatch(all.stdout, /^drafts/m);
    assert.equal(Library.load(new Uint8Array(readFileSync(out))).search("路线图").total, 1);

    const onlyDrafts = tempNotes({ "a.md": "---\ndraft: true\n---\n# 草稿\n" });
    try {
      const none = run(["build", join(onlyDrafts, "notes"), "-o", join(onlyDrafts, "index.bin")]);
      assert.equal(none.code, 1);
      assert.ok(none.stderr.endsWith(`\nrecapdex: no notes to index in ${join(onlyDrafts, "notes")}: all 1 are drafts (--drafts indexes them)\n`), none.stderr);
      assert.ok(!existsSync(join(onlyDrafts, "index.bin")));
    } finally {
      rmSync(onlyDrafts, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
