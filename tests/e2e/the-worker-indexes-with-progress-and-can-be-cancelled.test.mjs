// Issue 5, as the page uses it: RecapdexWorker runs the Library in a Web Worker with progress
// events, cancellation and the same error codes as the main-thread API.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, startSuite } from './harness.mjs';

let suite;
before(async () => { suite = await startSuite(); });
after(async () => { await suite?.close(); });

// Runs in the page: imports the client next to the wasm package.
const inPage = (page, fn, arg) => page.evaluate(async ([source, value]) => {
  const { RecapdexWorker } = await import('./pkg/worker-client.js');
  const notes = (n) => Array.from({ length: n }, (_, i) => ({
    id: `note-${i}`,
    text: `# 第 ${i} 场分享\n\n## Session ${i} Scheduling Deep Dive\n\n这一场讲调度器的第 ${i} 个改进，细节很多。\n`,
  }));
  // eslint-disable-next-line no-new-func
  return new Function('RecapdexWorker', 'notes', 'value', `return (${source})(RecapdexWorker, notes, value);`)(RecapdexWorker, notes, value);
}, [fn.toString(), arg]);

test('addNotes reports notes and bytes and the notes are searchable', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker, notes) => {
    const lib = new RecapdexWorker();
    const events = [];
    const infos = await lib.addNotes(notes(40), { onProgress: (p) => events.push(p) });
    const hits = await lib.search('调度器', { limit: 100 });
    const ids = await lib.noteIds();
    const markdown = await lib.toMarkdown('note-3');
    const { toc } = await lib.render('note-3');
    // A larger batch: about a report per hundredth of its bytes, every NoteInfo in order.
    const more = notes(1000).slice(40).map((n) => ({ ...n, id: `more-${n.id}` }));
    const moreEvents = [];
    const moreInfos = await lib.addNotes(more, { onProgress: (p) => moreEvents.push(p) });
    lib.terminate();
    return {
      events, infos: infos.length, total: hits.totalNotes, ids: ids.length, markdown, toc: toc.length,
      moreEvents: moreEvents.length, moreLast: moreEvents.at(-1),
      moreInOrder: moreInfos.map((i) => i.id).join() === more.map((n) => n.id).join(),
    };
  });
  assert.ok(result.moreEvents > 50 && result.moreEvents <= 102, `${result.moreEvents} reports for 960 notes`);
  assert.deepEqual([result.moreLast.notesDone, result.moreLast.notesTotal], [960, 960]);
  assert.ok(result.moreInOrder, 'one NoteInfo per note, in order');
  assert.equal(result.infos, 40);
  assert.equal(result.ids, 40);
  assert.equal(result.total, 40);
  assert.match(result.markdown, /Session 3 Scheduling Deep Dive/);
  assert.ok(result.toc > 0);
  const last = result.events.at(-1);
  assert.equal(result.events[0].notesDone, 0);
  assert.deepEqual([last.notesDone, last.notesTotal], [40, 40]);
  assert.equal(last.bytesDone, last.bytesTotal);
  assert.ok(last.bytesTotal > 40 * 50, 'bytes are counted as UTF-8');
  for (let i = 1; i < result.events.length; i++) {
    assert.ok(result.events[i].bytesDone > result.events[i - 1].bytesDone, 'progress never goes back');
  }
  // 40 notes of about the same size: each is more than a hundredth of the bytes, so each
  // reports (a large batch reports about every hundredth of its bytes instead).
  assert.equal(result.events.length, 41);
  assertNoErrors();
});

