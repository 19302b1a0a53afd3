/**
 * Attack, in Chromium: a page on another origin of the same site (here another port of the
 * viewer's host; in production a sibling subdomain of the LMS where course content runs
 * script) opens Lookout's socket. The browser sends the viewer's SameSite=Lax session cookie
 * with the handshake, so only the Origin check stands between that page and the course's
 * at-risk list. The page gets connect_error on both transports; a page on the embed origin
 * (LOOKOUT_EMBED_ORIGINS) is served.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext } from 'playwright-core';
import { postLines, startTestLookout, TEST_ADMIN } from '../test/helpers';
import { seedLmsUsers } from '../server/demo/seedUsers';
import { writeSession, SESSION_COOKIE } from '../lib/auth/session';
import { videoEvent } from '../lib/demo/tracking';
import { exitWhenStuck, launchChromium } from './browser';

const COURSE = 'course-v1:OrgA+Origins+2026';
const CLIENT = readFileSync(new URL('../node_modules/socket.io-client/dist/socket.io.min.js', import.meta.url), 'utf8');

/** What the other site's page runs: io(lookout) with the browser's cookies, then a subscription. */
const OPEN_LOOKOUT = `
function openLookout(url, room, transport) {
  return new Promise(function (resolve) {
    var socket = io(url, { transports: [transport], withCredentials: true, reconnection: false });
    var connected = false;
    function done(r) { socket.close(); r.connected = connected; resolve(r); }
    socket.on('connect', function () { connected = true; socket.emit('subscribe', { room: room }); });
    socket.on('snapshot', function () { done({ snapshot: true }); });
    socket.on('subscribe_error', function (e) { done({ snapshot: false, error: e.error }); });
    socket.on('connect_error', function (e) { done({ snapshot: false, error: 'connect_error: ' + e.message }); });
  });
}`;

/** A site on its own port serving the Socket.IO client and a page that opens Lookout's socket. */
async function pageServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/socket.io.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(CLIENT);
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html><head><script src="/socket.io.min.js"></script><script>${OPEN_LOOKOUT}</script></head><body>other site</body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe('socket handshakes from another origin, in Chromium', { timeout: 180_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;
  let context: BrowserContext;
  let attacker: Awaited<ReturnType<typeof pageServer>>;
  let embed: Awaited<ReturnType<typeof pageServer>>;

  before(async () => {
    attacker = await pageServer();
    embed = await pageServer();
    lookout = await startTestLookout({ LOOKOUT_EMBED_ORIGINS: embed.url });
    await seedLmsUsers(lookout.lake, [TEST_ADMIN]);
    const play = videoEvent({ actor: { userId: 1, username: 'l1', session: 's1' }, courseId: COURSE, time: new Date(), action: 'play_video', videoId: 'v', position: 1, duration: 60 });
    assert.equal((await postLines(lookout.url, [play])).status, 200);
    browser = await launchChromium();
    context = await browser.newContext();
    // The victim is signed in to Lookout (an admin: every course, every at-risk list).
    const session = await writeSession({ username: TEST_ADMIN.username, userId: TEST_ADMIN.id, via: 'demo' }, lookout.auth.config.secret);
    await context.addCookies([{ name: SESSION_COOKIE, value: session, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }]);
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    attacker?.server.close();
    embed?.server.close();
    exitWhenStuck();
  });

  /** Runs io(lookout) in a page of `siteUrl` and reports what it got. */
  async function openFrom(siteUrl: string, transport: 'websocket' | 'polling') {
    const page = await context.newPage();
    await page.goto(siteUrl);
    const args = [lookout.url, `course:${COURSE}`, transport].map((a) => JSON.stringify(a)).join(', ');
    const outcome = (await page.evaluate(`openLookout(${args})`)) as { connected: boolean; snapshot: boolean; error?: string };
    await page.close();
    return outcome;
  }

  for (const transport of ['websocket', 'polling'] as const) {
    it(`${transport}: a page on another origin gets connect_error, not the course`, async () => {
      const outcome = await openFrom(attacker.url, transport);
      assert.equal(outcome.snapshot, false, JSON.stringify(outcome));
      assert.equal(outcome.connected, false);
      assert.match(outcome.error ?? '', /^connect_error/);
    });

    it(`${transport}: a page on the embed origin is served with the viewer's cookies`, async () => {
      const outcome = await openFrom(embed.url, transport);
      assert.deepEqual(outcome, { connected: true, snapshot: true });
    });
  }
});
