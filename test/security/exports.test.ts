/**
 * Attack: learners' emails leaving through the edges of the exports. An empty selection on
 * /support exported every course with emails; the at-risk JSON gave emails to limited_staff
 * (when LOOKOUT_PII_ROLES lists it) with no audit row. Emails now leave only to roles that may
 * export, and every such answer is in export_audit.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postLines, startTestLookout, tokenFor, bearer } from '../helpers';
import { enrollmentActivated, videoEvent } from '../../lib/demo/tracking';
import { listExports } from '../../lib/export/audit';
import { seedLmsUsers, type SeedUser } from '../../server/demo/seedUsers';
import { setThresholds } from '../../lib/risk/thresholds';

const A = 'course-v1:OrgA+Exports+2026';
const person = (id: number, username: string, extra: Partial<SeedUser> = {}): SeedUser => ({ id, username, email: `${username}@people.test`, firstName: username, lastName: 'P', ...extra });
const QUIET = person(920001, 'exp_quiet');
const INSTRUCTOR = person(920002, 'exp_instructor', { roles: [{ role: 'instructor', courseId: A, org: 'OrgA' }] });
const LIMITED = person(920003, 'exp_limited', { roles: [{ role: 'limited_staff', courseId: A, org: 'OrgA' }] });
const SUPPORT = person(920004, 'exp_support', { roles: [{ role: 'support' }] });

let lookout: Awaited<ReturnType<typeof startTestLookout>>;
const tokens: Record<string, string> = {};

before(async () => {
  // Even where the deployment lists limited_staff among the PII roles.
  lookout = await startTestLookout({ LOOKOUT_PII_ROLES: 'admin,support,instructor,limited_staff' });
  await seedLmsUsers(lookout.lake, [QUIET]);
  // One learner is too few for the flag budget: list whoever a rule flags.
  await setThresholds(lookout.lake, { scope: 'global', key: '', values: { hardAlerts: 2 }, actor: 'test setup' });
  for (const u of [INSTRUCTOR, LIMITED, SUPPORT]) tokens[u.username] = await tokenFor(lookout, u);
  const actor = { userId: QUIET.id, username: QUIET.username, session: 'q' };
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
  const lines = [
    enrollmentActivated({ actor, courseId: A, time: daysAgo(20) }),
    videoEvent({ actor, courseId: A, time: daysAgo(10), action: 'play_video', videoId: 'v', position: 1, duration: 60 }),
  ];
  assert.equal((await postLines(lookout.url, lines)).status, 200);
});
after(() => lookout.close());

const get = (path: string, who: SeedUser) => fetch(lookout.url + path, { headers: bearer(tokens[who.username]!) });

describe('exports of learners’ emails', () => {
  it('an empty selection on /support is a 400, never every course', async () => {
    const none = await get('/api/support/at-risk.csv?rule=&severity=', SUPPORT);
    assert.equal(none.status, 400);
    assert.match((await none.json()).error, /choose the courses/);
    const all = await get('/api/support/at-risk.csv?course=all', SUPPORT);
    assert.equal(all.status, 200);
    assert.match(await all.text(), new RegExp(QUIET.email));
  });

  it('the at-risk JSON gives emails to an instructor, recorded in export_audit', async () => {
    const before = (await listExports(lookout.lake, { actor: INSTRUCTOR.username })).length;
    const res = await get(`/api/courses/${encodeURIComponent(A)}/at-risk`, INSTRUCTOR);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { learners: Array<{ username: string; email: string | null }> };
    assert.equal(body.learners.find((l) => l.username === QUIET.username)?.email, QUIET.email);
    const audit = await listExports(lookout.lake, { actor: INSTRUCTOR.username });
    assert.equal(audit.length, before + 1);
    assert.deepEqual({ kind: audit[0]!.kind, courseId: audit[0]!.courseId, pii: audit[0]!.pii }, { kind: 'api', courseId: A, pii: true });
  });

  it('limited_staff sees the list without emails or names (it may not export), and nothing is recorded', async () => {
    const res = await get(`/api/courses/${encodeURIComponent(A)}/at-risk`, LIMITED);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(text.includes(QUIET.username));
    assert.ok(!text.includes(QUIET.email), 'no email for limited_staff');
    assert.deepEqual(await listExports(lookout.lake, { actor: LIMITED.username }), []);
  });
});