test('a long list reaches the worker in parts, whole and in order, and cancels cleanly', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker) => {
    // Eight notes of ~200,000 characters: more than one part of the list (2^19 code units).
    const filler = '调度器把工作负载放到合适的节点上。'.repeat(12000);
    const big = Array.from({ length: 8 }, (_, i) => ({ id: `big-${i}`, text: `# 大笔记 ${i}\n\n${filler}\n\n标记词 marker${i}\n` }));
    const lib = new RecapdexWorker();
    let events = 0;
    const infos = await lib.addNotes(big, { onProgress: () => { events++; } });
    const ids = await lib.noteIds();
    const last = await lib.search('marker7');
    // Cancelled while its parts are still being sent: the call never indexes anything.
    const controller = new AbortController();
    const pending = lib.addNotes(big.map((n) => ({ ...n, id: `again-${n.id}` })), { signal: controller.signal });
    controller.abort();
    let code;
    try { await pending; } catch (e) { code = e.code; }
    const after = await lib.noteIds();
    lib.terminate();
    return { infoIds: infos.map((i) => i.id), ids, events, lastHit: last.hits[0]?.noteId, code, after: after.length };
  });
  const expected = Array.from({ length: 8 }, (_, i) => `big-${i}`);
  assert.deepEqual(result.infoIds, expected, 'one NoteInfo per note, in the order given');
  assert.deepEqual(result.ids, expected);
  assert.equal(result.events, 9);
  assert.equal(result.lastHit, 'big-7');
  assert.equal(result.code, 'cancelled');
  assert.equal(result.after, 8, 'the cancelled list left nothing behind');
  assertNoErrors();
});

test('cancelling addNotes rejects with code cancelled and keeps nothing', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker, notes) => {
    const lib = new RecapdexWorker();
    await lib.addNote('kept', '# 保留的笔记\n\n正文。');
    const controller = new AbortController();
    let error;
    try {
      await lib.addNotes(notes(500), {
        signal: controller.signal,
        onProgress: (p) => { if (p.notesDone >= 3) controller.abort(); },
      });
    } catch (e) {
      error = { code: e.code, isError: e instanceof Error, message: e.message };
    }
    const ids = await lib.noteIds();
    let early;
    try {
      await lib.addNotes(notes(2), { signal: AbortSignal.abort() });
    } catch (e) {
      early = e.code;
    }
    lib.terminate();
    return { error, ids, early };
  });
  assert.equal(result.error?.code, 'cancelled');
  assert.ok(result.error.isError);
  assert.deepEqual(result.ids, ['kept'], 'the cancelled batch left nothing behind');
  assert.equal(result.early, 'cancelled');
  assertNoErrors();
});

test('errors keep their code and an index snapshot loads back', async () => {
  const { page, assertNoErrors } = await openPage(suite, '');
  const result = await inPage(page, async (RecapdexWorker, notes) => {
    const lib = new RecapdexWorker();
    await lib.addNotes(notes(3));
    const codes = {};
    for (const [name, call] of Object.entries({
      duplicate: () => lib.addNote('note-1', 'x'),
      unknown: () => lib.note('nope'),
      invalidId: () => lib.addNote('', 'x'),
      // a value no worker can receive: this call fails, the next ones still go
      notSendable: () => lib.addNotes([{ id: 'f', text: 'x', options: { format: () => 'markdown' } }]),
      notSendableInParts: () => lib.addNotes([
        { id: 'g', text: '长'.repeat(600000) },
        { id: 'h', text: 'x', options: { format: () => 'markdown' } },
      ]),
    })) {
      try { await call(); codes[name] = 'no error'; } catch (e) { codes[name] = e.code; }
    }
    const bytes = await lib.exportIndex();
    const other = new RecapdexWorker();
    await other.load(bytes);
    const loaded = await other.noteIds();
    const hits = (await other.search('调度器')).totalNotes;
    lib.terminate();
    other.terminate();
    return { codes, isBytes: bytes instanceof Uint8Array, loaded, hits };
  });
  assert.deepEqual(result.codes, {
    duplicate: 'duplicate_note', unknown: 'unknown_note', invalidId: 'invalid_id',
    notSendable: 'invalid_input', notSendableInParts: 'invalid_input',
  });
  assert.ok(result.isBytes);
  assert.deepEqual(result.loaded, ['note-0', 'note-1', 'note-2']);
  assert.equal(result.hits, 3);
  assertNoErrors();
});
