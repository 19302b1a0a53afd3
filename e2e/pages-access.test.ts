/**
 * The authorization matrix over the pages (Next.js, rendered by the server): every role
 * against the home page, the course page, the embedded tab and the admin page, with the
 * exact allow/deny, no other course's data and nobody's email.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postLines, startTestLookout } from '../test/helpers';
import { videoEvent } from '../lib/demo/tracking';
import { SESSION_COOKIE, writeSession } from '../lib/auth/session';
import { seedLmsUsers, type SeedUser } from '../server/demo/seedUsers';
import { exitWhenStuck } from './browser';

const A = 'course-v1:OrgA+Pages1+2026';
const B = 'course-v1:OrgB+Pages2+2026';

let id = 660000;
const u = (username: string, extra: Partial<SeedUser> = {}): SeedUser => ({ id: ++id, username, email: `${username}@pages.test`, firstName: username, lastName: 'P', ...extra });
const USERS: Record<string, SeedUser> = {
  admin: u('p_admin', { isStaff: true, isSuperuser: true }),
  globalStaff: u('p_global', { isStaff: true }),
  support: u('p_support', { roles: [{ role: 'support' }] }),
  instructorA: u('p_instructor_a', { roles: [{ role: 'instructor', courseId: A }] }),
  limitedA: u('p_limited_a', { roles: [{ role: 'limited_staff', courseId: A }] }),
  orgStaffB: u('p_org_b', { roles: [{ role: 'staff', org: 'OrgB' }] }),
  betaA: u('p_beta_a', { roles: [{ role: 'beta_testers', courseId: A }] }),
  learner: u('p_learner'),
};
const SEES: Record<string, string[]> = {
  admin: [A, B],
  globalStaff: [A, B],
  support: [A, B],
  instructorA: [A],
  limitedA: [A],
  orgStaffB: [B],
  betaA: [],
  learner: [],
};
const emails = Object.values(USERS).map((x) => x.email);

describe('pages: every role against every page', { timeout: 300_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;

  before(async () => {
    lookout = await startTestLookout({}, { web: true, dev: true });
    await seedLmsUsers(lookout.lake, Object.values(USERS));
    const lines = [A, B].map((courseId, i) =>
      videoEvent({ actor: { userId: i + 1, username: `l${i}`, session: `s${i}` }, courseId, time: new Date(), micros: i, action: 'play_video', videoId: 'v', position: 1, duration: 60 }),
    );
    assert.equal((await postLines(lookout.url, lines)).status, 200);
  });
  after(async () => {
    await lookout?.close();
    exitWhenStuck();
  });

  async function page(path: string, cookie?: string) {
    const res = await fetch(lookout.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(180_000) });
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  }
  const course = (c: string) => `/courses/${encodeURIComponent(c)}`;
  const embed = (c: string) => `/embed/courses/${encodeURIComponent(c)}`;

  it('sends a visitor without a session to sign in, and the embedded tab says so', async () => {
    for (const path of ['/', course(A), '/admin/dead-letters']) {
      const res = await page(path);
      assert.equal(res.status, 307, path);
      assert.match(res.location!, /^\/signin\?next=/);
    }
    const tab = await page(embed(A));
    assert.equal(tab.status, 401, 'a refusing page answers with its status (test/security: pages refused with 200 before)');
    assert.match(tab.html, /data-testid="access-denied" data-status="401"/);
    assert.ok(!tab.html.includes('data-testid="active-now"'));
  });

  for (const [who, user] of Object.entries(USERS)) {
    it(`${who}`, async () => {
      const cookie = `${SESSION_COOKIE}=${await writeSession({ username: user.username, userId: user.id, via: 'demo' }, lookout.auth.config.secret)}`;
      const sees = SEES[who]!;
      const home = await page('/', cookie);
      assert.equal(home.status, 200);
      assert.match(home.html, new RegExp(`data-testid="signed-in-as">${user.username}<`));
      for (const c of [A, B]) assert.equal(home.html.includes(c), sees.includes(c), `home lists ${c}`);
      if (sees.length === 0) assert.match(home.html, /data-testid="no-courses"/);

      for (const c of [A, B]) {
        for (const path of [course(c), embed(c)]) {
          const res = await page(path, cookie);
          const allowed = sees.includes(c);
          assert.equal(res.status, allowed ? 200 : 403, `${path} status`);
          assert.equal(res.html.includes('data-testid="course-dashboard"'), allowed, `${path} shown`);
          assert.equal(res.html.includes('data-testid="access-denied"'), !allowed, `${path} refused`);
          assert.ok(!res.html.includes(c === A ? B : A), `${path} carries nothing of the other course`);
        }
      }
      const admin = await page('/admin/dead-letters', cookie);
      assert.equal(admin.status, who === 'admin' ? 200 : 403);
      assert.equal(admin.html.includes('data-testid="dead-letter-counts"'), who === 'admin');
      assert.equal(admin.html.includes('admin only'), who !== 'admin');

      for (const res of [home, admin]) for (const e of emails) assert.ok(!res.html.includes(e), `${e} in a page`);
    });
  }
});
