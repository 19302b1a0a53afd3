import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EMBED_BASE, learnerPath, unnamedLearner } from '../../lib/embed/paths';

const courseId = 'course-v1:Org+Run+2026';

describe("a learner page's path", () => {
  it('names the learner by username, encoded, on the site and in the tab', () => {
    assert.equal(learnerPath('', courseId, { username: 'ana.b@x', userId: 7 }), '/courses/course-v1%3AOrg%2BRun%2B2026/learners/ana.b%40x');
    assert.equal(learnerPath(EMBED_BASE, courseId, { username: 'ana', userId: 7 }), '/embed/courses/course-v1%3AOrg%2BRun%2B2026/learners/ana');
  });

  it('uses the id when the learner has no username', () => {
    assert.match(learnerPath('', courseId, { username: unnamedLearner(7), userId: 7 }), /\/learners\/7$/);
    assert.match(learnerPath('', courseId, { username: '', userId: 7 }), /\/learners\/7$/);
  });

  it('uses the id when the username is all digits, which the page would read as an id', () => {
    assert.match(learnerPath('', courseId, { username: '42', userId: 7 }), /\/learners\/7$/);
  });
});
