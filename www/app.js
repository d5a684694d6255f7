// Bootstrap and router. Routes:
//   #/ [?sort=&tag=&year=]          library
//   ?q=<query>                      search results
//   [?q=<query>]#/note/<id>/<slug>  reader, at a section, with the query's terms highlighted
//   #/add                           add your own notes

import { h, replace, toast } from './dom.js';
import { initDrop, renderAdd } from './add.js';
import { renderLibrary } from './library.js';
import { boot, onNotesChange, state } from './notes.js';
import { resetReader, showReader } from './reader.js';
import { hideSearch, initSearch, showSearch, syncInput } from './search.js';

const views = {
  library: document.getElementById('view-library'),
  search: document.getElementById('view-search'),
  reader: document.getElementById('view-reader'),
  add: document.getElementById('view-add'),
};
const main = document.getElementById('main');
const bootMessage = document.getElementById('boot');

let shown = null;
let routeSeq = 0;
let lastHref = location.href;

const ready = boot().then(
  () => {
    bootMessage.remove();
    if (state.problems.length) toast(`${state.problems.length === 1 ? 'A note' : 'Some notes'} could not be loaded: see Add notes.`);
  },
  (error) => {
    replace(bootMessage, h('strong', { text: 'The notes could not be loaded. ' }), error.message,
      '. Reload the page to try again.');
    bootMessage.setAttribute('role', 'alert');
    throw error;
  },
);

function decode(part) {
  try { return decodeURIComponent(part ?? ''); } catch { return part ?? ''; }
}

function parseRoute() {
  const q = new URLSearchParams(location.search).get('q') ?? '';
  const hash = location.hash;
  if (hash.startsWith('#/note/')) {
    const [id, ...slug] = hash.slice('#/note/'.length).split('/');
    return { name: 'reader', id: decode(id), slug: decode(slug.join('/')), q };
  }
  if (hash.startsWith('#/add')) return { name: 'add', q };
  if (q.trim()) return { name: 'search', q };
  return { name: 'library', q, params: new URLSearchParams(hash.startsWith('#/?') ? hash.slice(3) : '') };
}

/** Goes to `href` (relative to the page) without reloading. */
export function navigate(href, options = {}) {
  const url = new URL(href, location.href);
  if (url.href !== location.href) history[options.replace ? 'replaceState' : 'pushState'](null, '', url);
  lastHref = location.href;
  route(options);
}

async function route({ fromInput = false, focusTarget = false, keepFocus = false, now = false } = {}) {
  const mine = ++routeSeq;
  const r = parseRoute();
  if (!fromInput) syncInput(r.q);
  for (const link of document.querySelectorAll('.site-nav a')) {
    if (link.dataset.nav === r.name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    await ready;
  } catch {
    return;
  }
  if (mine !== routeSeq) return;
  const changedView = shown !== r.name;
  for (const [name, view] of Object.entries(views)) view.hidden = name !== r.name;
  shown = r.name;

  if (r.name === 'search') showSearch(r.q, { now });
  else hideSearch();

  if (r.name === 'library') {
    document.title = 'recapdex — conference recap notes, searchable offline';
    renderLibrary(views.library, r.params, navigate);
  } else if (r.name === 'add') {
    document.title = 'Add your notes — recapdex';
    renderAdd(views.add);
  } else if (r.name === 'search') {
    document.title = `${r.q} — search — recapdex`;
  } else {
    await showReader(views.reader, { ...r, focusTarget });
  }
  if (changedView && !fromInput && !keepFocus && !focusTarget && mine > 1) {
    const heading = views[r.name].querySelector('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: r.name === 'reader' });
    }
  }
  if (changedView && r.name !== 'reader') window.scrollTo({ top: 0 });
}

// The app's links are written "./#/…", which from …/index.html leads to …/: the same page
// under its other name, not another page to load.
function pagePath(url) {
  return url.pathname.replace(/\/index\.html$/, '/');
}

// Same-page links route without a reload; anything else (other pages, new tabs) is left alone.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest?.('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || pagePath(url) !== pagePath(location)) return;
  if (url.hash && !url.hash.startsWith('#/')) return;
  event.preventDefault();
  navigate(url.href, { replace: link.hasAttribute('data-replace'), focusTarget: link.getAttribute('role') === 'option' });
});

// Back/forward and edited hashes. Both events can fire for one change: route it once.
function onHistory() {
  if (location.href === lastHref) return;
  lastHref = location.href;
  route();
}
window.addEventListener('popstate', onHistory);
window.addEventListener('hashchange', onHistory);

document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

// Theme: follows the system until the reader picks the other one.
const darkQuery = matchMedia('(prefers-color-scheme: dark)');
const themeButton = document.getElementById('theme-toggle');
const effectiveTheme = () => document.documentElement.dataset.theme ?? (darkQuery.matches ? 'dark' : 'light');
const showTheme = () => themeButton.setAttribute('aria-pressed', String(effectiveTheme() === 'dark'));
themeButton.addEventListener('click', () => {
  const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
  try {
    if (next === (darkQuery.matches ? 'dark' : 'light')) {
      delete document.documentElement.dataset.theme;
      localStorage.removeItem('recapdex-theme');
    } else {
      document.documentElement.dataset.theme = next;
      localStorage.setItem('recapdex-theme', next);
    }
  } catch { /* storage blocked: the choice lasts for this page only */ }
  showTheme();
});
darkQuery.addEventListener('change', showTheme);
showTheme();

// Offline: the service worker precaches everything; the footer says whether that is done.
const offlineState = document.getElementById('offline-state');
function showNetwork() {
  offlineState.textContent = navigator.onLine
    ? (navigator.serviceWorker?.controller ? 'Ready to work offline.' : '')
    : 'You are offline; reading and search still work.';
}
window.addEventListener('online', showNetwork);
window.addEventListener('offline', showNetwork);
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').then(
    () => navigator.serviceWorker.ready.then(showNetwork),
    () => { offlineState.textContent = 'Offline use is not available here.'; },
  );
  navigator.serviceWorker.addEventListener('controllerchange', showNetwork);
}
showNetwork();

onNotesChange(() => {
  resetReader();
  if (shown === 'library') route({ keepFocus: true });
});

initSearch({ navigate, ready });
initDrop();
route();
