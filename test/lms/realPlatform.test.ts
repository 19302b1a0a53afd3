/**
 * A real-platform setup end to end, no demo: MariaDB holding the LMS tables as edx-platform
 * creates them (users, profiles, enrollments, grades, completion, roles, outline, external ids,
 * edx_when), the stand-in LMS answering the OAuth token, Course Blocks and grading-policy APIs,
 * tracking events posted through ingest. Every dashboard card has data, units come by name in
 * course order, every at-risk rule can judge, a learner with a due-date extension is not flagged
 * missed deadline, and a republish shows the renamed unit without a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { createApiToken } from '../../lib/auth/apiTokens';
import type { DashboardSnapshot } from '../../lib/metrics/dashboardTypes';
import { completionChanged, problemCheck, videoEvent, type Actor } from '../../lib/demo/tracking';
import { assessCourse } from '../../lib/risk/evaluate';
import { DEFAULT_THRESHOLDS } from '../../lib/risk/types';
import { bearer, postLines, startTestLookout, waitForAsync } from '../helpers';
import { blocksOfType, testCourse, type TestCourse } from '../support/lmsCourse';
import { startTestLms, type TestLms } from '../support/testLms';
import { LMS_DDL, lmsInsert } from './fixtures';

const DB = `lookout_real_${randomBytes(4).toString('hex')}`;
const C = 'course-v1:RealX+Platform+2026';
const DAY = 86_400_000;
const NOW = Date.now();
const ago = (days: number) => new Date(NOW - days * DAY);
const sql = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
/** Learners 101–126: 101–122 active this week (22 ≥ the 20 peers peer rules need), 123–124 went quiet, 125–126 never started. */
const LEARNERS = Array.from({ length: 26 }, (_, i) => 101 + i);
const actor = (id: number): Actor => ({ userId: id, username: `learner${id}`, session: `s${id}` });

function course(welcome = 'Welcome'): TestCourse {
  return testCourse(C, {
    name: 'A Real Course',
    sections: [
      {
        name: 'Week 1',
        subsections: [
          { name: 'Orientation', units: [{ name: welcome, children: [{ type: 'video', name: 'Welcome video', duration: 120 }, { type: 'html', name: 'Syllabus' }] }] },
          { name: 'Homework 1', graded: true, format: 'Homework', due: ago(3), units: [{ name: 'HW1 questions', children: [{ type: 'problem', name: 'HW1 Q1' }, { type: 'problem', name: 'HW1 Q2' }] }] },
        ],
      },
      {
        name: 'Week 2',
        subsections: [
          { name: 'Lecture 2', units: [{ name: 'Lecture 2 video', children: [{ type: 'video', name: 'Lecture 2', duration: 300 }] }] },
          { name: 'Homework 2', graded: true, format: 'Homework', due: ago(-7), units: [{ name: 'HW2 questions', children: [{ type: 'problem', name: 'HW2 Q1' }] }] },
          { name: 'Final', graded: true, format: 'Final Exam', due: ago(-50), units: [{ name: 'Final questions', children: [{ type: 'problem', name: 'Final Q1' }] }] },
        ],
      },
    ],
    gradingPolicy: [
      { assignment_type: 'Homework', count: 2, dropped: 0, weight: 0.5 },
      { assignment_type: 'Final Exam', count: 1, dropped: 0, weight: 0.5 },
    ],
  });
}

