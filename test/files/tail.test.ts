/** `lookout ingest tail` against a real server: partial lines, rotation, truncation, resume. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestLookout, TEST_TOKEN } from '../helpers';
import { tail, type TailOptions } from '../../server/ingest/files/tail';
import { defaultCheckpointPath } from '../../server/ingest/files/checkpoint';
import { countEvents, trackingLines } from './lines';

const dir = mkdtempSync(join(tmpdir(), 'lookout-tail-'));
const course = 'course-v1:Files+Tail+2025';
const file = join(dir, 'tracking.log');

let phase = 0;
/** Fresh distinct lines (each phase its own day). */
function fresh(n: number): string[] {
  phase++;
  return trackingLines(course, n, new Date(Date.UTC(2025, 0, phase, 8)), phase);
}
const text = (lines: string[]) => lines.map((l) => l + '\n').join('');

describe('ingest tail', () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let expected = 0;
  const notes: string[] = [];
  const running = new Set<AbortController>();
  before(async () => {
    lookout = await startTestLookout();
  });
  after(async () => {
    for (const c of running) c.abort(); // a failed test must not leave a tailer polling
    await lookout.close();
  });

  async function until(n: number, what: string) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const count = await countEvents(lookout.lake, course);
      if (count === n) return;
      if (count > n) assert.fail(`${what}: ${count} events, more than the ${n} expected`);
      if (Date.now() > deadline) assert.fail(`${what}: ${count} events after 15 s, expected ${n}\n${notes.join('\n')}`);
      await new Promise((r) => setTimeout(r, 30));
    }
  }

  function startTail(extra: Partial<TailOptions> = {}) {
    const controller = new AbortController();
    running.add(controller);
    const done = tail({
      file, url: lookout.url, token: TEST_TOKEN, dataDir: dir, pollMs: 40, batchLines: 50,
      signal: controller.signal, progress: false, log: (m) => notes.push(m), ...extra,
    });
    return {
      stop: async () => {
        controller.abort();
        running.delete(controller);
        return done;
      },
    };
  }

  it('follows appends, holds a partial line until its newline, survives rotation and truncation', { timeout: 60_000 }, async () => {
    writeFileSync(file, text(fresh(120)) + 'not json\n');
    expected += 120;
    const t = startTail();
    await until(expected, 'initial content');

    // Appended lines, the last one only half written.
    const more = fresh(41);
    const partial = more.pop()!;
    const cut = Math.floor(partial.length / 2);
    appendFileSync(file, text(more) + partial.slice(0, cut));
    expected += more.length;
    await until(expected, 'appended lines');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await countEvents(lookout.lake, course), expected, 'the half line is not sent');
    appendFileSync(file, partial.slice(cut) + '\n');
    expected += 1;
    await until(expected, 'the completed line');

    // Rotation: the old file gets more lines (and an unfinished one) after the rename,
    // before the new file appears — all synchronous, so the tailer sees them only afterwards.
    const late = fresh(25);
    const lastOld = fresh(1)[0]!;
    const newer = fresh(30);
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, text(late) + lastOld);
    writeFileSync(file, text(newer));
    expected += late.length + 1 + newer.length;
    await until(expected, 'rotation');
    assert.ok(notes.some((n) => /rotated/.test(n)), notes.join('\n'));

    // Truncation to a smaller size (copytruncate).
    const afterTruncate = fresh(5);
    truncateSync(file, 0);
    appendFileSync(file, text(afterTruncate));
    expected += 5;
    await until(expected, 'truncation');

    // Truncated and refilled past the old position before we look: the first line changed.
    const refill = fresh(80);
    truncateSync(file, 0);
    appendFileSync(file, text(refill));
    expected += 80;
    await until(expected, 'truncation hidden by a refill');
    assert.equal(notes.filter((n) => /truncated/.test(n)).length, 2, notes.join('\n'));

    const summary = await t.stop();
    assert.equal(summary.interrupted, true);
    assert.equal(summary.accepted, expected);
    assert.equal(summary.duplicates, 0);
    assert.equal(summary.rejected, 1);
    const cp = JSON.parse(readFileSync(defaultCheckpointPath(file, dir), 'utf8')).files[file];
    assert.equal(cp.offset, Buffer.byteLength(text(refill)));
  });

  it('resumes from the checkpoint, also when the file was rotated while stopped', { timeout: 60_000 }, async () => {
    // Lines written while no tailer runs, then a rotation, then the new file.
    const whileStopped = fresh(40);
    appendFileSync(file, text(whileStopped));
    renameSync(file, `${file}.2`);
    const next = fresh(15);
    writeFileSync(file, text(next));
    expected += whileStopped.length + next.length;

    const t = startTail();
    await until(expected, 'resume');
    // A partial line at stop time stays unsent, and is sent whole by the next run.
    const tailLine = fresh(1)[0]!;
    appendFileSync(file, tailLine.slice(0, 20));
    await new Promise((r) => setTimeout(r, 200));
    const summary = await t.stop();
    assert.equal(summary.duplicates, 0, 'resumed exactly at the checkpoint');
    assert.equal(summary.accepted, whileStopped.length + next.length);
    assert.ok(notes.some((n) => /rotated while stopped/.test(n)), notes.join('\n'));

    appendFileSync(file, tailLine.slice(20) + '\n');
    expected += 1;
    const t2 = startTail();
    await until(expected, 'the line completed while stopped');
    const s2 = await t2.stop();
    assert.deepEqual([s2.accepted, s2.duplicates], [1, 0]);
  });
});
