/** Demo sign-in (embedded default without an LMS only) and roles from the LMS courses API. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestLookout } from '../helpers';
import { DEMO_USERS, seedLmsUsers } from '../../server/demo/seedUsers';
import { DEMO_COURSE_ID } from '../../lib/demo/course';
import { rolesFromLmsApi } from '../../lib/auth/lmsApiRoles';
import { signLmsJwt } from '../support/lmsJwt';
import { startTestLms, type TestLms } from '../support/testLms';

let lookout: Awaited<ReturnType<typeof startTestLookout>>;

before(async () => {
  lookout = await startTestLookout({ LOOKOUT_DEMO_SIGNIN: '1' });
  await seedLmsUsers(lookout.lake, DEMO_USERS);
  // A course the lake knows (/live answers 404 for one it does not).
  await lookout.lake.client.insert({ table: 'courses', values: [{ course_id: DEMO_COURSE_ID, display_name: 'Demo', org: 'LookoutX' }], format: 'JSONEachRow' });
});
after(() => lookout.close());

async function signIn(username: string) {
  const res = await fetch(`${lookout.url}/api/demo/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, next: '/courses/x' }),
  });
  return { status: res.status, location: res.headers.get('location'), cookie: res.headers.get('set-cookie')?.split(';')[0], res };
}

describe('demo sign-in', () => {
  it('signs each demo user in, with the roles the LMS tables give them', async () => {
    const expected: Record<string, { roles: string[]; courses: boolean; admin: boolean }> = {
      demo_admin: { roles: ['admin', 'global_staff'], courses: true, admin: true },
      demo_instructor: { roles: ['course_staff'], courses: true, admin: false },
      demo_support: { roles: ['support'], courses: true, admin: false },
      demo_learner: { roles: [], courses: false, admin: false },
      demo_org_staff: { roles: ['org_staff'], courses: true, admin: false },
    };
    for (const u of DEMO_USERS) {
      const r = await signIn(u.username);
      assert.equal(r.status, 303);
      assert.equal(r.location, '/courses/x');
      assert.match(r.res.headers.get('set-cookie')!, /HttpOnly; SameSite=Lax/);
      const headers = { cookie: r.cookie! };
      const me = await (await fetch(`${lookout.url}/api/me`, { headers })).json();
      assert.equal(me.username, u.username);
      assert.deepEqual(me.appRoles, expected[u.username]!.roles);
      const live = await fetch(`${lookout.url}/api/courses/${encodeURIComponent(DEMO_COURSE_ID)}/live`, { headers });
      assert.equal(live.status, expected[u.username]!.courses ? 200 : 403, u.username);
      const admin = await fetch(`${lookout.url}/api/admin/tokens`, { headers });
      assert.equal(admin.status, expected[u.username]!.admin ? 200 : 403, u.username);
    }
  });

  it('refuses users that are not demo users, and open redirects', async () => {
    const r = await signIn('test_admin');
    assert.equal(r.status, 400);
    const res = await fetch(`${lookout.url}/api/demo/signin`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ username: 'demo_admin', next: '//evil.example.com/' }),
    });
    assert.equal(res.headers.get('location'), '/');
  });

  it('signs out', async () => {
    const res = await fetch(`${lookout.url}/api/session/signout`, { method: 'POST', redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.match(res.headers.get('set-cookie')!, /next-auth\.session-token=; .*Max-Age=0/);
  });
});

describe('demo sign-in with an LMS configured', () => {
  it('is never served', async () => {
    // One chDB lake per process: check the configuration rule, then the route's answer on the
    // running server with the setting as an LMS configuration leaves it.
    const { loadConfig } = await import('../../lib/config');
    assert.equal(loadConfig({ LMS_URL: 'http://lms.test', LOOKOUT_DEMO: '1' }).auth.demoSignIn, false);
    const services = (await import('../../lib/services')).getServices();
    const saved = services.config.auth.demoSignIn;
    services.config.auth.demoSignIn = false;
    try {
      const r = await signIn('demo_admin');
      assert.equal(r.status, 404);
      assert.equal(r.cookie, undefined);
    } finally {
      services.config.auth.demoSignIn = saved;
    }
  });
});

describe('roles from the LMS courses API (no LMS database)', () => {
  let lms: TestLms;
  before(async () => {
    lms = await startTestLms({
      pageSize: 2,
      users: [{ id: 5, username: 'pat', email: 'p@x', name: 'Pat', staffCourses: ['c1', 'c2', 'c3', 'c4', 'c5'] }],
    });
  });
  after(() => lms.close());

  it('reads every page', async () => {
    const jwt = await signLmsJwt(lms.keys, { username: 'pat' }, { issuer: lms.issuer, audience: lms.audience });
    const roles = await rolesFromLmsApi(lms.url, { jwt, username: 'pat', isStaff: false, isSuperuser: false });
    assert.deepEqual(Object.keys(roles.courses).sort(), ['c1', 'c2', 'c3', 'c4', 'c5']);
    assert.equal(lms.requests.filter((r) => r.includes('/api/courses/v1/courses/')).length, 3);
    assert.ok(lms.requests.every((r) => !r.includes('/api/courses/') || r.includes('permissions=staff')));
  });

  it('fails loudly when the LMS refuses', async () => {
    await assert.rejects(rolesFromLmsApi(lms.url, { jwt: 'bad', username: 'pat', isStaff: false, isSuperuser: false }), /refused this session's token \(401\): sign in again/);
  });
});
