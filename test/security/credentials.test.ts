/**
 * Attacks on a credential's life: a socket outliving the JWT cookie or session that opened it
 * (it kept its roles for ever), … Each must end, or be renewed, when the credential does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { postLines, startTestLookout, waitFor } from '../helpers';
import { videoEvent } from '../../lib/demo/tracking';
import { writeSession, SESSION_COOKIE } from '../../lib/auth/session';
import { seedLmsUsers, type SeedUser } from '../../server/demo/seedUsers';
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
  await waitFor(() => events.some(([n]) => n === 'snapshot'), 15_000, 'snapshot');
  return { socket, events };
}

describe("a socket lives no longer than the credential that opened it", () => {
  it('an expired LMS JWT cookie ends the socket with credential_expired {reason}, and the old cookie cannot reconnect', async () => {
    const { socket, events } = await liveSocket(await jwtCookie(INSTRUCTOR, 3));
    const expired = await waitFor(() => events.find(([n]) => n === 'credential_expired'), 15_000, 'credential_expired');
    assert.match(String((expired[1] as { reason: string }).reason), /exp/);
    await waitFor(() => events.find(([n, r]) => n === 'disconnect' && r === 'io server disconnect'), 5000, 'server disconnect');
    const refused = new Promise<Error & { data?: { status?: number } }>((resolve) => socket.once('connect_error', resolve));
    socket.connect();
    assert.equal((await refused).data?.status, 401);
    socket.close();
  });

  it('an expired Lookout session ends the socket the same way', async () => {
    const session = await writeSession({ username: INSTRUCTOR.username, userId: INSTRUCTOR.id, via: 'demo' }, lookout.auth.config.secret, 3);
    const { socket, events } = await liveSocket(`${SESSION_COOKIE}=${session}`);
    await waitFor(() => events.find(([n]) => n === 'credential_expired'), 20_000, 'credential_expired');
    socket.close();
  });

  it('re-authenticated with a fresh cookie (as the page does after the LMS refreshed it), the socket keeps receiving updates', async () => {
    const { socket, events } = await liveSocket(await jwtCookie(INSTRUCTOR, 3));
    await waitFor(() => events.find(([n]) => n === 'credential_expired'), 15_000, 'credential_expired');
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
