import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { assessCourse } from '../../lib/risk/evaluate';
import { DEFAULT_THRESHOLDS, type RiskThresholds, type RuleName } from '../../lib/risk/types';
import { openMetricsLake } from '../metrics/lake';
import { writeCourseBlocks } from '../../lib/risk/courseBlocks';
import { AT, CourseBuilder, daysBefore, insertCourse } from './learners';

const MIN = 1 / 1440; // one minute in days
const HOUR = 1 / 24;

async function flagsOf(lake: Lake, courseId: string, rule: RuleName, opts: { at?: Date; thresholds?: Partial<RiskThresholds> } = {}) {
  // Budget 100 per 100: every learner evaluated is on the list; the rule's flags are read from it.
  const a = await assessCourse(lake, { courseId, at: opts.at ?? AT, rules: [rule], thresholds: { ...DEFAULT_THRESHOLDS, flagBudgetPer100: 100, ...opts.thresholds } });
  const reasons: Record<number, string> = {};
  const severities: Record<number, string> = {};
  for (const l of a.learners) {
    if (!l.flags.length) continue;
    assert.equal(l.flags.length, 1);
    assert.equal(l.flags[0]!.rule, rule);
    reasons[l.userId] = l.flags[0]!.reason;
    severities[l.userId] = l.flags[0]!.severity;
  }
  return { reasons, severities, silent: a.silent[rule], assessment: a };
}

const enrolledLongAgo = (c: CourseBuilder, ...users: number[]) => users.forEach((u) => c.enroll(u, daysBefore(30)));

