/**
 * A socket outliving its cookie, in Chromium: the course page's socket is ended when the session
 * that opened it expires (credential_expired), and the page reconnects at once. With a fresh
 * cookie (signed in again meanwhile) the new socket is live again; without one the handshake is
 * refused (connect_error) and no more updates arrive.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { postLines, startTestLookout, TEST_ADMIN, waitFor } from '../test/helpers';
import { seedLmsUsers } from '../server/demo/seedUsers';
import { writeSession, SESSION_COOKIE } from '../lib/auth/session';
import { videoEvent } from '../lib/demo/tracking';
import { exitWhenStuck, launchChromium } from './browser';

const COURSE = 'course-v1:OrgA+Expiry+2026';

describe('the course page when its session expires, in Chromium', { timeout: 300_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;
  const session = (maxAgeS: number) => writeSession({ username: TEST_ADMIN.username, userId: TEST_ADMIN.id, via: 'demo' }, lookout.auth.config.secret, maxAgeS);
  const coursePath = `/courses/${encodeURIComponent(COURSE)}`;

  before(async () => {
    lookout = await startTestLookout({ LOOKOUT_ROLE_CACHE_MS: '1000' }, { web: true, dev: true });
    await seedLmsUsers(lookout.lake, [TEST_ADMIN]);
    const play = videoEvent({ actor: { userId: 1, username: 'l1', session: 's1' }, courseId: COURSE, time: new Date(), action: 'play_video', videoId: 'v', position: 1, duration: 60 });
    assert.equal((await postLines(lookout.url, [play])).status, 200);
    // Compile the page once (development mode), so that the short sessions below are not spent waiting for it.
    const warm = await fetch(lookout.url + coursePath, { headers: { cookie: `${SESSION_COOKIE}=${await session(3600)}` }, signal: AbortSignal.timeout(240_000) });
    assert.equal(warm.status, 200);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    exitWhenStuck();
  });

  /** Opens the course page with a session of `maxAgeS`, recording every socket frame it receives. */
  async function openWithSession(maxAgeS: number) {
    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: await session(maxAgeS), url: lookout.url, httpOnly: true, sameSite: 'Lax' }]);
    const page: Page = await context.newPage();
    const frames: Array<{ socket: number; text: string }> = [];
    let sockets = 0;
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/socket.io/')) return;
      const socket = ++sockets;
      ws.on('framereceived', (f) => frames.push({ socket, text: String(f.payload) }));
    });
    await page.goto(lookout.url + coursePath, { timeout: 120_000 });
    await waitFor(() => frames.some((f) => f.text.startsWith('42["snapshot"')), 60_000, 'the first snapshot');
    return { context, frames };
  }

  it('signed in again meanwhile: the page reconnects and its new socket is live', async () => {
    const { context, frames } = await openWithSession(15);
    // A new sign-in replaces the cookie; the open socket still runs on the old one.
    await context.addCookies([{ name: SESSION_COOKIE, value: await session(3600), url: lookout.url, httpOnly: true, sameSite: 'Lax' }]);
    const expired = await waitFor(() => frames.find((f) => f.text.startsWith('42["credential_expired"')), 60_000, 'credential_expired');
    await waitFor(() => frames.some((f) => f.socket > expired.socket && f.text.startsWith('42["snapshot"')), 60_000, 'a snapshot on the new socket');
    await context.close();
  });

  it('not signed in again: the reconnect is refused and nothing more arrives', async () => {
    const { context, frames } = await openWithSession(15);
    const expired = await waitFor(() => frames.find((f) => f.text.startsWith('42["credential_expired"')), 60_000, 'credential_expired');
    await waitFor(() => frames.some((f) => f.socket > expired.socket && f.text.startsWith('44')), 30_000, 'connect_error on the new socket');
    assert.ok(!frames.some((f) => f.socket > expired.socket && f.text.startsWith('42["snapshot"')));
    await context.close();
  });
});
