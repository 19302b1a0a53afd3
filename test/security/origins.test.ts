/**
 * Attack: a page on another origin (a sibling subdomain of the LMS where course content runs
 * script, another port of the same host) opens Lookout's socket with the viewer's cookies.
 * Both transports' handshakes are refused unless their Origin is Lookout's own or an embed
 * origin; a client sending no Origin (not a browser) needs an API token.
 * (The same attack in Chromium: e2e/security-origins.test.ts.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { postLines, startTestLookout, tokenFor, TEST_ADMIN } from '../helpers';
import { writeSession, SESSION_COOKIE } from '../../lib/auth/session';
import { videoEvent } from '../../lib/demo/tracking';

const COURSE = 'course-v1:OrgA+Origins+2026';
const EMBED = 'http://apps.lms.origins.test';

let lookout: Awaited<ReturnType<typeof startTestLookout>>;
let cookie: string;
let token: string;

before(async () => {
  lookout = await startTestLookout({ LOOKOUT_EMBED_ORIGINS: EMBED });
  token = await tokenFor(lookout, TEST_ADMIN);
  cookie = `${SESSION_COOKIE}=${await writeSession({ username: TEST_ADMIN.username, userId: TEST_ADMIN.id, via: 'demo' }, lookout.auth.config.secret)}`;
  const play = videoEvent({ actor: { userId: 1, username: 'l1', session: 's1' }, courseId: COURSE, time: new Date(), action: 'play_video', videoId: 'v', position: 1, duration: 60 });
  assert.equal((await postLines(lookout.url, [play])).status, 200);
});
after(() => lookout.close());

type Outcome = { ok: true } | { ok: false; error: string; status?: number };

/** Opens the socket as a browser page on `origin` would (its cookies, its Origin), and subscribes. */
function attempt(options: { origin?: string; cookie?: string; token?: string; transport: 'websocket' | 'polling' }): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (options.origin) headers.origin = options.origin;
    if (options.cookie) headers.cookie = options.cookie;
    const socket = io(lookout.url, { transports: [options.transport], reconnection: false, extraHeaders: headers, auth: options.token ? { token: options.token } : {} });
    const done = (o: Outcome) => {
      socket.close();
      resolve(o);
    };
    socket.on('connect', () => socket.emit('subscribe', { room: `course:${COURSE}` }));
    socket.on('snapshot', () => done({ ok: true }));
    socket.on('subscribe_error', (e: { error: string }) => done({ ok: false, error: e.error }));
    socket.on('connect_error', (err: Error & { data?: { status?: number } }) => done({ ok: false, error: err.message, status: err.data?.status }));
  });
}

describe('socket handshakes from other origins', () => {
  for (const transport of ['websocket', 'polling'] as const) {
    it(`${transport}: a page on another origin with the viewer's cookies is refused`, async () => {
      for (const origin of ['http://course-content.lms.origins.test', `http://127.0.0.1:1`, 'null']) {
        const outcome = await attempt({ origin, cookie, transport });
        assert.equal(outcome.ok, false, `${origin}: ${JSON.stringify(outcome)}`);
      }
    });

    it(`${transport}: Lookout's own origin and the embed origin are served`, async () => {
      assert.deepEqual(await attempt({ origin: lookout.url, cookie, transport }), { ok: true });
      assert.deepEqual(await attempt({ origin: EMBED, cookie, transport }), { ok: true });
    });
  }

  it('a client without an Origin needs an API token: cookies alone are refused with the reason', async () => {
    const refused = await attempt({ cookie, transport: 'websocket' });
    assert.equal(refused.ok, false);
    assert.match((refused as { error: string }).error, /API token/);
    assert.equal((refused as { status?: number }).status, 401);
    assert.deepEqual(await attempt({ token, transport: 'websocket' }), { ok: true });
  });

  it('an API token does not open the door to another origin either', async () => {
    assert.equal((await attempt({ origin: 'http://evil.origins.test', token, transport: 'websocket' })).ok, false);
  });
});
