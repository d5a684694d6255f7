// Library view: every note as a card; sort by date or title; filter by tag and year with counts.
// Route: #/?sort=date|oldest|title&tag=…&year=…

import { formatDate, h, noteLang, replace } from './dom.js';
import { state } from './notes.js';

const SORTS = {
  date: { label: 'Newest first', compare: (a, b) => (b.date ?? '').localeCompare(a.date ?? '') },
  oldest: { label: 'Oldest first', compare: (a, b) => (a.date ?? '\uffff').localeCompare(b.date ?? '\uffff') },
  title: { label: 'Title A–Z', compare: (a, b) => a.title.localeCompare(b.title, 'zh-Hans-CN') },
};

/** The notes in library order (also the previous/next order of the reader). */
export function sortNotes(notes, sort = 'date') {
  return [...notes].sort((SORTS[sort] ?? SORTS.date).compare);
}

const yearOf = (info) => info.date?.slice(0, 4) ?? null;

export function speakersOf(info) {
  return [...new Set(info.sections.map((s) => s.speaker).filter(Boolean))];
}

function counts(notes, valuesOf) {
  const map = new Map();
  for (const info of notes) for (const value of valuesOf(info)) map.set(value, (map.get(value) ?? 0) + 1);
  return [...map].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
}

function chipGroup(label, entries, active, onPick) {
  if (!entries.length) return null;
  return h('div', { class: 'chip-group', role: 'group', 'aria-label': `Filter by ${label}` },
    h('span', { class: 'chip-group__label', 'aria-hidden': 'true', text: `${label}:` }),
    entries.map(([value, count]) => h('button', {
      type: 'button', class: 'chip', 'aria-pressed': String(value === active),
      onclick: () => onPick(value === active ? null : value),
    }, value, h('span', { class: 'chip__count', 'aria-label': `${count} ${count === 1 ? 'note' : 'notes'}`, text: count }))));
}

export function noteCard(info) {
  const speakers = speakersOf(info);
  const user = state.user.has(info.id);
  return h('li', {},
    h('article', { class: 'card', lang: noteLang(info), 'aria-labelledby': `card-${info.id}` },
      h('h2', { id: `card-${info.id}` }, h('a', { href: `./#/note/${encodeURIComponent(info.id)}/`, text: info.title })),
      h('p', { class: 'meta', lang: 'en' },
        info.date && h('time', { datetime: formatDate(info.date), text: formatDate(info.date) }),
        info.authors.length > 0 && h('span', { text: info.authors.join(', ') }),
        speakers.length > 0 && h('span', {
          text: `Speakers: ${speakers.slice(0, 3).join(', ')}${speakers.length > 3 ? ` +${speakers.length - 3}` : ''}`,
        }),
        h('span', { text: `${Math.max(1, Math.round(info.readingMinutes))} min read` })),
      info.excerpt && h('p', { class: 'excerpt', text: info.excerpt }),
      (info.tags.length > 0 || user) && h('ul', { class: 'tags', 'aria-label': 'Tags' },
        user && h('li', { class: 'badge', lang: 'en', text: 'Your note' }),
        info.tags.map((tag) => h('li', { class: 'tag', text: tag })))));
}

export function renderLibrary(view, params, navigate) {
  const sort = SORTS[params.get('sort')] ? params.get('sort') : 'date';
  const tag = params.get('tag');
  const year = params.get('year');
  const setParam = (key, value) => {
    const next = new URLSearchParams(params);
    if (value == null || value === '' || (key === 'sort' && value === 'date')) next.delete(key);
    else next.set(key, value);
    const query = next.toString();
    navigate(`./#/${query ? `?${query}` : ''}`, { replace: true, keepFocus: true });
  };

  const byYear = year ? state.notes.filter((info) => yearOf(info) === year) : state.notes;
  const byTag = tag ? state.notes.filter((info) => info.tags.includes(tag)) : state.notes;
  const shown = sortNotes(byYear.filter((info) => !tag || info.tags.includes(tag)), sort);
  const sections = state.notes.reduce((sum, info) => sum + info.sections.length, 0);

  const select = h('select', { id: 'library-sort', onchange: (e) => setParam('sort', e.target.value) },
    Object.entries(SORTS).map(([value, { label }]) => h('option', { value, selected: value === sort, text: label })));

  replace(view,
    h('h1', { id: 'library-title', class: 'view-title', text: 'Library' }),
    h('p', { class: 'view-lede', text: `${state.notes.length} notes · ${sections} sections · searchable offline` }),
    h('div', { class: 'toolbar' },
      h('label', { for: 'library-sort' }, 'Sort', select),
      chipGroup('Tag', counts(byYear, (info) => info.tags), tag, (value) => setParam('tag', value)),
      chipGroup('Year', counts(byTag, (info) => (yearOf(info) ? [yearOf(info)] : [])), year, (value) => setParam('year', value))),
    shown.length
      ? h('ol', { class: 'cards', 'aria-label': 'Notes' }, shown.map(noteCard))
      : h('div', { class: 'empty' },
        h('h2', { text: 'No notes match these filters' }),
        h('p', {}, h('a', { href: './#/', text: 'Show all notes' }), ' or ', h('a', { href: './#/add', text: 'add your own' }), '.')));
}
