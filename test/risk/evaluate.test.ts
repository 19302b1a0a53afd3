import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import { formatLakeTime } from '../../lib/lake/time';
import { assessCourse, combineSeverity, evaluateCourse } from '../../lib/risk/evaluate';
import { DEFAULT_THRESHOLDS, type RiskFlag } from '../../lib/risk/types';
import { enrollmentActivated } from '../../lib/demo/tracking';
import { actor, insertLines, insertRole, insertUser, openMetricsLake } from '../metrics/lake';
import { AT, CourseBuilder, daysBefore } from './learners';
import { handModel } from './model';

/** Every learner evaluated is on the list (budget 100 per 100); the rules' flags are what these tests read. */
const ALL = { ...DEFAULT_THRESHOLDS, flagBudgetPer100: 100 };
const QUIET_MODEL = handModel({ daysQuiet: 1 });

const flag = (severity: 'yellow' | 'red'): RiskFlag => ({ rule: 'inactive', severity, reason: '' });

describe('severity combination (DESIGN §6)', () => {
  it('one yellow rule → yellow; a red rule or two rules → red', () => {
    assert.equal(combineSeverity([flag('yellow')]), 'yellow');
    assert.equal(combineSeverity([flag('red')]), 'red');
    assert.equal(combineSeverity([flag('yellow'), { ...flag('yellow'), rule: 'struggling' }]), 'red');
  });
  it('inactive and disengaging state one fact: together they stay yellow', () => {
    assert.equal(combineSeverity([flag('yellow'), { ...flag('yellow'), rule: 'disengaging' }]), 'yellow');
    assert.equal(combineSeverity([flag('yellow'), { ...flag('yellow'), rule: 'disengaging' }, { ...flag('yellow'), rule: 'struggling' }]), 'red');
  });
});

