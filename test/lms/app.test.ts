/** The server starts the LMS sync when LMS_MYSQL_URL is set, and stops it on close. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { startTestLookout, waitFor } from '../helpers';
import { courseDisplayName } from '../../lib/courses';
import { LMS_DDL, lmsInsert } from './fixtures';

const DB = `lookout_lms_app_${randomBytes(4).toString('hex')}`;
const COURSE = 'course-v1:OrgY+APP1+2026';
let conn: mysql.Connection;

describe('LMS sync in the server', { timeout: 60_000 }, () => {
  before(async () => {
    conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', multipleStatements: true });
    await conn.query(`CREATE DATABASE ${DB}; USE ${DB};`);
    await conn.query(LMS_DDL);
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await lmsInsert(conn, 'course_overviews_courseoverview', [{ created: now, modified: now, id: COURSE, display_name: 'Synced Course', org: 'OrgY' }]);
  });
  after(async () => {
    await conn?.query(`DROP DATABASE IF EXISTS ${DB}`);
    await conn?.end();
  });

  it('without LMS_MYSQL_URL there is no sync', async () => {
    const lookout = await startTestLookout();
    try {
      assert.equal(lookout.lms, undefined);
      assert.equal((await (await fetch(`${lookout.url}/api/health`)).json()).lms, undefined);
    } finally {
      await lookout.close();
    }
  });

  it('with LMS_MYSQL_URL the first sync runs at start, in the background, and stops on close', async () => {
    const lookout = await startTestLookout({ LMS_MYSQL_URL: `mysql://root@127.0.0.1:3306/${DB}`, LMS_SYNC_INTERVAL_MS: '1000' });
    try {
      assert.ok(lookout.lms);
      const report = await waitFor(() => lookout.lms!.lastReport, 20_000, 'first LMS sync');
      assert.equal(report.ok, true, JSON.stringify(report.tables.filter((t) => t.error)));
      assert.equal(await courseDisplayName(lookout.lake, COURSE), 'Synced Course');
      const health = await (await fetch(`${lookout.url}/api/health`)).json();
      assert.deepEqual([health.lms.ok, health.lms.failedTables], [true, []]);
    } finally {
      await lookout.close();
    }
  });
});
