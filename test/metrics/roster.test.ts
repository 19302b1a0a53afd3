/** A course's enrollment history is kept across snapshots, and built again whenever its facts or staff change. */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import { formatLakeTime } from '../../lib/lake/time';
import { enrollmentActivated } from '../../lib/demo/tracking';
import { dashboardSnapshot } from '../../lib/metrics/dashboard';
import { dropKeptRosters } from '../../lib/metrics/roster';
import { actor, insertLines, insertRole, insertRows, openMetricsLake } from './lake';

const database = 'lookout_roster_test';
const courseId = 'course-v1:Test+Roster+1';
const day = (d: number) => new Date(Date.UTC(2026, 10, 2 + d));
const q = () => ({ courseId, from: day(0), to: day(7), now: day(7) });

async function enrolled(lake: Lake): Promise<number> {
  const { widgets } = await dashboardSnapshot(lake, q());
  // Four widgets read the roster: they must agree.
  assert.equal(widgets.demographics.learners, widgets.engagement.enrolled);
  assert.equal(widgets.unitCompletion.enrolled, widgets.engagement.enrolled);
  return widgets.engagement.enrolled;
}

const rosterTables = async (lake: Lake) =>
  (await queryRows<{ name: string }>(lake, `SELECT name FROM system.tables WHERE database = '${database}_scratch' ORDER BY name`)).map((r) => r.name);

describe('the roster kept across snapshots', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake(database);
    await insertLines(lake, [1, 2, 3].map((u) => enrollmentActivated({ actor: actor(u), courseId, time: day(1) })));
  });

  it('is reused while the enrollment facts stay the same', async () => {
    assert.equal(await enrolled(lake), 3);
    const tables = await rosterTables(lake);
    assert.equal(tables.length, 1);
    assert.equal(await enrolled(lake), 3);
    assert.deepEqual(await rosterTables(lake), tables, 'the same table, not a new one');
  });

  it('is built again after an enrollment event, an LMS row or a new staff role, and the old one dropped', async () => {
    const before = await rosterTables(lake);
    await insertLines(lake, [enrollmentActivated({ actor: actor(4), courseId, time: day(2) })]);
    assert.equal(await enrolled(lake), 4);

    // The LMS says learner 2 left (as of a sync inside the window).
    await insertRows(lake, 'lms_enrollments', [
      { course_id: courseId, user_id: 2, id: 2, mode: 'audit', is_active: 0, created: formatLakeTime(day(1)), synced_at: formatLakeTime(day(3)) },
    ]);
    assert.equal(await enrolled(lake), 3);

    await insertRole(lake, { user_id: 3, org: 'Test', course_id: courseId, role: 'staff' });
    assert.equal(await enrolled(lake), 2, 'staff are not learners');

    const after = await rosterTables(lake);
    assert.equal(after.length, 1);
    assert.notDeepEqual(after, before);
  });

  it('is dropped when the server shuts down', async () => {
    assert.equal(await enrolled(lake), 2);
    assert.equal((await rosterTables(lake)).length, 1);
    await dropKeptRosters(lake);
    assert.deepEqual(await rosterTables(lake), []);
    assert.equal(await enrolled(lake), 2, 'a later snapshot builds it again');
  });
});
