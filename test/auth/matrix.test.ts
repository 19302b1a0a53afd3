/**
 * The authorization matrix over the real server: every role against every API route and
 * socket room, with the exact allow/deny, no data of another course, no one else's PII;
 * and refused credentials (forged, expired, wrong-issuer, wrong-audience JWTs; unknown or
 * revoked tokens; a forged session cookie).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { postLines, startTestLookout, waitFor } from '../helpers';
import { setThresholds } from '../../lib/risk/thresholds';
import { formatLakeTime } from '../../lib/lake/time';
import { enrollmentActivated, videoEvent } from '../../lib/demo/tracking';
import { createApiToken, revokeApiToken } from '../../lib/auth/apiTokens';
import { writeSession, SESSION_COOKIE } from '../../lib/auth/session';
import { seedLmsUsers, type SeedUser } from '../../server/demo/seedUsers';
import { jwtCookies, lmsKeys, signLmsJwt, type LmsKeys } from '../support/lmsJwt';

const A = 'course-v1:OrgA+CS101+2026';
const B = 'course-v1:OrgB+BIO1+2026';
const LMS = 'http://lms.matrix.test';
const ISSUER = `${LMS}/oauth2`;
const AUDIENCE = 'openedx';

let n = 700000;
const user = (username: string, extra: Partial<SeedUser> = {}): SeedUser => ({
  id: ++n,
  username,
  email: `${username}@people.test`,
  firstName: username,
  lastName: 'Person',
  ...extra,
});

const USERS = {
  admin: user('m_admin', { isStaff: true, isSuperuser: true }),
  globalStaff: user('m_global', { isStaff: true }),
  support: user('m_support', { roles: [{ role: 'support' }] }),
  instructorA: user('m_instructor_a', { roles: [{ role: 'instructor', courseId: A, org: 'OrgA' }] }),
  staffA: user('m_staff_a', { roles: [{ role: 'staff', courseId: A, org: 'OrgA' }] }),
  limitedA: user('m_limited_a', { roles: [{ role: 'limited_staff', courseId: A, org: 'OrgA' }] }),
  orgStaffB: user('m_org_b', { roles: [{ role: 'staff', org: 'OrgB' }] }),
  betaA: user('m_beta_a', { roles: [{ role: 'beta_testers', courseId: A, org: 'OrgA' }] }),
  learner: user('m_learner'),
  inactiveInstructorA: user('m_inactive', { isActive: false, roles: [{ role: 'instructor', courseId: A, org: 'OrgA' }] }),
};
type Who = keyof typeof USERS;

/** What each role may see: courses, and admin routes. */
const EXPECT: Record<Who, { courses: string[]; admin: boolean }> = {
  admin: { courses: [A, B], admin: true },
  globalStaff: { courses: [A, B], admin: false },
  support: { courses: [A, B], admin: false },
  instructorA: { courses: [A], admin: false },
  staffA: { courses: [A], admin: false },
  limitedA: { courses: [A], admin: false },
  orgStaffB: { courses: [B], admin: false },
  betaA: { courses: [], admin: false },
  learner: { courses: [], admin: false },
  inactiveInstructorA: { courses: [], admin: false },
};

const allEmails = Object.values(USERS).map((u) => u.email);

let lookout: Awaited<ReturnType<typeof startTestLookout>>;
let keys: LmsKeys;
const tokens = {} as Record<Who, string>;

