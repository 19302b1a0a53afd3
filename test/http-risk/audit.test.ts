/** The export audit trail in a real chDB lake: recorded rows come back newest first, filtered by actor and course. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { ALL_COURSES, listExports, recordExport } from '../../lib/export/audit';
import { testDataDir } from '../helpers';

let lake: Lake;
before(async () => {
  lake = await openLake({ dataDir: testDataDir(), database: 'audit_test' });
  await migrate(lake);
});
after(() => lake.close());

describe('export audit', () => {
  it('records who, when, course, filter, rows and PII, and lists them newest first', async () => {
    const base = Date.parse('2026-03-02T10:00:00Z');
    await recordExport(lake, {
      at: new Date(base),
      actor: 'alice',
      kind: 'course',
      courseId: 'course-v1:A+B+C',
      courseIds: ['course-v1:A+B+C'],
      filter: { rule: ['inactive'], severity: 'red', sort: 'severity' },
      rows: 12,
      pii: true,
    });
    await recordExport(lake, {
      at: new Date(base + 60_000),
      actor: 'sam-support',
      kind: 'cross-course',
      courseId: ALL_COURSES,
      courseIds: ['course-v1:A+B+C', 'course-v1:X+Y+Z'],
      filter: {},
      rows: 40,
      pii: false,
    });

    const all = await listExports(lake);
    assert.equal(all.length, 2);
    assert.deepEqual(
      all.map((e) => [e.at, e.actor, e.kind, e.courseId, e.rows, e.pii]),
      [
        ['2026-03-02T10:01:00.000Z', 'sam-support', 'cross-course', 'all', 40, false],
        ['2026-03-02T10:00:00.000Z', 'alice', 'course', 'course-v1:A+B+C', 12, true],
      ],
    );
    assert.deepEqual(all[1]!.filter, { rule: ['inactive'], severity: 'red', sort: 'severity' });
    assert.deepEqual(all[0]!.courseIds, ['course-v1:A+B+C', 'course-v1:X+Y+Z']);
    assert.match(all[0]!.id, /^[0-9a-f-]{36}$/);

    assert.deepEqual((await listExports(lake, { actor: 'alice' })).map((e) => e.actor), ['alice']);
    // A course's exports include the cross-course exports that covered it.
    assert.equal((await listExports(lake, { courseId: 'course-v1:A+B+C' })).length, 2);
    assert.deepEqual((await listExports(lake, { courseId: 'course-v1:X+Y+Z' })).map((e) => e.kind), ['cross-course']);
    assert.equal((await listExports(lake, { courseId: 'course-v1:none' })).length, 0);
    assert.equal((await listExports(lake, { limit: 1 })).length, 1);
  });
});
