/**
 * Attack surface of the answers themselves: scripts injected into a page (only scripts with
 * the request's nonce run), plugins and <base> (none), MIME sniffing, referrers leaking course
 * ids to other sites, plain-HTTP downgrades, framing by other sites. Pages are checked in
 * Chromium under the same policy in e2e/security-headers.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestLookout } from '../helpers';

const EMBED = 'https://apps.lms.headers.test';
let lookout: Awaited<ReturnType<typeof startTestLookout>>;

before(async () => {
  lookout = await startTestLookout({ LOOKOUT_EMBED_ORIGINS: EMBED });
});
after(() => lookout.close());

const csp = (res: Response) => Object.fromEntries(res.headers.get('content-security-policy')!.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));

describe('security headers', () => {
  it('a Content-Security-Policy with a fresh script nonce, no plugins, no <base>, no framing', async () => {
    const [a, b] = [await fetch(`${lookout.url}/api/health`), await fetch(`${lookout.url}/courses/x`)];
    const policy = csp(a);
    assert.match(policy['script-src']!, /^'self' 'nonce-[A-Za-z0-9+/]+=*' 'strict-dynamic'$/);
    assert.notEqual(policy['script-src'], csp(b)['script-src'], 'a new nonce per request');
    assert.equal(policy['object-src'], "'none'");
    assert.equal(policy['base-uri'], "'none'");
    assert.equal(policy['frame-ancestors'], "'none'");
    assert.ok(!policy['script-src']!.includes('unsafe'), 'no unsafe-inline or unsafe-eval outside development');
  });

  it('the embed keeps its frame-ancestors allow-list', async () => {
    const res = await fetch(`${lookout.url}/embed/courses/${encodeURIComponent('course-v1:A+B+C')}`);
    assert.equal(csp(res)['frame-ancestors'], EMBED);
  });

  it('nosniff and strict-origin-when-cross-origin on every answer; HSTS only over https', async () => {
    for (const path of ['/api/health', '/api/me', '/courses/x', '/api/ingest/tracking']) {
      const res = await fetch(lookout.url + path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
      assert.equal(res.headers.get('strict-transport-security'), null, `${path} over http`);
    }
    const https = await fetch(`${lookout.url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    assert.match(https.headers.get('strict-transport-security') ?? '', /^max-age=\d{7,}/);
  });
});