function plays(courseId: string, users: number[]) {
  return users.map((u, i) =>
    videoEvent({ actor: { userId: u, username: `learner${u}`, session: `s${u}` }, courseId, time: new Date(), micros: i, action: 'play_video', videoId: 'v', position: 1, duration: 60 }),
  );
}

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(lookout.url + path, { headers });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, text, body: json && text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Subscribes over a real socket; resolves to the snapshot's room or the refusal. */
function trySubscribe(room: string, auth: { token?: string; cookie?: string }): Promise<{ ok: true; text: string } | { ok: false; status?: number; error: string }> {
  return new Promise((resolve) => {
    const socket = io(lookout.url, {
      transports: ['websocket'],
      reconnection: false,
      auth: auth.token ? { token: auth.token } : {},
      // Cookies come from a browser page of Lookout's own origin (test/security/origins.test.ts: others are refused).
      extraHeaders: auth.cookie ? { cookie: auth.cookie, origin: lookout.url } : {},
    });
    const done = (v: Parameters<typeof resolve>[0]) => {
      socket.close();
      resolve(v);
    };
    socket.on('connect_error', (err: Error & { data?: { status?: number } }) => done({ ok: false, status: err.data?.status, error: err.message }));
    socket.on('snapshot', (s) => done({ ok: true, text: JSON.stringify(s) }));
    socket.on('subscribe_error', (e: { error: string; status?: number }) => done({ ok: false, status: e.status, error: e.error }));
    socket.on('connect', () => socket.emit('subscribe', { room }));
  });
}

before(async () => {
  keys = await lmsKeys();
  lookout = await startTestLookout({
    LMS_URL: LMS,
    LMS_JWT_PUBLIC_SIGNING_JWK_SET: JSON.stringify(keys.jwks),
    LOOKOUT_ROLE_SOURCE: 'lake',
    LOOKOUT_ROLE_CACHE_MS: '0',
  });
  await seedLmsUsers(lookout.lake, Object.values(USERS));
  for (const [who, u] of Object.entries(USERS)) tokens[who as Who] = (await createApiToken(lookout.lake, { username: u.username, createdBy: 'test' })).token;
  assert.equal((await postLines(lookout.url, [...plays(A, [1, 2]), ...plays(B, [3]), ...quietLearner(A, QUIET_A), ...quietLearner(B, QUIET_B)])).status, 200);
  await seedLmsUsers(lookout.lake, [QUIET_A, QUIET_B]);
  // Courses of 3 learners: a budget of 100 per 100 puts each on the list (the budget: test/risk/score.test.ts).
  await setThresholds(lookout.lake, { scope: 'global', key: '', values: { flagBudgetPer100: 100 }, actor: 'test setup' });
});

/** A learner enrolled 20 days ago and last active 10 days ago: on the course's at-risk list. */
const QUIET_A = user('m_quiet_a');
const QUIET_B = user('m_quiet_b');
function quietLearner(courseId: string, who: SeedUser): string[] {
  const actor = { userId: who.id, username: who.username, session: `q${who.id}` };
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
  return [
    enrollmentActivated({ actor, courseId, time: daysAgo(20) }),
    videoEvent({ actor, courseId, time: daysAgo(10), action: 'play_video', videoId: 'v', position: 1, duration: 60 }),
  ];
}
after(() => lookout.close());

