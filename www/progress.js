// The indexing progress bar under the header, fed by the worker's progress events. Jobs can
// overlap (a second drop while the first is indexing; the worker runs them one after the
// other): the bar counts the notes of every job still going, stays until the last one is
// done, and its Cancel button cancels every job that can be cancelled.

const root = () => document.getElementById('progress');

/** The jobs still going: { label, notesTotal, progress, controller? }. */
const jobs = new Set();

/**
 * Shows the bar for one job of `notes` notes; returns { update(progress), done(), signal }.
 * With `cancellable`, the Cancel button aborts `signal`.
 */
export function startProgress(label, { notes = 0, cancellable = false } = {}) {
  const controller = new AbortController();
  const job = { label, notesTotal: notes, progress: null, controller: cancellable ? controller : null };
  jobs.add(job);
  show();
  return {
    signal: controller.signal,
    update(progress) {
      job.progress = progress;
      show();
    },
    done() {
      jobs.delete(job);
      show();
    },
  };
}

// A job's share done: by bytes once the worker has counted them (it counts them before the
// first note), else by notes.
function shareOf({ notesDone, notesTotal, bytesDone, bytesTotal }) {
  if (bytesTotal) return bytesDone / bytesTotal;
  return notesTotal ? notesDone / notesTotal : 1;
}

// Together, each job weighs as many notes as it has; one still waiting its turn counts as not
// started.
function combined() {
  let notesDone = 0;
  let notesTotal = 0;
  let weighted = 0;
  for (const job of jobs) {
    const total = job.progress?.notesTotal ?? job.notesTotal;
    notesDone += job.progress?.notesDone ?? 0;
    notesTotal += total;
    if (job.progress) weighted += shareOf(job.progress) * total;
  }
  return { notesDone, notesTotal, share: notesTotal ? weighted / notesTotal : 0 };
}

function show() {
  const el = root();
  const cancel = el.querySelector('.progress__cancel');
  el.hidden = jobs.size === 0;
  if (!jobs.size) {
    cancel.onclick = null;
    return;
  }
  const bar = el.querySelector('[role="progressbar"]');
  const [first] = jobs;
  const label = jobs.size === 1 ? first.label : `${first.label} and ${jobs.size - 1} more`;
  const { notesDone, notesTotal, share } = combined();
  const percent = Math.round(share * 100);
  bar.setAttribute('aria-label', label);
  bar.setAttribute('aria-valuenow', String(percent));
  el.querySelector('.progress__fill').style.width = `${percent}%`;
  const reported = [...jobs].some((job) => job.progress);
  if (reported) bar.setAttribute('aria-valuetext', `${notesDone} of ${notesTotal} notes`);
  else bar.removeAttribute('aria-valuetext');
  el.querySelector('.progress__label').textContent = reported ? `${label}: ${notesDone} / ${notesTotal}` : label;
  const cancellable = [...jobs].filter((job) => job.controller);
  cancel.hidden = cancellable.length === 0;
  cancel.onclick = () => { for (const job of cancellable) job.controller.abort(); };
}
