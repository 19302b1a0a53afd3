import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { completionChanged, enrollmentActivated, enrollmentDeactivated, gradeCalculated, videoEvent } from '../../lib/demo/tracking';
import { institutionSnapshot, type InstitutionWidgets } from '../../lib/institution/snapshot';
import { orgLearners, orgLearnersCsv } from '../../lib/institution/learners';
import { scopeCourses } from '../../lib/institution/scope';
import { institutionNow } from '../../lib/institution/live';
import { parseCsv } from '../../lib/export/csv';
import { formatLakeTime } from '../../lib/lake/time';
import { actor, insertLines, insertRole, insertRows, openMetricsLake } from '../metrics/lake';

/**
 * A hand-built platform: two orgs, three course runs. OrgA: A1 (running), A2 (ended); OrgB: B1
 * (upcoming). "Now" is Wednesday 2026-11-25 12:00 UTC; the window is the weeks of the 16th and 23rd.
 */
const A1 = 'course-v1:OrgA+C1+2026';
const A2 = 'course-v1:OrgA+C2+2026';
const B1 = 'course-v1:OrgB+C1+2026';
const now = new Date('2026-11-25T12:00:00Z');
const from = new Date('2026-11-16T00:00:00Z');
const to = new Date('2026-11-30T00:00:00Z');
const t = (s: string) => new Date(`2026-11-${s}Z`);
const play = (user: number, courseId: string, time: Date) => videoEvent({ actor: actor(user), courseId, time, action: 'play_video', videoId: 'v', position: 0, duration: 60 });
const enrol = (user: number, courseId: string, time: Date, mode = 'audit') => enrollmentActivated({ actor: actor(user), courseId, time, mode });
/** A1's structure: unit U1 holds V1 and P1, unit U2 holds H1. */
const block = (type: string, id: string) => `block-v1:OrgA+C1+2026+type@${type}+block@${id}`;
const [U1, U2, V1, P1, H1] = [block('vertical', 'u1'), block('vertical', 'u2'), block('video', 'v1'), block('problem', 'p1'), block('html', 'h1')];
const completed = (user: number, blockId: string, time: Date) =>
  completionChanged({ actor: actor(user), courseId: A1, time, block: blockId, blockType: blockId.split('type@')[1]!.split('+')[0]!, completion: 1 });