describe('authorization matrix (API token, LMS JWT cookie and session cookie)', () => {
  for (const who of Object.keys(USERS) as Who[]) {
    const want = EXPECT[who];
    it(`${who}: sees exactly ${want.courses.length ? want.courses.join(', ') : 'nothing'}${want.admin ? ' and the admin routes' : ''}`, async () => {
      const u = USERS[who];
      const jwt = await signLmsJwt(keys, { username: u.username, userId: u.id, email: u.email, administrator: !!u.isStaff, superuser: !!u.isSuperuser }, { issuer: ISSUER, audience: AUDIENCE });
      // Sessions carry the LMS user id (roles follow it, test/security/credentials.test.ts).
      const session = await writeSession({ username: u.username, userId: u.id, via: 'demo' }, lookout.auth.config.secret);
      const credentials: Array<[string, Record<string, string>, { token?: string; cookie?: string }]> = [
        ['token', { authorization: `Bearer ${tokens[who]}` }, { token: tokens[who] }],
        ['jwt cookie', { cookie: jwtCookies(jwt) }, { cookie: jwtCookies(jwt) }],
        ['session', { cookie: `${SESSION_COOKIE}=${session}` }, { cookie: `${SESSION_COOKIE}=${session}` }],
      ];
      for (const [via, headers, socketAuth] of credentials) {
        const me = await get('/api/me', headers);
        assert.equal(me.status, 200, `${via} /api/me`);
        assert.equal(me.body.username, u.username);

        const list = await get('/api/courses', headers);
        assert.equal(list.status, 200, via);
        const ids = (list.body.courses as Array<{ courseId: string }>).map((c) => c.courseId).sort();
        assert.deepEqual(ids, [...want.courses].sort(), `${via} GET /api/courses`);

        for (const courseId of [A, B]) {
          const allowed = want.courses.includes(courseId);
          const other = courseId === A ? B : A;
          const live = await get(`/api/courses/${encodeURIComponent(courseId)}/live`, headers);
          assert.equal(live.status, allowed ? 200 : 403, `${via} live ${courseId}`);
          if (allowed) assert.ok(!live.text.includes(other), 'no data of the other course');
          else assert.match(String(live.body.reason), /no staff role/);

          const sub = await trySubscribe(`course:${courseId}`, socketAuth);
          assert.equal(sub.ok, allowed, `${via} socket ${courseId}: ${JSON.stringify(sub)}`);
          if (sub.ok) assert.ok(!sub.text.includes(other), 'no data of the other course on the socket');
          else assert.equal(sub.status, 403);
        }

        for (const path of ['/api/admin/dead-letters', '/api/admin/tokens']) {
          const res = await get(path, headers);
          assert.equal(res.status, want.admin ? 200 : 403, `${via} ${path}`);
          if (!want.admin) assert.match(String(res.body.reason), /admin only/);
        }

        // No response carries anyone's email but, on /api/me, the caller's own.
        for (const res of [list, await get(`/api/courses/${encodeURIComponent(A)}/live`, headers)]) {
          for (const email of allEmails) assert.ok(!res.text.includes(email), `${via}: ${email} leaked`);
        }
        for (const email of allEmails.filter((e) => e !== u.email)) assert.ok(!me.text.includes(email));
      }
    });
  }
});

/** Per role: the courses whose learners' emails and names it may read, and whose lists it may export. */
const PII_AND_EXPORT: Record<Who, { pii: string[]; exports: string[] }> = {
  admin: { pii: [A, B], exports: [A, B] },
  globalStaff: { pii: [], exports: [A, B] },
  support: { pii: [A, B], exports: [A, B] },
  instructorA: { pii: [A], exports: [A] },
  staffA: { pii: [], exports: [A] },
  limitedA: { pii: [], exports: [] },
  orgStaffB: { pii: [], exports: [B] },
  betaA: { pii: [], exports: [] },
  learner: { pii: [], exports: [] },
  inactiveInstructorA: { pii: [], exports: [] },
};

