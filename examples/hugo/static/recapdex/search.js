// recapdex search for a static site (the markup is layouts/partials/recapdex-search.html).
//
// Everything runs in the browser. At site-build time examples/hugo/build wrote, beside this
// file, the index of the published notes (`recapdex build … -o index.bin --no-sources`) and
// the search-only build (recapdex.js + recapdex_bg.wasm, copied from the package's search/
// folder); Hugo wrote pages.json, which maps each note's id to its page
// (layouts/partials/recapdex-pages.html). They load when the box is first focused, then every
// keystroke searches.
//
// Where a hit links. A hit names its section by recapdex's slug, and Hugo gives the same
// heading a different id. recapdex reads the heading NFKC-normalized, turns each run of
// spaces and separators (. : / | + -) into one dash and drops other punctuation; Hugo
// ("github" style) turns each space into a dash and drops all punctuation but - and _:
//
//   heading                                            recapdex slug          Hugo id
//   Dynamic Resource Allocation in Practice — Lena …   …-in-practice-lena-…   …-in-practice--lena-…
//   Kubernetes v1.30: Structured Authentication …      kubernetes-v1-30-…     kubernetes-v130-…
//   圆桌：日志还需要全文索引吗？                         圆桌-日志还需要全文索引吗  圆桌日志还需要全文索引吗
//   小结 (twice)                                       小结, 小结-1            小结, 小结-1
//
// So a link to `page#<recapdex slug>` lands at the top of the page for most session titles.
// Neither side is changed to match the other: Hugo's ids are the theme's public anchors (its
// table of contents and every link already shared use them), and copying recapdex's slug rules
// into a Hugo render hook or a script on every page would have to follow them forever. Instead
// pages.json lists each page's headings with Hugo's ids in document order, and the library
// lists the note's sections in document order (`lib.note(id).sections`): both read the same
// Markdown, so the hit's section is the heading at the same position, which the script checks
// by comparing the two heading texts. The link is then a plain Hugo anchor, `page#<Hugo id>`:
// the browser scrolls to it and `:target` styles it, with no script on the page it opens.

import init, { Library } from './recapdex.js';

const LIMIT = 8;
const SNIPPET_CHARS = 120;
const HINT = '输入中文片段或英文单词，比如“调度”或 sidecar。';

const root = document.querySelector('.recapdex');
const input = root.querySelector('.recapdex__input');
const panel = root.querySelector('.recapdex__panel');
const status = root.querySelector('.recapdex__status');
const results = root.querySelector('.recapdex__results');
const empty = root.querySelector('.recapdex__empty');

let loading = null;
let loaded = null;
let seq = 0;
let options = [];
let active = -1;

/**
 * The library, the pages by note id and a cache of each note's sections, once the wasm, the
 * index and pages.json are in. Loaded once; a failed load is tried again at the next search.
 */
function load() {
  loading ??= (async () => {
    const [bytes, list] = await Promise.all([
      fetchOk(root.dataset.index).then((response) => response.arrayBuffer()),
      fetchOk(root.dataset.pages).then((response) => response.json()),
      init(),
    ]);
    const lib = Library.load(new Uint8Array(bytes));
    const pages = new Map(list.map((page) => [page.id, page]));
    // examples/hugo/build leaves unpublished notes out of the index; one built from all of
    // content/ holds drafts too, which have no page to open: removed, they count nowhere.
    for (const id of lib.noteIds()) {
      if (!pages.has(id)) lib.removeNote(id);
    }
    loaded = { lib, pages, sections: new Map() };
    return loaded;
  })();
  loading.catch(() => { loading = null; });
  return loading;
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`recapdex: cannot load ${url}: ${response.status} ${response.statusText}`);
  return response;
}

/** Searches what the box holds and shows it; a newer keystroke wins over a slower load. */
async function update() {
  const mine = ++seq;
  const q = input.value;
  if (!q.trim()) {
    show([], '');
    setStatus(HINT);
    return;
  }
  try {
    if (!loaded) setStatus('正在加载索引…');
    await load();
  } catch (error) {
    if (mine === seq) setStatus('搜索暂时不可用：索引没有加载成功。');
    console.error(error);
    return;
  }
  if (mine !== seq) return;
  const result = loaded.lib.search(q, { limit: LIMIT, subResults: 0, facets: false, snippetChars: SNIPPET_CHARS });
  const hits = result.hits.map(option);
  show(hits, q);
  setStatus(result.total
    ? `${result.total} 个段落，来自 ${result.totalNotes} 篇笔记${result.total > hits.length ? `，显示前 ${hits.length} 个` : ''}`
    : '没有结果');
}

function setStatus(text) {
  if (status.textContent !== text) status.textContent = text;
}

