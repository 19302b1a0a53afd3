/**
 * Who may see the learners behind a count (GET /api/courses/<id>/learners[.csv]), role by role:
 * the course's staff see usernames; emails and names only for a role that may export and see
 * PII, and then in export_audit; the CSV needs export rights; a learner of the course, the staff
 * of another course and global staff's PII-free view are held to the same rules as the exports.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postLines, startTestLookout, tokenFor, bearer } from '../helpers';
import { enrollmentActivated, videoEvent } from '../../lib/demo/tracking';
import { listExports } from '../../lib/export/audit';
import { parseCsv } from '../../lib/export/csv';
import type { SeedUser } from '../../server/demo/seedUsers';

const A = 'course-v1:OrgA+Learners+2026';
const B = 'course-v1:OrgB+Learners+2026';
const person = (id: number, username: string, extra: Partial<SeedUser> = {}): SeedUser => ({ id, username, email: `${username}@people.test`, firstName: username, lastName: 'P', ...extra });
const LEARNER = person(930001, 'la_learner');
const USERS = {
  admin: person(930010, 'la_admin', { isStaff: true, isSuperuser: true }),
  globalStaff: person(930011, 'la_global', { isStaff: true }),
  support: person(930012, 'la_support', { roles: [{ role: 'support' }] }),
  instructor: person(930013, 'la_instructor', { roles: [{ role: 'instructor', courseId: A }] }),
  staff: person(930014, 'la_staff', { roles: [{ role: 'staff', courseId: A }] }),
  limited: person(930015, 'la_limited', { roles: [{ role: 'limited_staff', courseId: A }] }),
  otherCourse: person(930016, 'la_other', { roles: [{ role: 'instructor', courseId: B }] }),
  learner: LEARNER,
};
// [list status, emails in the list, CSV status]
const EXPECT: Record<keyof typeof USERS, [number, boolean, number]> = {
  admin: [200, true, 200],
  globalStaff: [200, false, 200],
  support: [200, true, 200],
  instructor: [200, true, 200],
  staff: [200, false, 200],
  limited: [200, false, 403],
  otherCourse: [403, false, 403],
  learner: [403, false, 403],
};

let lookout: Awaited<ReturnType<typeof startTestLookout>>;
const tokens: Record<string, string> = {};

before(async () => {
  lookout = await startTestLookout();
  for (const [who, u] of Object.entries(USERS)) tokens[who] = await tokenFor(lookout, u);
  const actor = { userId: LEARNER.id, username: LEARNER.username, session: 'l' };
  const lines = [
    enrollmentActivated({ actor, courseId: A, time: new Date(Date.now() - 5 * 86_400_000) }),
    videoEvent({ actor, courseId: A, time: new Date(Date.now() - 60_000), action: 'play_video', videoId: 'v', position: 1, duration: 60 }),
  ];
  assert.equal((await postLines(lookout.url, lines)).status, 200);
});
after(() => lookout.close());

describe('the learners behind a count, role by role', () => {
  for (const [who, [listStatus, emails, csvStatus]] of Object.entries(EXPECT) as [keyof typeof USERS, [number, boolean, number]][]) {
    it(who, async () => {
      const path = `/api/courses/${encodeURIComponent(A)}/learners`;
      const auditBefore = (await listExports(lookout.lake, { actor: USERS[who].username })).length;
      const list = await fetch(`${lookout.url}${path}?metric=active`, { headers: bearer(tokens[who]!) });
      assert.equal(list.status, listStatus);
      const text = await list.text();
      assert.equal(text.includes(LEARNER.email), emails, 'email in the list');
      if (listStatus === 200) {
        const body = JSON.parse(text) as { rows: { username: string; email: string | null }[]; pii: boolean };
        assert.deepEqual(body.rows.map((r) => r.username), [LEARNER.username]);
        assert.equal(body.pii, emails);
      } else assert.ok(!text.includes(LEARNER.username), 'a refusal names nobody');
      const audit = await listExports(lookout.lake, { actor: USERS[who].username });
      assert.equal(audit.length - auditBefore, emails ? 1 : 0, 'emails shown are recorded as an export');

      const csv = await fetch(`${lookout.url}${path}.csv?metric=active`, { headers: bearer(tokens[who]!) });
      assert.equal(csv.status, csvStatus);
      if (csvStatus === 200) {
        const rows = parseCsv(await csv.text());
        assert.deepEqual(rows[0]!.slice(0, 4), ['user_id', 'username', 'name', 'email']);
        assert.equal(rows[1]![3], emails ? LEARNER.email : '');
      } else await csv.body?.cancel();
    });
  }

  it('refuses a bad metric or window with the reason', async () => {
    const path = `/api/courses/${encodeURIComponent(A)}/learners`;
    for (const [query, reason] of [['metric=everyone', /metric must be one of/], ['metric=grade', /needs an item/], ['metric=grade&item=12', /bin must be/], ['metric=active&from=2026-01-01', /both|neither|from|to/i]] as const) {
      const res = await fetch(`${lookout.url}${path}?${query}`, { headers: bearer(tokens.admin!) });
      assert.equal(res.status, 400, query);
      assert.match(((await res.json()) as { error: string }).error, reason, query);
    }
  });
});