describe('institutional figures on a multi-course, multi-org platform (issue 21)', () => {
  let lake: Lake;
  let platform: InstitutionWidgets;
  let orgA: InstitutionWidgets;

  before(async () => {
    lake = await openMetricsLake('lookout_institution_test');
    await insertLines(lake, [
      enrol(1, A1, t('16T08:00:00')),
      play(1, A1, t('17T10:00:00')),
      play(1, A1, t('24T10:00:00')),
      enrol(2, A1, t('17T08:00:00'), 'verified'),
      enrol(2, B1, t('17T08:00:00')),
      play(2, B1, t('18T10:00:00')),
      play(2, A1, t('24T11:00:00')),
      enrol(3, A2, t('16T09:00:00')),
      play(3, A2, t('18T09:00:00')),
      enrollmentDeactivated({ actor: actor(3), courseId: A2, time: t('19T09:00:00') }),
      enrol(4, A1, t('16T09:00:00')), // course staff: in the flows, never a learner
      play(4, A1, t('24T09:00:00')),
      enrol(5, B1, t('24T08:00:00'), 'verified'),
      play(5, B1, t('24T12:00:00')),
      enrol(6, A1, t('09T08:00:00')), // before the window
      play(6, A1, t('10T08:00:00')),
      play(6, A1, t('24T08:00:00')),
      play(7, A1, t('25T11:58:00')), // active now, never enrolled
      play(7, A1, t('25T11:59:30')), // in the last 60 s, not in the current minute (12:00)
      completed(1, V1, t('24T10:01:00')), // 1: both blocks of U1 …
      completed(1, P1, t('24T10:02:00')),
      completed(2, V1, t('24T11:01:00')), // 2: one block of U1 only (U1 itself comes from the LMS below)
      completed(4, V1, t('24T09:01:00')), // staff
      completed(7, H1, t('25T11:58:10')), // never enrolled
      gradeCalculated({ actor: actor(1), courseId: A1, time: t('24T10:05:00'), percent: 0.8 }),
      gradeCalculated({ actor: actor(2), courseId: A1, time: t('24T11:05:00'), percent: 0.4 }),
      gradeCalculated({ actor: actor(5), courseId: B1, time: t('24T12:05:00'), percent: 0.9 }),
    ]);
    await insertRole(lake, { user_id: 4, org: 'OrgA', course_id: A1, role: 'staff' });
    const synced = formatLakeTime(now);
    const overview = (course_id: string, org: string, start: string, end: string, lowest_passing_grade: number) => ({
      course_id, display_name: `Course ${course_id.split('+')[1]} of ${org}`, org, start, end, lowest_passing_grade, created: synced, modified: synced, synced_at: synced,
    });
    await insertRows(lake, 'lms_course_overviews', [
      overview(A1, 'OrgA', '2026-11-01 00:00:00', '2026-12-31 00:00:00', 0.6),
      overview(A2, 'OrgA', '2026-09-01 00:00:00', '2026-11-20 00:00:00', 0.6),
      overview(B1, 'OrgB', '2026-12-15 00:00:00', '2027-03-01 00:00:00', 0.7),
    ]);
    const blocks = [[U1, 'vertical', '', 1], [V1, 'video', U1, 2], [P1, 'problem', U1, 3], [U2, 'vertical', '', 4], [H1, 'html', U2, 5]] as const;
    await insertRows(lake, 'course_blocks', blocks.map(([block_id, block_type, parent, position]) => ({
      course_id: A1, block_id, block_type, parent, display_name: block_id, section: 'S', subsection: 'Q', position, updated_at: synced,
    })));
    const lmsCompletion = (user_id: number, block_key: string, block_type: string) => ({ course_key: A1, user_id, block_key, block_type, completion: 1, created: synced, modified: synced, synced_at: synced });
    // … and H1 (U2) from the LMS: 1 completed both units; 2 marked U1 itself complete; 6 nothing.
    await insertRows(lake, 'lms_block_completion', [lmsCompletion(1, H1, 'html'), lmsCompletion(2, U1, 'vertical'), lmsCompletion(4, H1, 'html')]);
    // Certificates as the LMS sync copies them: 6 earned one without a grade; 2's was revoked
    // (a later 'unavailable' row); 3 left A2 with one; 2's in B1 is notpassing; 4 is staff.
    const cert = (course_id: string, user_id: number, status: string, modified = synced) => ({ course_id, user_id, status, mode: 'verified', grade: '', created: modified, modified, synced_at: modified });
    const earlier = formatLakeTime(t('20T00:00:00'));
    await insertRows(lake, 'lms_certificates', [cert(A1, 6, 'downloadable'), cert(A1, 2, 'downloadable', earlier), cert(A2, 3, 'downloadable'), cert(B1, 2, 'notpassing'), cert(A1, 4, 'downloadable')]);
    await insertRows(lake, 'lms_certificates', [cert(A1, 2, 'unavailable')]);
    await insertRows(lake, 'risk_flag_state', [{ course_id: A1, user_id: 2, flagged: 1, first_flagged_at: synced, updated_at: synced, version: 1 }]);
    await insertRows(lake, 'risk_course_days', [{ course_id: A1, day: '2026-11-25', evaluated_at: synced, red: 1, yellow: 0 }]);
    platform = (await institutionSnapshot(lake, { from, to, now })).widgets;
    orgA = (await institutionSnapshot(lake, { org: 'OrgA', from, to, now })).widgets;
  });
  after(() => lake.close?.());

  it('knows every course of the scope with its status', async () => {
    const all = await scopeCourses(lake, { now });
    assert.deepEqual(all.map((c) => [c.courseId, c.org, c.status]), [
      [A1, 'OrgA', 'running'],
      [A2, 'OrgA', 'ended'],
      [B1, 'OrgB', 'upcoming'],
    ]);
    // Org names compare without case, as the LMS's org-wide roles do.
    assert.deepEqual((await scopeCourses(lake, { org: 'orgb', now })).map((c) => c.courseId), [B1]);
  });

  it('counts enrollments and unenrollments per day and week by mode, and the total enrolled at each week end', () => {
    const e = platform.enrollments;
    assert.equal(e.enrolledNow, 5); // A1: 1, 2, 6 (4 is staff); B1: 2, 5; 3 left A2
    assert.deepEqual(
      e.days.map((d) => [d.day, d.enrollments, d.unenrollments]),
      [['2026-11-16', 3, 0], ['2026-11-17', 2, 0], ['2026-11-19', 0, 1], ['2026-11-24', 1, 0]],
    );
    assert.deepEqual(e.days[1]!.byMode, [{ mode: 'audit', enrollments: 1, unenrollments: 0 }, { mode: 'verified', enrollments: 1, unenrollments: 0 }]);
    assert.deepEqual(
      e.weeks.map((w) => [w.weekStart, w.enrollments, w.unenrollments, w.enrolledAtEnd]),
      [['2026-11-16', 5, 1, 4], ['2026-11-23', 1, 0, 5]],
    );
    assert.deepEqual(e.weeks[1]!.byMode, [{ mode: 'verified', enrollments: 1, unenrollments: 0 }]);
    assert.equal(orgA.enrollments.enrolledNow, 3);
    assert.deepEqual(orgA.enrollments.weeks.map((w) => [w.enrollments, w.unenrollments, w.enrolledAtEnd]), [[4, 1, 3], [0, 0, 3]]);
  });

  it('counts active learners per week, new vs returning, on the platform and per org', () => {
    // Week of the 16th: 1, 2 (B1), 3, all new. Week of the 23rd: 1, 2, 5, 6, 7 (4 is staff); new: 5 and 7.
    assert.deepEqual(platform.activeLearners.weeks, [
      { weekStart: '2026-11-16', active: 3, new: 3, returning: 0 },
      { weekStart: '2026-11-23', active: 5, new: 2, returning: 3 },
    ]);
    // In OrgA, 2 is new in the week of the 23rd (their earlier activity was in OrgB), 6 returns from the 10th.
    assert.deepEqual(orgA.activeLearners.weeks, [
      { weekStart: '2026-11-16', active: 2, new: 2, returning: 0 },
      { weekStart: '2026-11-23', active: 4, new: 2, returning: 2 },
    ]);
    assert.deepEqual(platform.activeLearners.byOrg, [
      { org: 'OrgA', weeks: [{ weekStart: '2026-11-16', active: 2 }, { weekStart: '2026-11-23', active: 4 }] },
      { org: 'OrgB', weeks: [{ weekStart: '2026-11-16', active: 1 }, { weekStart: '2026-11-23', active: 1 }] }, // 2 was in B1 on the 18th, A1 on the 24th
    ]);
  });

  it('gives completion per course run: passed (grade against each passing grade) or earned a certificate', () => {
    const c = platform.completion;
    // A1: 1 passed, 6 holds a certificate (no grade), 2 failed and her certificate was revoked. B1: 5 passed.
    assert.deepEqual([c.enrolled, c.completed, c.completionRate], [5, 3, 0.6]);
    assert.deepEqual(c.courses.map((r) => [r.courseId, r.enrolled, r.graded, r.passed, r.certified, r.completed]), [[A1, 3, 2, 1, 1, 2], [B1, 2, 1, 1, 0, 1]]);
    assert.deepEqual([orgA.completion.enrolled, orgA.completion.completed], [3, 2]);
  });

  it('lists the catalog: enrolled, active this week, week-over-week, median progress, pass rate, at risk', () => {
    const rows = Object.fromEntries(platform.catalog.courses.map((r) => [r.courseId, r]));
    assert.deepEqual(Object.keys(rows), [A1, A2, B1]);
    const a1 = rows[A1]!;
    assert.deepEqual(
      [a1.status, a1.enrolled, a1.activeThisWeek, a1.activeLastWeek, a1.weekOverWeek, a1.atRisk],
      ['running', 3, 4, 1, 3, 1],
    );
    // Pass rate: completed (1, 6) of those with a grade or a certificate (1, 2, 6).
    assert.ok(Math.abs(a1.passRate! - 2 / 3) < 1e-9);
    // Median unit completion of 1 (2 of 2 units), 2 (U1 of 2) and 6 (none: 0); not the median grade.
    assert.equal(a1.medianProgress, 0.5);
    assert.ok(Math.abs(a1.atRiskShare! - 1 / 3) < 1e-9);
    assert.deepEqual([rows[A2]!.status, rows[A2]!.enrolled, rows[A2]!.activeLastWeek, rows[A2]!.weekOverWeek, rows[A2]!.passRate], ['ended', 0, 1, -1, null]);
    assert.deepEqual([rows[B1]!.status, rows[B1]!.enrolled, rows[B1]!.activeThisWeek, rows[B1]!.weekOverWeek, rows[B1]!.medianProgress, rows[B1]!.passRate], ['upcoming', 2, 1, 0, null, 1]);
    assert.deepEqual(orgA.catalog.courses.map((r) => r.courseId), [A1, A2]);
  });

  it('counts at-risk learners by course and severity, with the trend', () => {
    const r = platform.atRiskSummary;
    assert.deepEqual([r.atRisk, r.red, r.yellow], [1, 1, 0]);
    assert.deepEqual(r.courses.map((c) => [c.courseId, c.atRisk, c.red, c.yellow]), [[A1, 1, 1, 0]]);
    assert.deepEqual(r.trend, [{ day: '2026-11-25', red: 1, yellow: 0, coursesEvaluated: 1 }]);
  });

  it('shows who is active now, learner events in the last 60 s and per minute across the scope', () => {
    const n = platform.institutionNow;
    assert.equal(n.activeNow, 1);
    assert.equal(n.minutes.length, 60);
    assert.deepEqual(n.minutes.find((m) => m.minute === '2026-11-25T11:58:00.000Z'), { minute: '2026-11-25T11:58:00.000Z', events: 1, learners: 1 });
    assert.equal(n.minutes.reduce((a, m) => a + m.events, 0), 2);
    // The sliding minute (11:59:00–12:00:00] has the play at 11:59:30; "this minute so far" (12:00) has none.
    assert.equal(n.minutes.at(-1)!.events, 0);
    assert.equal(n.lastMinute, 1);
    assert.equal(orgA.institutionNow.lastMinute, 1);
  });

  it("lists the org's learners with their courses, last activity, unit progress, grade and risk, and exports them", async () => {
    const learners = await orgLearners(lake, await scopeCourses(lake, { org: 'OrgA', now }));
    // Progress: units completed of A1's 2 (1 both, 2 U1 only, 6 none: 0), not the grade, which has its own column.
    assert.deepEqual(
      learners.map((l) => [l.userId, l.username, l.courses.map((c) => [c.courseId, c.mode, c.unitsCompleted, c.units]), l.lastActivity, l.progress, l.grade, l.atRiskCourses]),
      [
        [1, 'u1', [[A1, 'audit', 2, 2]], '2026-11-24T10:00:00.000Z', 1, 0.8, 0],
        [2, 'u2', [[A1, 'verified', 1, 2]], '2026-11-24T11:00:00.000Z', 0.5, 0.4, 1],
        [6, 'u6', [[A1, 'audit', 0, 2]], '2026-11-24T08:00:00.000Z', 0, null, 0],
      ],
    );
    const csv = parseCsv(orgLearnersCsv(learners, new Map([[2, { name: 'Two Learner', email: 'u2@example.com' }]])));
    assert.deepEqual(csv[0], ['username', 'name', 'email', 'courses_enrolled', 'courses', 'last_activity', 'progress', 'grade', 'at_risk_courses']);
    assert.deepEqual(csv[2], ['u2', 'Two Learner', 'u2@example.com', '1', A1, '2026-11-24T11:00:00.000Z', '0.5', '0.4', '1']);
    assert.deepEqual(csv[3]!.slice(6, 8), ['0', '']);
    assert.deepEqual(parseCsv(orgLearnersCsv(learners, undefined))[2]!.slice(1, 3), ['', '']);
  });

  it('gives no unit progress (not 0) for a course without a structure, and leaves such courses out of the units', async () => {
    // OrgB's only course, B1, has no structure: 5 has a grade but no progress.
    const orgB = await orgLearners(lake, await scopeCourses(lake, { org: 'OrgB', now }));
    assert.deepEqual(orgB.map((l) => [l.userId, l.courses.map((c) => [c.courseId, c.unitsCompleted, c.units]), l.progress, l.grade]), [
      [2, [[B1, null, null]], null, null],
      [5, [[B1, null, null]], null, 0.9],
    ]);
    const csv = parseCsv(orgLearnersCsv(orgB, undefined));
    assert.deepEqual(csv[2]!.slice(6, 8), ['', '0.9']);
    // Across both orgs, 2's progress is A1's units only (1 of 2); B1 adds no units.
    const everyone = await orgLearners(lake, await scopeCourses(lake, { now }));
    const two = everyone.find((l) => l.userId === 2)!;
    assert.deepEqual([two.courses.map((c) => c.courseId), two.progress], [[A1, B1], 0.5]);
  });
});
