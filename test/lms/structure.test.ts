/**
 * Course structure from the LMS REST API (stand-in LMS answering like edx-platform) into a real
 * chDB lake: blocks in course order with units and sections, graded subsections with format, due
 * date and weight, the grading policy, video durations; a republish; a refused course; retries;
 * a 10,000-block course; the real published examples parse.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { queryRows } from '../../lib/lake/query';
import { setMeta } from '../../lib/lake/meta';
import { formatLakeTime } from '../../lib/lake/time';
import { LmsApi } from '../../lib/lms/lmsApi';
import { courseStructure } from '../../lib/metrics/structure';
import { StructureSync } from '../../server/lms/structureSync';
import { testDataDir } from '../helpers';
import { blocksOfType, testCourse, type TestCourse } from '../support/lmsCourse';
import { startTestLms, type TestLms } from '../support/testLms';

const A = 'course-v1:OrgS+Struct101+2026';
const BIG = 'course-v1:OrgS+Big+2026';
const DEMO = 'course-v1:edX+DemoX+Demo_Course';
const due = (d: number) => new Date(Date.UTC(2026, 2, d, 23, 59));

function courseA(unitName = 'Welcome unit', withQuiz2Problem = true): TestCourse {
  return testCourse(A, {
    name: 'Structures',
    sections: [
      {
        name: 'Week 1',
        subsections: [
          { name: 'Start here', units: [{ name: unitName, children: [{ type: 'video', name: 'Intro video', duration: 312.5 }, { type: 'html', name: 'Notes' }] }] },
          { name: 'Homework 1', graded: true, format: 'Homework', due: due(10), units: [{ name: 'HW1 problems', children: [{ type: 'problem', name: 'HW1 Q1' }] }] },
        ],
      },
      {
        name: 'Week 2',
        subsections: [
          { name: 'Homework 2', graded: true, format: 'Homework', due: due(17), units: [{ name: 'HW2 problems', children: [{ type: 'problem', name: 'HW2 Q1' }] }] },
          {
            name: 'Final',
            graded: true,
            format: 'Final Exam',
            due: due(24),
            units: [{ name: 'Exam', children: [{ type: 'problem', name: 'Exam Q1' }, ...(withQuiz2Problem ? [{ type: 'problem' as const, name: 'Exam Q2' }] : [])] }],
          },
        ],
      },
    ],
    gradingPolicy: [
      { assignment_type: 'Homework', count: 4, dropped: 1, weight: 0.4 },
      { assignment_type: 'Final Exam', count: 1, dropped: 0, weight: 0.6 },
    ],
  });
}

/** A course of 10,111 blocks: 10 sections × 10 subsections × 10 units × 9 problems, and the containers. */
function bigCourse(): TestCourse {
  return testCourse(BIG, {
    name: 'Big',
    sections: Array.from({ length: 10 }, (_, s) => ({
      name: `S${s}`,
      subsections: Array.from({ length: 10 }, (_, q) => ({
        name: `S${s}Q${q}`,
        graded: true,
        format: 'Homework',
        due: due(1 + q),
        units: Array.from({ length: 10 }, (_, u) => ({ name: `S${s}Q${q}U${u}`, children: Array.from({ length: 9 }, (_, p) => ({ type: 'problem' as const, name: `P${p}` })) })),
      })),
    })),
    gradingPolicy: [{ assignment_type: 'Homework', count: 100, dropped: 0, weight: 1 }],
  });
}

/** The published example: only the course block, no children. */
function demoCourse(): TestCourse {
  const body = JSON.parse(readFileSync(new URL('../fixtures/lms-api/blocks-pact.json', import.meta.url), 'utf8'));
  const gradingPolicy = JSON.parse(readFileSync(new URL('../fixtures/lms-api/grading-policy.json', import.meta.url), 'utf8'));
  return { courseId: DEMO, root: body.root, blocks: body.blocks, gradingPolicy };
}

