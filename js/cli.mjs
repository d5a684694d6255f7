#!/usr/bin/env node
// The `recapdex` command: builds an index snapshot from a folder of notes.
//
//   npx recapdex build <dir> -o index.bin
//
// Shipped in the npm package next to `node/recapdex.js` (scripts/build copies it to pkg/);
// run from the repo's `js/` folder it falls back to `../pkg/node/recapdex.js`.
// Errors are one lowercase line on stderr naming what went wrong and what to do; exit codes:
// 0 ok, 1 a failed build (unreadable input, bad note), 2 a usage error.
import { createRequire } from "node:module";
import { readdirSync, readFileSync, writeFileSync, renameSync, statSync, existsSync, unlinkSync, realpathSync } from "node:fs";
import { join, relative, extname, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const HERE = dirname(fileURLToPath(import.meta.url));
const NOTE_EXTENSIONS = new Set([".md", ".markdown", ".txt"]);
const FORMATS = ["auto", "markdown", "text", "listing"];

const USAGE = `usage: recapdex build <dir> [-o <file>] [options]
       recapdex --help | --version

build    read every .md, .markdown and .txt file under <dir> (recursively; hidden files and
         folders and node_modules are skipped; links are followed, each folder and note
         read once), index them, and write the index snapshot.
         A note's id is its path relative to <dir> without the extension (e.g. "2024/kubecon").
         Load the snapshot in the browser with Library.load(bytes).

options:
  -o, --output <file>   where to write the snapshot (default: index.bin)
  --format <f>          how to read notes: auto (default), markdown, text or listing
  --no-sources          leave the notes' sources out: a snapshot ~40% smaller raw (~17%
                        gzipped) that searches but cannot render (for the search-only
                        build, or pages the site generator renders)
  -q, --quiet           print nothing but errors
  -v, --verbose         also list every note's parser warnings
  -h, --help            show this help
  --version             show the version
`;

class CliError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

function version() {
  const candidates = [join(HERE, "package.json"), join(HERE, "..", "pkg", "package.json")];
  for (const p of candidates) {
    try {
      const v = JSON.parse(readFileSync(p, "utf8")).version;
      if (v) return v;
    } catch {}
  }
  try {
    const m = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(HERE, "..", "Cargo.toml"), "utf8"));
    if (m) return m[1];
  } catch {}
  return "unknown";
}

function parseArgs(argv) {
  const out = { command: null, dir: null, output: "index.bin", format: "auto", sources: true, quiet: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new CliError(`option ${a} needs a value\n\n${USAGE}`, 2);
      return argv[++i];
    };
    if (a === "-h" || a === "--help") out.command = "help";
    else if (a === "--version") out.command = out.command === "help" ? "help" : "version";
    else if (a === "-o" || a === "--output") out.output = value();
    else if (a.startsWith("--output=")) out.output = a.slice(9);
    else if (a === "--format") out.format = value();
    else if (a.startsWith("--format=")) out.format = a.slice(9);
    else if (a === "--no-sources") out.sources = false;
    else if (a === "-q" || a === "--quiet") out.quiet = true;
    else if (a === "-v" || a === "--verbose") out.verbose = true;
    else if (a.startsWith("-") && a !== "-") throw new CliError(`unknown option ${a} (see recapdex --help)`, 2);
    else if (!out.command) out.command = a;
    else if (out.command === "build" && !out.dir) out.dir = a;
    else throw new CliError(`unexpected argument ${JSON.stringify(a)} (see recapdex --help)`, 2);
  }
  if (!FORMATS.includes(out.format)) throw new CliError(`--format must be one of ${FORMATS.join(", ")}, not ${JSON.stringify(out.format)}`, 2);
  return out;
}

function describeFsError(err, path) {
  switch (err?.code) {
    case "ENOENT": return `cannot read ${path}: no such file or directory`;
    case "EACCES":
    case "EPERM": return `cannot read ${path}: permission denied (check its permissions)`;
    case "ENOTDIR": return `cannot read ${path}: not a directory`;
    case "EISDIR": return `cannot read ${path}: is a directory`;
    // Node's message is "CODE: what, syscall 'path'": the path is named already, as given.
    default: return `cannot read ${path}: ${String(err?.message ?? err).replace(/, \w+ '.*'$/s, "").replace(/^[A-Z]+:/, (c) => c.toLowerCase())}`;
  }
}

/**
 * Note files under `root` as `{ path, rel, id }`, each folder's entries in name order, and the
 * links that were skipped as `{ rel, target, folder }`.
 *
 * Links are followed, but every folder and note is read once, by its real path: otherwise a
 * link back to a parent (`archive -> .`) was followed until the path grew too long (ELOOP, and
 * a failed build), and a link to a folder or note read already gave its notes twice under two
 * ids. Folders and notes are read before the links to them, so notes keep the ids of where they
 * are: links to folders are followed after every folder under `root` (those found in linked
 * folders, after those), and links to notes after all folders.
 */
