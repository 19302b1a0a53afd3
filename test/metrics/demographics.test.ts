import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { enrollmentActivated, enrollmentDeactivated } from '../../lib/demo/tracking';
import { demographics } from '../../lib/metrics/demographics';
import { actor, insertLines, insertRole, insertRows, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Demo+1';
const t0 = new Date('2026-11-16T00:00:00.000Z');
const window = { courseId, from: t0, to: new Date('2026-11-23T00:00:00.000Z'), now: new Date('2026-11-23T00:00:00.000Z') };

describe('demographics of enrolled learners (DESIGN §5)', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_demographics_test');
    await insertLines(lake, [
      ...[1, 2, 3, 4, 5, 6].map((u) => enrollmentActivated({ actor: actor(u), courseId, time: t0 })),
      enrollmentDeactivated({ actor: actor(5), courseId, time: new Date('2026-11-17T00:00:00Z') }),
    ]);
    await insertRole(lake, { user_id: 6, org: 'Test', course_id: courseId, role: 'staff' });
    const synced_at = formatLakeTime(t0);
    const profile = (user_id: number, gender: string, level_of_education: string, year_of_birth: number | null, country: string) => ({ user_id, id: user_id, name: '', gender, level_of_education, year_of_birth, country, synced_at });
    await insertRows(lake, 'lms_profiles', [
      profile(1, 'm', 'b', 1990, 'fr'), // 36 in 2026
      profile(2, 'f', 'p', 2010, 'FR'), // 16
      // 3 has no profile
      profile(4, '', '', null, ''),
      profile(5, 'm', 'hs', 1980, 'DE'), // unenrolled
      profile(6, 'f', 'm', 1970, 'US'), // staff
    ]);
  });

  it('counts enrolled learners by gender, education, age band and country; unknown when missing', async () => {
    const r = await demographics(lake, window);
    assert.equal(r.missing, undefined);
    assert.equal(r.learners, 4);
    assert.deepEqual(r.gender, [
      { value: 'unknown', learners: 2 },
      { value: 'Female', learners: 1 },
      { value: 'Male', learners: 1 },
    ]);
    assert.deepEqual(r.levelOfEducation, [
      { value: 'unknown', learners: 2 },
      { value: "Bachelor's degree", learners: 1 },
      { value: 'Doctorate', learners: 1 },
    ]);
    assert.deepEqual(r.ageBand, [
      { value: 'under 18', learners: 1 },
      { value: '35–44', learners: 1 },
      { value: 'unknown', learners: 2 },
    ]);
    assert.deepEqual(r.country, [
      { value: 'FR', learners: 2 },
      { value: 'unknown', learners: 2 },
    ]);
  });

  it('says what is missing: no learners, or no profiles', async () => {
    const none = await demographics(lake, { ...window, courseId: 'course-v1:Test+None+1' });
    assert.match(none.missing ?? '', /No enrolled learners/);
    await insertLines(lake, [enrollmentActivated({ actor: actor(9), courseId: 'course-v1:Test+NoProfile+1', time: t0 })]);
    const noProfiles = await demographics(lake, { ...window, courseId: 'course-v1:Test+NoProfile+1' });
    assert.equal(noProfiles.learners, 1);
    assert.match(noProfiles.missing ?? '', /No learner profiles/);
  });
});
