// Bring your own notes: drop files or a folder anywhere on the page, pick files, or paste text.
// Files are checked here (kind, size, encoding) so one bad file is reported and skipped while
// the others are added; parsing and indexing are the library's job, in the worker.
// Route: #/add

import { download, h, replace, toast } from './dom.js';
import { NOTE_FILE, addUserNotes, removeUserNote, state } from './notes.js';

const MAX_BYTES = 2 * 1024 * 1024;

let messages = []; // [{ kind: "ok"|"error", text }], the latest imports' first
let importsRunning = 0;
let rerender = () => {};

function sizeText(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

// Returns the text, or throws an Error whose message says what is wrong and what to do.
function decode(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of head) {
    if (byte === 0) throw new Error('looks like a binary file, not text; only .md and .txt notes can be added');
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  if (control > head.length * 0.02) throw new Error('looks like a binary file, not text; only .md and .txt notes can be added');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('is not UTF-8 text (perhaps GBK or Big5); save it as UTF-8 and add it again');
  }
}

async function readNote(file, name) {
  if (!NOTE_FILE.test(file.name)) throw new Error('was skipped: only .md and .txt files can be added');
  if (file.size > MAX_BYTES) throw new Error(`is too large (${sizeText(file.size)}); notes up to ${sizeText(MAX_BYTES)} can be added`);
  const text = decode(new Uint8Array(await file.arrayBuffer()));
  if (!text.trim()) throw new Error('is empty');
  return { name, text, size: file.size, format: 'auto' };
}

// Walks dropped folders (entries API); plain files come back as they are.
async function filesFromDrop(dataTransfer) {
  const entries = [...(dataTransfer.items ?? [])]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter(Boolean);
  if (!entries.length) return [...dataTransfer.files].map((file) => ({ file, name: file.name, inFolder: false }));
  const out = [];
  async function walk(entry, inFolder) {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      out.push({ file, name: entry.fullPath.replace(/^\//, '') || file.name, inFolder });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await walk(child, true);
      }
    }
  }
  for (const entry of entries) await walk(entry, false);
  return out;
}

/** Adds files ([{ file, name, inFolder }]); reports each bad one; never loses the good ones. */
export async function importFiles(items) {
  const good = [];
  const errors = [];
  let skippedInFolder = 0;
  for (const { file, name, inFolder } of items) {
    if (inFolder && !NOTE_FILE.test(file.name)) { skippedInFolder++; continue; }
    try {
      good.push(await readNote(file, name));
    } catch (error) {
      errors.push(`“${name}” ${error.message}.`);
    }
  }
  if (skippedInFolder) errors.push(`${skippedInFolder} ${skippedInFolder === 1 ? 'file' : 'files'} in the folder were not .md or .txt and were skipped.`);
  await addNotes(good, errors);
}

// Imports can overlap (a drop while another is indexing): what each one did is shown until
// an import starts after all of them are done.
async function addNotes(good, errors) {
  if (importsRunning++ === 0) messages = [];
  const own = errors.map((text) => ({ kind: 'error', text }));
  let added = 0;
  try {
    if (good.length) {
      const records = await addUserNotes(good);
      added = records.length;
      own.unshift({ kind: 'ok', text: `Added ${added} ${added === 1 ? 'note' : 'notes'}: ${records.map((r) => r.name).join(', ')}.` });
    }
  } catch (error) {
    own.unshift({
      kind: 'error',
      text: error.code === 'cancelled' ? 'Adding was cancelled; nothing was added.' : `The notes could not be added: ${error.message}`,
    });
  } finally {
    importsRunning--;
  }
  messages = [...own, ...messages];
  toast([added ? `Added ${added} ${added === 1 ? 'note' : 'notes'}.` : '', errors.length ? `${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}: see Add notes.` : '']
    .filter(Boolean).join(' ') || 'Nothing was added.');
  rerender();
  return added;
}

/** Page-wide drag and drop of files and folders. */
export function initDrop() {
  const overlay = document.getElementById('drop-overlay');
  let depth = 0;
  const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  document.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event)) return;
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', () => {
    if (--depth <= 0) { depth = 0; overlay.hidden = true; }
  });
  document.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', async (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth = 0;
    overlay.hidden = true;
    importFiles(await filesFromDrop(event.dataTransfer));
  });
}

function fileButton(label, attrs, primary) {
  return h('label', { class: `button file-button${primary ? ' button--primary' : ''}` }, label,
    h('input', {
      type: 'file', multiple: true, ...attrs,
      onchange: (event) => {
        const files = [...event.target.files];
        event.target.value = '';
        importFiles(files.map((file) => ({
          file, name: file.webkitRelativePath || file.name, inFolder: Boolean(file.webkitRelativePath),
        })));
      },
    }));
}

