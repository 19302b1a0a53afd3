import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../lib/config';

const JWKS = JSON.stringify({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'k' }] });

function fails(env: Record<string, string>, pattern: RegExp) {
  assert.throws(() => loadConfig(env), (err: Error) => err instanceof ConfigError && pattern.test(err.message));
}

describe('access configuration', () => {
  it('defaults: demo sign-in on the embedded default without an LMS, PII for admin, support and instructors', () => {
    const c = loadConfig({});
    assert.equal(c.auth.demoSignIn, true);
    assert.deepEqual(c.auth.piiRoles, ['admin', 'support', 'instructor']);
    assert.equal(c.auth.roleSource, 'lake');
    assert.deepEqual(c.auth.embedOrigins, []);
  });

  it('an LMS turns demo sign-in off and sets JWT and embed defaults', () => {
    const c = loadConfig({ LMS_URL: 'https://lms.example.com/', LMS_JWT_PUBLIC_SIGNING_JWK_SET: JWKS, LOOKOUT_DEMO: '1' });
    assert.equal(c.auth.demoSignIn, false);
    assert.equal(c.auth.lmsUrl, 'https://lms.example.com');
    assert.equal(c.auth.jwt?.issuer, 'https://lms.example.com/oauth2');
    assert.equal(c.auth.jwt?.audience, 'openedx');
    assert.deepEqual(c.auth.embedOrigins, ['https://lms.example.com']);
    assert.equal(c.auth.roleSource, 'lms-api');
    assert.equal(loadConfig({ LMS_MYSQL_URL: 'mysql://u:p@db:3306/edxapp' }).auth.demoSignIn, false);
    assert.equal(loadConfig({ CLICKHOUSE_URL: 'http://ch:8123' }).auth.demoSignIn, false, 'not on a real ClickHouse');
  });

  it('reads PII roles and embed origins', () => {
    const c = loadConfig({ LOOKOUT_PII_ROLES: 'staff, support', LOOKOUT_EMBED_ORIGINS: 'https://apps.example.com,https://lms.example.com' });
    assert.deepEqual(c.auth.piiRoles, ['staff', 'support']);
    assert.deepEqual(c.auth.embedOrigins, ['https://apps.example.com', 'https://lms.example.com']);
    assert.deepEqual(loadConfig({ LOOKOUT_PII_ROLES: 'none' }).auth.piiRoles, []);
  });

  it('names the bad variable', () => {
    fails({ LOOKOUT_PII_ROLES: 'instructor,teacher' }, /LOOKOUT_PII_ROLES=.*comma-separated list/);
    fails({ LOOKOUT_EMBED_ORIGINS: 'https://lms.example.com/path' }, /LOOKOUT_EMBED_ORIGINS=.*origins/);
    fails({ LMS_URL: 'lms.example.com' }, /LMS_URL=.*http/);
    fails({ LMS_URL: 'https://lms', LMS_JWT_PUBLIC_SIGNING_JWK_SET: '{"keys": []}' }, /LMS_JWT_PUBLIC_SIGNING_JWK_SET=.*Key Set/);
    fails({ LMS_URL: 'https://lms', LMS_JWT_PUBLIC_SIGNING_JWK_SET: 'not json' }, /LMS_JWT_PUBLIC_SIGNING_JWK_SET/);
    fails({ LMS_URL: 'https://lms', LMS_OAUTH_CLIENT_ID: 'id' }, /LMS_OAUTH_CLIENT_SECRET.*must be set/);
    fails({ LMS_OAUTH_CLIENT_ID: 'id', LMS_OAUTH_CLIENT_SECRET: 's' }, /LMS_URL.*must be set/);
    fails({ LMS_URL: 'https://lms', LOOKOUT_DEMO_SIGNIN: '1' }, /LOOKOUT_DEMO_SIGNIN.*never available when an LMS is configured/);
    fails({ LOOKOUT_AUTH_SECRET: 'short' }, /LOOKOUT_AUTH_SECRET=.*32/);
    fails({ LOOKOUT_ROLE_SOURCE: 'mysql' }, /LOOKOUT_ROLE_SOURCE=.*lake or lms-api/);
  });

  it('an empty LMS_URL is an error, not "no LMS" (which would turn the demo on)', () => {
    fails({ LMS_URL: '' }, /LMS_URL="": must be a URL/);
    fails({ LMS_URL: '  ' }, /LMS_URL="": must be a URL/);
  });

  it('LMS_URL without an LMS database seeds no demo course into the lake', () => {
    assert.equal(loadConfig({ LMS_URL: 'https://lms.example.com' }).demo, false);
    assert.equal(loadConfig({}).demo, true);
  });

  it('demo sign-in listens on loopback only, unless HOST is set', () => {
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(loadConfig({ LMS_URL: 'https://lms.example.com' }).host, '0.0.0.0');
  });
});
