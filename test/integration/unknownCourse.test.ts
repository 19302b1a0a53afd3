import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, postLines, startTestLookout, tokenFor } from '../helpers';
import { activityLines } from '../support/derivedAgreement';

const known = 'course-v1:Test+Known+1';

describe('status codes of course routes', () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let token = '';
  before(async () => {
    lookout = await startTestLookout();
    token = await tokenFor(lookout);
    assert.equal((await postLines(lookout.url, activityLines(known, 0, 2, new Date(Date.now() - 60_000)))).status, 200);
  });
  after(() => lookout.close());

  const status = async (path: string) => (await fetch(`${lookout.url}${path}`, { headers: bearer(token) })).status;
  const routes = ['live', 'at-risk', 'at-risk.csv', 'dashboard'];

  it('answers 404 for an unknown course on every course route', async () => {
    for (const route of routes) assert.equal(await status(`/api/courses/${encodeURIComponent('course-v1:No+Such+1')}/${route}`), 404, route);
  });

  it('answers 400 for an over-long course id', async () => {
    for (const route of routes) assert.equal(await status(`/api/courses/${'x'.repeat(300)}/${route}`), 400, route);
  });

  it('answers 200 for a known course', async () => {
    for (const route of routes) assert.equal(await status(`/api/courses/${encodeURIComponent(known)}/${route}`), 200, route);
  });
});
