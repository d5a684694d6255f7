// The indexing progress bar under the header, fed by the worker's progress events.

const root = () => document.getElementById('progress');

/**
 * Shows the bar for one job; returns { update(progress), done(), signal }.
 * With `cancellable`, a Cancel button aborts `signal`.
 */
export function startProgress(label, { cancellable = false } = {}) {
  const el = root();
  const bar = el.querySelector('[role="progressbar"]');
  const fill = el.querySelector('.progress__fill');
  const text = el.querySelector('.progress__label');
  const cancel = el.querySelector('.progress__cancel');
  const controller = new AbortController();
  bar.setAttribute('aria-label', label);
  text.textContent = label;
  fill.style.width = '0%';
  // A new job starts at 0, not at the 100 the last one ended on.
  bar.setAttribute('aria-valuenow', '0');
  bar.removeAttribute('aria-valuetext');
  cancel.hidden = !cancellable;
  cancel.onclick = () => controller.abort();
  el.hidden = false;
  return {
    signal: controller.signal,
    update({ notesDone, notesTotal, bytesDone, bytesTotal }) {
      const share = bytesTotal ? bytesDone / bytesTotal : notesTotal ? notesDone / notesTotal : 1;
      const percent = Math.round(share * 100);
      fill.style.width = `${percent}%`;
      bar.setAttribute('aria-valuenow', String(percent));
      bar.setAttribute('aria-valuetext', `${notesDone} of ${notesTotal} notes`);
      text.textContent = `${label}: ${notesDone} / ${notesTotal}`;
    },
    done() {
      el.hidden = true;
      cancel.onclick = null;
    },
  };
}
