/**
 * Attacks on a credential's life: a socket outliving the JWT cookie or session that opened it
 * (it kept its roles for ever), and a username taken over by a new account (roles followed the
 * name). A socket ends, or is renewed, with its credential; roles follow the LMS user id.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { postLines, startTestLookout, waitFor } from '../helpers';
import { videoEvent } from '../../lib/demo/tracking';
import { writeSession, SESSION_COOKIE } from '../../lib/auth/session';
import { seedLmsUsers, type SeedUser } from '../../server/demo/seedUsers';
import { createApiToken } from '../../lib/auth/apiTokens';
import { Authenticator } from '../../lib/auth/authenticator';
import { startTestLms, type TestLms } from '../support/testLms';
import { jwtCookies, lmsKeys, signLmsJwt, type LmsKeys } from '../support/lmsJwt';

const A = 'course-v1:OrgA+Cred101+2026';
const LMS = 'http://lms.credentials.test';
const ISSUER = `${LMS}/oauth2`;
const AUDIENCE = 'openedx';

const INSTRUCTOR: SeedUser = { id: 910001, username: 'cred_instructor', email: 'ci@people.test', firstName: 'Cred', lastName: 'Instructor', roles: [{ role: 'instructor', courseId: A, org: 'OrgA' }] };

let lookout: Awaited<ReturnType<typeof startTestLookout>>;
let keys: LmsKeys;

before(async () => {
  keys = await lmsKeys();
  lookout = await startTestLookout({
    LMS_URL: LMS,
    LMS_JWT_PUBLIC_SIGNING_JWK_SET: JSON.stringify(keys.jwks),
    LOOKOUT_ROLE_SOURCE: 'lake',
    LOOKOUT_ROLE_CACHE_MS: '1000',
  });
  await seedLmsUsers(lookout.lake, [INSTRUCTOR]);
  assert.equal((await postLines(lookout.url, [play(1)])).status, 200);
});
after(() => lookout.close());

function play(user: number) {
  return videoEvent({ actor: { userId: user, username: `l${user}`, session: `s${user}` }, courseId: A, time: new Date(), action: 'play_video', videoId: 'v', position: user, duration: 60 });
}

const jwtCookie = async (user: SeedUser, expiresInS: number) =>
  jwtCookies(await signLmsJwt(keys, { username: user.username, userId: user.id, email: user.email }, { issuer: ISSUER, audience: AUDIENCE, expiresInS }));

/** A browser-like socket (cookie + Lookout's Origin) subscribed to course A. */
async function liveSocket(cookie: string) {
  const socket: Socket = io(lookout.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie, origin: lookout.url } });
  const events: Array<[string, unknown]> = [];
  socket.onAny((name: string, payload: unknown) => events.push([name, payload]));
  socket.on('disconnect', (reason) => events.push(['disconnect', reason]));
  socket.on('connect', () => socket.emit('subscribe', { room: `course:${A}` }));
  await waitFor(() => events.some(([n]) => n === 'snapshot'), 15_000, 'snapshot').catch((err) => {
    throw new Error(`${err.message}: ${JSON.stringify(events)}`);
  });
  return { socket, events };
}

describe("a socket lives no longer than the credential that opened it", () => {
  it('an expired LMS JWT cookie ends the socket with credential_expired {reason}, and the old cookie cannot reconnect', async () => {
    const { socket, events } = await liveSocket(await jwtCookie(INSTRUCTOR, 8));
    const expired = await waitFor(() => events.find(([n]) => n === 'credential_expired'), 25_000, 'credential_expired');
    assert.match(String((expired[1] as { reason: string }).reason), /exp/);
    await waitFor(() => events.find(([n, r]) => n === 'disconnect' && r === 'io server disconnect'), 5000, 'server disconnect');
    const refused = new Promise<Error & { data?: { status?: number } }>((resolve) => socket.once('connect_error', resolve));
    socket.connect();
    assert.equal((await refused).data?.status, 401);
    socket.close();
  });

  it('an expired Lookout session ends the socket the same way', async () => {
    const session = await writeSession({ username: INSTRUCTOR.username, userId: INSTRUCTOR.id, via: 'demo' }, lookout.auth.config.secret, 8);
    const { socket, events } = await liveSocket(`${SESSION_COOKIE}=${session}`);
    await waitFor(() => events.find(([n]) => n === 'credential_expired'), 25_000, 'credential_expired');
    socket.close();
  });

  it('re-authenticated with a fresh cookie (as the page does after the LMS refreshed it), the socket keeps receiving updates', async () => {
    const { socket, events } = await liveSocket(await jwtCookie(INSTRUCTOR, 8));
    await waitFor(() => events.find(([n]) => n === 'credential_expired'), 25_000, 'credential_expired');
    await waitFor(() => events.find(([n]) => n === 'disconnect'), 5000, 'disconnect');
    // What components/liveSocket.ts does: reconnect, the handshake carrying the cookie as it is now.
    (socket.io.opts.extraHeaders as Record<string, string>).cookie = await jwtCookie(INSTRUCTOR, 3600);
    const before = events.filter(([n]) => n === 'snapshot').length;
    socket.connect();
    await waitFor(() => events.filter(([n]) => n === 'snapshot').length > before, 15_000, 'a new snapshot');
    const updates = events.filter(([n]) => n === 'update').length;
    assert.equal((await postLines(lookout.url, [play(2)])).status, 200);
    await waitFor(() => events.filter(([n]) => n === 'update').length > updates, 15_000, 'an update after re-authentication');
    socket.close();
  });
});

