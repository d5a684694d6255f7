// Reader view: one rendered note with a sticky table of contents (scroll-spy), copyable heading
// anchors, the search terms highlighted when arriving from a hit, and previous/next notes.
// Route: [?q=<query>]#/note/<id>/<slug>

import { download, formatDate, h, noteLang, replace, setTrustedHtml, toast } from './dom.js';
import { sortNotes, speakersOf } from './library.js';
import { NOTE_FILE, state } from './notes.js';
import { highlightTermsFor, noteHref } from './search.js';

const HEADINGS = 'h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]';
let current = null; // { id, q, body, toc: Map(slug → link) }

function tocList(entries, id, q) {
  if (!entries.length) return null;
  return h('ol', {}, entries.map((entry) => h('li', {},
    h('a', { href: noteHref(id, entry.slug, q), 'data-slug': entry.slug, 'data-replace': '', text: entry.text }),
    tocList(entry.children ?? [], id, q))));
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Wraps the words the library matched in <mark>, in text only (never inside tags).
function highlightTerms(root, terms) {
  const words = terms.filter((t) => t.trim()).sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (!words.length) return;
  const pattern = new RegExp(words.join('|'), 'giu');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest('.anchor, mark') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const text = node.data;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    pattern.lastIndex = 0;
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      if (match.index > last) parts.push(text.slice(last, match.index));
      parts.push(h('mark', { class: 'term', text: match[0] }));
      last = match.index + match[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    node.replaceWith(fragmentOf(parts));
  }
}

// Nodes to insert at once, without spreading them into a call: a long text can hold more
// matches, and a section more paragraphs, than a call takes arguments.
function fragmentOf(nodes) {
  const fragment = document.createDocumentFragment();
  for (const node of nodes) fragment.append(node);
  return fragment;
}

// The section a fragment link names. One that is not valid percent-encoding ("#50%") is
// taken as written: the note still renders, and the link still points into it.
function linkTarget(href) {
  const fragment = href.slice(1);
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

// A relative link from one note of a dropped folder to another (`../job/`, `summary.md`,
// `architecture/_index.md#layers`) opens the other note here. Resolved against the note's path
// in the folder, as a file and as a folder's index; links that lead to no note (another site's
// page, a file that was not dropped) are left as written.
const INDEX_FILE = /(^|\/)_?index$/;

/** The user's notes by path in their folder, without the extension (a folder's index also by
 *  the folder's path). */
function notesByPath() {
  const byPath = new Map();
  for (const [id, record] of state.user) {
    if (!state.byId.has(id)) continue;
    const own = record.name.replace(NOTE_FILE, '');
    byPath.set(own, id);
    const folder = own.replace(INDEX_FILE, '');
    if (folder !== own && !byPath.has(folder)) byPath.set(folder, id);
  }
  return byPath;
}

function noteForLink(fromId, href, byPath) {
  const from = state.user.get(fromId)?.name;
  if (!from || /^([a-z][a-z0-9+.-]*:|\/)/i.test(href)) return null;
  // From the note's file, and from its page as Hugo publishes it (`a/b.md` at `a/b/`).
  const page = `${from.replace(NOTE_FILE, '').replace(INDEX_FILE, '$1')}/`.replace(/\/+$/, '/');
  for (const base of [from, page]) {
    try {
      const url = new URL(href, new URL(base, 'https://notes.invalid/'));
      const path = decodeURIComponent(url.pathname).slice(1).replace(/\/+$/, '').replace(NOTE_FILE, '');
      const id = byPath.get(path);
      if (id) return { id, slug: url.hash ? linkTarget(url.hash) : '' };
    } catch {
      // Not a URL, or not valid percent-encoding: no note.
    }
  }
  return null;
}

function fixLinks(body, id) {
  // Collected first: the fragment links below become `#/note/…` links too.
  const relative = [...body.querySelectorAll('a[href]:not([href^="#"])')];
  for (const a of body.querySelectorAll('a[href^="#"]')) {
    const target = linkTarget(a.getAttribute('href'));
    a.setAttribute('href', noteHref(id, target));
    if (!a.classList.contains('anchor')) continue;
    const heading = a.closest(HEADINGS);
    a.setAttribute('aria-label', `Copy link to “${heading?.textContent.replace(/^#\s*/, '').trim() ?? target}”`);
    a.removeAttribute('aria-hidden');
    a.addEventListener('click', (event) => {
      event.preventDefault();
      const url = new URL(noteHref(id, target), location.href).href;
      history.replaceState(null, '', url);
      goToSection(target, { smooth: true });
      navigator.clipboard?.writeText(url).then(
        () => toast('Link to this section copied'),
        () => toast(`Link: ${url}`),
      ) ?? toast(`Link: ${url}`);
    });
  }
  const byPath = relative.length && state.user.has(id) ? notesByPath() : new Map();
  for (const a of relative) {
    const target = noteForLink(id, a.getAttribute('href'), byPath);
    if (!target) continue;
    a.setAttribute('href', noteHref(target.id, target.slug));
    a.removeAttribute('rel');
  }
}

// The section arrived at is wrapped in one box (heading up to the next heading) so it can be
// marked as a whole; the previous box is unwrapped first, leaving the library's HTML as it was.
function markSection(heading) {
  const old = current.body.querySelector('.target-section');
  if (old) old.replaceWith(fragmentOf([...old.childNodes]));
  for (const el of current.body.querySelectorAll('.is-target')) el.classList.remove('is-target');
  if (!heading) return;
  const members = [heading];
  for (let el = heading.nextElementSibling; el && !el.matches('h1, h2, h3, h4, h5, h6'); el = el.nextElementSibling) {
    members.push(el);
  }
  const box = h('div', { class: 'target-section' });
  heading.before(box);
  box.append(fragmentOf(members));
  heading.classList.add('is-target');
}

function goToSection(slug, { focus = false, smooth = false } = {}) {
  if (!current) return;
  const heading = slug ? current.body.querySelector(`[id="${CSS.escape(slug)}"]`) : null;
  markSection(heading);
  if (!heading) {
    window.scrollTo({ top: 0 });
    if (focus) current.title.focus({ preventScroll: true });
    return;
  }
  heading.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'instant' });
  // Near the end of a note the heading cannot reach the top: keep it current until the reader scrolls.
  current.pinned = smooth ? null : { slug, y: window.scrollY };
  if (focus) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  spy();
}

