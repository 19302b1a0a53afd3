/**
 * Attack: an open redirect through the sign-in's `next` (a phishing link that starts on
 * Lookout's own host). Browsers read `\` as `/` and drop tabs and newlines, so `/\host` and
 * `/\t/host` lead away as `//host` does. Only paths of Lookout itself are followed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestLookout } from '../helpers';
import { DEMO_USERS, seedLmsUsers } from '../../server/demo/seedUsers';
import { sameOriginPath } from '../../lib/auth/redirect';

const AWAY = ['//evil.example/', '/\\evil.example', '/\\\\evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example/', 'javascript:alert(1)', '\\/evil.example'];

let lookout: Awaited<ReturnType<typeof startTestLookout>>;
before(async () => {
  lookout = await startTestLookout({ LOOKOUT_DEMO_SIGNIN: '1' });
  await seedLmsUsers(lookout.lake, DEMO_USERS);
});
after(() => lookout.close());

async function signInThenGo(next: string) {
  const res = await fetch(`${lookout.url}/api/demo/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'demo_admin', next }),
  });
  assert.equal(res.status, 303);
  return res.headers.get('location')!;
}

describe('sign-in redirects', () => {
  it('never leads to another host', async () => {
    for (const next of AWAY) {
      const location = await signInThenGo(next);
      assert.equal(new URL(location, lookout.url).origin, new URL(lookout.url).origin, `${JSON.stringify(next)} → ${location}`);
      assert.equal(location, '/', JSON.stringify(next));
    }
  });

  it('keeps paths of Lookout itself, with their query', async () => {
    assert.equal(await signInThenGo('/courses/course-v1%3AA%2BB%2BC?from=2026-11-16&to=2026-11-23'), '/courses/course-v1%3AA%2BB%2BC?from=2026-11-16&to=2026-11-23');
    assert.equal(sameOriginPath('/admin/settings#x'), '/admin/settings#x');
    assert.equal(sameOriginPath(undefined), '/');
  });
});
