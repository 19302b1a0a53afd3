import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { enrollmentActivated, enrollmentDeactivated, gradeCalculated } from '../../lib/demo/tracking';
import { courseLearnerCounts, type CourseLearnerCounts } from '../../lib/institution/courseLearners';
import { scopeCourses } from '../../lib/institution/scope';
import { formatLakeTime } from '../../lib/lake/time';
import { actor, insertLines, insertRows, openMetricsLake } from '../metrics/lake';

/**
 * institution_course_learners (migration 190) as the per-course counts read it: each learner's
 * latest states merged across separate writes (FINAL), whatever arrived first.
 */
const C = 'course-v1:OrgQ+C1+2026';
const now = new Date('2026-11-25T12:00:00Z');
const t = (s: string) => new Date(`2026-11-${s}Z`);

describe('per-course learner counts (institution_course_learners)', () => {
  let lake: Lake;
  let counts: CourseLearnerCounts | undefined;

  before(async () => {
    lake = await openMetricsLake('lookout_course_learners_test');
    // Separate writes, so the table holds several rows per learner until merged.
    await insertLines(lake, [enrollmentActivated({ actor: actor(1), courseId: C, time: t('16T08:00:00'), mode: 'audit' })]);
    await insertLines(lake, [enrollmentActivated({ actor: actor(2), courseId: C, time: t('16T08:00:00'), mode: 'audit' })]);
    await insertLines(lake, [gradeCalculated({ actor: actor(2), courseId: C, time: t('17T08:00:00'), percent: 0.9 })]);
    // 2 leaves after the grade: not enrolled now, so neither enrolled nor passed.
    await insertLines(lake, [enrollmentDeactivated({ actor: actor(2), courseId: C, time: t('18T08:00:00'), mode: 'audit' })]);
    // 3 has a grade and no enrollment: not counted.
    await insertLines(lake, [gradeCalculated({ actor: actor(3), courseId: C, time: t('17T08:00:00'), percent: 0.9 })]);
    // 1's certificate: earned, then its LMS row deleted (is_deleted, a later copy): not certified,
    // as lms_certificates FINAL drops it.
    // 4's, earned and kept, counts.
    const cert = (user_id: number, modified: string, is_deleted: number) => ({ course_id: C, user_id, status: 'downloadable', mode: 'verified', grade: '', created: modified, modified, synced_at: modified, is_deleted });
    await insertLines(lake, [enrollmentActivated({ actor: actor(4), courseId: C, time: t('16T09:00:00'), mode: 'verified' })]);
    await insertRows(lake, 'lms_certificates', [cert(1, formatLakeTime(t('19T00:00:00')), 0), cert(4, formatLakeTime(t('19T00:00:00')), 0)]);
    await insertRows(lake, 'lms_certificates', [cert(1, formatLakeTime(t('20T00:00:00')), 1)]);
    const q = { from: t('16T00:00:00'), to: t('30T00:00:00'), now };
    counts = (await courseLearnerCounts(lake, q, await scopeCourses(lake, { now }))).get(C);
  });
  after(() => lake.close?.());

  it('counts the learners enrolled now with their latest states, a deleted certificate not earned', () => {
    assert.deepEqual(counts, { enrolled: 2, graded: 0, passed: 0, certified: 1, completed: 1, assessed: 1 });
  });
});
