// DOM helpers. Every string goes in as text; the only HTML ever parsed is what the recapdex
// library returns as safe (`render().html`, `hit.snippetHtml`), through `setTrustedHtml`.

/**
 * h("a", { class: "x", href, onclick }, "text", child, [more]) → Element.
 * Props: `class`, `text`, `on<event>` handlers, booleans (set when true), others as attributes.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Only for HTML the recapdex library produced (already escaped and sanitized). */
export function setTrustedHtml(el, html) {
  el.innerHTML = html;
  return el;
}

/** Content language for a note, from the library's share of Han letters. */
export function noteLang(info) {
  return info && info.han >= info.latin ? 'zh-Hans' : 'en';
}

// Looked up once, before any note is rendered: a note heading may carry the same id.
const toastEl = document.getElementById('toast');
let toastTimer;
/** A short polite status message at the bottom of the page. */
export function toast(message) {
  const el = toastEl;
  el.textContent = message;
  el.classList.add('is-visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('is-visible'), 4000);
}

export function formatDate(date) {
  return date ? date.slice(0, 10) : '';
}

/** Offers `text` as a file download. */
export function download(name, text, type = 'text/markdown;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