describe('course structure sync (LMS REST API → chDB)', { timeout: 120_000 }, () => {
  let lake: Lake;
  let lms: TestLms;
  let sync: StructureSync;
  const rows = <T>(sql: string, params: Record<string, unknown> = {}) => queryRows<T>(lake, sql, params);

  before(async () => {
    lms = await startTestLms({ users: [{ id: 5, username: 'learner', email: 'l@example.com', name: 'L' }], courses: [courseA(), demoCourse()] });
    lake = await openLake({ dataDir: testDataDir(), database: 'lookout_structure_test' });
    await migrate(lake);
    sync = new StructureSync(lake, { lmsUrl: lms.url, clientId: lms.clientId, clientSecret: lms.clientSecret, backoffMs: 50 });
  });
  after(async () => {
    await lms?.close();
    await lake?.close();
  });

  it('fills the blocks in course order, units, sections, video durations, and the graded subsections with their weights', async () => {
    const report = await sync.run({ courses: [A] });
    assert.equal(report.ok, true, JSON.stringify(report));
    const token = lms.requests.filter((r) => r.startsWith('POST /oauth2/access_token'));
    assert.equal(token.length, 1);
    const blocksCall = lms.requests.find((r) => r.startsWith('GET /api/courses/v2/blocks/'))!;
    for (const p of ['all_blocks=true', 'depth=all', 'student_view_data=video', 'requested_fields=children%2Cdisplay_name%2Ctype%2Cgraded%2Cformat%2Cdue']) assert.ok(blocksCall.includes(p), `${p} in ${blocksCall}`);

    const blocks = await rows<{ block_type: string; display_name: string; parent: string; section: string; subsection: string; position: number; duration: number | null }>(
      `SELECT block_type, display_name, parent, section, subsection, position, duration FROM course_blocks FINAL WHERE course_id = {c:String} ORDER BY position`,
      { c: A },
    );
    assert.deepEqual(blocks.map((b) => `${b.block_type}:${b.display_name}`), [
      'chapter:Week 1', 'sequential:Start here', 'vertical:Welcome unit', 'video:Intro video', 'html:Notes',
      'sequential:Homework 1', 'vertical:HW1 problems', 'problem:HW1 Q1',
      'chapter:Week 2', 'sequential:Homework 2', 'vertical:HW2 problems', 'problem:HW2 Q1',
      'sequential:Final', 'vertical:Exam', 'problem:Exam Q1', 'problem:Exam Q2',
    ]);
    const units = blocksOfType(courseA(), 'vertical');
    const video = blocks.find((b) => b.block_type === 'video')!;
    assert.equal(video.parent, units[0]!.id);
    assert.equal(video.section, 'Week 1');
    assert.equal(video.subsection, 'Start here');
    assert.equal(video.duration, 312.5);
    assert.equal(blocks.find((b) => b.display_name === 'Exam Q1')!.section, 'Week 2');

    const graded = await rows<{ title: string; format: string; due: string; weight: number }>(
      `SELECT title, format, due, round(weight, 3) AS weight FROM block_schedule FINAL
       WHERE course_id = {c:String} AND block_type = 'sequential' AND graded = 1 ORDER BY due`,
      { c: A },
    );
    assert.deepEqual(
      graded.map((g) => ({ ...g, due: new Date(`${String(g.due).replace(' ', 'T')}Z`).toISOString() })),
      [
        // Homework: 0.4 over the policy's 4 (only 2 published) → 0.1 each (1 dropped: in the policy below).
        { title: 'Homework 1', format: 'Homework', due: due(10).toISOString(), weight: 0.1 },
        { title: 'Homework 2', format: 'Homework', due: due(17).toISOString(), weight: 0.1 },
        { title: 'Final', format: 'Final Exam', due: due(24).toISOString(), weight: 0.6 },
      ],
    );
    assert.deepEqual(await rows(`SELECT assignment_type, count, dropped, weight FROM course_grading_policy FINAL WHERE course_id = {c:String} ORDER BY assignment_type`, { c: A }), [
      { assignment_type: 'Final Exam', count: 1, dropped: 0, weight: 0.6 },
      { assignment_type: 'Homework', count: 4, dropped: 1, weight: 0.4 },
    ]);
    // Each problem knows its subsection (what missed deadline reads).
    const [q1] = blocksOfType(courseA(), 'problem');
    assert.deepEqual(await rows(`SELECT subsection_key FROM block_schedule FINAL WHERE usage_key = {k:String}`, { k: q1!.id }), [{ subsection_key: blocksOfType(courseA(), 'sequential')[1]!.id }]);

    // Consumers: the structure the dashboard reads names units in course order.
    const structure = await courseStructure(lake, A);
    const unitNames = [...structure.values()].filter((b) => b.type === 'vertical').sort((a, b) => a.position - b.position).map((b) => b.name);
    assert.deepEqual(unitNames, ['Welcome unit', 'HW1 problems', 'HW2 problems', 'Exam']);
  });

  it('a republish (renamed unit, removed problem) replaces the structure', async () => {
    lms.setCourse(courseA('Welcome, renamed', false));
    const report = await sync.run({ courses: [A] });
    assert.equal(report.ok, true);
    const names = (await rows<{ display_name: string }>(`SELECT display_name FROM course_blocks FINAL WHERE course_id = {c:String} ORDER BY position`, { c: A })).map((r) => r.display_name);
    assert.ok(names.includes('Welcome, renamed'));
    assert.ok(!names.includes('Welcome unit'));
    assert.ok(!names.includes('Exam Q2'), 'removed problem gone');
    const removed = blocksOfType(courseA(), 'problem').at(-1)!;
    assert.deepEqual(await rows(`SELECT usage_key FROM block_schedule FINAL WHERE usage_key = {k:String}`, { k: removed.id }), []);
  });

  it('a refused course is reported and retried; the others go on; transient errors are retried', async () => {
    lms.refuseCourse(A, 403);
    const report = await sync.run({ courses: [A, DEMO] });
    assert.equal(report.ok, false);
    const failed = report.courses.find((c) => c.courseId === A)!;
    assert.match(failed.error ?? '', /403/);
    assert.equal(report.courses.find((c) => c.courseId === DEMO)!.ok, true, 'the published example parses and syncs');
    assert.deepEqual(sync.failedCourses().map((f) => f.courseId), [A]);
    // The earlier structure of A stays as it was.
    assert.ok(Number((await rows<{ n: number }>(`SELECT count() AS n FROM course_blocks FINAL WHERE course_id = {c:String}`, { c: A }))[0]!.n) > 0);

    // A 503 then an answer: retried with backoff within the same sync.
    lms.refuseCourse(A, 503, 1);
    const before = lms.requests.length;
    const retried = await sync.run({ courses: [A] });
    assert.equal(retried.ok, true, JSON.stringify(retried));
    assert.ok(lms.requests.slice(before).filter((r) => r.includes('/api/courses/v2/blocks/')).length >= 2, 'blocks asked again');
    assert.deepEqual(sync.failedCourses(), []);
  });

  it('due courses: never synced, overview modified since, or synced by an older format; not all again on a restart', async () => {
    const t = (s: string) => formatLakeTime(new Date(s));
    const overview = (id: string, modified: string) => ({ course_id: id, display_name: id, org: 'OrgS', created: t(modified), modified: t(modified), synced_at: t(modified) });
    await lake.client.insert({ table: 'lms_course_overviews', values: [overview(A, '2026-03-01T00:00:00Z'), overview(DEMO, '2026-03-01T00:00:00Z')], format: 'JSONEachRow' });
    assert.deepEqual((await sync.dueCourses()).map((c) => c.courseId), [A, DEMO]);
    await sync.run();
    assert.deepEqual(await sync.dueCourses(), []);
    await lake.client.insert({ table: 'lms_course_overviews', values: [overview(A, '2026-03-02T00:00:00Z')], format: 'JSONEachRow' });
    assert.deepEqual((await sync.dueCourses()).map((c) => c.courseId), [A]);
    assert.equal((await sync.dueCourses({ all: true })).length, 2);
    await sync.run();
    // A restart (a new StructureSync on the same lake) asks the LMS for nothing it has.
    const restarted = new StructureSync(lake, { lmsUrl: lms.url, clientId: lms.clientId, clientSecret: lms.clientSecret, backoffMs: 50 });
    const before = lms.requests.length;
    assert.equal((await restarted.run()).courses.length, 0);
    assert.equal(lms.requests.length, before);
    // A course synced before the format was kept with the meta value (the overview's modified alone) is due once.
    await setMeta(lake, `lms.structure.${DEMO}`, t('2026-03-01T00:00:00Z'));
    assert.deepEqual((await restarted.dueCourses()).map((c) => c.courseId), [DEMO]);
  });

  it('a course of 10,000 blocks', async () => {
    const big = bigCourse();
    assert.ok(Object.keys(big.blocks).length >= 10_000);
    lms.setCourse(big);
    const report = await sync.run({ courses: [BIG] });
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.courses[0]!.blocks, Object.keys(big.blocks).length - 1);
    assert.deepEqual(await rows<{ n: number }>(`SELECT count() AS n FROM block_schedule FINAL WHERE course_id = {c:String} AND block_type = 'sequential' AND graded = 1`, { c: BIG }), [{ n: 100 }]);
  });

  it('lookout lms sync-structure --course: progress per course, exit status', async () => {
    const env = { ...process.env, LOOKOUT_DATA_DIR: mkdtempSync(join(tmpdir(), 'lookout-structure-cli-')), LOG_LEVEL: 'error', LMS_URL: lms.url, LMS_API_CLIENT_ID: lms.clientId, LMS_API_CLIENT_SECRET: lms.clientSecret };
    const cli = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/lookout.js', 'lms', 'sync-structure', ...args], { env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const ok = await cli('--course', A);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /1 of 1 course structures synced/);
    assert.match(ok.stderr, new RegExp(`\\[#+\\] 1/1  ${A.replace(/[+]/g, '\\+')} \\(15 blocks\\)`));
    lms.refuseCourse(A, 403);
    const refused = await cli('--course', A);
    lms.refuseCourse(A, undefined);
    assert.equal(refused.status, 1);
    assert.match(refused.stdout, /0 of 1 course structures synced/);
    assert.match(refused.stdout, /failed: .*403/);
  });

  it('the token endpoint refusing the client is an error, not a crash', async () => {
    const api = new LmsApi({ lmsUrl: lms.url, clientId: lms.clientId, clientSecret: 'wrong', attempts: 1 });
    await assert.rejects(api.courseStructure(A), /401/);
  });
});