describe('evaluateCourse', () => {
  let lake: Lake;
  const exclusions = new CourseBuilder('course-v1:RiskE+Excl+1');
  const combined = new CourseBuilder('course-v1:RiskE+Combined+1');
  const cutoff = new CourseBuilder('course-v1:RiskE+Cutoff+1');
  const spells = new CourseBuilder('course-v1:RiskE+Spells+1');

  before(async () => {
    lake = await openMetricsLake('lookout_risk_evaluate_test');
    // Every learner of this course has been inactive 20 days (red); only the exclusions differ.
    for (const u of [1, 2, 3, 5, 6]) exclusions.enroll(u, daysBefore(30)).session(u, daysBefore(20));
    exclusions.enroll(7, daysBefore(3.1)).enroll(8, daysBefore(2.9)); // never started, 3.1 / 2.9 days enrolled
    exclusions.lines.push(enrollmentActivated({ actor: actor(2), courseId: exclusions.courseId, time: daysBefore(5) }).replaceAll('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated'));
    // Staff who never enrolled are not learners either, whatever they do.
    exclusions.session(9, daysBefore(20));

    combined.enroll(1, daysBefore(30)).session(1, daysBefore(10)).session(1, daysBefore(7.5));
    for (let i = 0; i < 5; i++) combined.problem(1, daysBefore(7.5), false);
    combined.enroll(2, daysBefore(30)).session(2, daysBefore(7.5)).grade(2, daysBefore(8), 0.3);

    // The day holding `at` is read from raw events up to `at`; later days are not read.
    cutoff.enroll(1, daysBefore(30)).session(1, daysBefore(10)).session(1, new Date(AT.getTime() + 4 * 60_000));
    cutoff.enroll(2, daysBefore(30)).session(2, daysBefore(10)).session(2, new Date(AT.getTime() + 60_000));
    cutoff.enroll(3, daysBefore(30)).session(3, daysBefore(10)).session(3, daysBefore(-1));

    // Learner 19 and six who study every day: with a score of quietness and a budget of 1 (15 of 7 enrolled), 19 is on the list
    // when the quietest (ties go to the lower user id). (9 is an org instructor here.)
    spells.enroll(19, daysBefore(30)).session(19, daysBefore(20)).session(19, daysBefore(5));
    for (let u = 11; u <= 16; u++) {
      spells.enroll(u, daysBefore(30));
      for (let d = 25; d >= -30; d--) spells.session(u, daysBefore(d + (u - 10) / 100));
    }

    for (const c of [exclusions, combined, cutoff, spells]) await c.write(lake);
    await insertRole(lake, { user_id: 1, org: '', course_id: exclusions.courseId, role: 'staff' });
    await insertRole(lake, { user_id: 9, org: 'RiskE', course_id: '', role: 'instructor' });
    await insertUser(lake, { id: 5, is_staff: 1 });
    await lake.client.insert({
      table: 'lms_course_grades',
      values: [{ course_id: exclusions.courseId, user_id: 3, percent_grade: 0.8, letter_grade: 'Pass', passed_timestamp: formatLakeTime(daysBefore(21)), created: formatLakeTime(daysBefore(21)), modified: formatLakeTime(daysBefore(21)), synced_at: formatLakeTime(daysBefore(1)) }],
      format: 'JSONEachRow',
    });
    const done = (user_id: number, block: string, modified: Date) => ({
      course_key: combined.courseId, user_id, block_key: `block-v1:RiskE+Combined+1+type@html+block@${block}`, block_type: 'html', completion: 1,
      created: formatLakeTime(modified), modified: formatLakeTime(modified), synced_at: formatLakeTime(modified),
    });
    await lake.client.insert({
      table: 'lms_block_completion',
      values: [...['b1', 'b2', 'b3', 'b4'].map((b) => done(1, b, daysBefore(9))), done(2, 'b1', daysBefore(9)), done(2, 'b2', daysBefore(9)), done(1, 'b5', daysBefore(-1))],
      format: 'JSONEachRow',
    });
  });

  it('excludes staff roles, global staff, unenrolled, already passed and enrolled < 3 days', async () => {
    const a = await assessCourse(lake, { courseId: exclusions.courseId, at: AT, thresholds: { ...ALL, neverStartedDays: 1 } });
    assert.deepEqual(a.learners.map((l) => [l.userId, l.flags.map((f) => f.rule).join()]).sort(), [[6, 'inactive'], [7, 'neverStarted']]);
    assert.deepEqual(a.excluded, { unenrolled: 1, passed: 1, newlyEnrolled: 1, staff: 2 }); // staff: 1 and 5 are enrolled, 9 is not
    assert.equal(a.evaluated, 2);
    assert.equal(a.enrolled, 4); // 3 (passed), 6, 7, 8 (new); not 2 (unenrolled), staff 1, 5 and 9
  });

  it('fills the list columns: score, rank, reasons, severity explained, username, last activity, days inactive, mode', async () => {
    const [six] = await evaluateCourse(lake, { courseId: exclusions.courseId, at: AT, thresholds: ALL, model: QUIET_MODEL });
    assert.deepEqual(
      { ...six, flags: six!.flags.map((f) => f.rule) },
      {
        userId: 6,
        username: 'u6',
        score: Math.round((1 / (1 + Math.exp(-Math.log1p(20)))) * 10_000) / 10_000, // daysQuiet 20 → log1p(20)
        rank: 1,
        reasons: ['no activity for 20 days'],
        flaggedBy: 'budget',
        severity: 'red',
        severityReason: 'red: inactive at its red level',
        flags: ['inactive'],
        lastActivity: daysBefore(20).toISOString(),
        daysInactive: 20,
        grade: null,
        progress: null,
        enrollmentMode: 'audit',
        firstFlaggedAt: daysBefore(13).toISOString(), // approximated: last activity + 7 days
      },
    );
  });

  it('one yellow rule is yellow, two rules are red', async () => {
    const risks = await evaluateCourse(lake, { courseId: combined.courseId, at: AT, rules: ['inactive', 'struggling'], thresholds: ALL });
    assert.deepEqual(risks.map((r) => [r.userId, r.severity, r.severityReason, r.flags.map((f) => f.rule).join()]).sort(), [
      [1, 'red', 'red: 2 rules', 'inactive,struggling'],
      [2, 'yellow', 'yellow: 1 rule', 'inactive'],
    ]);
    const all = await evaluateCourse(lake, { courseId: combined.courseId, at: AT, thresholds: ALL });
    const two = all.find((r) => r.userId === 2);
    assert.deepEqual(two?.flags.map((f) => f.rule), ['inactive', 'disengaging']);
    // grade from the grade_calculated event; progress: 2 of the 4 blocks anyone completed by AT
    assert.deepEqual([two?.grade, two?.progress], [0.3, 0.5]);
  });

  it('uses only data at or before `at`, also inside the day in progress', async () => {
    const at = new Date(AT.getTime() + 3 * 60_000);
    const risks = await evaluateCourse(lake, { courseId: cutoff.courseId, at, rules: ['inactive'], thresholds: ALL, model: QUIET_MODEL });
    assert.deepEqual(risks.map((r) => [r.userId, r.daysInactive, r.flags.length]), [[1, 10, 1], [3, 10, 1], [2, 0, 0]]); // ranked by quietness
  });

  it('first flagged: kept through a spell, cleared when no longer flagged, new spell after', async () => {
    const courseId = spells.courseId;
    const evalAt = (at: Date) => evaluateCourse(lake, { courseId, at, rules: ['inactive'], recordFlags: true, model: QUIET_MODEL });
    const lastSeen = daysBefore(5).getTime();
    const t1 = new Date(lastSeen + 8 * 86_400_000);
    const [first, ...others] = await evalAt(t1);
    assert.deepEqual([first?.userId, others.length], [19, 0]);
    assert.equal(first?.firstFlaggedAt, new Date(lastSeen + 7 * 86_400_000).toISOString());
    // Later, the stored spell start is kept (not recomputed).
    await lake.client.insert({ table: 'risk_flag_state', values: [{ course_id: courseId, user_id: 19, flagged: 1, first_flagged_at: formatLakeTime(new Date(t1.getTime() - 3_600_000)), updated_at: formatLakeTime(t1), version: t1.getTime() + 1 }], format: 'JSONEachRow' });
    const [later] = await evalAt(new Date(t1.getTime() + 86_400_000));
    assert.equal(later?.firstFlaggedAt, new Date(t1.getTime() - 3_600_000).toISOString());

    // The learner comes back: as quiet as the others now, and 19's spell closes.
    const back = new Date(t1.getTime() + 2 * 86_400_000);
    await insertLines(lake, new CourseBuilder(courseId).session(19, back).lines);
    assert.notEqual((await evalAt(new Date(back.getTime() + 3_600_000)))[0]?.userId, 19);
    const state = await queryRows<{ flagged: number }>(lake, `SELECT flagged FROM risk_flag_state FINAL WHERE course_id = {courseId:String} AND user_id = 19`, { courseId });
    assert.deepEqual(state.map((s) => Number(s.flagged)), [0]);

    // Quiet again and the quietest: a new spell. Inactive does not fire (19's usual gap is 12.5 days now), so the
    // spell starts when the score put them on the list.
    const again = new Date(back.getTime() + 9 * 86_400_000);
    const [second] = await evalAt(again);
    assert.deepEqual([second?.userId, second?.flags.length, second?.firstFlaggedAt], [19, 0, again.toISOString()]);
  });

  it('a course with no learners has no risks and says why rules are silent', async () => {
    const a = await assessCourse(lake, { courseId: 'course-v1:RiskE+Nobody+1', at: AT });
    assert.deepEqual([a.learners, a.evaluated, a.enrolled, a.budget], [[], 0, 0, { per100: 15, count: 0 }]);
    assert.deepEqual(Object.keys(a.silent).sort(), ['missedDeadline', 'offTrack', 'struggling']);
  });
});
