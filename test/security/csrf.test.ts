/**
 * Attack: a page on another site posts to Lookout with the admin's cookies (a `text/plain`
 * form needs no preflight) and creates an API token in the admin's name, changes thresholds or
 * signs the admin out. Every cookie-signed write must be JSON from Lookout's own origin; an
 * API token (never sent by a browser on its own) is not checked.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestLookout, tokenFor, TEST_ADMIN } from '../helpers';
import { writeSession, SESSION_COOKIE } from '../../lib/auth/session';
import { listApiTokens } from '../../lib/auth/apiTokens';

let lookout: Awaited<ReturnType<typeof startTestLookout>>;
let cookie: string;
let token: string;

before(async () => {
  lookout = await startTestLookout();
  token = await tokenFor(lookout, TEST_ADMIN);
  cookie = `${SESSION_COOKIE}=${await writeSession({ username: TEST_ADMIN.username, userId: TEST_ADMIN.id, via: 'demo' }, lookout.auth.config.secret)}`;
});
after(() => lookout.close());

const send = (path: string, method: string, headers: Record<string, string>, body?: string) =>
  fetch(lookout.url + path, { method, headers: { cookie, ...headers }, body, redirect: 'manual' });

const EVIL = 'http://evil.example';
const tokenBody = JSON.stringify({ username: TEST_ADMIN.username, label: 'stolen' });

describe('cross-site writes with the admin cookie', () => {
  it('POST /api/admin/tokens from another origin (text/plain form) creates nothing', async () => {
    const before = (await listApiTokens(lookout.lake)).length;
    for (const headers of <Record<string, string>[]>[
      { origin: EVIL, 'content-type': 'text/plain' },
      { origin: EVIL, 'content-type': 'application/json' },
      { 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
      { 'content-type': 'text/plain' },
      { origin: 'null', 'content-type': 'text/plain' },
    ]) {
      const res = await send('/api/admin/tokens', 'POST', headers, tokenBody);
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.match((await res.json()).reason, /cross-site|Origin|Sec-Fetch-Site/);
    }
    assert.equal((await listApiTokens(lookout.lake)).length, before, 'no token was created');
  });

  it("refuses a form body even from Lookout's own origin (415), and takes JSON from there", async () => {
    const form = await send('/api/admin/tokens', 'POST', { origin: lookout.url, 'content-type': 'application/x-www-form-urlencoded' }, 'username=x');
    assert.equal(form.status, 415);
    const ok = await send('/api/admin/tokens', 'POST', { origin: lookout.url, 'content-type': 'application/json' }, tokenBody);
    assert.equal(ok.status, 201);
    const sameOrigin = await send('/api/admin/tokens', 'POST', { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, tokenBody);
    assert.equal(sameOrigin.status, 201);
  });

  it('thresholds, token revocation and sign-out refuse another origin', async () => {
    const put = await send('/api/risk/thresholds', 'PUT', { origin: EVIL, 'content-type': 'application/json' }, JSON.stringify({ scope: 'global', key: '', values: { inactiveYellowDays: 9 } }));
    assert.equal(put.status, 403);
    const list = (await listApiTokens(lookout.lake)).filter((t) => !t.revokedAt);
    const del = await send(`/api/admin/tokens/${list[0]!.id}`, 'DELETE', { origin: EVIL });
    assert.equal(del.status, 403);
    assert.equal((await listApiTokens(lookout.lake)).find((t) => t.id === list[0]!.id)?.revokedAt, undefined);
    const out = await send('/api/session/signout', 'POST', { origin: EVIL, 'content-type': 'text/plain' });
    assert.equal(out.status, 403);
    assert.equal(out.headers.get('set-cookie'), null);
    const ownOut = await send('/api/session/signout', 'POST', { origin: lookout.url, 'content-type': 'application/json' }, '{}');
    assert.equal(ownOut.status, 303);
  });

  it('an API token is not a cookie: scripts write without an Origin', async () => {
    const res = await fetch(`${lookout.url}/api/admin/tokens`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: tokenBody });
    assert.equal(res.status, 201);
  });
});