describe('roles follow the LMS user id, not the username', () => {
  const ORIGINAL: SeedUser = { id: 910020, username: 'taken_name', email: 'orig@people.test', firstName: 'Orig', lastName: 'Inal', roles: [{ role: 'instructor', courseId: A, org: 'OrgA' }] };
  const NEWCOMER: SeedUser = { id: 910021, username: 'taken_name', email: 'new@people.test', firstName: 'New', lastName: 'Comer' };
  const live = (headers: Record<string, string>) => fetch(`${lookout.url}/api/courses/${encodeURIComponent(A)}/live`, { headers }).then((r) => r.status);
  const jwtOf = async (u: SeedUser) => ({ cookie: jwtCookies(await signLmsJwt(keys, { username: u.username, userId: u.id, email: u.email }, { issuer: ISSUER, audience: AUDIENCE })) });
  const sessionOf = async (u: SeedUser) => ({ cookie: `${SESSION_COOKIE}=${await writeSession({ username: u.username, userId: u.id, via: 'demo' }, lookout.auth.config.secret)}` });

  it("a renamed instructor's old username, taken by a new account, reads nothing; the instructor keeps the course", async () => {
    await seedLmsUsers(lookout.lake, [ORIGINAL]);
    // A token issued while the instructor holds the name: bound to their id at first use.
    const token = (await createApiToken(lookout.lake, { username: 'taken_name', createdBy: 'test' })).token;
    assert.equal(await live({ authorization: `Bearer ${token}` }), 200);

    // The LMS renames the instructor and a new account registers the old name; the lake still
    // has the old row (the sync has not run yet).
    assert.equal(await live(await jwtOf(NEWCOMER)), 403, 'the newcomer (JWT) must not read the course');
    assert.equal(await live(await sessionOf(NEWCOMER)), 403, 'the newcomer (session) must not read the course');
    const renamed = { ...ORIGINAL, username: 'new_name' };
    assert.equal(await live(await jwtOf(renamed)), 200, 'the renamed instructor keeps the course');

    // Once synced: the token follows its user, a new token for the name acts as the newcomer.
    await seedLmsUsers(lookout.lake, [renamed, NEWCOMER], new Date(Date.now() + 1000));
    assert.equal(await live({ authorization: `Bearer ${token}` }), 200);
    await new Promise((r) => setTimeout(r, 1100)); // the role cache (1 s)
    const me = await (await fetch(`${lookout.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json();
    assert.equal(me.username, 'new_name');
    const newcomerToken = (await createApiToken(lookout.lake, { username: 'taken_name', createdBy: 'test' })).token;
    assert.equal(await live({ authorization: `Bearer ${newcomerToken}` }), 403);
  });
});

describe('roles read from the LMS courses API (no LMS database) last no longer than the LMS token', () => {
  let lms: TestLms;
  let auth: Authenticator;
  const PAT = { id: 77, username: 'pat', email: 'pat@lms.test', name: 'Pat', isSuperuser: true, staffCourses: [A] };
  before(async () => {
    lms = await startTestLms({ users: [PAT] });
    const config = { ...lookout.auth.config, roleSource: 'lms-api' as const, lmsUrl: lms.url, jwt: { jwks: lms.keys.jwks, issuer: lms.issuer, audience: lms.audience }, roleCacheMs: 60_000 };
    auth = new Authenticator(lookout.lake, config);
  });
  after(() => lms.close());

  const lmsJwt = (expiresInS: number) => signLmsJwt(lms.keys, { username: PAT.username, userId: PAT.id, superuser: true }, { issuer: lms.issuer, audience: lms.audience, expiresInS });
  const session = async (jwt: string) =>
    `${SESSION_COOKIE}=${await writeSession({ username: PAT.username, userId: PAT.id, isSuperuser: true, lmsJwt: jwt, via: 'lms-oauth' }, lookout.auth.config.secret)}`;

  it("a session whose stored LMS token expired is signed out (401, sign in again), superuser flag included", async () => {
    const live = await auth.authenticate({ cookie: await session(await lmsJwt(3600)) });
    assert.equal(live.principal?.roles.admin, true);
    const expired = await auth.authenticate({ cookie: await session(await lmsJwt(-10)) });
    assert.equal(expired.principal, undefined);
    assert.match(String((expired as { reason: string }).reason), /sign in again/);
  });

  it('an LMS refusing the stored token gives a reason to sign in again, never an error', async () => {
    const forged = await signLmsJwt(await lmsKeys(), { username: PAT.username, userId: PAT.id }, { issuer: lms.issuer, audience: lms.audience });
    const other = new Authenticator(lookout.lake, { ...auth.config, roleCacheMs: 0 });
    const result = await other.authenticate({ cookie: await session(forged) });
    assert.equal(result.principal, undefined);
    assert.match(String((result as { reason: string }).reason), /refused.*401.*sign in again/);
  });

  it("the role cache is per credential kind: an API token does not reuse a JWT's roles", async () => {
    const viaJwt = await auth.authenticate({ cookie: jwtCookies(await lmsJwt(3600)) });
    assert.deepEqual(Object.keys(viaJwt.principal?.roles.courses ?? {}), [A]);
    const token = (await createApiToken(lookout.lake, { username: PAT.username, createdBy: 'test' })).token;
    const viaToken = await auth.authenticate({ token });
    assert.deepEqual(viaToken.principal?.roles.courses, {}, 'tokens have no roles in the LMS-API mode');
    assert.equal(viaToken.principal?.roles.admin, false);
  });
});