describe('a real Open edX (MariaDB LMS tables + LMS REST API, no demo)', { timeout: 240_000 }, () => {
  let conn: mysql.Connection;
  let lms: TestLms;
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let auth: Record<string, string>;
  const get = async <T>(path: string) => {
    const res = await fetch(`${lookout.url}${path}`, { headers: auth });
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return (await res.json()) as T;
  };
  // The days around the events (not the default current week: the test may run just after Monday 00:00).
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const dashboard = () => get<DashboardSnapshot>(`/api/courses/${encodeURIComponent(C)}/dashboard?from=${day(ago(8))}&to=${day(ago(-1))}`);

  before(async () => {
    conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', multipleStatements: true });
    await conn.query(`CREATE DATABASE ${DB}; USE ${DB};`);
    await conn.query(LMS_DDL);
    const c = course();
    const [video1, video2] = blocksOfType(c, 'video');
    const [hw1q1, , hw2q1] = blocksOfType(c, 'problem');
    const [, hw1] = blocksOfType(c, 'sequential');
    const units = blocksOfType(c, 'vertical');

    // --- the LMS database
    const t = sql(ago(28));
    await lmsInsert(conn, 'auth_user', [
      { id: 1, username: 'admin', email: 'admin@example.com', is_staff: 1, is_superuser: 1, date_joined: t },
      { id: 2, username: 'teacher', email: 'teacher@example.com', date_joined: t },
      ...LEARNERS.map((id) => ({ id, username: `learner${id}`, email: `learner${id}@example.com`, first_name: 'L', last_name: String(id), date_joined: t })),
    ]);
    await lmsInsert(conn, 'auth_userprofile', LEARNERS.map((id, i) => ({ user_id: id, name: `Learner ${id}`, gender: ['f', 'm', 'o'][i % 3], level_of_education: ['b', 'm', 'hs'][i % 3], year_of_birth: 1980 + i, country: ['FR', 'IN', 'BR', 'US'][i % 4] })));
    await lmsInsert(conn, 'student_courseenrollment', LEARNERS.map((id) => ({ id, user_id: id, course_id: C, mode: 'audit', is_active: 1, created: t })));
    await lmsInsert(conn, 'student_courseaccessrole', [{ user_id: 2, org: 'RealX', course_id: C, role: 'instructor' }]);
    await lmsInsert(conn, 'course_overviews_courseoverview', [
      { created: t, modified: t, id: C, display_name: 'A Real Course', org: 'RealX', start: sql(ago(30)), end: sql(ago(-60)), lowest_passing_grade: 0.5 },
    ]);
    await lmsInsert(conn, 'grades_persistentcoursegrade', LEARNERS.slice(0, 24).map((id, i) => ({ created: t, modified: t, user_id: id, course_id: C, percent_grade: (i % 5) / 10, letter_grade: '' })));
    await lmsInsert(conn, 'completion_blockcompletion', LEARNERS.slice(0, 20).flatMap((id) => [
      { created: t, modified: sql(ago(2)), course_key: C, block_key: video1!.id, block_type: 'video', completion: 1, user_id: id },
      { created: t, modified: sql(ago(2)), course_key: C, block_key: hw1q1!.id, block_type: 'problem', completion: 1, user_id: id },
    ]));
    await lmsInsert(conn, 'external_user_ids_externalidtype', [{ id: 1, created: t, modified: t, name: 'xapi', description: 'xAPI' }]);
    await lmsInsert(conn, 'external_user_ids_externalid', [{ created: t, modified: t, external_user_id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', external_id_type_id: 1, user_id: 101 }]);
    // Learner 120 has until next week for Homework 1 (instructor dashboard "change due date").
    await lmsInsert(conn, 'edx_when_datepolicy', [{ id: 1, abs_date: sql(ago(3)) }]);
    await lmsInsert(conn, 'edx_when_contentdate', [{ id: 1, course_id: C, location: hw1!.id, field: 'due', policy_id: 1, block_type: 'sequential' }]);
    await lmsInsert(conn, 'edx_when_userdate', [{ created: t, modified: t, user_id: 120, content_date_id: 1, abs_date: sql(ago(-5)), reason: 'travel' }]);

    // --- the LMS REST API
    lms = await startTestLms({ users: [], courses: [c] });

    // --- Lookout on it
    lookout = await startTestLookout({
      LMS_MYSQL_URL: `mysql://root@127.0.0.1:3306/${DB}`,
      LMS_SYNC_INTERVAL_MS: '1000',
      LMS_URL: lms.url,
      LMS_API_CLIENT_ID: lms.clientId,
      LMS_API_CLIENT_SECRET: lms.clientSecret,
    });
    await waitForAsync(async () => (await fetch(`${lookout.url}/api/health`).then((r) => r.json()))?.lms?.ok, 60_000, 'LMS sync green');
    auth = bearer((await createApiToken(lookout.lake, { username: 'admin', createdBy: 'test' })).token);

    // --- tracking events through ingest: 101–122 this week (101–118 tried Homework 1 before it was due),
    // 123–124 only three weeks ago, 125–126 nothing; and a few events of the last minutes.
    const lines: string[] = [];
    for (const [i, id] of LEARNERS.entries()) {
      const a = actor(id);
      if (id <= 122) {
        for (const d of [5, 2, 1]) {
          const at = new Date(ago(d).getTime() + i * 60_000);
          lines.push(videoEvent({ actor: a, courseId: C, time: at, action: 'play_video', videoId: video2!.block_id, position: 0, duration: 300 }));
          lines.push(videoEvent({ actor: a, courseId: C, time: new Date(at.getTime() + 120_000), action: 'pause_video', videoId: video2!.block_id, position: 120, duration: 300 }));
          lines.push(problemCheck({ actor: a, courseId: C, time: new Date(at.getTime() + 180_000), problem: hw2q1!.id, problemName: 'HW2 Q1', attempts: 1 + (i % 3), correct: true }));
        }
        if (id <= 118) lines.push(problemCheck({ actor: a, courseId: C, time: ago(4), problem: hw1q1!.id, problemName: 'HW1 Q1', attempts: 1, correct: i % 2 === 0 }));
        lines.push(completionChanged({ actor: a, courseId: C, time: ago(1), block: units[3]!.id, blockType: 'vertical' }));
      } else if (id <= 124) {
        for (const d of [21, 10]) lines.push(videoEvent({ actor: a, courseId: C, time: ago(d), action: 'play_video', videoId: video1!.block_id, position: 0, duration: 120 }));
      }
    }
    for (const id of [101, 102, 103]) {
      const a = actor(id);
      lines.push(videoEvent({ actor: a, courseId: C, time: new Date(Date.now() - 60_000), action: 'play_video', videoId: video1!.block_id, position: 0, duration: 120 }));
      lines.push(videoEvent({ actor: a, courseId: C, time: new Date(Date.now() - 30_000), action: 'pause_video', videoId: video1!.block_id, position: 30, duration: 120 }));
    }
    const posted = await postLines(lookout.url, lines);
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
  });

  after(async () => {
    await lookout?.close();
    await lms?.close();
    await conn?.query(`DROP DATABASE IF EXISTS ${DB}`);
    await conn?.end();
  });

  it('the LMS sync is green on the real schema: tables, course structure, xAPI actors', async () => {
    const health = await fetch(`${lookout.url}/api/health`, { headers: auth }).then((r) => r.json()); // details: admins only
    assert.equal(health.lms.ok, true, JSON.stringify(health.lms));
    assert.deepEqual(health.lms.failedTables, []);
    assert.deepEqual(health.lms.structure?.failedCourses, []);
    const actors = await lookout.lake.client.query({ query: `SELECT user_id FROM xapi_actors FINAL`, format: 'JSONEachRow' }).then((r) => r.json<{ user_id: string | number }>());
    assert.deepEqual(actors.map((a) => Number(a.user_id)), [101]);
    assert.ok(lms.requests.some((r) => r.startsWith('GET /api/courses/v2/blocks/?course_id=')), 'blocks API asked');
  });

  it('every dashboard card has data; units by name in course order; videos and problems named', async () => {
    const snap = await waitForAsync(async () => {
      const s = await dashboard();
      return Object.values(s.widgets).every((w) => !(w as { missing?: string }).missing) ? s : undefined;
    }, 60_000, 'every card filled').catch(async (err) => {
      const s = await dashboard();
      throw new Error(`${(err as Error).message}: ${JSON.stringify(Object.fromEntries(Object.entries(s.widgets).map(([k, w]) => [k, (w as { missing?: string }).missing])))}`);
    });
    const w = snap.widgets;
    assert.equal(snap.displayName, 'A Real Course');
    assert.deepEqual(w.unitCompletion.units.map((u) => u.name), ['Welcome', 'HW1 questions', 'Lecture 2 video', 'HW2 questions', 'Final questions']);
    assert.equal(w.unitCompletion.units[0]!.section, 'Week 1');
    assert.ok(w.unitCompletion.units[3]!.learnersCompleted >= 20, JSON.stringify(w.unitCompletion.units));
    const lecture = w.videos.videos.find((v) => v.name === 'Lecture 2');
    assert.ok(lecture, JSON.stringify(w.videos.videos.map((v) => v.name)));
    assert.equal(lecture.durationSeconds, 300);
    assert.ok(w.problems.problems.some((p) => p.name === 'HW2 Q1'));
    assert.ok(w.grades.graded > 0 && w.grades.passingGrade === 0.5);
    assert.ok(w.demographics.country.length > 1);
  });

  it('every at-risk rule can judge; the learner with an extension is not missed-deadline', async () => {
    // Every rule's verdict, not only the ranked list the budget keeps: hard alerts on any rule.
    const list = await assessCourse(lookout.lake, { courseId: C, at: new Date(), thresholds: { ...DEFAULT_THRESHOLDS, hardAlerts: 2 } });
    assert.deepEqual(list.silent, {}, 'no rule silent for lack of data');
    const rulesOf = (id: number) => list.learners.find((l) => l.userId === id)?.flags.map((f) => f.rule) ?? [];
    for (const id of [119, 121, 122]) assert.ok(rulesOf(id).includes('missedDeadline'), `${id} missed Homework 1: ${rulesOf(id)}`);
    assert.ok(!rulesOf(120).includes('missedDeadline'), `120 has an extension: ${rulesOf(120)}`);
    assert.ok(!rulesOf(101).includes('missedDeadline'));
    assert.ok(rulesOf(125).includes('neverStarted'));
    assert.ok(rulesOf(123).includes('inactive'));
    const reason = list.learners.find((l) => l.userId === 119)!.flags.find((f) => f.rule === 'missedDeadline')!.reason;
    assert.match(reason, /“Homework 1”/);
  });

  it('a republish (a renamed unit, the overview modified) shows the new name without a restart', async () => {
    lms.setCourse(course('Welcome, revised'));
    await conn.query(`UPDATE course_overviews_courseoverview SET modified = ? WHERE id = ?`, [sql(new Date()), C]);
    await waitForAsync(async () => ((await dashboard()).widgets.unitCompletion.units[0]?.name === 'Welcome, revised' ? true : undefined), 60_000, 'renamed unit on the dashboard');
  });
});
