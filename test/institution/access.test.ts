import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { bearer, postLines, startTestLookout, subscribe, tokenFor, waitFor, waitForAsync } from '../helpers';
import { enrollmentActivated, videoEvent, type Actor } from '../../lib/demo/tracking';
import { seedLmsUsers, type SeedUser } from '../../server/demo/seedUsers';
import type { InstitutionNow } from '../../lib/institution/live';
import type { SubscribeError } from '../../lib/live/protocol';
import { listExports } from '../../lib/export/audit';
import { parseCsv } from '../../lib/export/csv';

const A1 = 'course-v1:OrgA+C1+2026';
const B1 = 'course-v1:OrgB+C1+2026';
const learner = (id: number): Actor => ({ userId: id, username: `learner${id}`, session: `s${id}` });
const plays = (courseId: string, users: number[]) =>
  users.map((u, i) => videoEvent({ actor: learner(u), courseId, time: new Date(), micros: i, action: 'play_video', videoId: 'v1', position: i, duration: 100 }));

const user = (id: number, username: string, extra: Partial<SeedUser> = {}): SeedUser => ({ id, username, email: `${username}@test.lookout`, firstName: username, lastName: 'T', ...extra });
/** Every kind of LMS user the access section names. */
const USERS = {
  admin: user(870001, 'i_admin', { isStaff: true, isSuperuser: true }),
  globalStaff: user(870002, 'i_global_staff', { isStaff: true }),
  support: user(870003, 'i_support', { roles: [{ role: 'support' }] }),
  orgInstructorA: user(870004, 'i_org_instructor_a', { roles: [{ role: 'instructor', org: 'OrgA' }] }),
  orgStaffB: user(870005, 'i_org_staff_b', { roles: [{ role: 'staff', org: 'orgb' }] }),
  courseStaffA1: user(870006, 'i_course_staff_a1', { roles: [{ role: 'staff', courseId: A1, org: 'OrgA' }] }),
  learner: user(870007, 'i_learner'),
};
type Who = keyof typeof USERS;

