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
    assert.deepEqual(names(who({ admin: true })), ['courses', 'support', 'learnerLookup', 'settings', 'exports', 'deadLetters', 'alerts', 'notifications']);
    assert.deepEqual(names(who({ support: true })), ['courses', 'support', 'learnerLookup', 'notifications']);
    assert.deepEqual(names(who({ courses: { [C]: ['instructor'] } })), ['courses', 'notifications']);
    assert.deepEqual(names(who({ courses: { [C]: ['instructor'] } }), `/courses/${encodeURIComponent(C)}`), ['courses', 'course', 'atRisk', 'notifications']);
    assert.deepEqual(names(who({ courses: { [C]: ['instructor'] } }), '/courses/course-v1%3AOther%2BX%2B1'), ['courses', 'notifications'], 'no link to a course they do not hold');
    assert.deepEqual(names(who({})), ['courses'], 'a learner gets no notifications link: nothing is sent to learners');
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
  });
});
