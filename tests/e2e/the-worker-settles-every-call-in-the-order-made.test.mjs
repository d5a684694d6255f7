// Regressions found by exploratory testing of RecapdexWorker: calls that never settled after
// terminate() or a failed start, the constructor's unhandled `open` rejection and its
// misleading error, a constructor that threw for a workerUrl of another origin, NoteInfos lost when one progress message carried too many, and calls
// made after addNotes() that ran in the middle of its batch.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, startSuite } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

// A call that never settles would hang the page's evaluate, and the whole run with it.
const HANGS = { timeout: 60_000 };

// Runs in the page: imports the client next to the wasm package. `settled(promise)` gives
// what a call ended with: `{ value }`, or `{ code, message }` of the error.
const inPage = (page, fn, arg) => page.evaluate(async ([source, value]) => {
  const { RecapdexWorker } = await import('./pkg/worker-client.js');
  const settled = (promise) => promise.then(
    (result) => ({ value: result }),
    (error) => ({ code: error.code, message: error.message }),
  );
  const notes = (n, prefix = 'n') => Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    text: `# Note ${i}\n\n## Scheduling ${i}\n\n调度器的第 ${i} 个改进。\n`,
  }));
  // eslint-disable-next-line no-new-func
  return new Function('RecapdexWorker', 'settled', 'notes', 'value', `return (${source})(RecapdexWorker, settled, notes, value);`)(
    RecapdexWorker, settled, notes, value);
}, [fn.toString(), arg]);

test('calls made after terminate() or a failed start reject with worker_error', HANGS, async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker, settled) => {
    const lib = new RecapdexWorker();
    await lib.noteIds();
    lib.terminate();
    const afterTerminate = await settled(lib.search('调度器'));
    const broken = new RecapdexWorker({ workerUrl: './no-such-worker.js' });
    const first = await settled(broken.noteIds());
    const second = await settled(broken.addNote('a', '# A'));
    broken.terminate();
    const afterBoth = await settled(broken.noteIds());
    return { afterTerminate, first, second, afterBoth };
  });
  assert.equal(result.afterTerminate.code, 'worker_error');
  assert.match(result.afterTerminate.message, /terminated/);
  assert.equal(result.first.code, 'worker_error');
  assert.deepEqual(result.second, result.first, 'a later call reports the same failed start');
  assert.deepEqual(result.afterBoth, result.first, 'the first reason the worker went is kept');
  assertNoErrors();
});

test('a workerUrl the page cannot start a worker from is reported by the calls, not thrown', HANGS, async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker, settled) => {
    const out = {};
    for (const [name, workerUrl] of [['otherOrigin', 'https://example.invalid/worker.js'], ['notAUrl', 'http://[']]) {
      try {
        const lib = new RecapdexWorker({ workerUrl });
        out[name] = [await settled(lib.noteIds()), await settled(lib.search('调度器'))];
      } catch (error) {
        out[name] = `the constructor threw ${error.name}`;
      }
    }
    return out;
  });
  for (const [name, calls] of Object.entries(result)) {
    assert.ok(Array.isArray(calls), `${name}: ${calls}`);
    for (const call of calls) {
      assert.equal(call.code, 'worker_error', name);
      assert.match(call.message, /^the recapdex worker could not be started: /, name);
    }
  }
  assertNoErrors();
});

test('the constructor leaves no unhandled rejection when its worker cannot open', HANGS, async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker, settled) => {
    const unhandled = [];
    window.addEventListener('unhandledrejection', (event) => unhandled.push(String(event.reason?.message ?? event.reason)));
    new RecapdexWorker().terminate();
    const missing = new RecapdexWorker({ workerUrl: './no-such-worker.js' });
    const badOption = new RecapdexWorker({ trustedHtml: 'yes' });
    const codes = [(await settled(missing.noteIds())).code, (await settled(badOption.noteIds())).code];
    // Rejections are reported unhandled a task after they happen: one more round trip to a
    // worker gives them many tasks to show up in.
    const probe = new RecapdexWorker();
    await probe.noteIds();
    probe.terminate();
    missing.terminate();
    badOption.terminate();
    return { codes, unhandled };
  });
  assert.deepEqual(result.unhandled, []);
  assert.deepEqual(result.codes, ['worker_error', 'invalid_option'], 'the failures reach later calls');
  assertNoErrors();
});