function listNotes(root) {
  let st;
  try {
    st = statSync(root);
  } catch (err) {
    if (err.code === "ENOENT") throw new CliError(`no such directory: ${root}`);
    throw new CliError(describeFsError(err, root));
  }
  if (!st.isDirectory()) throw new CliError(`not a directory: ${root} (pass the folder that holds your notes)`);
  const out = [];
  const read = new Set();
  const links = [];
  const noteLinks = [];
  /** The `rel` of each note listed, by real path. */
  const notesByReal = new Map();
  const slashed = (from, path) => relative(from, path).split("\\").join("/");
  const relOf = (path) => slashed(root, path);
  const realOf = (path) => {
    try {
      return realpathSync(path);
    } catch (err) {
      throw new CliError(describeFsError(err, path));
    }
  };
  const note = (path) => {
    const rel = relOf(path);
    return { path, rel, id: rel.slice(0, rel.length - extname(rel).length) };
  };
  /** Reads `dir` unless its real path was read already; then returns that path. */
  const walk = (dir) => {
    const real = realOf(dir);
    if (read.has(real)) return real;
    read.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw new CliError(describeFsError(err, dir));
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const path = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const s = statSync(path);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch (err) {
          throw new CliError(describeFsError(err, path));
        }
        if (isDir) {
          links.push(path);
          continue;
        }
      }
      if (isDir) walk(path);
      else if (isFile && NOTE_EXTENSIONS.has(extname(e.name).toLowerCase())) {
        if (e.isSymbolicLink()) {
          noteLinks.push(path);
          continue;
        }
        const n = note(path);
        notesByReal.set(join(real, e.name), n.rel);
        out.push(n);
      }
    }
    return null;
  };
  walk(root);
  const [realRoot] = read; // the first folder read
  const skipped = [];
  // `links` grows while linked folders are read.
  for (let i = 0; i < links.length; i++) {
    const readAlready = walk(links[i]);
    if (readAlready !== null) {
      skipped.push({ rel: relOf(links[i]), target: slashed(realRoot, readAlready) || ".", folder: true });
    }
  }
  for (const path of noteLinks) {
    const real = realOf(path);
    const listed = notesByReal.get(real);
    if (listed !== undefined) {
      skipped.push({ rel: relOf(path), target: listed, folder: false });
      continue;
    }
    const n = note(path);
    notesByReal.set(real, n.rel);
    out.push(n);
  }
  const seen = new Map();
  for (const n of out) {
    if (seen.has(n.id)) throw new CliError(`two notes would get the id ${JSON.stringify(n.id)}: ${seen.get(n.id)} and ${n.rel} (rename one)`);
    seen.set(n.id, n.rel);
  }
  return { notes: out, skipped };
}

/** "2 links to folders and 1 link to a note": what `skipped` holds, for the summary. */
function skippedLinks(skipped) {
  const folders = skipped.filter((l) => l.folder).length;
  const notes = skipped.length - folders;
  const parts = [];
  if (folders) parts.push(folders === 1 ? "1 link to a folder" : `${folders} links to folders`);
  if (notes) parts.push(notes === 1 ? "1 link to a note" : `${notes} links to notes`);
  return parts.join(" and ");
}

/** Byte offset of the first invalid UTF-8 sequence in `buf`, or -1. */
function firstInvalidUtf8(buf) {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) { i++; continue; }
    let n, min;
    if ((b & 0xe0) === 0xc0) { n = 1; min = 0x80; }
    else if ((b & 0xf0) === 0xe0) { n = 2; min = 0x800; }
    else if ((b & 0xf8) === 0xf0) { n = 3; min = 0x10000; }
    else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function readNote(n) {
  let buf;
  try {
    buf = readFileSync(n.path);
  } catch (err) {
    throw new CliError(describeFsError(err, n.path));
  }
  try {
    return { text: utf8.decode(buf), bytes: buf.length };
  } catch {
    const at = firstInvalidUtf8(buf);
    throw new CliError(`${n.path} is not valid utf-8 text${at >= 0 ? ` (first bad byte at offset ${at})` : ""}; convert it to utf-8 (e.g. iconv -f gbk -t utf-8) or move it out of the folder`);
  }
}

function loadRecapdex() {
  const require = createRequire(import.meta.url);
  for (const rel of ["./node/recapdex.js", "../pkg/node/recapdex.js"]) {
    if (existsSync(join(HERE, rel))) return require(rel);
  }
  throw new CliError(`cannot find the recapdex node build next to ${HERE} (expected node/recapdex.js; in the repo, run bash scripts/build first)`);
}

