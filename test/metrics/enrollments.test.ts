import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import { formatLakeTime } from '../../lib/lake/time';
import { enrollmentActivated } from '../../lib/demo/tracking';
import { ENROLLMENTS_AT_SQL } from '../../lib/metrics/enrollments';
import { actor, insertLines, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Enrol+1';
const day = (d: number) => new Date(Date.UTC(2026, 10, 1 + d));

function deactivated(user: number, time: Date): string {
  return enrollmentActivated({ actor: actor(user), courseId, time }).replaceAll('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated');
}

async function stateAt(lake: Lake, at: Date) {
  const rows = await queryRows<{ user_id: string; is_active: number; mode: string }>(lake, `SELECT user_id, is_active, mode FROM (${ENROLLMENTS_AT_SQL}) ORDER BY user_id`, { courseId, at: formatLakeTime(at) });
  return Object.fromEntries(rows.map((r) => [Number(r.user_id), `${r.is_active ? 'active' : 'inactive'}:${r.mode}`]));
}

describe('enrollment state at an instant (DESIGN §5 "enrolled")', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_enrollments_test');
    await insertLines(lake, [
      enrollmentActivated({ actor: actor(1), courseId, time: day(1), mode: 'verified' }),
      enrollmentActivated({ actor: actor(2), courseId, time: day(1) }),
      deactivated(2, day(5)),
      enrollmentActivated({ actor: actor(3), courseId, time: day(9) }),
      enrollmentActivated({ actor: actor(9), courseId: 'course-v1:Test+Other+1', time: day(1) }),
    ]);
    const lmsRow = (user_id: number, is_active: number, created: Date, synced: Date) => ({ course_id: courseId, user_id, id: user_id, mode: 'audit', is_active, created: formatLakeTime(created), synced_at: formatLakeTime(synced) });
    await lake.client.insert({
      table: 'lms_enrollments',
      values: [
        lmsRow(4, 1, day(2), day(6)), // known only from the LMS
        lmsRow(1, 0, day(1), day(7)), // the LMS says learner 1 left, as of the sync on day 7
        lmsRow(3, 0, day(1), day(7)), // ... but learner 3's enrollment event is newer than that sync
      ],
      format: 'JSONEachRow',
    });
  });

  it('the last event or LMS fact at or before the instant wins', async () => {
    assert.deepEqual(await stateAt(lake, day(3)), { 1: 'active:verified', 2: 'active:audit', 3: 'active:audit', 4: 'active:audit' });
    assert.deepEqual(await stateAt(lake, day(6)), { 1: 'active:verified', 2: 'inactive:audit', 3: 'active:audit', 4: 'active:audit' });
    assert.deepEqual(await stateAt(lake, day(10)), { 1: 'inactive:audit', 2: 'inactive:audit', 3: 'active:audit', 4: 'active:audit' });
  });

  it('before any fact there is no row', async () => {
    assert.deepEqual(await stateAt(lake, day(0)), {});
  });
});
