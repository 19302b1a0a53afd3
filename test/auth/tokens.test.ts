import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, startTestLookout, tokenFor, TEST_ADMIN } from '../helpers';
import { hashToken } from '../../lib/auth/apiTokens';
import { queryRows } from '../../lib/lake/query';
import { recentAudit } from '../../lib/auth/audit';

let lookout: Awaited<ReturnType<typeof startTestLookout>>;
let adminToken: string;
let instructorToken: string;

before(async () => {
  lookout = await startTestLookout();
  adminToken = await tokenFor(lookout, TEST_ADMIN);
  instructorToken = await tokenFor(lookout, {
    id: 880002,
    username: 'test_instructor',
    email: 'i@test.lookout',
    firstName: 'I',
    lastName: 'T',
    roles: [{ role: 'instructor', courseId: 'course-v1:T+T+T' }],
  });
});
after(() => lookout.close());

const api = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(lookout.url + path, { ...init, headers: { 'content-type': 'application/json', ...(init.token ? bearer(init.token) : {}) } });

describe('API tokens through the admin API', () => {
  it('an admin issues a token that acts as the user, listed without its value, then revoked', async () => {
    const created = await api('/api/admin/tokens', { method: 'POST', token: adminToken, body: JSON.stringify({ username: 'test_instructor', label: 'nightly export' }) });
    assert.equal(created.status, 201);
    const body = (await created.json()) as { token: string; id: string; username: string };
    assert.match(body.token, /^lk_[0-9a-f]{12}_/);

    const me = await (await api('/api/me', { token: body.token })).json();
    assert.equal(me.username, 'test_instructor');
    assert.deepEqual(me.appRoles, ['course_staff']);

    const list = await (await api('/api/admin/tokens', { token: adminToken })).text();
    assert.ok(list.includes(body.id) && list.includes('nightly export'));
    assert.ok(!list.includes(body.token) && !list.includes(hashToken(body.token)), 'neither the token nor its hash is listed');

    const [stored] = await queryRows<{ token_hash: string }>(lookout.lake, 'SELECT token_hash FROM api_tokens FINAL WHERE id = {id:String}', { id: body.id });
    assert.equal(stored!.token_hash, hashToken(body.token), 'stored hashed');

    assert.equal((await api(`/api/admin/tokens/${body.id}`, { method: 'DELETE', token: adminToken })).status, 204);
    const after = await api('/api/me', { token: body.token });
    assert.equal(after.status, 401);
    assert.match((await after.json()).reason, /revoked/);
    assert.equal((await api(`/api/admin/tokens/${body.id}`, { method: 'DELETE', token: adminToken })).status, 404);

    const audit = await recentAudit(lookout.lake);
    assert.ok(audit.some((a) => a.action === 'token:create' && a.username === TEST_ADMIN.username));
    assert.ok(audit.some((a) => a.action === 'token:revoke' && a.detail === body.id));
  });

  it('refuses non-admins and bad bodies', async () => {
    const refused = await api('/api/admin/tokens', { method: 'POST', token: instructorToken, body: JSON.stringify({ username: 'test_admin' }) });
    assert.equal(refused.status, 403);
    assert.match((await refused.json()).reason, /admin only/);
    assert.equal((await api('/api/admin/tokens', { method: 'POST', body: '{}' })).status, 401);
    const bad = await api('/api/admin/tokens', { method: 'POST', token: adminToken, body: 'not json' });
    assert.equal(bad.status, 400);
    const noUser = await api('/api/admin/tokens', { method: 'POST', token: adminToken, body: '{"username": " "}' });
    assert.equal(noUser.status, 400);
    assert.match((await noUser.json()).error, /username/);
  });
});

describe('lookout token (CLI)', () => {
  it('creates, lists and revokes a token in its own lake', () => {
    const env = { ...process.env, LOOKOUT_DATA_DIR: mkdtempSync(join(tmpdir(), 'lookout-token-cli-')), LOG_LEVEL: 'warn' };
    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/lookout.js', 'token', ...args], { encoding: 'utf8', env });
    const created = cli('create', 'someone', '--label', 'ci');
    assert.equal(created.status, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^lk_[0-9a-f]{12}_[A-Za-z0-9_-]+$/);
    assert.match(created.stderr, /not in the synced LMS users/);
    const id = token.slice(3, 15);
    const listed = cli('list');
    assert.match(listed.stdout, new RegExp(`^${id}\\tsomeone\\tlive\\t`, 'm'));
    assert.ok(!listed.stdout.includes(token));
    assert.equal(cli('revoke', id).status, 0);
    assert.match(cli('list').stdout, new RegExp(`^${id}\\tsomeone\\trevoked`, 'm'));
    assert.equal(cli('revoke', id).status, 1);
  });
});

describe('guardRequest (Next.js route handlers)', () => {
  it('gives the same answers as the server guard', async () => {
    const { guardRequest } = await import('../../lib/auth/route');
    const req = (token?: string) => new Request('http://x/api/y', { headers: token ? bearer(token) : {} });
    const none = await guardRequest(req(), 'course:view', { courseId: 'course-v1:T+T+T' });
    assert.ok('response' in none && none.response.status === 401);
    assert.match((await (none as { response: Response }).response.json()).reason, /sign in/);
    const ok = await guardRequest(req(instructorToken), 'course:view', { courseId: 'course-v1:T+T+T' });
    assert.ok('principal' in ok && ok.principal.username === 'test_instructor');
    const other = await guardRequest(req(instructorToken), 'course:view', { courseId: 'course-v1:U+U+U' });
    assert.ok('response' in other && other.response.status === 403);
    const pii = await guardRequest(req(instructorToken), 'course:pii', { courseId: 'course-v1:T+T+T' });
    assert.ok('principal' in pii, 'instructors see PII by default');
    const admin = await guardRequest(req(instructorToken), 'admin');
    assert.ok('response' in admin && admin.response.status === 403);
  });
});
