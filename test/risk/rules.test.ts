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
  const a = await assessCourse(lake, { courseId, at: opts.at ?? AT, rules: [rule], thresholds: { ...DEFAULT_THRESHOLDS, ...opts.thresholds } });
  const reasons: Record<number, string> = {};
  const severities: Record<number, string> = {};
  for (const l of a.learners) {
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

    // Activity drop: 19 peers active 10, 20, … 190 minutes in the last 7 days, and learner 100.
    const dropCourse = (name: string, minutes: number, peers = 19) => {
      const c = build(name);
      for (let k = 1; k <= peers; k++) c.enroll(k, daysBefore(30)).session(k, daysBefore(2), 10 * k);
      c.enroll(100, daysBefore(30)).session(100, daysBefore(2), minutes);
      return c;
    };
    dropCourse('DropLow', 29);
    dropCourse('DropHigh', 31);
    dropCourse('DropAvgIn', 78);
    dropCourse('DropAvgOut', 79);
    dropCourse('DropFew', 5, 18).enroll(200, daysBefore(5)); // enrolling is not being active: still 19 active

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
    for (const name of ['OffTrack', 'OffTrackPassing60', 'OffTrackNoGrades']) await insertCourse(lake, course(name), daysBefore(10), daysBefore(-30));
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
    await lake.client.insert({
      table: 'lms_subsection_grades',
      values: [{ course_id: d, user_id: 1, usage_key: md.sequentialKey('B'), first_attempted: formatLakeTime(daysBefore(15)), created: formatLakeTime(daysBefore(15)), modified: formatLakeTime(daysBefore(15)), synced_at: formatLakeTime(daysBefore(1)) }],
      format: 'JSONEachRow',
    });
  });

  it('inactive: ≥ 7 days yellow, ≥ 14 days red, with the days and the course median', async () => {
    const { reasons, severities } = await flagsOf(lake, course('Inactive'), 'inactive');
    assert.deepEqual(Object.keys(reasons).map(Number), [2, 3, 4]); // 1: 6 days 23:59 — silent
    assert.deepEqual(severities, { 2: 'yellow', 3: 'yellow', 4: 'red' });
    // days since last activity of the four: 6, 7, 13, 14 → median 10
    assert.equal(reasons[2], 'no activity for 7 days; course median gap 10 days');
    assert.equal(reasons[4], 'no activity for 14 days; course median gap 10 days');
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

  it('activity drop: at or below the 15th percentile of active peers', async () => {
    const onlyPercentile = { activityDropBelowAverage: 1 };
    // 20 active: 10 20 29 30 … min (+1 min tail each) → 15th percentile 1800 + 0.85 × 60 s = 1851 s
    const low = await flagsOf(lake, course('DropLow'), 'activityDrop', { thresholds: onlyPercentile });
    assert.equal(low.reasons[100], 'active 30 min in the last 7 days; 15th percentile of 20 active learners 31 min');
    const high = await flagsOf(lake, course('DropHigh'), 'activityDrop', { thresholds: onlyPercentile });
    assert.equal(high.reasons[100], undefined); // 31 min + tail = 1920 s > 1911 s
    assert.ok(high.reasons[1] && high.reasons[2]); // the two peers under it
  });

  it('activity drop: at least 20 % below the course average', async () => {
    const onlyAverage = { activityDropPercentile: 0 };
    // peers sum 115 140 s; learner 100 at 78 min → 4740 s, average 5994 s, 80 % of it 4795.2 s
    const inside = await flagsOf(lake, course('DropAvgIn'), 'activityDrop', { thresholds: onlyAverage });
    assert.equal(inside.reasons[100], 'active 1 h 19 min in the last 7 days; 21 % below the course average 1 h 40 min');
    const outside = await flagsOf(lake, course('DropAvgOut'), 'activityDrop', { thresholds: onlyAverage });
    assert.equal(outside.reasons[100], undefined); // 4800 s > 80 % of 5997 s
  });

  it('activity drop is silent with fewer than 20 active peers (enrolling alone is not activity)', async () => {
    const few = await flagsOf(lake, course('DropFew'), 'activityDrop');
    assert.deepEqual(few.reasons, {});
    assert.equal(few.silent, '19 learners active in the last 7 days; needs 20');
    const enough = await flagsOf(lake, course('DropFew'), 'activityDrop', { thresholds: { minActivePeers: 19 } });
    assert.match(enough.reasons[100] ?? '', /^active 6 min in the last 7 days; 15th percentile of 19 active learners/);
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

  it('off track: grade below passing, at the pace of the course, once 25 % of it has elapsed', async () => {
    // course: 10 days ago to 30 days ahead → exactly 25 % elapsed at AT; on pace: 50 % × 25 % = 12.5 %
    const { reasons } = await flagsOf(lake, course('OffTrack'), 'offTrack');
    assert.deepEqual(reasons, {
      1: 'grade 12 %; on pace to pass needs 12.5 % by now (passing 50 %, the Open edX default; 25 % of the course elapsed)',
      3: 'grade 0 % (none yet); on pace to pass needs 12.5 % by now (passing 50 %, the Open edX default; 25 % of the course elapsed)',
    });
    const earlier = await flagsOf(lake, course('OffTrack'), 'offTrack', { at: daysBefore(HOUR) });
    assert.deepEqual(earlier.reasons, {});
    // At the end of the course, the pace is the passing grade itself.
    const atEnd = await flagsOf(lake, course('OffTrack'), 'offTrack', { at: daysBefore(-31) });
    assert.deepEqual(Object.keys(atEnd.reasons).map(Number), [1, 2, 3]);
    assert.match(atEnd.reasons[2]!, /^grade 13 %; on pace to pass needs 50 % by now .*100 % of the course elapsed\)$/);
  });

  it('off track uses the course passing grade; learners who passed are excluded', async () => {
    const { reasons, assessment } = await flagsOf(lake, course('OffTrackPassing60'), 'offTrack');
    assert.deepEqual(reasons, { 1: 'grade 14 %; on pace to pass needs 15 % by now (passing 60 %; 25 % of the course elapsed)' });
    assert.equal(assessment.excluded.passed, 1);
    const none = await flagsOf(lake, course('OffTrackNoGrades'), 'offTrack');
    assert.deepEqual(none.reasons, {});
    assert.equal(none.silent, 'no grades known for the course');
  });

  it('missed deadline: a graded subsection due in the last 14 days with no attempt', async () => {
    const { reasons, assessment } = await flagsOf(lake, course('Deadline'), 'missedDeadline');
    const b = `“Quiz B” (due ${daysBefore(14 - HOUR).toISOString().slice(0, 10)})`;
    const a = `“Quiz A” (due ${daysBefore(1).toISOString().slice(0, 10)})`;
    assert.deepEqual(reasons, {
      2: `no attempt at 1 graded subsection past due in the last 14 days: ${b}`, // its attempt at B comes after AT
      3: `no attempt at 1 graded subsection past due in the last 14 days: ${b}`, // A extended past AT
      4: `no attempt at 1 graded subsection past due in the last 14 days: ${a}`, // enrolled after B was due
    });
    assert.equal(assessment.silent.missedDeadline, undefined);
    const none = await flagsOf(lake, course('NoDeadlines'), 'missedDeadline');
    assert.equal(none.silent, 'no due dates known');
  });
});