const fmtBytes = (n) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`);
const fmtMs = (ms) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

/** A progress bar on a TTY (redrawn at most every 50 ms); plain lines every 10% otherwise. */
function progress(total, quiet) {
  const tty = process.stderr.isTTY && !quiet;
  let last = 0;
  let lastStep = -1;
  return {
    tick(done, label) {
      if (quiet) return;
      if (tty) {
        const now = Date.now();
        if (done < total && now - last < 50) return;
        last = now;
        const width = 28;
        const filled = Math.round((done / total) * width);
        const name = label.length > 40 ? `…${label.slice(-39)}` : label;
        process.stderr.write(`\r\x1b[2K[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${name}`);
      } else {
        const step = Math.floor((done / total) * 10);
        if (step !== lastStep || done === total) {
          if (step === lastStep && done !== total) return;
          lastStep = step;
          process.stderr.write(`indexed ${done}/${total} notes\n`);
        }
      }
    },
    done() {
      if (tty) process.stderr.write("\r\x1b[2K");
    },
  };
}

function build(opts) {
  if (!opts.dir) throw new CliError(`build needs a folder of notes: recapdex build <dir> -o index.bin`, 2);
  const t0 = performance.now();
  const root = resolve(opts.dir);
  const { notes: files, skipped } = listNotes(root);
  if (!files.length) throw new CliError(`no notes found in ${opts.dir} (looked for .md, .markdown and .txt files)`);
  const outPath = resolve(opts.output);
  if (!existsSync(dirname(outPath))) throw new CliError(`cannot write ${opts.output}: no such directory ${dirname(outPath)}`);

  // Read and check every file before indexing, so a bad file fails fast.
  let inputBytes = 0;
  const texts = files.map((f) => {
    const { text, bytes } = readNote(f);
    inputBytes += bytes;
    return text;
  });
  const { Library } = loadRecapdex();
  if (typeof Library.prototype.exportIndex !== "function") {
    throw new CliError(`this recapdex build cannot write snapshots (no Library.exportIndex); update the package or rebuild it`);
  }
  const lib = new Library();
  const bar = progress(files.length, opts.quiet);
  let sections = 0;
  const warnings = [];
  for (const [i, f] of files.entries()) {
    const text = texts[i];
    let info;
    try {
      info = lib.addNote(f.id, text, { format: opts.format });
    } catch (err) {
      bar.done();
      throw new CliError(`cannot index ${f.path}: ${err?.message ?? err}${err?.code ? ` (${err.code})` : ""}`);
    }
    sections += info.sections.length;
    for (const w of info.warnings ?? []) warnings.push({ file: f.rel, ...w });
    bar.tick(i + 1, f.rel);
  }
  bar.done();
  const tIndexed = performance.now();
  let bytes;
  try {
    bytes = lib.exportIndex({ sources: opts.sources });
  } catch (err) {
    throw new CliError(`cannot export the index: ${err?.message ?? err}${err?.code ? ` (${err.code})` : ""}`);
  }
  const tExported = performance.now();
  const tmp = `${outPath}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, outPath);
  } catch (err) {
    try { unlinkSync(tmp); } catch {}
    throw new CliError(`cannot write ${opts.output}: ${describeFsError(err, opts.output).replace(/^cannot read [^:]*: /, "")}`);
  }
  const gz = gzipSync(bytes).length;
  const t1 = performance.now();
  if (!opts.quiet) {
    const out = [
      `notes     ${files.length}`,
      `sections  ${sections}`,
      `input     ${fmtBytes(inputBytes)} (${inputBytes} bytes)`,
      `output    ${opts.output}: ${fmtBytes(bytes.length)} raw, ${fmtBytes(gz)} gzip (${bytes.length} / ${gz} bytes)${opts.sources ? "" : ", without sources (searches, cannot render)"}`,
      `time      ${fmtMs(t1 - t0)} (index ${fmtMs(tIndexed - t0)}, export ${fmtMs(tExported - tIndexed)})`,
    ];
    if (skipped.length) {
      out.push(`skipped   ${skippedLinks(skipped)} read already${opts.verbose ? "" : " (run with --verbose to list them)"}`);
      if (opts.verbose) for (const l of skipped) out.push(`  ${l.rel} -> ${l.target}`);
    }
    if (warnings.length) {
      out.push(`warnings  ${warnings.length}${opts.verbose ? "" : " (run with --verbose to list them)"}`);
      if (opts.verbose) for (const w of warnings) out.push(`  ${w.file}: ${w.message} (${w.code})`);
    }
    process.stdout.write(out.join("\n") + "\n");
  }
}

function main(argv) {
  const opts = parseArgs(argv);
  switch (opts.command) {
    case "help":
      process.stdout.write(USAGE);
      return;
    case "version":
      process.stdout.write(`recapdex ${version()}\n`);
      return;
    case "build":
      return build(opts);
    case null:
      throw new CliError(`missing command\n\n${USAGE}`, 2);
    default:
      throw new CliError(`unknown command ${JSON.stringify(opts.command)} (the only command is build; see recapdex --help)`, 2);
  }
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`recapdex: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`recapdex: unexpected failure: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  }
}