describe('authorization matrix: dashboards, at-risk lists, exports and early-warning settings', () => {
  const quiet: Record<string, SeedUser> = { [A]: QUIET_A, [B]: QUIET_B };
  for (const who of Object.keys(USERS) as Who[]) {
    const want = { ...EXPECT[who], ...PII_AND_EXPORT[who] };
    it(`${who}: views ${want.courses.join(', ') || 'nothing'}, PII of ${want.pii.join(', ') || 'nothing'}, exports ${want.exports.join(', ') || 'nothing'}`, async () => {
      const headers = { authorization: `Bearer ${tokens[who]}` };
      for (const courseId of [A, B]) {
        const enc = encodeURIComponent(courseId);
        const other = courseId === A ? B : A;
        const sees = want.courses.includes(courseId);
        const pii = want.pii.includes(courseId);
        const exports = want.exports.includes(courseId);

        const dashboard = await get(`/api/courses/${enc}/dashboard`, headers);
        assert.equal(dashboard.status, sees ? 200 : 403, `dashboard ${courseId}: ${dashboard.text.slice(0, 200)}`);
        if (!sees) assert.match(String(dashboard.body.reason), /no staff role/);

        const list = await get(`/api/courses/${enc}/at-risk`, headers);
        assert.equal(list.status, sees ? 200 : 403, `at-risk ${courseId}`);
        if (sees) {
          const learners = list.body.learners as Array<{ username: string; email: string | null; name: string | null }>;
          const row = learners.find((l) => l.username === quiet[courseId]!.username);
          assert.ok(row, `the quiet learner is on ${courseId}'s list`);
          assert.equal(row.email, pii ? quiet[courseId]!.email : null, `email on ${courseId}`);
          assert.equal(row.name !== null, pii, `name on ${courseId}`);
        }

        const csv = await get(`/api/courses/${enc}/at-risk.csv`, headers);
        assert.equal(csv.status, exports ? 200 : 403, `at-risk.csv ${courseId}: ${csv.text.slice(0, 200)}`);
        if (exports) {
          assert.match(csv.text, new RegExp(quiet[courseId]!.username));
          assert.equal(csv.text.includes(quiet[courseId]!.email), pii, `email in the CSV of ${courseId}`);
        }

        for (const res of [dashboard, list, csv]) {
          assert.ok(!res.text.includes(other), `no data of ${other} in ${courseId}'s responses`);
          assert.ok(!res.text.includes(quiet[other]!.username), `no learner of ${other}`);
          for (const email of allEmails) assert.ok(!res.text.includes(email), `${email} leaked`);
        }
      }

      const support = await get('/api/support/at-risk.csv?course=all', headers);
      assert.equal(support.status, want.exports.length > 0 ? 200 : 403, `cross-course export: ${support.text.slice(0, 200)}`);
      for (const courseId of [A, B]) {
        assert.equal(support.text.includes(quiet[courseId]!.username), want.exports.includes(courseId), `cross-course export covers ${courseId}`);
        assert.equal(support.text.includes(quiet[courseId]!.email), want.exports.includes(courseId) && want.pii.includes(courseId), `emails of ${courseId}`);
      }

      for (const path of ['/api/risk/thresholds?scope=global', '/api/risk/thresholds/history', '/api/admin/exports']) {
        const res = await get(path, headers);
        assert.equal(res.status, want.admin ? 200 : 403, path);
      }
      const change = await fetch(`${lookout.url}/api/risk/thresholds`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ scope: 'global', key: '', values: { inactiveRedDays: 15 } }),
      });
      assert.equal(change.status, want.admin ? 200 : 403, 'change a threshold');
    });
  }
});