test('a bad constructor option rejects later calls with the error new Library(options) throws', HANGS, async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker, settled, notes) => {
    const { default: init, Library } = await import('./pkg/recapdex.js');
    await init();
    let mainThread;
    try { new Library({ trustedHtml: 'yes' }); } catch (error) { mainThread = { code: error.code, message: error.message }; }
    const lib = new RecapdexWorker({ trustedHtml: 'yes' });
    const calls = [
      await settled(lib.addNote('a', '# A')),
      await settled(lib.addNotes(notes(2))),
      await settled(lib.search('a')),
    ];
    // A snapshot gives it a library after all.
    const good = new RecapdexWorker();
    await good.addNotes(notes(2));
    await lib.load(await good.exportIndex());
    const loaded = await lib.noteIds();
    lib.terminate();
    good.terminate();
    return { mainThread, calls, loaded };
  });
  assert.deepEqual(result.mainThread, { code: 'invalid_option', message: 'option trustedHtml: must be true or false' });
  for (const call of result.calls) assert.deepEqual(call, result.mainThread);
  assert.deepEqual(result.loaded, ['n-0', 'n-1']);
  assertNoErrors();
});

test('addNotes keeps every NoteInfo when one progress message carries 130,000 of them', HANGS, async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker) => {
    // Empty notes have no bytes, so all of them fall before the first hundredth of the bytes
    // (the large last note) and come back in one message.
    const list = Array.from({ length: 130_000 }, (_, i) => ({ id: `stub-${i}`, text: '' }));
    list.push({ id: 'large', text: `# Large\n\n${'word '.repeat(400_000)}` });
    const lib = new RecapdexWorker();
    const events = [];
    const infos = await lib.addNotes(list, { onProgress: (progress) => events.push(progress) });
    lib.terminate();
    let inOrder = infos.length === list.length;
    for (let i = 0; inOrder && i < list.length; i++) inOrder = infos[i].id === list[i].id;
    return { infos: infos.length, inOrder, last: events.at(-1) };
  });
  assert.equal(result.infos, 130_001);
  assert.ok(result.inOrder, 'one NoteInfo per note, in order');
  assert.deepEqual([result.last.notesDone, result.last.notesTotal], [130_001, 130_001]);
  assert.equal(result.last.bytesDone, result.last.bytesTotal);
  assertNoErrors();
});

test('a call made after addNotes takes effect after the whole batch', HANGS, async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker, settled, notes) => {
    const lib = new RecapdexWorker();
    const batch = settled(lib.addNotes(notes(200)));
    const single = settled(lib.addNote('n-150', '# Later'));
    const out = { batch: (await batch).value?.length, single: (await single).code, ids: (await lib.noteIds()).length };
    lib.terminate();
    return out;
  });
  assert.equal(result.batch, 200, 'the batch made first lands whole');
  assert.equal(result.single, 'duplicate_note', 'the note added after it finds its id taken');
  assert.equal(result.ids, 200);
  assertNoErrors();
});

test('a snapshot asked for during a batch that is then cancelled holds none of the batch', HANGS, async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker, settled, notes) => {
    const lib = new RecapdexWorker();
    await lib.addNote('kept', '# Kept\n\nbefore the batch');
    const controller = new AbortController();
    let snapshot;
    const batch = await settled(lib.addNotes(notes(300), {
      signal: controller.signal,
      onProgress: ({ notesDone }) => {
        if (notesDone >= 100 && !snapshot) {
          snapshot = lib.exportIndex();
          controller.abort();
        }
      },
    }));
    const other = new RecapdexWorker();
    await other.load(await snapshot);
    const out = { batch: batch.code, message: batch.message, ids: await lib.noteIds(), inSnapshot: await other.noteIds() };
    lib.terminate();
    other.terminate();
    return out;
  });
  assert.equal(result.batch, 'cancelled');
  assert.match(result.message, /after \d+ of 300 notes/, 'the running batch stopped part way');
  assert.deepEqual(result.ids, ['kept']);
  assert.deepEqual(result.inSnapshot, ['kept']);
  assertNoErrors();
});

test('a batch waiting behind another is cancelled at once, and the running one still cancels', HANGS, async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker, settled, notes) => {
    const lib = new RecapdexWorker();
    const order = [];
    const stopFirst = new AbortController();
    const stopSecond = new AbortController();
    let firstProgress = 0;
    const first = settled(lib.addNotes(notes(2000, 'first'), {
      signal: stopFirst.signal,
      onProgress: () => {
        // The second batch waits behind this one: cancelled now, it is answered first.
        if (++firstProgress === 2) stopSecond.abort();
      },
    })).then((outcome) => { order.push('first'); return outcome; });
    const second = settled(lib.addNotes(notes(10, 'second'), { signal: stopSecond.signal }))
      .then((outcome) => {
        order.push('second');
        stopFirst.abort();
        return outcome;
      });
    const later = settled(lib.noteIds());
    const out = { first: await first, second: await second, later: await later, order };
    lib.terminate();
    return out;
  });
  assert.deepEqual(result.order, ['second', 'first'], 'the waiting batch was answered before the running one ended');
  assert.equal(result.second.code, 'cancelled');
  assert.match(result.second.message, /before it started/);
  assert.equal(result.first.code, 'cancelled');
  assert.match(result.first.message, /after \d+ of 2000 notes/);
  assert.deepEqual(result.later.value, [], 'neither batch left a note behind');
  assertNoErrors();
});