// Scroll-spy: the current section is the last heading that has passed under the header.
function spy() {
  if (!current || current.view.hidden) return;
  let slug = null;
  if (current.pinned && Math.abs(window.scrollY - current.pinned.y) < 4) {
    slug = current.pinned.slug;
  } else {
    current.pinned = null;
    const top = document.querySelector('.site-header').getBoundingClientRect().bottom + 24;
    // At the very end the last sections cannot scroll up to the top: the last one in view wins.
    const atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2 && window.scrollY > 0;
    const limit = atEnd ? window.innerHeight : top;
    for (const heading of current.body.querySelectorAll(HEADINGS)) {
      if (heading.getBoundingClientRect().top <= limit) slug = heading.id;
      else break;
    }
  }
  for (const [key, link] of current.toc) {
    if (key === slug) link.setAttribute('aria-current', 'location');
    else link.removeAttribute('aria-current');
  }
}
let spyQueued = false;
window.addEventListener('scroll', () => {
  if (spyQueued) return;
  spyQueued = true;
  requestAnimationFrame(() => { spyQueued = false; spy(); });
}, { passive: true });

function neighbours(id) {
  const list = sortNotes(state.notes);
  const at = list.findIndex((info) => info.id === id);
  return { prev: list[at - 1], next: list[at + 1] };
}

function notFound(view, id) {
  current = null;
  document.title = 'Note not found — recapdex';
  replace(view, h('div', { class: 'empty' },
    h('h1', { class: 'view-title', tabindex: '-1', text: 'Note not found' }),
    h('p', {}, 'There is no note ', h('code', { text: id }), ' in this library. It may have been removed. ',
      h('a', { href: './#/', text: 'Back to the library' }), '.')));
}

export async function showReader(view, { id, slug, q, focusTarget }) {
  if (current?.id === id && current.q === q && current.view === view) {
    goToSection(slug, { focus: focusTarget });
    return;
  }
  if (!state.byId.has(id)) {
    notFound(view, id);
    return;
  }
  const [{ html, toc, meta }, terms] = await Promise.all([state.engine.render(id), highlightTermsFor(q, id)]);
  const body = setTrustedHtml(h('div', { class: 'note-body' }), html);
  fixLinks(body, id);
  highlightTerms(body, terms);
  const title = h('h1', { tabindex: '-1', text: meta.title });
  const speakers = speakersOf(meta);
  const { prev, next } = neighbours(id);
  const tocNav = h('nav', { class: 'reader__toc', 'aria-label': 'Table of contents' },
    h('details', { class: 'toc-details', open: matchMedia('(min-width: 901px)').matches },
      h('summary', { text: 'Contents' }),
      h('h2', { text: 'Contents' }),
      tocList(toc, id, q) ?? h('p', { class: 'meta', text: 'This note has no headings.' })));

  // One grid: on wide screens the contents sit in a sticky column beside the text; on narrow
  // ones they fold up between the note's header and its body.
  replace(view, h('article', { class: 'reader', lang: noteLang(meta), 'aria-labelledby': 'note-title' },
    h('header', { class: 'note-header' },
      Object.assign(title, { id: 'note-title' }),
      h('p', { class: 'meta', lang: 'en' },
        meta.date && h('time', { datetime: formatDate(meta.date), text: formatDate(meta.date) }),
        meta.authors.length > 0 && h('span', { text: meta.authors.join(', ') }),
        speakers.length > 0 && h('span', { text: `${speakers.length} ${speakers.length === 1 ? 'speaker' : 'speakers'}` }),
        h('span', { text: `${Math.max(1, Math.round(meta.readingMinutes))} min read` })),
      meta.tags.length > 0 && h('ul', { class: 'tags', 'aria-label': 'Tags' }, meta.tags.map((tag) => h('li', { class: 'tag', text: tag }))),
      h('div', { class: 'note-actions', lang: 'en' },
        h('button', {
          type: 'button', class: 'button',
          onclick: async () => download(`${id}.md`, await state.engine.toMarkdown(id)),
        }, 'Export as Markdown'))),
    tocNav,
    body,
    (prev || next) && h('nav', { class: 'prev-next', 'aria-label': 'Previous and next note', lang: 'en' },
      prev && h('a', { class: 'prev', href: noteHref(prev.id), rel: 'prev' }, h('small', { text: '← Previous' }), h('span', { lang: noteLang(prev), text: prev.title })),
      next && h('a', { class: 'next', href: noteHref(next.id), rel: 'next' }, h('small', { text: 'Next →' }), h('span', { lang: noteLang(next), text: next.title })))));

  document.title = `${meta.title} — recapdex`;
  current = { id, q, view, body, title, toc: new Map([...tocNav.querySelectorAll('a[data-slug]')].map((a) => [a.dataset.slug, a])) };
  goToSection(slug, { focus: focusTarget });
}

/** Forgets the rendered note (after the notes changed) so the next visit renders it again. */
export function resetReader() {
  current = null;
}