describe('refused credentials', () => {
  const routes = [
    '/api/me',
    '/api/courses',
    `/api/courses/${encodeURIComponent(A)}/live`,
    `/api/courses/${encodeURIComponent(A)}/dashboard`,
    `/api/courses/${encodeURIComponent(A)}/at-risk`,
    `/api/courses/${encodeURIComponent(A)}/at-risk.csv`,
    '/api/support/at-risk.csv',
    '/api/risk/thresholds',
    '/api/admin/exports',
    '/api/admin/dead-letters',
    '/api/admin/tokens',
  ];

  async function refusedEverywhere(headers: Record<string, string>, socketAuth: { token?: string; cookie?: string }, reason: RegExp) {
    for (const path of routes) {
      const res = await get(path, headers);
      assert.equal(res.status, 401, `${path}: ${res.text}`);
      assert.match(String(res.body.reason), reason, path);
    }
    const sub = await trySubscribe(`course:${A}`, socketAuth);
    assert.equal(sub.ok, false);
    assert.ok(!sub.ok && sub.status === 401 && reason.test(sub.error), JSON.stringify(sub));
  }

  const admin = USERS.admin;
  const claims = { username: admin.username, userId: admin.id, administrator: true, superuser: true };

  it('no credentials', () => refusedEverywhere({}, {}, /sign in/));

  it('a forged JWT (signed by another key with the LMS key id)', async () => {
    const jwt = await signLmsJwt(await lmsKeys(), claims, { issuer: ISSUER, audience: AUDIENCE });
    await refusedEverywhere({ cookie: jwtCookies(jwt) }, { cookie: jwtCookies(jwt) }, /signature/);
  });

  it('an expired JWT', async () => {
    const jwt = await signLmsJwt(keys, claims, { issuer: ISSUER, audience: AUDIENCE, issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresInS: 600 });
    await refusedEverywhere({ cookie: jwtCookies(jwt) }, { cookie: jwtCookies(jwt) }, /"exp"/);
  });

  it('a JWT from another issuer', async () => {
    const jwt = await signLmsJwt(keys, claims, { issuer: 'http://other-lms.test/oauth2', audience: AUDIENCE });
    await refusedEverywhere({ cookie: jwtCookies(jwt) }, { cookie: jwtCookies(jwt) }, /"iss"/);
  });

  it('a JWT for another audience', async () => {
    const jwt = await signLmsJwt(keys, claims, { issuer: ISSUER, audience: 'not-lookout' });
    await refusedEverywhere({ cookie: jwtCookies(jwt) }, { cookie: jwtCookies(jwt) }, /"aud"/);
  });

  it('an unknown API token and a revoked one', async () => {
    await refusedEverywhere({ authorization: 'Bearer lk_0000_not-a-real-token-at-all' }, { token: 'lk_0000_not-a-real-token-at-all' }, /unknown or revoked/);
    const { token, info } = await createApiToken(lookout.lake, { username: admin.username, createdBy: 'test' });
    assert.equal((await get('/api/admin/tokens', { authorization: `Bearer ${token}` })).status, 200);
    assert.equal(await revokeApiToken(lookout.lake, info.id), true);
    lookout.auth.clearCache();
    await refusedEverywhere({ authorization: `Bearer ${token}` }, { token }, /unknown or revoked/);
  });

  it('a session cookie not encrypted with the server secret', async () => {
    const forged = await writeSession({ username: admin.username, via: 'demo' }, 'x'.repeat(40));
    await refusedEverywhere({ cookie: `${SESSION_COOKIE}=${forged}` }, { cookie: `${SESSION_COOKIE}=${forged}` }, /session expired or not valid/);
  });

  it('the ingest token is not an API token', async () => {
    const res = await get('/api/courses', { authorization: `Bearer ${lookout.ingestToken}` });
    assert.equal(res.status, 401);
  });
});

describe('live subscriptions follow the LMS', () => {
  it('leaves a room when the role on its course is removed, and ends the connection of a revoked token', async () => {
    const dropped = user('m_dropped', { roles: [{ role: 'staff', courseId: A, org: 'OrgA' }] });
    await seedLmsUsers(lookout.lake, [dropped]);
    const { token, info } = await createApiToken(lookout.lake, { username: dropped.username, createdBy: 'test' });
    const socket = io(lookout.url, { transports: ['websocket'], reconnection: false, auth: { token } });
    try {
      const errors: Array<{ room: string; status?: number }> = [];
      socket.on('subscribe_error', (e) => errors.push(e));
      await new Promise((resolve) => {
        socket.once('snapshot', resolve);
        socket.emit('subscribe', { room: `course:${A}` });
      });
      // The sync removes the role: a tombstone row, as the LMS sync writes for a deleted role.
      await lookout.lake.client.insert({
        table: 'lms_course_access_roles',
        values: [{ user_id: dropped.id, org: 'OrgA', course_id: A, role: 'staff', id: 1, synced_at: formatLakeTime(new Date(Date.now() + 1000)), is_deleted: 1 }],
        format: 'JSONEachRow',
      });
      await waitFor(() => errors.find((e) => e.room === `course:${A}` && e.status === 403), 10_000, 'the room to be left');

      // Subscribed again as someone with the role, then the token is revoked: disconnected.
      await seedLmsUsers(lookout.lake, [{ ...dropped }], new Date(Date.now() + 2000));
      const again = await new Promise((resolve) => socket.emit('subscribe', { room: `course:${A}` }, resolve));
      assert.deepEqual(again, { ok: true, version: (again as { version: number }).version }, 'the role is back at once');
      const revoked = new Promise<{ reason: string }>((resolve) => socket.once('access_revoked', resolve));
      const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
      await revokeApiToken(lookout.lake, info.id);
      assert.match((await revoked).reason, /revoked/);
      await disconnected;
    } finally {
      socket.close();
    }
  });
});
