import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { enrollmentActivated, enrollmentDeactivated, gradeCalculated } from '../../lib/demo/tracking';
import { grades } from '../../lib/metrics/grades';
import { actor, insertLines, insertRole, insertRows, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Grades+1';
const t0 = new Date('2026-11-16T00:00:00.000Z');
const at = (h: number) => new Date(t0.getTime() + h * 3_600_000);
const grade = (user: number, h: number, percent: number) => gradeCalculated({ actor: actor(user), courseId, time: at(h), percent });
const enrol = (user: number) => enrollmentActivated({ actor: actor(user), courseId, time: at(-48) });
const window = { courseId, from: t0, to: at(24), now: at(24) };

describe('grade distribution and pass rate (DESIGN §5)', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_grades_test');
    await insertLines(lake, [grade(1, 2, 0.75)]); // the later grade arrives first
    await insertLines(lake, [
      ...[1, 2, 3, 4, 5, 6, 7, 8].map(enrol),
      grade(1, 1, 0.3), // 1: latest 0.75 → bin 7, passed
      grade(2, 1, 0.59), // 2: bin 5, just under the passing grade
      grade(3, 0, 0.9), // 3: an older event; the LMS row (0.6, modified later) wins → bin 6, passed
      grade(4, 1, 1), // 4: unenrolled
      enrollmentDeactivated({ actor: actor(4), courseId, time: at(3) }),
      grade(5, 1, 0.95), // 5: staff
      grade(6, 1, 1), // 6: bin 9 (100 % is in the last bin), passed
      grade(7, 30, 0.8), // 7: graded after the window
      grade(8, 1, 0), // 8: bin 0
    ]);
    await insertRole(lake, { user_id: 5, org: 'Test', course_id: courseId, role: 'staff' });
    const stamp = formatLakeTime(at(1));
    await insertRows(lake, 'lms_course_grades', [
      { course_id: courseId, user_id: 3, percent_grade: 0.6, letter_grade: 'Pass', passed_timestamp: stamp, created: stamp, modified: stamp, synced_at: stamp },
    ]);
    await insertRows(lake, 'lms_course_overviews', [
      { course_id: courseId, display_name: 'Grades', org: 'Test', lowest_passing_grade: 0.6, created: stamp, modified: stamp, synced_at: stamp },
    ]);
  });

  it('bins the latest grade of each enrolled learner and counts who passed', async () => {
    const r = await grades(lake, window);
    assert.deepEqual(r.bins.map((b) => b.learners), [1, 0, 0, 0, 0, 1, 1, 1, 0, 1]);
    assert.deepEqual(r.bins[9], { from: 90, to: 100, learners: 1 });
    assert.deepEqual({ graded: r.graded, passed: r.passed, passRate: r.passRate, passingGrade: r.passingGrade, missing: r.missing }, {
      graded: 5, // 1, 2, 3, 6, 8
      passed: 3, // 1, 3, 6
      passRate: 3 / 5,
      passingGrade: 0.6,
      missing: undefined,
    });
  });

  it('reads grades as of the end of the window', async () => {
    const r = await grades(lake, { ...window, to: at(1.5) });
    // at 01:30 learner 1 has 0.3 (bin 3), learner 4 is still enrolled with 1.0
    assert.deepEqual(r.bins.map((b) => b.learners), [1, 0, 0, 1, 0, 1, 1, 0, 0, 2]);
  });

  it('after every grade (read from the latest grade of each learner), learner 7 counts too', async () => {
    const r = await grades(lake, { ...window, to: at(48), now: at(48) });
    assert.deepEqual(r.bins.map((b) => b.learners), [1, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    assert.deepEqual({ graded: r.graded, passed: r.passed }, { graded: 6, passed: 4 }); // 1, 3, 6, 7
  });

  it('with no passing grade known, the LMS passed mark decides', async () => {
    const other = 'course-v1:Test+NoPass+1';
    await insertLines(lake, [21, 22].map((u) => enrollmentActivated({ actor: actor(u), courseId: other, time: at(-48) })));
    const stamp = formatLakeTime(at(1));
    const row = (user_id: number, percent_grade: number, passed: boolean) =>
      ({ course_id: other, user_id, percent_grade, letter_grade: '', passed_timestamp: passed ? stamp : null, created: stamp, modified: stamp, synced_at: stamp });
    await insertRows(lake, 'lms_course_grades', [row(21, 0.9, true), row(22, 0.95, false)]);
    // after every row (latest-grade rows), and before them (the facts)
    for (const [h, graded, passed] of [[24, 2, 1], [0.5, 0, 0]] as const) {
      const r = await grades(lake, { ...window, courseId: other, to: at(h) });
      assert.deepEqual({ graded: r.graded, passed: r.passed, passingGrade: r.passingGrade }, { graded, passed, passingGrade: null });
    }
  });

  it('with no grades says so', async () => {
    const r = await grades(lake, { ...window, courseId: 'course-v1:Test+None+1' });
    assert.equal(r.graded, 0);
    assert.equal(r.passRate, null);
    assert.match(r.missing ?? '', /No grades yet/);
  });
});