describe('risk rules fire just past their threshold and stay silent just before (DESIGN §6)', () => {
  let lake: Lake;
  const course = (name: string) => `course-v1:RiskT+${name}+1`;
  const courses: CourseBuilder[] = [];
  const build = (name: string) => {
    const c = new CourseBuilder(course(name));
    courses.push(c);
    return c;
  };

  before(async () => {
    lake = await openMetricsLake('lookout_risk_rules_test');

    const inactive = build('Inactive');
    enrolledLongAgo(inactive, 1, 2, 3, 4);
    inactive.session(1, daysBefore(7 - MIN)).session(2, daysBefore(7 + MIN)).session(3, daysBefore(14 - MIN)).session(4, daysBefore(14 + MIN));

    // Learners with a habit: back every 5 days, so quiet for 9 days is usual, 10 is not (2 × 5).
    const habit = build('InactiveHabit');
    enrolledLongAgo(habit, 1, 2);
    for (const d of [24, 19, 14]) habit.session(1, daysBefore(d)).session(2, daysBefore(d + 1));
    habit.session(1, daysBefore(9)).session(2, daysBefore(10));

    const never = build('Never');
    never.enroll(1, daysBefore(7 - MIN)).enroll(2, daysBefore(7 + MIN)).enroll(3, daysBefore(20)).session(3, daysBefore(1));
    never.enroll(4, daysBefore(20));
    const lateStart = build('NeverLateStart');
    lateStart.enroll(1, daysBefore(20)).enroll(2, daysBefore(20));
    const earlyStart = build('NeverEarlyStart');
    earlyStart.enroll(1, daysBefore(20));

    const dis = build('Disengaging');
    enrolledLongAgo(dis, 1, 2, 3, 4);
    dis.session(1, daysBefore(7 - MIN));
    dis.session(2, daysBefore(10)).session(2, daysBefore(7 + MIN));
    dis.session(3, daysBefore(14 + MIN));
    dis.session(4, daysBefore(14 - MIN));

    // Activity drop: study days in the 21 days before the last 7 (days 7–27 before) against the last 7.
    const drop = build('Drop');
    enrolledLongAgo(drop, 1, 2, 3, 4);
    for (const d of [8, 12, 16, 20, 24, 26]) drop.session(1, daysBefore(d)); // 6 days: 2 a week
    for (let d = 8; d <= 24; d += 2) drop.session(2, daysBefore(d)).session(4, daysBefore(d)); // 9 days: 3 a week
    drop.session(3, daysBefore(10)).session(3, daysBefore(12)); // 2 days: no baseline
    drop.session(1, daysBefore(2)).session(2, daysBefore(2)).session(3, daysBefore(2)); // 4: none in the last 7

    const st = build('StruggleNone');
    enrolledLongAgo(st, 1, 2);
    for (let i = 0; i < 5; i++) st.problem(1, daysBefore(1, AT), false);
    for (let i = 0; i < 4; i++) st.problem(2, daysBefore(1, AT), false);
    // 19 peers with 2 correct answers in 2..20 attempts (1 to 10 attempts per correct), and learner 100.
    const struggleCourse = (name: string, attempts: number, correct: number) => {
      const c = build(name);
      const checks = (user: number, n: number, ok: number) => {
        c.enroll(user, daysBefore(30));
        for (let i = 0; i < n; i++) c.problem(user, daysBefore(2, AT), i >= n - ok);
      };
      for (let k = 1; k <= 19; k++) checks(k, k + 1, 2);
      checks(100, attempts, correct);
    };
    struggleCourse('StrugglePast', 9, 1); // 9 per correct = the 85th percentile
    struggleCourse('StruggleBefore', 17, 2); // 8.5 per correct < 8.575

    const ot = build('OffTrack');
    enrolledLongAgo(ot, 1, 2, 3);
    ot.session(1, daysBefore(1)).session(2, daysBefore(1)).session(3, daysBefore(1));
    ot.grade(1, daysBefore(2), 0.12).grade(2, daysBefore(2), 0.13);
    const ot60 = build('OffTrackPassing60');
    enrolledLongAgo(ot60, 1, 2, 3);
    ot60.grade(1, daysBefore(2), 0.14).grade(2, daysBefore(2), 0.6).grade(3, daysBefore(2), 0.16);
    const otNoGrades = build('OffTrackNoGrades');
    enrolledLongAgo(otNoGrades, 1);
    const otw = build('OffTrackWeights');
    enrolledLongAgo(otw, 1, 2);
    otw.grade(1, daysBefore(2), 0.09).grade(2, daysBefore(2), 0.11);

    const mdw = build('DeadlineWeights');
    enrolledLongAgo(mdw, 1, 2, 3);
    mdw.problem(1, daysBefore(3.5), true, 'pt').problem(3, daysBefore(2.5), true, 'ps');

    const md = build('Deadline');
    enrolledLongAgo(md, 1, 2, 3);
    md.enroll(4, daysBefore(5));
    md.problem(1, daysBefore(2), true, 'pa');
    md.problem(2, daysBefore(2), false, 'pa');
    md.problem(2, new Date(AT.getTime() + 3_600_000), true, 'pb'); // after the evaluation: not an attempt yet
    build('NoDeadlines').enroll(1, daysBefore(30));

    for (const c of courses) await c.write(lake);

    await insertCourse(lake, course('NeverLateStart'), daysBefore(5), daysBefore(-60));
    await insertCourse(lake, course('NeverEarlyStart'), daysBefore(8), daysBefore(-60));
    for (const name of ['OffTrack', 'OffTrackPassing60', 'OffTrackNoGrades', 'OffTrackWeights']) await insertCourse(lake, course(name), daysBefore(10), daysBefore(-30));
    await lake.client.insert({
      table: 'lms_course_overviews',
      values: [{ course_id: course('OffTrackPassing60'), display_name: '', org: 'RiskT', lowest_passing_grade: 0.6, created: formatLakeTime(daysBefore(100)), modified: formatLakeTime(daysBefore(100)), synced_at: formatLakeTime(daysBefore(1)) }],
      format: 'JSONEachRow',
    });

    const d = course('Deadline');
    const seq = (name: string, title: string, graded: boolean, due: Date | null) => ({ blockType: 'sequential' as const, usageKey: md.sequentialKey(name), title, graded, due });
    await writeCourseBlocks(lake, d, [
      seq('A', 'Quiz A', true, daysBefore(1)),
      seq('B', 'Quiz B', true, daysBefore(14 - HOUR)),
      seq('C', 'Quiz C', true, daysBefore(14 + HOUR)),
      seq('D', 'Practice D', false, daysBefore(2)),
      seq('E', 'Quiz E', true, daysBefore(-1)),
      seq('F', 'Quiz F (removed)', true, daysBefore(3)),
      { blockType: 'problem', usageKey: md.problemKey('pa'), subsectionKey: md.sequentialKey('A') },
      { blockType: 'problem', usageKey: md.problemKey('pb'), subsectionKey: md.sequentialKey('B') },
    ], { now: daysBefore(10) });
    await writeCourseBlocks(lake, d, [seq('F', 'Quiz F (removed)', true, daysBefore(3))], { now: daysBefore(9), deleted: true });
    // Due-date extensions (edx_when): learner 3 has until after AT for Quiz A; learner 4's ran out already.
    await lake.client.insert({
      table: 'lms_due_extensions',
      values: [
        { course_id: d, user_id: 3, usage_key: md.sequentialKey('A'), due: formatLakeTime(daysBefore(-2)), modified: formatLakeTime(daysBefore(3)), synced_at: formatLakeTime(daysBefore(1)) },
        { course_id: d, user_id: 4, usage_key: md.sequentialKey('A'), due: formatLakeTime(daysBefore(0.5)), modified: formatLakeTime(daysBefore(3)), synced_at: formatLakeTime(daysBefore(1)) },
      ],
      format: 'JSONEachRow',
    });
    const weighted = (c: CourseBuilder, name: string, weight: number, due: Date) => ({ blockType: 'sequential' as const, usageKey: c.sequentialKey(name), title: `Quiz ${name}`, graded: true, due, weight });
    await writeCourseBlocks(lake, course('OffTrackWeights'), [weighted(otw, 'W1', 0.2, daysBefore(3)), weighted(otw, 'W2', 0.8, daysBefore(-20))]);
    await writeCourseBlocks(lake, course('DeadlineWeights'), [
      weighted(mdw, 'T', 0.3, daysBefore(3)),
      weighted(mdw, 'S', 0.02, daysBefore(2)),
      weighted(mdw, 'X', 0.68, daysBefore(-20)),
      { blockType: 'problem', usageKey: mdw.problemKey('pt'), subsectionKey: mdw.sequentialKey('T') },
      { blockType: 'problem', usageKey: mdw.problemKey('ps'), subsectionKey: mdw.sequentialKey('S') },
    ]);
    await lake.client.insert({
      table: 'lms_subsection_grades',
      values: [{ course_id: d, user_id: 1, usage_key: md.sequentialKey('B'), first_attempted: formatLakeTime(daysBefore(15)), created: formatLakeTime(daysBefore(15)), modified: formatLakeTime(daysBefore(15)), synced_at: formatLakeTime(daysBefore(1)) }],
      format: 'JSONEachRow',
    });
  });

  it('inactive: ≥ 7 days yellow, ≥ 14 days red when no habit is known (course usual gap 1 day)', async () => {
    const { reasons, severities } = await flagsOf(lake, course('Inactive'), 'inactive');
    assert.deepEqual(Object.keys(reasons).map(Number), [2, 3, 4]); // 1: 6 days 23:59 — silent
    assert.deepEqual(severities, { 2: 'yellow', 3: 'yellow', 4: 'red' });
    assert.equal(reasons[2], "no activity for 7 days; course's usual gap 1 day");
    assert.equal(reasons[4], "no activity for 14 days; course's usual gap 1 day");
  });

  it("inactive is relative to the learner's usual gap: twice it (and at least 7 days)", async () => {
    const { reasons, severities } = await flagsOf(lake, course('InactiveHabit'), 'inactive');
    assert.deepEqual(reasons, { 2: 'no activity for 10 days; usually back within 5 days' }); // 1: 9 days, silent
    assert.deepEqual(severities, { 2: 'yellow' }); // red at 2 × 10 = 20 days
    const looser = await flagsOf(lake, course('InactiveHabit'), 'inactive', { thresholds: { inactiveGapFactor: 1.5 } });
    assert.deepEqual(Object.keys(looser.reasons).map(Number), [1, 2]); // 8 days needed
  });

  it('inactive thresholds come from the thresholds given', async () => {
    const { severities } = await flagsOf(lake, course('Inactive'), 'inactive', { thresholds: { inactiveYellowDays: 13, inactiveRedDays: 30 } });
    assert.deepEqual(severities, { 3: 'yellow', 4: 'yellow' });
  });

  it('never started: enrolled ≥ 7 days with no activity', async () => {
    const { reasons } = await flagsOf(lake, course('Never'), 'neverStarted');
    assert.deepEqual(Object.keys(reasons).map(Number), [2, 4]);
    assert.equal(reasons[2], 'enrolled 7 days ago, no activity yet; 1 of 4 enrolled learners have started');
  });

  it('never started counts from the course start when learners enrolled before it', async () => {
    assert.deepEqual((await flagsOf(lake, course('NeverLateStart'), 'neverStarted')).reasons, {});
    const { reasons } = await flagsOf(lake, course('NeverEarlyStart'), 'neverStarted');
    assert.equal(reasons[1], 'course started 8 days ago, no activity yet; 0 of 1 enrolled learners have started');
  });

  it('disengaging: active in the 7 days before the last 7, none since', async () => {
    const { reasons } = await flagsOf(lake, course('Disengaging'), 'disengaging');
    assert.deepEqual(Object.keys(reasons).map(Number), [2, 4]);
    assert.equal(reasons[2], 'active on 2 days (2 events) in the 7 days before, none in the last 7 days');
    assert.equal(reasons[4], 'active on 1 day (1 event) in the 7 days before, none in the last 7 days');
  });

  it("activity drop: the last 7 days at least 60 % below the learner's own previous 3 weeks", async () => {
    const { reasons } = await flagsOf(lake, course('Drop'), 'activityDrop');
    // 1: 1 day against 2 a week (50 % less) — silent; 3: 2 days before, no baseline; 4: none in the last 7 (inactive's)
    assert.deepEqual(reasons, { 2: 'studied on 1 day in the last 7, against 3 a week in the 21 days before (67 % less)' });
    const half = await flagsOf(lake, course('Drop'), 'activityDrop', { thresholds: { activityDropShare: 0.5 } });
    assert.deepEqual(Object.keys(half.reasons).map(Number), [1, 2]);
    const lowBaseline = await flagsOf(lake, course('Drop'), 'activityDrop', { thresholds: { activityDropMinBaselineDays: 2, activityDropShare: 0.5 } });
    assert.deepEqual(Object.keys(lowBaseline.reasons).map(Number), [1, 2]); // 3: 1 day against 0.7 a week is no drop
  });

  it('struggling: ≥ 5 attempts with none correct', async () => {
    const { reasons, silent } = await flagsOf(lake, course('StruggleNone'), 'struggling');
    assert.deepEqual(reasons, { 1: '5 attempts at problems, none correct' });
    assert.match(silent ?? '', /not compared: 0 learners with a correct answer; needs 20/);
  });

  it('struggling: attempts per correct answer at or above the 85th percentile of peers', async () => {
    const past = await flagsOf(lake, course('StrugglePast'), 'struggling');
    assert.equal(past.reasons[100], '9 attempts per correct answer (9 attempts, 1 correct); 85th percentile of 20 learners 9');
    const justBefore = await flagsOf(lake, course('StruggleBefore'), 'struggling');
    assert.equal(justBefore.reasons[100], undefined);
    assert.ok(justBefore.reasons[19], 'the peer with 10 per correct is flagged');
    const fewPeers = await flagsOf(lake, course('StrugglePast'), 'struggling', { thresholds: { minActivePeers: 21 } });
    assert.deepEqual(fewPeers.reasons, {});
  });

  it('off track: grade below passing × the weight due so far, from 10 % of the grade due', async () => {
    const { reasons } = await flagsOf(lake, course('OffTrackWeights'), 'offTrack');
    assert.deepEqual(reasons, { 1: 'grade 9 %; on pace to pass needs 10 % by now (passing 50 %, the Open edX default; 20 % of the grade due so far)' });
    assert.deepEqual((await flagsOf(lake, course('OffTrackWeights'), 'offTrack', { at: daysBefore(3 + HOUR) })).reasons, {}); // nothing due yet
    assert.deepEqual((await flagsOf(lake, course('OffTrackWeights'), 'offTrack', { thresholds: { offTrackMinWeightDue: 0.25 } })).reasons, {});
  });

  it('off track without due dates: at the pace of the course, once 25 % of it has elapsed', async () => {
    // course: 10 days ago to 30 days ahead → exactly 25 % elapsed at AT; on pace: 50 % × 25 % = 12.5 %
    const { reasons } = await flagsOf(lake, course('OffTrack'), 'offTrack');
    assert.deepEqual(reasons, {
      1: 'grade 12 %; on pace to pass needs 12.5 % by now (passing 50 %, the Open edX default; 25 % of the course elapsed; no due dates known)',
      3: 'grade 0 % (none yet); on pace to pass needs 12.5 % by now (passing 50 %, the Open edX default; 25 % of the course elapsed; no due dates known)',
    });
    const earlier = await flagsOf(lake, course('OffTrack'), 'offTrack', { at: daysBefore(HOUR) });
    assert.deepEqual(earlier.reasons, {});
    // At the end of the course, the pace is the passing grade itself.
    const atEnd = await flagsOf(lake, course('OffTrack'), 'offTrack', { at: daysBefore(-31) });
    assert.deepEqual(Object.keys(atEnd.reasons).map(Number), [1, 2, 3]);
    assert.match(atEnd.reasons[2]!, /^grade 13 %; on pace to pass needs 50 % by now .*100 % of the course elapsed; no due dates known\)$/);
  });

  it('off track uses the course passing grade; learners who passed are excluded', async () => {
    const { reasons, assessment } = await flagsOf(lake, course('OffTrackPassing60'), 'offTrack');
    assert.deepEqual(reasons, { 1: 'grade 14 %; on pace to pass needs 15 % by now (passing 60 %; 25 % of the course elapsed; no due dates known)' });
    assert.equal(assessment.excluded.passed, 1);
    const none = await flagsOf(lake, course('OffTrackNoGrades'), 'offTrack');
    assert.deepEqual(none.reasons, {});
    assert.equal(none.silent, 'no grades known for the course');
  });

  it('missed deadline: graded subsections due in the last 14 days with no attempt (unknown weights: equal shares)', async () => {
    const { reasons, severities, assessment } = await flagsOf(lake, course('Deadline'), 'missedDeadline');
    const b = `“Quiz B” (due ${daysBefore(14 - HOUR).toISOString().slice(0, 10)})`;
    const a = `“Quiz A” (due ${daysBefore(1).toISOString().slice(0, 10)})`;
    // graded with a due date: A, B, C, E → 25 % each
    assert.deepEqual(reasons, {
      2: `no attempt at 1 graded subsection due in the last 14 days, 25 % of the grade: ${b}`, // its attempt at B comes after AT
      3: `no attempt at 1 graded subsection due in the last 14 days, 25 % of the grade: ${b}; the last 2 in a row missed`, // A extended past AT
      // enrolled after B was due; A's extension ran out before AT: the reason gives the learner's own due date
      4: `no attempt at 1 graded subsection due in the last 14 days, 25 % of the grade: “Quiz A” (due ${daysBefore(0.5).toISOString().slice(0, 10)})`,
    });
    assert.deepEqual(severities, { 2: 'yellow', 3: 'red', 4: 'yellow' });
    assert.equal(assessment.silent.missedDeadline, undefined);
    const none = await flagsOf(lake, course('NoDeadlines'), 'missedDeadline');
    assert.equal(none.silent, 'no due dates known');
  });

  it('missed deadline weighs what was missed: a 2 % quiz alone does not flag, two misses in a row do', async () => {
    const { reasons, severities } = await flagsOf(lake, course('DeadlineWeights'), 'missedDeadline');
    const t = `“Quiz T” (due ${daysBefore(3).toISOString().slice(0, 10)})`;
    const s = `“Quiz S” (due ${daysBefore(2).toISOString().slice(0, 10)})`;
    assert.deepEqual(reasons, {
      2: `no attempt at 2 graded subsections due in the last 14 days, 32 % of the grade: ${t}, ${s}; the last 2 in a row missed`,
      3: `no attempt at 1 graded subsection due in the last 14 days, 30 % of the grade: ${t}`,
    }); // 1 missed only S (2 %)
    assert.deepEqual(severities, { 2: 'red', 3: 'yellow' });
    const anySmall = await flagsOf(lake, course('DeadlineWeights'), 'missedDeadline', { thresholds: { missedDeadlineMinWeight: 0.02 } });
    assert.ok(anySmall.reasons[1]);
  });
});
