/**
 * Attack: reading what an anonymous caller should not (the LMS or ClickHouse host and user in
 * /api/health's error texts), and course ids longer than the LMS allows (255 characters) that
 * reach the lake's statements.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { startTestLookout, tokenFor, bearer } from '../helpers';
import { LmsSync } from '../../server/lms/sync';

let lookout: Awaited<ReturnType<typeof startTestLookout>>;
let admin: string;
// An LMS database that cannot be reached: its error names the host and the user.
const LMS_MYSQL_URL = 'mysql://lms_reader:secret@127.0.0.1:1/edxapp';

before(async () => {
  lookout = await startTestLookout({ LMS_MYSQL_URL, LMS_SYNC_INTERVAL_MS: '60000' });
  admin = await tokenFor(lookout);
  await (lookout.lms as LmsSync).runOnce();
});
after(() => lookout.close());

describe('what anonymous callers read', () => {
  it('/api/health: states and counters for anyone, error texts (hosts, users) for admins only', async () => {
    const anonymous = await (await fetch(`${lookout.url}/api/health`)).json();
    assert.equal(anonymous.lms.ok, false);
    assert.equal(anonymous.lms.error, undefined);
    const text = JSON.stringify(anonymous);
    assert.ok(!text.includes('lms_reader') && !text.includes('127.0.0.1:1'), text);
    const full = await (await fetch(`${lookout.url}/api/health`, { headers: bearer(admin) })).json();
    assert.match(full.lms.error, /unreachable/);
  });

  it('a course id over 255 characters is a 400 on every route (the socket refuses it too)', async () => {
    const long = `course-v1:Org+${'x'.repeat(250)}+Run`;
    for (const path of [`/api/courses/${encodeURIComponent(long)}/live`, `/api/courses/${encodeURIComponent(long)}/at-risk`, `/api/courses/${encodeURIComponent(long)}/dashboard`, `/courses/${encodeURIComponent(long)}`]) {
      const res = await fetch(lookout.url + path, { headers: bearer(admin) });
      assert.equal(res.status, 400, path.slice(0, 40));
      assert.match((await res.json()).error, /255/);
    }
    const socket = io(lookout.url, { transports: ['websocket'], reconnection: false, auth: { token: admin } });
    const refused = await new Promise<{ error: string }>((resolve) => {
      socket.on('connect', () => socket.emit('subscribe', { room: `course:${long}` }));
      socket.on('subscribe_error', resolve);
    });
    socket.close();
    assert.match(refused.error, /unknown room/, 'the socket already refused them (lib/live/protocol.ts)');
  });
});