function show(hits, q) {
  results.replaceChildren(...hits);
  results.setAttribute('aria-label', q.trim() ? `“${q.trim()}”的搜索结果` : '搜索结果');
  options = hits;
  setActive(-1);
  input.setAttribute('aria-expanded', String(hits.length > 0 && !panel.hidden));
  empty.hidden = hits.length > 0 || !q.trim();
  if (!empty.hidden) {
    empty.replaceChildren('没有找到与', el('q', { text: q.trim() }), '相关的内容。'
      + '中文可以输入任意连续的几个字，英文拼错一两个字母也能找到。');
  }
}

/**
 * One result: a link to the note's page at the section, with the snippet highlighted. Titles
 * are shown as the page shows them: the library's are NFKC-normalized (巴黎：三场 → 巴黎:三场).
 */
function option(hit, i) {
  const page = loaded.pages.get(hit.noteId);
  const lead = hit.level === 0;
  const heading = lead ? null : hugoHeading(hit, page);
  return el('a', {
    role: 'option', id: `recapdex-hit-${i}`, class: 'recapdex__hit', tabindex: '-1', 'aria-selected': 'false',
    href: heading ? `${page.url}#${encodeURIComponent(heading.id)}` : page.url,
  },
  el('span', { class: 'recapdex__heading', text: lead ? page.title : heading?.title ?? hit.heading }),
  lead ? null : el('span', { class: 'recapdex__note', text: page.title }),
  snippet(hit.snippet, hit.highlights));
}

/**
 * The snippet as text with `<mark>` around what the query matched. Note text only ever becomes
 * text nodes, never HTML. `highlights` are UTF-16 offsets into `snippet`: what JS strings index.
 */
function snippet(text, highlights) {
  const out = el('span', { class: 'recapdex__snippet' });
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at) continue;
    out.append(text.slice(at, start), el('mark', { text: text.slice(start, end) }));
    at = end;
  }
  out.append(text.slice(at));
  return out;
}

/**
 * The page's heading (`{ id, title }`) of `hit`'s section (see the top of this file), or
 * null: the heading at the section's position when its text agrees, else the heading with the
 * same text (the n-th of its name for the n-th such section), else the one at that position
 * when both list as many headings.
 */
function hugoHeading(hit, page) {
  let sections = loaded.sections.get(hit.noteId);
  if (!sections) {
    sections = loaded.lib.note(hit.noteId).sections.slice(1); // the lead has no heading
    loaded.sections.set(hit.noteId, sections);
  }
  const at = sections.findIndex((section) => section.slug === hit.slug);
  if (at < 0) return null;
  const text = fold(hit.heading);
  const byPosition = page.headings[at];
  if (byPosition && fold(byPosition.title) === text) return byPosition;
  const nth = sections.slice(0, at).filter((section) => fold(section.heading) === text).length;
  const byText = page.headings.filter((heading) => fold(heading.title) === text)[nth];
  return byText ?? (sections.length === page.headings.length ? byPosition : null);
}

/** Heading text as both sides compare it: recapdex reads headings NFKC-normalized. */
const fold = (text) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

function setActive(index) {
  options[active]?.setAttribute('aria-selected', 'false');
  active = index;
  const option = options[active];
  if (option) {
    option.setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  } else {
    input.removeAttribute('aria-activedescendant');
  }
}

function open() {
  if (!panel.hidden) return;
  panel.hidden = false;
  input.setAttribute('aria-expanded', String(options.length > 0));
}

function close() {
  panel.hidden = true;
  setActive(-1);
  input.setAttribute('aria-expanded', 'false');
}

/** `el('a', { class, text, …attributes }, …children)`: text is always set as text. */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child != null));
  return node;
}

input.addEventListener('focus', () => {
  open();
  if (!input.value.trim()) setStatus(HINT);
  load().catch(() => {}); // update() reports a failure when someone searches
});
// While an IME composes (pinyin → 汉字) the box holds Latin letters: search once it is done.
input.addEventListener('input', (event) => {
  open();
  if (!event.isComposing) update();
});
input.addEventListener('compositionend', update);
input.addEventListener('keydown', (event) => {
  if (event.isComposing) return;
  switch (event.key) {
    case 'ArrowDown':
    case 'ArrowUp': {
      if (!options.length) return;
      event.preventDefault();
      open();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length);
      break;
    }
    case 'Enter': {
      const option = options[active] ?? options[0];
      if (!option || panel.hidden) return;
      event.preventDefault();
      location.assign(option.href);
      break;
    }
    case 'Escape':
      if (panel.hidden) return;
      event.preventDefault();
      if (input.value) {
        input.value = '';
        update();
      } else {
        close();
      }
      break;
    default:
  }
});
// The panel closes when focus leaves the search (a click elsewhere, Tab); a result is a link
// that takes focus when clicked, so clicking one keeps it open until the page changes.
root.addEventListener('focusout', (event) => {
  if (!root.contains(event.relatedTarget)) close();
});
// A box the browser refilled (back to a page) shows its results again once focused.
if (input.value.trim() && document.activeElement === input) update();
