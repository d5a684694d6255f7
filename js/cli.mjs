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
import { readdirSync, readFileSync, renameSync, statSync, existsSync, unlinkSync, realpathSync, readlinkSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, relative, extname, dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { constants } from "node:os";

const HERE = dirname(fileURLToPath(import.meta.url));
const NOTE_EXTENSIONS = new Set([".md", ".markdown", ".txt"]);
const FORMATS = ["auto", "markdown", "text", "listing"];
const isNoteName = (name) => NOTE_EXTENSIONS.has(extname(name).toLowerCase());

const USAGE = `usage: recapdex build <dir> [-o <file>] [options]
       recapdex --help | --version

build    read every .md, .markdown and .txt file under <dir> (recursively; hidden files and
         folders and node_modules are skipped; links are followed, each folder and note
         read once, and broken links not named like notes skipped), index them, and write
         the index snapshot. Notes are UTF-8, or UTF-16 with a byte-order mark.
         A note's id is its path relative to <dir> without the extension (e.g. "2024/kubecon").
         Drafts (front matter "draft: true") are left out: a snapshot is public.
         Load the snapshot in the browser with Library.load(bytes).

options:
  -o, --output <file>   where to write the snapshot (default: index.bin)
  --format <f>          how to read notes: auto (default), markdown, text or listing
  --drafts              index drafts too
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
  const out = { command: null, dir: null, output: "index.bin", format: "auto", sources: true, drafts: false, quiet: false, verbose: false };
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
    else if (a === "--drafts") out.drafts = true;
    else if (a === "-q" || a === "--quiet") out.quiet = true;
    else if (a === "-v" || a === "--verbose") out.verbose = true;
    else if (a.startsWith("-") && a !== "-") throw new CliError(`unknown option ${a} (see recapdex --help)`, 2);
    else if (!out.command) out.command = a;
    else if (out.command === "build" && !out.dir) out.dir = a;
    else throw new CliError(`unexpected argument ${JSON.stringify(a)} (see recapdex --help)`, 2);
  }
  if (out.output === "") throw new CliError(`-o needs a file name, not an empty one (see recapdex --help)`, 2);
  if (!FORMATS.includes(out.format)) throw new CliError(`--format must be one of ${FORMATS.join(", ")}, not ${JSON.stringify(out.format)}`, 2);
  return out;
}

/** What went wrong in a failed fs call, lowercase, without the path (the caller names it). */
function fsReason(err) {
  switch (err?.code) {
    case "ENOENT": return "no such file or directory";
    case "EACCES":
    case "EPERM": return "permission denied (check its permissions)";
    case "ENOTDIR": return "not a directory";
    case "EISDIR": return "is a directory";
    case "ENOSPC": return "no space left on device";
    case "ERR_FS_FILE_TOO_LARGE": return "larger than 2 GiB, more than one note can be (split it)";
    // Node's message is "CODE: what, syscall 'path'": the path is named by the caller.
    default: {
      const message = String(err?.message ?? err)
        .replace(/, \w+ '.*'$/s, "")
        .replace(/^[A-Z]+:/, (c) => c.toLowerCase());
      return message.charAt(0).toLowerCase() + message.slice(1);
    }
  }
}

const describeFsError = (err, path) => `cannot read ${path}: ${fsReason(err)}`;

/**
 * Note files under `root` as `{ path, rel, id }`, each folder's entries in name order, and the
 * links that were skipped as `{ rel, target, folder }` (read already) or `{ rel, target,
 * broken: true }` (leading nowhere, not named like a note).
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
  const skipped = [];
  // Ids use "/" on every platform; a "\\" in a name elsewhere than Windows stays in the id.
  const slashed = (from, path) => relative(from, path).split(sep).join("/");
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
          // A broken link named like a note is a note that cannot be read. Any other broken
          // link (a build output, a cache) is not one of the notes: it is skipped and counted.
          const broken = err.code === "ENOENT" || err.code === "ELOOP";
          if (!broken || isNoteName(e.name)) {
            throw new CliError(describeFsError(err, path));
          }
          skipped.push({ rel: relOf(path), target: linkTarget(path), broken: true });
          continue;
        }
        if (isDir) {
          links.push(path);
          continue;
        }
      }
      if (isDir) walk(path);
      else if (isFile && isNoteName(e.name)) {
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

/** Where the link at `path` points, as written in it. */
function linkTarget(path) {
  try {
    return readlinkSync(path);
  } catch {
    return "?";
  }
}

/**
 * "2 links to folders and 1 link to a note read already; 1 broken link": what `skipped` holds,
 * for the summary.
 */
function skippedLinks(skipped) {
  const count = (n, one, many) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
  const folders = skipped.filter((l) => l.folder).length;
  const broken = skipped.filter((l) => l.broken).length;
  const notes = skipped.length - folders - broken;
  const readAlready = [];
  if (folders) readAlready.push(count(folders, "link to a folder", "links to folders"));
  if (notes) readAlready.push(count(notes, "link to a note", "links to notes"));
  const parts = [];
  if (readAlready.length) parts.push(`${readAlready.join(" and ")} read already`);
  if (broken) parts.push(count(broken, "broken link", "broken links"));
  return parts.join("; ");
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

const decoders = Object.fromEntries(["utf-8", "utf-16le", "utf-16be"].map((e) => [e, new TextDecoder(e, { fatal: true })]));

/**
 * The text of a note file: UTF-8 (a byte-order mark is dropped), or UTF-16 that starts with
 * its byte-order mark (what Windows Notepad saves as "Unicode").
 */
function readNote(n) {
  let buf;
  try {
    buf = readFileSync(n.path);
  } catch (err) {
    throw new CliError(describeFsError(err, n.path));
  }
  const utf16 = buf[0] === 0xff && buf[1] === 0xfe ? "utf-16le" : buf[0] === 0xfe && buf[1] === 0xff ? "utf-16be" : null;
  let text;
  try {
    text = decoders[utf16 ?? "utf-8"].decode(buf);
  } catch {
    if (utf16) throw new CliError(`${n.path} starts as ${utf16} text but is not valid ${utf16}; convert it to utf-8 or move it out of the folder`);
  }
  // No text file holds a NUL character: UTF-16 without its byte-order mark puts a zero byte
  // next to every ASCII character, and a binary file has them too.
  const nul = utf16 ? (text.indexOf("\0") + 1) * 2 : buf.indexOf(0);
  if (nul >= (utf16 ? 2 : 0)) {
    throw new CliError(`${n.path} is not text: it holds a nul character (at byte ${nul}), as utf-16 without a byte-order mark or a binary file does; convert it to utf-8 or move it out of the folder`);
  }
  if (text === undefined) {
    const at = firstInvalidUtf8(buf);
    throw new CliError(`${n.path} is not valid utf-8 text${at >= 0 ? ` (first bad byte at offset ${at})` : ""}; convert it to utf-8 (e.g. iconv -f gbk -t utf-8) or move it out of the folder`);
  }
  return { text, bytes: buf.length };
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

/**
 * Terminal columns `ch` takes: two for East Asian wide and fullwidth characters (CJK, Hangul,
 * kana, fullwidth forms, most emoji), none for combining marks, one otherwise.
 */
function charColumns(ch) {
  const c = ch.codePointAt(0);
  if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || (c >= 0xfe00 && c <= 0xfe0f)) return 0;
  const wide =
    (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
  return wide ? 2 : 1;
}

/** The end of `label` that fits in `room` columns, "…" first when it was cut. */
function fitEnd(label, room) {
  const chars = [...label];
  let used = 0;
  for (const ch of chars) used += charColumns(ch);
  if (used <= room) return label;
  let from = chars.length;
  used = 2; // the "…", two columns wide on terminals set for East Asian text
  while (from > 0 && used + charColumns(chars[from - 1]) <= room) used += charColumns(chars[--from]);
  return `…${chars.slice(from).join("")}`;
}

/**
 * One line of the progress bar for a terminal `columns` wide: `[####....] 12/202 path`, the bar
 * narrower and the path cut from the left so that the line never fills the last column (where
 * it would wrap, and redrawing in place would leave the wrapped rows behind).
 */
function barLine(done, total, label, columns) {
  const room = Math.max(columns - 1, 1);
  const count = `${done}/${total}`;
  // Control characters in a file name would move the cursor: shown as "?".
  const name = label.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  const width = Math.min(28, room - count.length - 3 - 12);
  let line = count;
  if (width >= 6) {
    const filled = Math.round((done / total) * width);
    line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${count}`;
  }
  if (line.length > room) return line.slice(0, room);
  const nameRoom = room - line.length - 1;
  return nameRoom >= 2 ? `${line} ${fitEnd(name, Math.min(nameRoom, 40))}` : line;
}

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
        // Read each time: the window may be resized while the build runs.
        process.stderr.write(`\r\x1b[2K${barLine(done, total, label, process.stderr.columns || 80)}`);
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

async function build(opts) {
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
  const drafts = [];
  for (const [i, f] of files.entries()) {
    const text = texts[i];
    let info;
    try {
      info = lib.addNote(f.id, text, { format: opts.format });
    } catch (err) {
      bar.done();
      throw new CliError(`cannot index ${f.path}: ${err?.message ?? err}${err?.code ? ` (${err.code})` : ""}`);
    }
    bar.tick(i + 1, f.rel);
    if (info.draft && !opts.drafts) {
      lib.removeNote(f.id);
      drafts.push(f.rel);
      continue;
    }
    sections += info.sections.length;
    for (const w of info.warnings ?? []) warnings.push({ file: f.rel, ...w });
  }
  bar.done();
  if (drafts.length === files.length) {
    throw new CliError(`no notes to index in ${opts.dir}: all ${files.length} are drafts (--drafts indexes them)`);
  }
  const tIndexed = performance.now();
  let bytes;
  try {
    bytes = lib.exportIndex({ sources: opts.sources });
  } catch (err) {
    throw new CliError(`cannot export the index: ${err?.message ?? err}${err?.code ? ` (${err.code})` : ""}`);
  }
  const tExported = performance.now();
  await writeSnapshot(outPath, bytes, opts.output);
  const gz = gzipSync(bytes).length;
  const t1 = performance.now();
  if (!opts.quiet) {
    const out = [
      `notes     ${files.length - drafts.length}`,
      `sections  ${sections}`,
      `input     ${fmtBytes(inputBytes)} (${inputBytes} bytes)`,
      `output    ${opts.output}: ${fmtBytes(bytes.length)} raw, ${fmtBytes(gz)} gzip (${bytes.length} / ${gz} bytes)${opts.sources ? "" : ", without sources (searches, cannot render)"}`,
      `time      ${fmtMs(t1 - t0)} (index ${fmtMs(tIndexed - t0)}, export ${fmtMs(tExported - tIndexed)})`,
    ];
    if (drafts.length) {
      out.push(`drafts    ${drafts.length} left out (--drafts indexes them)`);
      if (opts.verbose) for (const rel of drafts) out.push(`  ${rel}`);
    }
    if (skipped.length) {
      out.push(`skipped   ${skippedLinks(skipped)}${opts.verbose ? "" : " (run with --verbose to list them)"}`);
      if (opts.verbose) for (const l of skipped) out.push(`  ${l.rel} -> ${l.target}${l.broken ? " (leads nowhere)" : ""}`);
    }
    if (warnings.length) {
      out.push(`warnings  ${warnings.length}${opts.verbose ? "" : " (run with --verbose to list them)"}`);
      if (opts.verbose) for (const w of warnings) out.push(`  ${w.file}: ${w.message} (${w.code})`);
    }
    process.stdout.write(out.join("\n") + "\n");
  }
}

/**
 * Writes `bytes` to a temporary file beside `outPath`, then renames it over `outPath`, so that
 * a reader never sees half a snapshot. Interrupted while writing (Ctrl-C, SIGTERM, a closed
 * terminal), it finishes the write, removes the temporary file and then dies of the signal,
 * leaving `outPath` as it was.
 */
async function writeSnapshot(outPath, bytes, shown) {
  const tmp = `${outPath}.${process.pid}.tmp`;
  let interrupted = null;
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  const onSignal = (signal) => {
    interrupted ??= signal;
  };
  for (const signal of signals) process.on(signal, onSignal);
  try {
    await writeFile(tmp, bytes);
    if (!interrupted) renameSync(tmp, outPath);
  } catch (err) {
    try { unlinkSync(tmp); } catch {}
    if (!interrupted) throw new CliError(`cannot write ${shown}: ${fsReason(err)}`);
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
  if (interrupted) {
    try { unlinkSync(tmp); } catch {}
    // Dies of the signal as it would have without the handler (a shell sees "interrupted");
    // should the signal not end the process at once, exits with the code a shell would show.
    process.kill(process.pid, interrupted);
    process.exit(128 + constants.signals[interrupted]);
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

// A summary that cannot be printed (a full disk, a closed pipe) is an error line, not a stack
// trace; the snapshot is written by then. A reader that stopped reading (`| head`) is not one.
process.stdout.on("error", (err) => {
  if (err.code !== "EPIPE") {
    process.stderr.write(`recapdex: cannot print the summary: ${fsReason(err)}\n`);
    process.exitCode = 1;
  }
});

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`recapdex: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`recapdex: unexpected failure: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  }
}