describe('institutional views: access for every role, live rooms (issue 21)', () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  const tokens = {} as Record<Who, string>;

  before(async () => {
    lookout = await startTestLookout();
    for (const who of Object.keys(USERS) as Who[]) tokens[who] = await tokenFor(lookout, USERS[who]);
    await seedLmsUsers(lookout.lake, [user(1, 'learner1')]);
    await postLines(lookout.url, [
      enrollmentActivated({ actor: learner(1), courseId: A1, time: new Date(Date.now() - 60_000) }),
      enrollmentActivated({ actor: learner(2), courseId: B1, time: new Date(Date.now() - 60_000) }),
    ]);
  });
  after(() => lookout.close());

  const status = async (path: string, who?: Who) => (await fetch(`${lookout.url}${path}`, { headers: who ? bearer(tokens[who]) : {} })).status;

  it('lets admins, global staff and support see the platform, nobody else', async () => {
    const got = Object.fromEntries(await Promise.all((Object.keys(USERS) as Who[]).map(async (who) => [who, await status('/api/platform/dashboard', who)])));
    assert.deepEqual(got, { admin: 200, globalStaff: 200, support: 200, orgInstructorA: 403, orgStaffB: 403, courseStaffA1: 403, learner: 403 });
    assert.equal(await status('/api/platform/dashboard'), 401);
    assert.equal(await status('/api/platform/dashboard?from=2026-11-20&to=2026-11-10', 'admin'), 400);
  });

  it("lets org-wide staff see only their org; course staff see no org", async () => {
    const got = Object.fromEntries(await Promise.all((Object.keys(USERS) as Who[]).map(async (who) => [who, [await status('/api/orgs/OrgA/dashboard', who), await status('/api/orgs/OrgB/dashboard', who)]])));
    assert.deepEqual(got, {
      admin: [200, 200],
      globalStaff: [200, 200],
      support: [200, 200],
      orgInstructorA: [200, 403],
      orgStaffB: [403, 200],
      courseStaffA1: [403, 403],
      learner: [403, 403],
    });
    assert.equal(await status('/api/orgs/Org%2FA/dashboard', 'admin'), 400);
  });

  it('answers the org dashboard with the org courses only', async () => {
    const res = await fetch(`${lookout.url}/api/orgs/OrgA/dashboard`, { headers: bearer(tokens.orgInstructorA) });
    const body = await res.json();
    assert.equal(body.org, 'OrgA');
    assert.deepEqual(body.widgets.catalog.courses.map((c: { courseId: string }) => c.courseId), [A1]);
    assert.equal(body.widgets.enrollments.enrolledNow, 1);
  });

  it('exports the org learner list with PII only where allowed, each export audited', async () => {
    const csvOf = async (who: Who) => {
      const res = await fetch(`${lookout.url}/api/orgs/OrgA/learners.csv`, { headers: bearer(tokens[who]) });
      return { status: res.status, rows: res.status === 200 ? parseCsv(await res.text()) : [] };
    };
    // The org's instructor may see PII (LOOKOUT_PII_ROLES default: admin, support, instructor); global staff may export without it.
    const instructor = await csvOf('orgInstructorA');
    assert.equal(instructor.status, 200);
    assert.deepEqual(instructor.rows[0]!.slice(0, 3), ['username', 'name', 'email']);
    assert.deepEqual(instructor.rows.slice(1).map((r) => [r[0], r[2], r[3], r[4]]), [['learner1', 'learner1@test.lookout', '1', A1]]);
    const global = await csvOf('globalStaff');
    assert.equal(global.status, 200);
    assert.deepEqual(global.rows[1]!.slice(1, 3), ['', '']);
    for (const who of ['orgStaffB', 'courseStaffA1', 'learner'] as Who[]) assert.equal((await csvOf(who)).status, 403, who);
    const audit = await listExports(lookout.lake, { courseId: 'org:OrgA' });
    assert.deepEqual(audit.map((a) => [a.actor, a.kind, a.rows, a.pii]).sort(), [
      ['i_global_staff', 'org', 1, false],
      ['i_org_instructor_a', 'org', 1, true],
    ]);
  });

  it('refuses the rooms as the routes do', async () => {
    const refusal = async (room: string, who: Who) => {
      const socket = io(lookout.url, { transports: ['websocket'], reconnection: false, auth: { token: tokens[who] } });
      try {
        return await new Promise<SubscribeError | 'ok'>((resolve) => {
          socket.once('snapshot', () => resolve('ok'));
          socket.once('subscribe_error', resolve);
          socket.emit('subscribe', { room });
        });
      } finally {
        socket.close();
      }
    };
    assert.equal(await refusal('platform', 'support'), 'ok');
    assert.equal(await refusal('org:OrgA', 'orgInstructorA'), 'ok');
    for (const [room, who] of [['platform', 'orgInstructorA'], ['platform', 'courseStaffA1'], ['org:OrgB', 'orgInstructorA'], ['org:OrgA', 'courseStaffA1']] as const) {
      const r = await refusal(room, who);
      assert.ok(r !== 'ok' && r.status === 403, `${who} on ${room}: ${JSON.stringify(r)}`);
    }
  });

  it('pushes the platform and org rooms once per change to every viewer, each with its own courses', async () => {
    const a = await subscribe(lookout.url, 'platform', tokens.admin);
    const b = await subscribe(lookout.url, 'platform', tokens.support);
    const org = await subscribe(lookout.url, 'org:OrgA', tokens.orgInstructorA);
    try {
      assert.deepEqual(Object.keys(a.snapshot.widgets).sort(), ['activeLearners', 'atRiskSummary', 'catalog', 'completion', 'enrollments', 'institutionNow']);
      const recomputes = lookout.engine.stats.recomputes;
      assert.equal((await postLines(lookout.url, [...plays(A1, [1, 3]), ...plays(B1, [2])])).status, 200);
      const now = (u: { widgets: Record<string, unknown> }) => (u.widgets.institutionNow as InstitutionNow | undefined)?.activeNow;
      const seenA = await waitFor(() => a.updates.find((u) => now(u) === 3), 15_000, 'platform update');
      const seenB = await waitFor(() => b.updates.find((u) => now(u) === 3), 15_000, 'second viewer');
      // One computation, sent to both viewers: the same version.
      assert.equal(seenA.version, seenB.version);
      await waitFor(() => org.updates.find((u) => now(u) === 2), 15_000, 'org update (A1 only)');
      // Two rooms changed (platform, org:OrgA): their "right now" passes, not one per viewer.
      assert.ok(lookout.engine.stats.recomputes - recomputes < 20, `recomputes ${lookout.engine.stats.recomputes - recomputes}`);
      // The window widgets follow: the catalog counts this week's learners.
      await waitForAsync(async () => {
        const catalog = [...a.updates].reverse().find((u) => u.widgets.catalog)?.widgets.catalog as { courses: { courseId: string; activeThisWeek: number }[] } | undefined;
        return catalog?.courses.find((c) => c.courseId === A1)?.activeThisWeek === 2;
      }, 20_000, 'catalog update');
    } finally {
      for (const s of [a, b, org]) s.socket.close();
    }
  });
});
