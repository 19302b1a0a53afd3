/** The header's list of pages: each role gets the links authorize() lets it open, and a landing page. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { courseOfPath, landingPath, navLinks } from '../../lib/nav/sitePages';
import { NO_ROLES, type Principal, type Roles } from '../../lib/auth/principal';

const C = 'course-v1:DemoX+Nav101+2026';
const who = (roles: Partial<Roles>): Principal => ({ username: 'u', source: 'session', roles: { ...NO_ROLES, courses: {}, orgs: {}, ...roles } });
const names = (p: Principal, path = '/') => navLinks(p, path).map((l) => l.name);

describe('site pages', () => {
  it('shows each role its own pages, course pages only inside a course', () => {
    assert.deepEqual(names(who({ admin: true })), ['courses', 'support', 'learnerLookup', 'settings', 'exports', 'deadLetters', 'platform', 'alerts', 'notifications']);
    assert.deepEqual(names(who({ support: true })), ['courses', 'support', 'learnerLookup', 'platform', 'notifications']);
    assert.deepEqual(names(who({ globalStaff: true })), ['courses', 'platform', 'notifications']);
    assert.deepEqual(names(who({ courses: { [C]: ['instructor'] } })), ['courses', 'notifications']);
    assert.deepEqual(names(who({ courses: { [C]: ['instructor'] } }), `/courses/${encodeURIComponent(C)}`), ['courses', 'course', 'atRisk', 'notifications']);
    assert.deepEqual(names(who({ courses: { [C]: ['instructor'] } }), '/courses/course-v1%3AOther%2BX%2B1'), ['courses', 'notifications'], 'no link to a course they do not hold');
    assert.deepEqual(names(who({})), ['courses'], 'a learner gets no notifications link: nothing is sent to learners');
  });

  it('links each org the person holds an org-wide role on, and no other', () => {
    const links = navLinks(who({ orgs: { demox: ['staff'], other: ['instructor'] } }), '/');
    assert.deepEqual(links.filter((l) => l.name === 'org').map((l) => [l.href, l.values?.org]), [['/orgs/demox', 'demox'], ['/orgs/other', 'other']]);
    assert.ok(!links.some((l) => l.name === 'platform'), 'org staff do not see the platform');
    assert.ok(!navLinks(who({ courses: { [C]: ['staff'] } }), '/').some((l) => l.name === 'org'), 'a role on one course gives no org page');
  });

  it('builds course links from the path', () => {
    assert.equal(courseOfPath(`/courses/${encodeURIComponent(C)}/at-risk`), C);
    assert.equal(courseOfPath('/courses/%E0%A4%A'), undefined);
    const links = navLinks(who({ globalStaff: true }), `/courses/${encodeURIComponent(C)}`);
    assert.equal(links.find((l) => l.name === 'atRisk')?.href, `/courses/${encodeURIComponent(C)}/at-risk`);
  });

  it('lands each role where it works', () => {
    assert.equal(landingPath(who({ support: true })), '/support');
    assert.equal(landingPath(who({ courses: { [C]: ['staff'] } })), `/courses/${encodeURIComponent(C)}`);
    assert.equal(landingPath(who({ admin: true, support: true })), '/');
    assert.equal(landingPath(who({})), '/');
    assert.equal(landingPath(who({ orgs: { demox: ['staff'] } })), '/orgs/demox');
  });
});
