/**
 * The LMS sync against the machine's real MariaDB (127.0.0.1:3306, root, no password) as the
 * LMS database, into a real chDB lake: first copy, incremental changes (update, insert,
 * delete, deactivate), full refresh, a broken source table, an unreachable LMS.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { getMeta } from '../../lib/lake/meta';
import { LmsSync, type SyncReport } from '../../server/lms/sync';
import { testDataDir } from '../helpers';
import { LMS_DDL, LMS_DDL_MYSQL8, lmsInsert } from './fixtures';

const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const DB = `lookout_lms_test_${randomBytes(4).toString('hex')}`;
const URL_ = `mysql://root@127.0.0.1:3306/${DB}`;
const C1 = 'course-v1:OrgX+CS101+2026';
const C2 = 'course-v1:OrgX+CS102+2026';
const T0 = '2026-01-10 08:00:00.123456';
const XAPI_1 = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const XAPI_2 = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

let conn: mysql.Connection;
let lake: Lake;
let sync: LmsSync;

async function q<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const r = await lake.client.query({ query: sql, format: 'JSONEachRow' });
  // UInt64 comes as a number from chDB and as a string from ClickHouse server: compare as text.
  const rows = await r.json<Record<string, unknown>>();
  for (const row of rows) for (const k of ['id', 'user_id']) if (typeof row[k] === 'number') row[k] = String(row[k]);
  return rows as T[];
}
async function count(sql: string): Promise<number> {
  const [row] = await q<{ n: string | number }>(sql);
  return Number(row!.n);
}
function table(report: SyncReport, name: string) {
  const t = report.tables.find((x) => x.table === name);
  assert.ok(t, `no report for ${name}`);
  return t;
}
function now6(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString().replace('T', ' ').replace('Z', '');
}
async function history(enrollmentId: number, type: '+' | '~' | '-', at = now6()) {
  await conn.query(
    `INSERT INTO student_courseenrollment_history
       (id, course_id, created, is_active, mode, history_date, history_type, user_id)
     SELECT id, course_id, created, is_active, mode, ?, ?, user_id FROM student_courseenrollment WHERE id = ?`,
    [at, type, enrollmentId],
  );
}

describe('LMS sync (MariaDB → chDB)', { timeout: 60_000 }, () => {
  before(async () => {
    conn = await mysql.createConnection({ ...MYSQL, multipleStatements: true });
    await conn.query(`CREATE DATABASE ${DB}`);
    await conn.query(`USE ${DB}`);
    await conn.query(LMS_DDL);
    await conn.query(
      `INSERT INTO auth_user (id, password, username, email, first_name, last_name, is_staff, is_superuser, is_active, date_joined, last_login) VALUES
        (1, '!', 'alice', 'alice@example.com', 'Alice', 'A', 0, 0, 1, '2025-09-01 10:00:00.000001', '2026-01-09 12:00:00'),
        (2, '!', 'bob', 'bob@example.com', 'Bob', 'B', 0, 0, 1, '2025-09-02 10:00:00', NULL),
        (3, '!', 'carol', 'carol@example.com', 'Carol', 'C', 0, 0, 1, '2025-09-03 10:00:00', NULL),
        (4, '!', 'dave', 'dave@example.com', 'Dave', 'D', 1, 1, 1, '2025-09-04 10:00:00', NULL)`,
    );
    await lmsInsert(conn, 'auth_userprofile', [
      { user_id: 1, name: 'Alice A', gender: 'f', level_of_education: 'b', year_of_birth: 1990, country: 'FR' },
      { user_id: 2, name: 'Bob B', gender: 'm', level_of_education: null, year_of_birth: null, country: null },
    ]);
    await conn.query(
      `INSERT INTO student_courseenrollment (id, user_id, course_id, mode, is_active, created) VALUES
        (1, 1, '${C1}', 'audit', 1, '2025-10-01 09:00:00'), (2, 2, '${C1}', 'verified', 1, '2025-10-02 09:00:00'),
        (3, 3, '${C1}', 'honor', 1, '2025-10-03 09:00:00')`,
    );
    for (const id of [1, 2, 3]) await history(id, '+', '2025-10-03 09:00:00');
    await lmsInsert(conn, 'grades_persistentcoursegrade', [
      { created: T0, modified: T0, user_id: 1, course_id: C1, percent_grade: 0.5, letter_grade: '', passed_timestamp: null },
      { created: T0, modified: T0, user_id: 2, course_id: C1, percent_grade: 0.8, letter_grade: 'Pass', passed_timestamp: '2026-01-05 10:00:00' },
    ]);
    const Q1 = 'block-v1:OrgX+CS101+2026+type@sequential+block@q1';
    await lmsInsert(conn, 'grades_persistentsubsectiongrade', [
      { created: T0, modified: T0, user_id: 1, course_id: C1, usage_key: Q1, earned_all: 1, possible_all: 2, earned_graded: 1, possible_graded: 2, first_attempted: '2026-01-08 10:00:00' },
      { created: T0, modified: T0, user_id: 2, course_id: C1, usage_key: Q1, earned_all: 2, possible_all: 2, earned_graded: 2, possible_graded: 2, first_attempted: null },
    ]);
    await conn.query(
      `INSERT INTO completion_blockcompletion (created, modified, course_key, block_key, block_type, completion, user_id) VALUES
        ('${T0}', '${T0}', '${C1}', 'block-v1:OrgX+CS101+2026+type@video+block@v1', 'video', 1.0, 1),
        ('${T0}', '${T0}', '${C1}', 'block-v1:OrgX+CS101+2026+type@problem+block@p1', 'problem', 0.5, 2)`,
    );
    // Certificates: alice earned one; bob's was never earned (the LMS keeps a notpassing row).
    await lmsInsert(conn, 'certificates_generatedcertificate', [
      { user_id: 1, course_id: C1, status: 'downloadable', mode: 'verified', grade: '0.5', created_date: T0, modified_date: T0 },
      { user_id: 2, course_id: C1, status: 'notpassing', mode: 'audit', grade: '0.3', created_date: T0, modified_date: T0 },
    ]);
    await lmsInsert(conn, 'course_overviews_courseoverview', [
      { created: T0, modified: T0, id: C1, display_name: 'Intro to CS', org: 'OrgX', start: '2026-01-01 00:00:00', end: '2026-06-30 00:00:00', lowest_passing_grade: 0.5 },
      { created: T0, modified: T0, id: C2, display_name: 'Data Structures', org: 'OrgX', start: null, end: null, lowest_passing_grade: null },
    ]);
    await conn.query(
      `INSERT INTO student_courseaccessrole (user_id, org, course_id, role) VALUES
        (3, 'OrgX', '${C1}', 'staff'), (3, 'OrgX', '${C1}', 'instructor'), (4, 'OrgX', '', 'staff')`,
    );
    await conn.query(
      `INSERT INTO learning_sequences_learningcontext (id, created, modified, context_key, title, published_at, published_version) VALUES
        (1, '${T0}', '${T0}', '${C1}', 'Intro to CS', '${T0}', 'v1');
       INSERT INTO learning_sequences_coursecontext (created, modified, learning_context_id, course_visibility, self_paced) VALUES ('${T0}', '${T0}', 1, 'private', 0);
       INSERT INTO learning_sequences_coursesection (id, created, modified, usage_key, title, ordering, hide_from_toc, visible_to_staff_only, course_context_id) VALUES
        (1, '${T0}', '${T0}', 'block-v1:OrgX+CS101+2026+type@chapter+block@s1', 'Week 1', 0, 0, 0, 1),
        (2, '${T0}', '${T0}', 'block-v1:OrgX+CS101+2026+type@chapter+block@s2', 'Week 2', 1, 0, 0, 1);
       INSERT INTO learning_sequences_learningsequence (id, created, modified, usage_key, title, learning_context_id) VALUES
        (1, '${T0}', '${T0}', 'block-v1:OrgX+CS101+2026+type@sequential+block@q1', 'Quiz 1', 1),
        (2, '${T0}', '${T0}', 'block-v1:OrgX+CS101+2026+type@sequential+block@q2', 'Reading', 1),
        (3, '${T0}', '${T0}', 'block-v1:OrgX+CS101+2026+type@sequential+block@q3', 'Quiz 2', 1);
       INSERT INTO learning_sequences_coursesectionsequence (created, modified, ordering, hide_from_toc, visible_to_staff_only, inaccessible_after_due, course_context_id, section_id, sequence_id) VALUES
        ('${T0}', '${T0}', 0, 0, 0, 0, 1, 1, 1), ('${T0}', '${T0}', 1, 0, 0, 0, 1, 1, 2), ('${T0}', '${T0}', 2, 0, 0, 1, 1, 2, 3);`,
    );
    await conn.query(
      `INSERT INTO external_user_ids_externalidtype (id, created, modified, name, description) VALUES
        (1, '${T0}', '${T0}', 'xapi', 'xAPI'), (2, '${T0}', '${T0}', 'lti', 'LTI');
       INSERT INTO external_user_ids_externalid (created, modified, external_user_id, external_id_type_id, user_id) VALUES
        ('${T0}', '${T0}', '${XAPI_1}', 1, 1), ('${T0}', '${T0}', '${XAPI_2}', 1, 2), ('${T0}', '${T0}', 'ffffffffffffffffffffffffffffffff', 2, 1);`,
    );

    lake = await openLake({ dataDir: testDataDir(), database: 'lookout_lms_test' });
    await migrate(lake);
    // fullRefreshEvery high: after the first run only the incremental paths run unless asked.
    sync = new LmsSync(lake, URL_, { fullRefreshEvery: 1000, overlapMs: 30_000 });
  });

  after(async () => {
    await sync?.stop();
    await conn?.query(`DROP DATABASE IF EXISTS ${DB}`);
    await conn?.end();
  });

  it('first run copies every table into the lake (root with an empty password)', async () => {
    const report = await sync.runOnce();
    assert.equal(report.full, true);
    assert.deepEqual(report.tables.filter((t) => t.error), [], 'no table errors');
    assert.equal(report.ok, true);
    assert.equal(table(report, 'lms_users').rows, 4);
    assert.equal(table(report, 'lms_course_access_roles').rows, 3);

    const alice = (await q(`SELECT * FROM lms_users FINAL WHERE id = 1`))[0]!;
    assert.equal(alice.username, 'alice');
    assert.equal(alice.email, 'alice@example.com');
    assert.equal(alice.date_joined, '2025-09-01 10:00:00.000001');
    assert.equal(alice.last_login, '2026-01-09 12:00:00.000000');
    assert.equal(Number((await q(`SELECT is_superuser FROM lms_users FINAL WHERE id = 4`))[0]!.is_superuser), 1);

    assert.deepEqual(
      await q(`SELECT user_id, name, gender, level_of_education, year_of_birth, country FROM lms_profiles FINAL ORDER BY user_id`),
      [
        { user_id: '1', name: 'Alice A', gender: 'f', level_of_education: 'b', year_of_birth: 1990, country: 'FR' },
        { user_id: '2', name: 'Bob B', gender: 'm', level_of_education: '', year_of_birth: null, country: '' },
      ],
    );
    assert.equal(await count(`SELECT count() AS n FROM lms_enrollments FINAL WHERE course_id = '${C1}' AND is_active = 1`), 3);
    assert.deepEqual(
      await q(`SELECT user_id, percent_grade, letter_grade, passed_timestamp, modified FROM lms_course_grades FINAL ORDER BY user_id`),
      [
        { user_id: '1', percent_grade: 0.5, letter_grade: '', passed_timestamp: null, modified: T0 },
        { user_id: '2', percent_grade: 0.8, letter_grade: 'Pass', passed_timestamp: '2026-01-05 10:00:00.000000', modified: T0 },
      ],
    );
    assert.equal(await count(`SELECT count() AS n FROM lms_subsection_grades FINAL`), 2);
    assert.equal(await count(`SELECT count() AS n FROM lms_block_completion FINAL WHERE block_type = 'video' AND completion = 1`), 1);
    const overview = (await q(`SELECT * FROM lms_course_overviews FINAL WHERE course_id = '${C1}'`))[0]!;
    assert.equal(overview.display_name, 'Intro to CS');
    assert.equal(overview.org, 'OrgX');
    assert.equal(overview.start, '2026-01-01 00:00:00.000000');
    assert.equal(overview.lowest_passing_grade, 0.5);
    // The existing `courses` table (course names on the current pages) is filled too.
    assert.deepEqual(await q(`SELECT course_id, argMax(display_name, updated_at) AS name FROM courses GROUP BY course_id ORDER BY course_id`), [
      { course_id: C1, name: 'Intro to CS' },
      { course_id: C2, name: 'Data Structures' },
    ]);
    assert.deepEqual(await q(`SELECT user_id, org, course_id, role FROM lms_course_access_roles FINAL ORDER BY user_id, role`), [
      { user_id: '3', org: 'OrgX', course_id: C1, role: 'instructor' },
      { user_id: '3', org: 'OrgX', course_id: C1, role: 'staff' },
      { user_id: '4', org: 'OrgX', course_id: '', role: 'staff' },
    ]);
    assert.deepEqual(await q(`SELECT usage_key, title, ordering FROM lms_course_sections FINAL WHERE course_id = '${C1}' ORDER BY ordering`), [
      { usage_key: 'block-v1:OrgX+CS101+2026+type@chapter+block@s1', title: 'Week 1', ordering: 0 },
      { usage_key: 'block-v1:OrgX+CS101+2026+type@chapter+block@s2', title: 'Week 2', ordering: 1 },
    ]);
    assert.deepEqual(
      await q(`SELECT title, ordering, section_key, inaccessible_after_due FROM lms_course_sequences FINAL ORDER BY ordering`),
      [
        { title: 'Quiz 1', ordering: 0, section_key: 'block-v1:OrgX+CS101+2026+type@chapter+block@s1', inaccessible_after_due: 0 },
        { title: 'Reading', ordering: 1, section_key: 'block-v1:OrgX+CS101+2026+type@chapter+block@s1', inaccessible_after_due: 0 },
        { title: 'Quiz 2', ordering: 2, section_key: 'block-v1:OrgX+CS101+2026+type@chapter+block@s2', inaccessible_after_due: 1 },
      ],
    );
    // xAPI actors: only type 'xapi', dashed lower-case UUIDs as event-routing-backends sends them.
    assert.deepEqual(await q(`SELECT actor_id, user_id, username FROM xapi_actors FINAL ORDER BY user_id`), [
      { actor_id: 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90', user_id: '1', username: 'alice' },
      { actor_id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', user_id: '2', username: 'bob' },
    ]);
    assert.equal(await getMeta(lake, 'lms.watermark.lms_course_grades'), T0);
    assert.deepEqual(await q(`SELECT course_id, user_id, status, mode, grade, created, modified FROM lms_certificates FINAL ORDER BY user_id`), [
      { course_id: C1, user_id: '1', status: 'downloadable', mode: 'verified', grade: '0.5', created: T0, modified: T0 },
      { course_id: C1, user_id: '2', status: 'notpassing', mode: 'audit', grade: '0.3', created: T0, modified: T0 },
    ]);
    assert.equal(await getMeta(lake, 'lms.watermark.lms_certificates'), T0);
  });

  it('a second run copies only what changed and the lake shows exactly the new state', async () => {
    const t = now6();
    // A grade recalculated; a late-committed subsection grade older than the watermark (inside the overlap).
    await conn.query(`UPDATE grades_persistentcoursegrade SET percent_grade = 0.9, letter_grade = 'Pass', modified = ? WHERE user_id = 1`, [t]);
    await conn.query(
      `INSERT INTO grades_persistentsubsectiongrade (created, modified, user_id, course_id, usage_key, earned_all, possible_all, earned_graded, possible_graded, course_version, visible_blocks_hash)
       VALUES ('${T0}', '2026-01-10 07:59:59.000000', 3, '${C1}', 'block-v1:OrgX+CS101+2026+type@sequential+block@q1', 0, 2, 0, 2, '', 'aGFzaA==')`,
    );
    await conn.query(`UPDATE completion_blockcompletion SET completion = 1.0, modified = ? WHERE user_id = 2`, [t]);
    // alice's certificate revoked (GeneratedCertificate.invalidate(): status unavailable, grade ''); bob earns his; carol's is new.
    await conn.query(`UPDATE certificates_generatedcertificate SET status = 'unavailable', grade = '', modified_date = ? WHERE user_id = 1`, [t]);
    await conn.query(`UPDATE certificates_generatedcertificate SET status = 'downloadable', grade = '0.8', modified_date = ? WHERE user_id = 2`, [t]);
    await lmsInsert(conn, 'certificates_generatedcertificate', [{ user_id: 3, course_id: C2, status: 'downloadable', created_date: t, modified_date: t }]);
    // A new user, profile and enrollment; an enrollment deactivated (Django's save() writes the history row).
    await lmsInsert(conn, 'auth_user', [{ id: 5, username: 'erin', email: 'erin@example.com', date_joined: t }]);
    await lmsInsert(conn, 'auth_userprofile', [{ user_id: 5, name: 'Erin E', country: 'DE' }]);
    await conn.query(`INSERT INTO student_courseenrollment (id, user_id, course_id, mode, is_active, created) VALUES (4, 5, '${C2}', 'audit', 1, ?)`, [t]);
    await history(4, '+');
    await conn.query(`UPDATE student_courseenrollment SET is_active = 0 WHERE id = 1`);
    await history(1, '~');
    // A staff role removed; a course renamed; the outline republished (section 2 gone, a new section 3).
    await conn.query(`DELETE FROM student_courseaccessrole WHERE user_id = 3 AND role = 'instructor'`);
    await conn.query(`UPDATE course_overviews_courseoverview SET display_name = 'Intro to Computer Science', modified = ? WHERE id = '${C1}'`, [t]);
    await conn.query(
      `DELETE FROM learning_sequences_coursesectionsequence WHERE course_context_id = 1;
       DELETE FROM learning_sequences_coursesection WHERE course_context_id = 1;
       DELETE FROM learning_sequences_learningsequence WHERE id = 3;
       INSERT INTO learning_sequences_coursesection (id, created, modified, usage_key, title, ordering, hide_from_toc, visible_to_staff_only, course_context_id) VALUES
        (3, '${t}', '${t}', 'block-v1:OrgX+CS101+2026+type@chapter+block@s1', 'Week 1: Basics', 0, 0, 0, 1),
        (4, '${t}', '${t}', 'block-v1:OrgX+CS101+2026+type@chapter+block@s3', 'Week 3', 1, 0, 0, 1);
       INSERT INTO learning_sequences_coursesectionsequence (created, modified, ordering, hide_from_toc, visible_to_staff_only, inaccessible_after_due, course_context_id, section_id, sequence_id) VALUES
        ('${t}', '${t}', 0, 0, 0, 0, 1, 3, 1), ('${t}', '${t}', 1, 0, 0, 0, 1, 4, 2);
       UPDATE learning_sequences_learningcontext SET modified = '${t}', published_version = 'v2' WHERE id = 1;`,
    );
    await conn.query(
      `INSERT INTO external_user_ids_externalid (created, modified, external_user_id, external_id_type_id, user_id) VALUES (?, ?, '5555aaaa55554aaa9555aaaa5555aaaa', 1, 5)`,
      [t, t],
    );

    const report = await sync.runOnce();
    assert.equal(report.full, false);
    assert.deepEqual(report.tables.filter((x) => x.error), []);
    // Incremental: unchanged rows are not copied again, except those inside the overlap
    // before the watermark (here the rows at T0 itself, plus the late one).
    assert.equal(table(report, 'lms_users').rows, 1);
    assert.equal(table(report, 'lms_course_grades').rows, 2);
    assert.equal(table(report, 'lms_subsection_grades').rows, 3);
    assert.equal(table(report, 'lms_course_access_roles').deleted, 1);

    assert.deepEqual(await q(`SELECT user_id, percent_grade, letter_grade FROM lms_course_grades FINAL ORDER BY user_id`), [
      { user_id: '1', percent_grade: 0.9, letter_grade: 'Pass' },
      { user_id: '2', percent_grade: 0.8, letter_grade: 'Pass' },
    ]);
    assert.equal(await count(`SELECT count() AS n FROM lms_subsection_grades FINAL`), 3, 'late row inside the overlap copied');
    assert.equal(await count(`SELECT count() AS n FROM lms_block_completion FINAL WHERE completion = 1`), 2);
    assert.equal(await count(`SELECT count() AS n FROM lms_block_completion FINAL`), 2);
    assert.deepEqual(await q(`SELECT course_id, user_id, status FROM lms_certificates FINAL ORDER BY user_id`), [
      { course_id: C1, user_id: '1', status: 'unavailable' },
      { course_id: C1, user_id: '2', status: 'downloadable' },
      { course_id: C2, user_id: '3', status: 'downloadable' },
    ]);
    assert.equal(table(report, 'lms_certificates').rows, 3);
    assert.deepEqual(await q(`SELECT id, username FROM lms_users FINAL ORDER BY id`).then((r) => r.map((x) => x.username)), [
      'alice', 'bob', 'carol', 'dave', 'erin',
    ]);
    assert.equal((await q(`SELECT country FROM lms_profiles FINAL WHERE user_id = 5`))[0]!.country, 'DE');
    assert.deepEqual(await q(`SELECT course_id, user_id, mode, is_active FROM lms_enrollments FINAL ORDER BY course_id, user_id`), [
      { course_id: C1, user_id: '1', mode: 'audit', is_active: 0 },
      { course_id: C1, user_id: '2', mode: 'verified', is_active: 1 },
      { course_id: C1, user_id: '3', mode: 'honor', is_active: 1 },
      { course_id: C2, user_id: '5', mode: 'audit', is_active: 1 },
    ]);
    assert.deepEqual(await q(`SELECT user_id, course_id, role FROM lms_course_access_roles FINAL ORDER BY user_id, role`), [
      { user_id: '3', course_id: C1, role: 'staff' },
      { user_id: '4', course_id: '', role: 'staff' },
    ]);
    assert.equal(
      (await q(`SELECT argMax(display_name, updated_at) AS name FROM courses WHERE course_id = '${C1}'`))[0]!.name,
      'Intro to Computer Science',
    );
    assert.deepEqual(await q(`SELECT title, ordering FROM lms_course_sections FINAL WHERE course_id = '${C1}' ORDER BY ordering`), [
      { title: 'Week 1: Basics', ordering: 0 },
      { title: 'Week 3', ordering: 1 },
    ]);
    assert.deepEqual(await q(`SELECT title, ordering, section_key FROM lms_course_sequences FINAL ORDER BY ordering`), [
      { title: 'Quiz 1', ordering: 0, section_key: 'block-v1:OrgX+CS101+2026+type@chapter+block@s1' },
      { title: 'Reading', ordering: 1, section_key: 'block-v1:OrgX+CS101+2026+type@chapter+block@s3' },
    ]);
    assert.deepEqual(await q(`SELECT actor_id, username FROM xapi_actors FINAL WHERE user_id = 5`), [
      { actor_id: '5555aaaa-5555-4aaa-9555-aaaa5555aaaa', username: 'erin' },
    ]);

    // No duplicates anywhere: FINAL counts = distinct keys.
    for (const [tbl, key] of [
      ['lms_users', 'id'],
      ['lms_enrollments', 'course_id, user_id'],
      ['lms_course_grades', 'course_id, user_id'],
      ['lms_subsection_grades', 'course_id, user_id, usage_key'],
      ['lms_block_completion', 'course_key, user_id, block_key'],
      ['lms_certificates', 'course_id, user_id'],
      ['lms_course_overviews', 'course_id'],
      ['lms_course_access_roles', 'user_id, org, course_id, role'],
      ['lms_course_sections', 'course_id, usage_key'],
    ] as const) {
      const [r] = await q<{ n: string; k: string }>(`SELECT count() AS n, uniqExact(${key}) AS k FROM ${tbl} FINAL`);
      assert.equal(r!.n, r!.k, `duplicates in ${tbl}`);
    }

    // A third run with no changes writes nothing new outside the overlap window.
    const quiet = await sync.runOnce();
    assert.equal(quiet.ok, true);
    assert.equal(table(quiet, 'lms_users').rows, 0);
    assert.equal(table(quiet, 'lms_course_access_roles').deleted, 0);
    assert.equal(await count(`SELECT count() AS n FROM lms_course_grades FINAL`), 2);
  });

  it('an xAPI actor copied before its user gets the username once the user arrives', async () => {
    // The LMS writes the user first; a sync between the two reads can still see only the id.
    const t = now6();
    await conn.query(
      `INSERT INTO external_user_ids_externalid (created, modified, external_user_id, external_id_type_id, user_id) VALUES (?, ?, '66666666666646669666666666666666', 1, 6)`,
      [t, t],
    );
    await sync.runOnce();
    assert.deepEqual(await q(`SELECT user_id, username FROM xapi_actors FINAL WHERE actor_id = '66666666-6666-4666-9666-666666666666'`), [
      { user_id: '6', username: '' },
    ]);
    await lmsInsert(conn, 'auth_user', [{ id: 6, username: 'frank', email: 'frank@example.com', date_joined: t }]);
    await sync.runOnce();
    assert.deepEqual(await q(`SELECT user_id, username FROM xapi_actors FINAL WHERE actor_id = '66666666-6666-4666-9666-666666666666'`), [
      { user_id: '6', username: 'frank' },
    ]);
  });

  it("auth_user's access columns follow on every run: deactivation, demotion and renames (not only at the full refresh)", async () => {
    await conn.query(`UPDATE auth_user SET is_active = 0 WHERE id = 2`);
    await conn.query(`UPDATE auth_user SET is_superuser = 0, is_staff = 0 WHERE id = 4`);
    await conn.query(`UPDATE auth_user SET username = 'carol_renamed' WHERE id = 3`);
    const report = await sync.runOnce();
    assert.equal(report.full, false);
    assert.equal(table(report, 'lms_users').rows, 3, 'only the changed users get a new row');
    assert.deepEqual(await q(`SELECT id, username, email, is_active, is_staff, is_superuser FROM lms_users FINAL WHERE id IN (2, 3, 4) ORDER BY id`), [
      { id: '2', username: 'bob', email: 'bob@example.com', is_active: 0, is_staff: 0, is_superuser: 0 },
      { id: '3', username: 'carol_renamed', email: 'carol@example.com', is_active: 1, is_staff: 0, is_superuser: 0 },
      { id: '4', username: 'dave', email: 'dave@example.com', is_active: 1, is_staff: 0, is_superuser: 0 },
    ]);
    const again = await sync.runOnce();
    assert.equal(table(again, 'lms_users').rows, 0, 'nothing changed: nothing written');
    await conn.query(`UPDATE auth_user SET is_active = 1 WHERE id = 2`);
    await conn.query(`UPDATE auth_user SET username = 'carol' WHERE id = 3`);
  });

  it('a full refresh brings changes without a modified column and deletes', async () => {
    await conn.query(`UPDATE auth_user SET email = 'alice@new.example.com', last_login = '2026-02-01 08:00:00' WHERE id = 1`);
    await conn.query(`DELETE FROM auth_user WHERE id = 4`);
    // queryset.update(): no history row, only the full refresh sees it.
    await conn.query(`UPDATE student_courseenrollment SET mode = 'verified' WHERE id = 3`);
    await conn.query(`DELETE FROM course_overviews_courseoverview WHERE id = '${C2}'`);

    const report = await sync.runOnce({ full: true });
    assert.equal(report.ok, true, JSON.stringify(report.tables.filter((t) => t.error)));
    assert.equal(table(report, 'lms_users').deleted, 1);
    assert.equal((await q(`SELECT email FROM lms_users FINAL WHERE id = 1`))[0]!.email, 'alice@new.example.com');
    assert.equal(await count(`SELECT count() AS n FROM lms_users FINAL WHERE id = 4`), 0);
    assert.equal(await count(`SELECT count() AS n FROM lms_users FINAL`), 5);
    assert.equal((await q(`SELECT mode FROM lms_enrollments FINAL WHERE user_id = 3`))[0]!.mode, 'verified');
    assert.deepEqual(await q(`SELECT course_id FROM lms_course_overviews FINAL`), [{ course_id: C1 }]);
    // Outline and grades untouched by the refresh.
    assert.equal(await count(`SELECT count() AS n FROM lms_course_sections FINAL`), 2);
    assert.equal(await count(`SELECT count() AS n FROM lms_course_grades FINAL`), 2);
  });

  it('per-learner due dates (edx_when) become lms_due_extensions; a removed one goes on a full run', async () => {
    const t = now6();
    const Q1 = 'block-v1:OrgX+CS101+2026+type@sequential+block@q1';
    await lmsInsert(conn, 'edx_when_datepolicy', [
      { id: 1, abs_date: '2026-02-01 23:59:00', rel_date: null },
      { id: 2, abs_date: null, rel_date: 7 * 86_400_000_000 }, // a self-paced (relative) date: needs the learner's schedule
    ]);
    await lmsInsert(conn, 'edx_when_contentdate', [
      { id: 1, course_id: C1, location: Q1, field: 'due', policy_id: 1, block_type: 'sequential' },
      { id: 2, course_id: C1, location: Q1, field: 'start', policy_id: 1, block_type: 'sequential' },
      { id: 3, course_id: C1, location: 'block-v1:OrgX+CS101+2026+type@sequential+block@q3', field: 'due', policy_id: 2, block_type: 'sequential' },
    ]);
    await lmsInsert(conn, 'edx_when_userdate', [
      { created: t, modified: t, user_id: 1, content_date_id: 1, abs_date: '2026-02-08 23:59:00', rel_date: null, reason: 'illness' },
      { created: t, modified: t, user_id: 2, content_date_id: 1, abs_date: null, rel_date: 3 * 86_400_000_000 }, // policy + 3 days
      { created: t, modified: t, user_id: 3, content_date_id: 2, abs_date: '2026-03-01 00:00:00', rel_date: null }, // a start date: ignored
      { created: t, modified: t, user_id: 3, content_date_id: 3, abs_date: null, rel_date: 86_400_000_000 }, // relative policy: not copied
    ]);
    const report = await sync.runOnce();
    assert.equal(table(report, 'lms_due_extensions').error, undefined);
    const extensions = () => q(`SELECT user_id, usage_key, toString(due) AS due FROM lms_due_extensions FINAL ORDER BY user_id`);
    assert.deepEqual(await extensions(), [
      { user_id: '1', usage_key: Q1, due: '2026-02-08 23:59:00.000000' },
      { user_id: '2', usage_key: Q1, due: '2026-02-04 23:59:00.000000' },
    ]);
    // A later override of the same date (edx_when adds a row): the latest wins.
    const later = now6(1000);
    await lmsInsert(conn, 'edx_when_userdate', [{ created: later, modified: later, user_id: 1, content_date_id: 1, abs_date: '2026-02-15 23:59:00', rel_date: null }]);
    await sync.runOnce();
    assert.equal((await extensions())[0]!.due, '2026-02-15 23:59:00.000000');
    // Extensions removed in the LMS disappear on the next full run.
    await conn.query(`DELETE FROM edx_when_userdate WHERE user_id = 2`);
    const full = await sync.runOnce({ full: true });
    assert.equal(table(full, 'lms_due_extensions').deleted, 1);
    assert.deepEqual((await extensions()).map((r) => r.user_id), ['1']);
  });

  it('MySQL 8 (Tutor): external ids are char(32) hex, read as the same dashed actor ids', async () => {
    const db8 = `${DB}_my8`;
    await conn.query(`CREATE DATABASE ${db8}; USE ${db8};`);
    try {
      await conn.query(LMS_DDL_MYSQL8);
      const t = now6();
      await lmsInsert(conn, 'auth_user', [{ id: 7, username: 'grace', email: 'grace@example.com', date_joined: t }]);
      await lmsInsert(conn, 'external_user_ids_externalidtype', [{ id: 1, created: t, modified: t, name: 'xapi', description: 'xAPI' }]);
      await lmsInsert(conn, 'external_user_ids_externalid', [{ created: t, modified: t, external_user_id: 'ABCDEF0123456789abcdef0123456789', external_id_type_id: 1, user_id: 7 }]);
      const report = await new LmsSync(lake, `mysql://root@127.0.0.1:3306/${db8}`).runOnce();
      assert.equal(table(report, 'xapi_actors').error, undefined);
      assert.deepEqual(await q(`SELECT actor_id, username FROM xapi_actors FINAL WHERE user_id = 7`), [
        { actor_id: 'abcdef01-2345-6789-abcd-ef0123456789', username: 'grace' },
      ]);
    } finally {
      await conn.query(`DROP DATABASE IF EXISTS ${db8}; USE ${DB};`);
    }
  });

  it('a broken source table is reported without stopping the others', async () => {
    await conn.query(`DROP TABLE completion_blockcompletion`);
    await conn.query(`ALTER TABLE grades_persistentcoursegrade RENAME COLUMN percent_grade TO percent`);
    await conn.query(`INSERT INTO student_courseaccessrole (user_id, org, course_id, role) VALUES (2, 'OrgX', '${C2}', 'beta_testers')`);

    const report = await sync.runOnce();
    assert.equal(report.ok, false);
    assert.match(table(report, 'lms_block_completion').error ?? '', /completion_blockcompletion missing/);
    assert.ok(table(report, 'lms_course_grades').error, 'grades error reported');
    const failed = report.tables.filter((t) => t.error).map((t) => t.table).sort();
    assert.deepEqual(failed, ['lms_block_completion', 'lms_course_grades']);
    assert.equal(await count(`SELECT count() AS n FROM lms_course_access_roles FINAL WHERE role = 'beta_testers'`), 1);
    assert.equal(sync.lastReport, report);
    // The failed table's data and watermark stay as they were.
    assert.equal(await count(`SELECT count() AS n FROM lms_course_grades FINAL`), 2);
  });

  it('works with a password that needs quoting', async () => {
    const user = `lookout_t_${randomBytes(3).toString('hex')}`;
    const password = `p'w\\d"x;`;
    for (const host of ['127.0.0.1', 'localhost']) {
      await conn.query(`CREATE USER '${user}'@'${host}' IDENTIFIED BY ${conn.escape(password)}`);
      await conn.query(`GRANT SELECT ON ${DB}.* TO '${user}'@'${host}'`);
    }
    try {
      const other = new LmsSync(lake, `mysql://${user}:${encodeURIComponent(password)}@127.0.0.1:3306/${DB}`, { fullRefreshEvery: 1000 });
      const report = await other.runOnce();
      assert.equal(report.error, undefined);
      assert.equal(table(report, 'lms_users').error, undefined);
      assert.equal(table(report, 'lms_course_access_roles').rows, 3);
      // Wrong password: reported, redacted, never thrown.
      const wrong = new LmsSync(lake, `mysql://${user}:${encodeURIComponent('nope' + password)}@127.0.0.1:3306/${DB}`);
      const bad = await wrong.runOnce();
      assert.equal(bad.ok, false);
      assert.match(bad.error ?? '', /unreachable/);
      assert.ok(!JSON.stringify(bad).includes('nope'), 'password not in the report');
    } finally {
      for (const host of ['127.0.0.1', 'localhost']) await conn.query(`DROP USER IF EXISTS '${user}'@'${host}'`);
    }
  });

  it('an unreachable LMS is reported, and start/stop never throw', async () => {
    const down = new LmsSync(lake, `mysql://root@127.0.0.1:1/${DB}`);
    const report = await down.runOnce();
    assert.equal(report.ok, false);
    assert.match(report.error ?? '', /LMS database unreachable/);
    assert.ok(report.tables.length >= 10 && report.tables.every((t) => t.error));
    down.start(1000);
    await new Promise((r) => setTimeout(r, 300));
    await down.stop();
    assert.ok(down.lastReport);
  });
});
