// Search: the header box is an ARIA combobox; results, grouped by note with section sub-results,
// fill the search view as you type. The search itself runs in the worker, so typing never waits.
// Route: ?q=<query>

import { h, noteLang, replace, setTrustedHtml } from './dom.js';
import { state } from './notes.js';

const DEBOUNCE_MS = 120;
const GROUPS = 20;
const SUB_RESULTS = 3;

let input;
let navigate;
let ready;
let view;
let results;
let timer;
let seq = 0;
let options = [];
let active = -1;
let visible = false;
const termsCache = new Map();

export const noteHref = (id, slug = '', q = '') =>
  `${q ? `?q=${encodeURIComponent(q)}` : './'}#/note/${encodeURIComponent(id)}/${encodeURIComponent(slug)}`;
export const searchHref = (q) => (q ? `?q=${encodeURIComponent(q)}` : './#/');

export function initSearch(opts) {
  ({ navigate, ready } = opts);
  input = document.getElementById('q');
  view = document.getElementById('view-search');
  // While an IME composes (pinyin → 汉字) the box holds Latin letters: search once it is done.
  const onInput = () => navigate(searchHref(input.value.trim() ? input.value : ''), { replace: visible, fromInput: true });
  input.addEventListener('input', (event) => { if (!event.isComposing) onInput(); });
  input.addEventListener('compositionend', onInput);
  // The listbox the combobox controls always exists, so aria-controls always points somewhere.
  results = h('div', { id: 'results', class: 'results', role: 'listbox', 'aria-label': 'Search results' });
  view.append(results);
  input.addEventListener('keydown', onKeyDown);
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest?.('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
}

/** Keeps the box in step with the URL (reload, back/forward, deep links). */
export function syncInput(q) {
  if (input.value !== q) input.value = q;
}

/** Router entry: shows results for `q`, debounced unless `now`. */
export function showSearch(q, { now = false } = {}) {
  visible = true;
  clearTimeout(timer);
  if (now) run(q);
  else timer = setTimeout(() => run(q), DEBOUNCE_MS);
}

export function hideSearch() {
  visible = false;
  clearTimeout(timer);
  seq++;
  setOptions([]);
}

/**
 * What to highlight in note `noteId` for query `q`: the library's normalized query terms plus
 * the words its snippets marked in that note's hits (`highlights`), so prefix, stemmed and
 * typo-tolerant matches ("karmda" → "Karmada") are highlighted as they were matched.
 */
export async function highlightTermsFor(q, noteId) {
  if (!q.trim()) return [];
  const key = `${noteId}\n${q}`;
  if (!termsCache.has(key)) {
    await ready;
    const result = await state.engine.search(`${q} note:${noteId}`, { limit: 100, subResults: 0 });
    const words = new Set(result.terms);
    for (const hit of result.hits) {
      for (const [start, end] of hit.highlights) words.add(hit.snippet.slice(start, end));
    }
    termsCache.set(key, [...words].filter((word) => word.trim()));
  }
  return termsCache.get(key);
}

async function run(q) {
  const mine = ++seq;
  await ready;
  const result = await state.engine.search(q, { limit: GROUPS, subResults: SUB_RESULTS, snippetChars: 160 });
  if (mine !== seq) return; // a newer keystroke already asked again
  render(q, result);
}

function setOptions(list) {
  options = list;
  active = -1;
  input.removeAttribute('aria-activedescendant');
  input.setAttribute('aria-expanded', String(visible && list.length > 0));
}

function moveActive(step) {
  if (!options.length) return;
  options[active]?.setAttribute('aria-selected', 'false');
  active = active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length;
  const option = options[active];
  option.setAttribute('aria-selected', 'true');
  input.setAttribute('aria-activedescendant', option.id);
  option.scrollIntoView({ block: 'nearest' });
}

function onKeyDown(event) {
  if (event.isComposing) return; // an IME is choosing characters: its keys are not ours
  switch (event.key) {
    case 'ArrowDown':
    case 'ArrowUp':
      if (!visible) {
        if (input.value.trim()) navigate(searchHref(input.value), { fromInput: true });
        return;
      }
      event.preventDefault();
      moveActive(event.key === 'ArrowDown' ? 1 : -1);
      break;
    case 'Enter': {
      if (!visible) {
        if (input.value.trim()) navigate(searchHref(input.value), { fromInput: true });
        return;
      }
      const option = options[active] ?? options[0];
      if (option) {
        event.preventDefault();
        navigate(option.getAttribute('href'), { focusTarget: true });
      }
      break;
    }
    case 'Escape':
      event.preventDefault();
      if (active >= 0) {
        options[active].setAttribute('aria-selected', 'false');
        setOptions(options);
      }
      input.value = '';
      if (visible) navigate('./#/', { replace: true, fromInput: true });
      else navigate(location.pathname + (location.hash || '#/'), { replace: true, fromInput: true });
      break;
    default:
  }
}

function hasToken(q, token) {
  return ` ${q} `.includes(` ${token} `);
}

function toggleToken(q, token) {
  const next = hasToken(q, token)
    ? ` ${q} `.replace(` ${token} `, ' ')
    : `${q} ${token}`;
  return next.replace(/\s+/g, ' ').trim();
}

const quoteValue = (value) => (/\s/.test(value) ? `"${value}"` : value);

function setQuery(q) {
  input.value = q;
  navigate(searchHref(q), { replace: true, fromInput: true, now: true });
}

function chips(q, facets) {
  const group = (label, entries, token, text = (value) => value) => {
    const list = (entries ?? []).filter((entry) => entry.value !== '' && entry.value != null).slice(0, 12);
    if (!list.length) return null;
    return h('div', { class: 'chip-group', role: 'group', 'aria-label': `Filter by ${label}` },
      h('span', { class: 'chip-group__label', 'aria-hidden': 'true', text: `${label}:` }),
      list.map(({ value, count }) => {
        const t = token(String(value));
        return h('button', {
          type: 'button', class: 'chip', 'aria-pressed': String(hasToken(q, t)),
          onclick: () => setQuery(toggleToken(q, t)),
        }, text(String(value)), h('span', { class: 'chip__count', 'aria-label': `${count} ${count === 1 ? 'result' : 'results'}`, text: count }));
      }));
  };
  return h('div', { class: 'toolbar', 'aria-label': 'Filters' },
    group('Tag', facets.tags, (v) => `tag:${quoteValue(v)}`),
    group('Year', facets.years, (v) => `date:${v}`),
    group('Speaker', facets.speakers, (v) => `speaker:${quoteValue(v)}`),
    group('Note', facets.notes, (v) => `note:${v}`, (v) => state.byId.get(v)?.title ?? v));
}

function emptyState(q) {
  const filters = q.split(/\s+/).filter((t) => /^-?\w+:/.test(t));
  const tags = [...new Set(state.notes.flatMap((info) => info.tags))].slice(0, 6);
  const sessions = state.notes
    .map((info) => info.sections.find((s) => s.level >= 1)?.heading)
    .filter(Boolean)
    .slice(0, 2);
  const suggest = (text) => h('button', { type: 'button', class: 'chip', onclick: () => setQuery(text), text });
  return h('div', { class: 'empty' },
    h('h2', {}, 'No results for ', h('q', { text: q })),
    h('p', {}, 'Try fewer or shorter words (Chinese matches any run of characters, e.g. ',
      h('q', { lang: 'zh-Hans', text: '调度' }), '), check the spelling of English words, ',
      filters.length ? 'remove a filter, ' : '', 'or try one of these:'),
    h('div', { class: 'suggestions' },
      filters.map((token) => h('button', {
        type: 'button', class: 'chip', onclick: () => setQuery(toggleToken(q, token)),
      }, 'Remove ', h('code', { text: token }))),
      tags.map(suggest),
      sessions.map(suggest)));
}

function render(q, result) {
  const lede = result.total
    ? `${result.total} ${result.total === 1 ? 'section' : 'sections'} in ${result.totalNotes} ${result.totalNotes === 1 ? 'note' : 'notes'}`
    : 'No matching sections';
  let n = 0;
  const nextId = () => `opt-${n++}`;
  const groups = result.groups.map((group, g) => {
    const info = state.byId.get(group.noteId);
    const labelId = `group-${g}`;
    return h('div', { role: 'group', class: 'result-group', 'aria-labelledby': labelId, lang: noteLang(info) },
      h('a', { role: 'option', id: nextId(), class: 'result-group__head', href: noteHref(group.noteId, '', q), tabindex: '-1', 'aria-selected': 'false' },
        h('span', { id: labelId, text: group.noteTitle }),
        h('span', { class: 'result-group__count', lang: 'en', text: `${group.total} ${group.total === 1 ? 'section' : 'sections'}` })),
      group.hits.map((hit) => {
        const path = hit.headingPath.slice(0, -1);
        return h('a', { role: 'option', id: nextId(), class: 'hit', href: noteHref(hit.noteId, hit.slug, q), tabindex: '-1', 'aria-selected': 'false' },
          h('span', { class: 'hit__heading' }, hit.level === 0 ? 'Introduction' : hit.heading,
            hit.speaker && h('span', { class: 'hit__speaker', text: `— ${hit.speaker}` })),
          path.length > 0 && h('span', { class: 'hit__path', text: path.join(' › ') }),
          setTrustedHtml(h('span', { class: 'hit__snippet' }), hit.snippetHtml));
      }),
      group.total > group.hits.length && h('a', {
        role: 'option', id: nextId(), class: 'result-group__more', tabindex: '-1', 'aria-selected': 'false',
        href: searchHref(toggleToken(q, `note:${group.noteId}`)), lang: 'en',
        text: `Show all ${group.total} sections in this note`,
      }));
  });

  results.setAttribute('aria-label', result.groups.length ? `Results for ${q}` : 'No results');
  replace(results, groups);
  replace(view,
    h('h1', { id: 'search-title', class: 'view-title' }, 'Results for ', h('q', { text: q })),
    h('p', { class: 'view-lede', role: 'status', text: lede }),
    chips(q, result.facets),
    results,
    result.groups.length ? null : emptyState(q));
  setOptions([...view.querySelectorAll('[role="option"]')]);
}
