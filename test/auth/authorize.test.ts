import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorize, visibleCourseIds, type Action } from '../../lib/auth/authorize';
import { orgOfCourse } from '../../lib/auth/courseKey';
import { rolesFromRows, type AccessRoleRow, type Principal } from '../../lib/auth/principal';

const A = 'course-v1:OrgA+CS101+2026';
const A2 = 'course-v1:OrgA+CS102+2026';
const B = 'course-v1:OrgB+BIO1+2026';
const OLD = 'OrgB/Old/2012';

function who(rows: AccessRoleRow[], flags: { is_staff?: boolean; is_superuser?: boolean } = {}): Principal {
  return { username: 'u', source: 'api-token', roles: rolesFromRows({ is_staff: !!flags.is_staff, is_superuser: !!flags.is_superuser }, rows) };
}
const row = (role: string, course_id = '', org = ''): AccessRoleRow => ({ role, course_id, org });

const people: Record<string, Principal> = {
  admin: who([], { is_superuser: true, is_staff: true }),
  globalStaff: who([], { is_staff: true }),
  support: who([row('support')]),
  instructorA: who([row('instructor', A, 'OrgA')]),
  staffA: who([row('staff', A, 'OrgA')]),
  limitedA: who([row('limited_staff', A, 'OrgA')]),
  orgStaffB: who([row('staff', '', 'orgb')]),
  orgInstructorA: who([row('instructor', '', 'OrgA')]),
  betaA: who([row('beta_testers', A, 'OrgA')]),
  ccxA: who([row('ccx_coach', A, 'OrgA'), row('data_researcher', A, 'OrgA')]),
  learner: who([]),
  courseScopedSupport: who([row('support', A, 'OrgA')]),
};

// Expected: per person, per action, the courses allowed (or true/false for course-less actions).
const Y = [A, A2, B, OLD];
const expected: Record<string, Partial<Record<Action, string[] | boolean>>> = {
  admin: { 'course:view': Y, 'course:pii': Y, 'course:export': Y, 'export:all': true, admin: true },
  globalStaff: { 'course:view': Y, 'course:pii': [], 'course:export': Y, 'export:all': false, admin: false },
  support: { 'course:view': Y, 'course:pii': Y, 'course:export': Y, 'export:all': true, admin: false },
  instructorA: { 'course:view': [A], 'course:pii': [A], 'course:export': [A], 'export:all': false, admin: false },
  staffA: { 'course:view': [A], 'course:pii': [], 'course:export': [A], 'export:all': false, admin: false },
  limitedA: { 'course:view': [A], 'course:pii': [], 'course:export': [], 'export:all': false, admin: false },
  orgStaffB: { 'course:view': [B, OLD], 'course:pii': [], 'course:export': [B, OLD], 'export:all': false, admin: false },
  orgInstructorA: { 'course:view': [A, A2], 'course:pii': [A, A2], 'course:export': [A, A2], 'export:all': false, admin: false },
  betaA: { 'course:view': [], 'course:pii': [], 'course:export': [], 'export:all': false, admin: false },
  ccxA: { 'course:view': [], 'course:pii': [], 'course:export': [], 'export:all': false, admin: false },
  learner: { 'course:view': [], 'course:pii': [], 'course:export': [], 'export:all': false, admin: false },
  courseScopedSupport: { 'course:view': [], 'course:pii': [], 'course:export': [], 'export:all': false, admin: false },
};