// What a pasted note is called until the library has read it: its first line that says
// something, past a front-matter block and without a heading's "#"s. The library's title
// (from the front matter or the first heading) replaces it when there is one.
function firstLineOf(text) {
  const lines = text.split('\n');
  let i = lines.findIndex((line) => line.trim());
  const fence = lines[i]?.trim();
  if (fence === '---' || fence === '+++') {
    const end = lines.findIndex((line, j) => j > i && line.trim() === fence);
    if (end > i) i = end + 1;
  }
  for (; i >= 0 && i < lines.length; i++) {
    const line = lines[i].replace(/^[#\s]+/, '').trim();
    if (line && !/^(-{3,}|\+{3,})$/.test(line)) return line.slice(0, 40);
  }
  return '';
}

// What is in the paste form, kept across re-renders of the view (every import re-renders it
// when it ends) and cleared only once the pasted note is added: a paste that fails, or text
// typed while other notes index, is never lost.
const draft = { text: '', name: '', format: 'auto' };

function pasteForm() {
  const keep = (key) => (event) => { draft[key] = event.target.value; };
  const text = h('textarea', {
    id: 'paste-text', name: 'text', lang: 'zh-Hans', placeholder: 'Paste a recap in Markdown or plain text…', oninput: keep('text'),
  });
  const name = h('input', { id: 'paste-name', name: 'name', type: 'text', placeholder: 'optional', oninput: keep('name') });
  const format = h('select', { id: 'paste-format', name: 'format', onchange: keep('format') },
    ['auto', 'markdown', 'text'].map((value) => h('option', { value, text: value })));
  text.value = draft.text;
  name.value = draft.name;
  format.value = draft.format;
  return h('form', {
    class: 'paste', 'aria-labelledby': 'paste-title',
    onsubmit: async (event) => {
      event.preventDefault();
      const body = draft.text;
      if (!body.trim()) { toast('Paste some text first.'); text.focus(); return; }
      if (new Blob([body]).size > MAX_BYTES) { toast(`The pasted text is larger than ${sizeText(MAX_BYTES)}.`); return; }
      const given = draft.name.trim();
      const added = await addNotes([{
        name: given || firstLineOf(body) || 'Pasted note', text: body, size: body.length, format: draft.format,
        pasted: true, nameFromText: !given,
      }], []);
      // Cleared only if nothing new was typed while the note was added.
      if (added && draft.text === body) {
        Object.assign(draft, { text: '', name: '' });
        rerender();
      }
    },
  },
  h('h2', { id: 'paste-title', text: 'Or paste a note' }),
  h('label', { for: 'paste-text', class: 'visually-hidden', text: 'Note text' }),
  text,
  h('div', { class: 'paste__row' },
    h('label', { for: 'paste-name', text: 'Name ' }), name,
    h('label', { for: 'paste-format', text: 'Format ' }), format,
    h('button', { type: 'submit', class: 'button button--primary', text: 'Add note' })));
}

function userNotes() {
  const records = [...state.user.values()].filter((record) => state.byId.has(record.id));
  return h('section', { class: 'user-notes', 'aria-labelledby': 'user-notes-title' },
    h('h2', { id: 'user-notes-title', text: `Your notes (${records.length})` }),
    records.length
      ? h('ul', {}, records.map((record) => {
        const info = state.byId.get(record.id);
        return h('li', { 'data-note-id': record.id },
          h('div', {},
            h('a', { href: `./#/note/${encodeURIComponent(record.id)}/`, text: info.title }),
            h('p', { class: 'meta' },
              h('span', { text: record.name }), h('span', { text: sizeText(record.size) }),
              h('span', { text: `${info.sections.length} sections` }))),
          h('div', { class: 'card__actions' },
            h('button', {
              type: 'button', class: 'button', 'aria-label': `Export ${info.title} as Markdown`,
              onclick: async () => download(`${record.id}.md`, await state.engine.toMarkdown(record.id)),
            }, 'Export as Markdown'),
            h('button', {
              type: 'button', class: 'button button--danger', 'aria-label': `Remove ${info.title}`,
              onclick: async () => {
                await removeUserNote(record.id);
                toast(`Removed “${info.title}”.`);
                rerender();
              },
            }, 'Remove')));
      }))
      : h('p', { class: 'meta', text: 'None yet. Notes you add stay in this browser only.' }));
}

export function renderAdd(view) {
  rerender = () => { if (!view.hidden) renderAdd(view); };
  replace(view,
    h('h1', { id: 'add-title', class: 'view-title', text: 'Add your notes' }),
    h('p', { class: 'view-lede', text: 'Your notes are parsed and indexed in this browser, saved on this device (IndexedDB) and searchable with the samples, offline too.' }),
    h('div', { class: 'dropzone' },
      h('p', {}, 'Drop ', h('strong', { text: '.md' }), ' or ', h('strong', { text: '.txt' }), ' files, or a whole folder, anywhere on this page'),
      h('div', { class: 'file-buttons' },
        fileButton('Choose files', { accept: '.md,.markdown,.mdown,.txt,.text,text/markdown,text/plain' }, true),
        fileButton('Choose a folder', { webkitdirectory: true }, false))),
    (messages.length > 0 || state.problems.length > 0) && h('ul', { class: 'messages', 'aria-label': 'What happened to your files' },
      messages.map((m) => h('li', { class: m.kind, text: m.text })),
      state.problems.map((text) => h('li', { class: 'error', text }))),
    pasteForm(),
    userNotes());
}