describe('authorize: every role against every action and course', () => {
  for (const [name, principal] of Object.entries(people)) {
    it(name, () => {
      for (const [action, want] of Object.entries(expected[name]!) as Array<[Action, string[] | boolean]>) {
        if (typeof want === 'boolean') {
          const d = authorize(principal, action);
          assert.equal(d.allowed, want, `${name} ${action}`);
          if (!d.allowed) assert.equal(d.status, 403);
          continue;
        }
        const got = Y.filter((courseId) => authorize(principal, action, { courseId }).allowed);
        assert.deepEqual(got, want, `${name} ${action}`);
      }
      assert.deepEqual(visibleCourseIds(principal, Y), expected[name]!['course:view']);
    });
  }

  it('refuses a missing principal with 401 and a reason', () => {
    for (const action of ['course:view', 'admin'] as Action[]) {
      const d = authorize(undefined, action, { courseId: A });
      assert.equal(d.allowed, false);
      assert.equal(!d.allowed && d.status, 401);
      assert.match(!d.allowed ? d.reason : '', /sign in/);
    }
  });

  it('gives every refusal a reason naming the course', () => {
    const d = authorize(people.staffA, 'course:view', { courseId: B });
    assert.ok(!d.allowed && d.status === 403 && d.reason.includes(B));
  });

  it('follows LOOKOUT_PII_ROLES', () => {
    assert.equal(authorize(people.staffA, 'course:pii', { courseId: A, piiRoles: ['staff'] }).allowed, true);
    assert.equal(authorize(people.instructorA, 'course:pii', { courseId: A, piiRoles: [] }).allowed, false);
    assert.equal(authorize(people.admin, 'course:pii', { courseId: A, piiRoles: ['instructor'] }).allowed, false);
    assert.equal(authorize(people.globalStaff, 'course:pii', { courseId: B, piiRoles: ['global_staff'] }).allowed, true);
    // PII never goes beyond view: staff on A with the staff role allowed PII still gets none on B.
    assert.equal(authorize(people.staffA, 'course:pii', { courseId: B, piiRoles: ['staff'] }).allowed, false);
  });

  it('needs a course id for course actions', () => {
    for (const p of [people.admin!, people.instructorA!]) {
      const d = authorize(p, 'course:view');
      assert.ok(!d.allowed && d.status === 403 && /needs a course id/.test(d.reason));
    }
  });
});

// Institutional views (issue 21): per person, whether the platform is allowed and which orgs each org action allows.
const ORGS = ['OrgA', 'orgb', 'OrgC'];
const institution: Record<string, { platform: boolean; view: string[]; export: string[]; pii: string[] }> = {
  admin: { platform: true, view: ORGS, export: ORGS, pii: ORGS },
  globalStaff: { platform: true, view: ORGS, export: ORGS, pii: [] },
  support: { platform: true, view: ORGS, export: ORGS, pii: ORGS },
  instructorA: { platform: false, view: [], export: [], pii: [] },
  staffA: { platform: false, view: [], export: [], pii: [] },
  limitedA: { platform: false, view: [], export: [], pii: [] },
  orgStaffB: { platform: false, view: ['orgb'], export: ['orgb'], pii: [] },
  orgInstructorA: { platform: false, view: ['OrgA'], export: ['OrgA'], pii: ['OrgA'] },
  betaA: { platform: false, view: [], export: [], pii: [] },
  ccxA: { platform: false, view: [], export: [], pii: [] },
  learner: { platform: false, view: [], export: [], pii: [] },
  courseScopedSupport: { platform: false, view: [], export: [], pii: [] },
};

describe('authorize: the platform and org views for every role', () => {
  for (const [name, principal] of Object.entries(people)) {
    it(name, () => {
      const want = institution[name]!;
      assert.equal(authorize(principal, 'platform:view').allowed, want.platform, `${name} platform:view`);
      for (const [action, orgs] of [['org:view', want.view], ['org:export', want.export], ['org:pii', want.pii]] as const) {
        assert.deepEqual(ORGS.filter((org) => authorize(principal, action, { org }).allowed), orgs, `${name} ${action}`);
      }
    });
  }

  it('compares orgs without case, as the LMS org-wide roles', () => {
    assert.equal(authorize(people.orgStaffB, 'org:view', { org: 'OrgB' }).allowed, true);
    assert.equal(authorize(people.orgInstructorA, 'org:view', { org: 'orga' }).allowed, true);
  });

  it('needs an org for org actions, and refuses course staff with a reason', () => {
    const d = authorize(people.admin, 'org:view');
    assert.ok(!d.allowed && /needs an org/.test(d.reason));
    const e = authorize(people.instructorA, 'org:view', { org: 'OrgA' });
    assert.ok(!e.allowed && e.status === 403 && e.reason.includes('OrgA'));
    const p = authorize(people.staffA, 'platform:view');
    assert.ok(!p.allowed && p.status === 403);
  });
});

describe('orgOfCourse', () => {
  it('reads new and old course keys', () => {
    assert.equal(orgOfCourse(A), 'OrgA');
    assert.equal(orgOfCourse(OLD), 'OrgB');
    assert.equal(orgOfCourse('library-v1:OrgA+Lib'), undefined);
    assert.equal(orgOfCourse('nonsense'), undefined);
  });
});
