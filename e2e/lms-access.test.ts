/**
 * Sign-in and the embedded tab in Chromium against a test LMS (test/support/testLms.ts):
 * the OAuth flow end to end with roles from the LMS courses API (no LMS database), and
 * /embed/courses/<id> framed by an LMS page (IFRAME_READY), refreshed through
 * /login_refresh when the JWT cookie has expired, and refused by CSP for other origins.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { postLines, startTestLookout } from '../test/helpers';
import { videoEvent } from '../lib/demo/tracking';
import { lmsEnv, startTestLms, type TestLms } from '../test/support/testLms';
import { exitWhenStuck, launchChromium } from './browser';

const A = 'course-v1:OrgA+CS101+2026';
const B = 'course-v1:OrgB+BIO1+2026';
const C = 'course-v1:OrgA+CS103+2026';
const D = 'course-v1:OrgA+CS104+2026';

const USERS = [
  // Staff on four courses: the LMS serves them two per page, so C and D are on page 2.
  { id: 11, username: 'ines', email: 'ines@lms.test', name: 'Ines Instructor', staffCourses: [A, 'course-v1:OrgA+Quiet+1', C, D] },
  { id: 12, username: 'lee', email: 'lee@lms.test', name: 'Lee Learner' },
];

function plays(courseId: string, users: number[]) {
  return users.map((u, i) =>
    videoEvent({ actor: { userId: u, username: `l${u}`, session: `s${u}` }, courseId, time: new Date(), micros: i, action: 'play_video', videoId: 'v', position: 1, duration: 60 }),
  );
}

function framingPage(src: string): string {
  return `<h1>Instructor dashboard</h1>
<script>window.received = []; addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));</script>
<iframe id="lookout" src="${src}" style="width: 900px; height: 600px"></iframe>`;
}

describe('LMS sign-in and the embedded tab in Chromium', { timeout: 300_000 }, () => {
  let lms: TestLms;
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;
  let otherOrigin: Server;
  let otherUrl: string;
  let embedUrl: (courseId: string) => string;

  before(async () => {
    lms = await startTestLms({ users: USERS, pageSize: 2 });
    lookout = await startTestLookout({ ...lmsEnv(lms), LOOKOUT_ROLE_CACHE_MS: '0' }, { web: true, dev: true });
    assert.equal(lookout.auth.config.roleSource, 'lms-api');
    assert.equal((await postLines(lookout.url, [...plays(A, [1, 2]), ...plays(B, [3]), ...plays(C, [4])])).status, 200);
    browser = await launchChromium();
    embedUrl = (courseId) => `${lookout.url}/embed/courses/${encodeURIComponent(courseId)}`;
    lms.page('/instructor/A', framingPage(embedUrl(A)));
    lms.page('/instructor/B', framingPage(embedUrl(B)));
    // Another origin, not in LOOKOUT_EMBED_ORIGINS.
    otherOrigin = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><html><body>${framingPage(embedUrl(A))}</body></html>`);
    });
    await new Promise<void>((r) => otherOrigin.listen(0, '127.0.0.1', r));
    const address = otherOrigin.address();
    otherUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    await lms?.close();
    otherOrigin?.close();
    exitWhenStuck();
  });

  async function signInOnLms(page: Page, username: string, next: string) {
    await page.goto(`${lms.url}/login?next=${encodeURIComponent(next)}`);
    await page.fill('#username', username);
    await page.click('#sign-in');
  }

  it('signs in through the LMS (OAuth, token_type=jwt) and shows exactly the courses of every page of the staff list', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(lookout.url, { timeout: 180_000 });
    await page.waitForURL(/\/signin\?next=/, { timeout: 60_000 });
    await page.getByTestId('lms-signin').click({ timeout: 60_000 });
    await page.waitForURL((u) => u.toString().startsWith(`${lms.url}/oauth2/authorize`), { timeout: 60_000 });
    await page.fill('#username', 'ines');
    await page.click('#sign-in');
    await page.getByTestId('signed-in-as').filter({ hasText: 'ines' }).waitFor({ timeout: 120_000 });
    const list = page.getByTestId('course-list');
    await list.getByText(A).first().waitFor({ timeout: 60_000 });
    await list.getByText(C).first().waitFor();
    assert.equal(await list.getByText(B).count(), 0, 'a course without a staff role is not listed');

    const api = await page.request.get(`${lookout.url}/api/courses`);
    assert.equal(api.status(), 200);
    const ids = ((await api.json()).courses as Array<{ courseId: string }>).map((c) => c.courseId).sort();
    assert.deepEqual(ids, [A, C].sort());
    const me = await (await page.request.get(`${lookout.url}/api/me`)).json();
    assert.equal(me.email, 'ines@lms.test');
    assert.equal(me.source, 'session');

    const denied = await page.request.get(`${lookout.url}/api/courses/${encodeURIComponent(B)}/live`);
    assert.equal(denied.status(), 403);
    await page.goto(`${lookout.url}/courses/${encodeURIComponent(B)}`);
    await page.getByTestId('access-denied').waitFor({ timeout: 60_000 });

    assert.ok(lms.requests.some((r) => r.startsWith('POST /oauth2/access_token')));
    assert.ok(lms.requests.some((r) => r.startsWith('GET /api/user/v1/me')));
    assert.ok(lms.requests.some((r) => r.startsWith('GET /api/user/v1/accounts/ines')));
    assert.ok(lms.requests.some((r) => /courses\/v1\/courses\/\?.*permissions=staff.*page=2/.test(r)), 'read the second page');
    await context.close();
  });

  it('a learner signs in and sees no course', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${lookout.url}/signin`, { timeout: 120_000 });
    await page.getByTestId('lms-signin').click({ timeout: 60_000 });
    await page.fill('#username', 'lee');
    await page.click('#sign-in');
    await page.getByTestId('signed-in-as').filter({ hasText: 'lee' }).waitFor({ timeout: 120_000 });
    await page.getByTestId('no-courses').waitFor();
    const ids = (await (await page.request.get(`${lookout.url}/api/courses`)).json()).courses;
    assert.deepEqual(ids, []);
    await context.close();
  });

  it('embeds the course dashboard in an LMS page: IFRAME_READY, no site chrome, live data', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInOnLms(page, 'ines', '/instructor/A');
    await page.waitForURL(`${lms.url}/instructor/A`, { waitUntil: 'commit', timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { received: unknown[] }).received.length > 0, null, { timeout: 120_000 });
    const received = await page.evaluate(() => (window as unknown as { received: Array<{ origin: string; data: { type: string } }> }).received);
    assert.ok(received.every((m) => m.origin === lookout.url));
    // Both iframe protocols (lib/embed/hostMessages.ts): MOUNTED, READY, then the content's height.
    const types = received.map((m) => m.data.type);
    for (const type of ['PLUGIN_MOUNTED', 'IFRAME_MOUNTED', 'PLUGIN_READY', 'IFRAME_READY']) assert.ok(types.includes(type), `${type} in ${types}`);
    const frame = page.frameLocator('#lookout');
    await frame.getByTestId('active-now').filter({ hasText: /^2$/ }).waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('.site-header').count(), 0);
    await context.close();
  });

  it('refreshes an expired LMS JWT cookie through the LMS, then shows the tab', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    lms.setJwtTtl(-60);
    await signInOnLms(page, 'ines', '/instructor/A');
    await page.waitForURL(`${lms.url}/instructor/A`, { waitUntil: 'commit', timeout: 60_000 });
    lms.setJwtTtl(3600);
    const refreshesBefore = lms.requests.filter((r) => r.startsWith('POST /login_refresh')).length;
    await page.waitForFunction(() => (window as unknown as { received: unknown[] }).received.length > 0, null, { timeout: 120_000 });
    assert.ok(lms.requests.filter((r) => r.startsWith('POST /login_refresh')).length > refreshesBefore, 'the cookie was refreshed through the LMS');
    await page.frameLocator('#lookout').getByTestId('active-now').waitFor({ timeout: 60_000 });
    await context.close();
  });

  it('refuses a course without a staff role inside the tab, and still sends READY so the host shows the refusal', async () => {
    // A stock host keeps the frame hidden (d-none) until READY: without it the refusal would be an
    // endless spinner, so the tab is "ready" whenever it shows something the person should read.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInOnLms(page, 'ines', '/instructor/B');
    await page.frameLocator('#lookout').getByTestId('access-denied').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => (window as unknown as { received: unknown[] }).received.length > 0, null, { timeout: 60_000 });
    const types = await page.evaluate(() => (window as unknown as { received: Array<{ data: { type: string } }> }).received.map((m) => m.data.type));
    for (const type of ['PLUGIN_READY', 'IFRAME_READY']) assert.ok(types.includes(type), `${type} in ${types}`);
    await context.close();
  });

  it('is refused by Content-Security-Policy when framed by an origin that is not configured', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInOnLms(page, 'ines', '/');
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
    });
    const response = await page.request.get(embedUrl(A));
    assert.match(response.headers()['content-security-policy']!, new RegExp(`frame-ancestors ${lms.url}$`));
    await page.goto(otherUrl);
    for (let i = 0; i < 100 && refusals.length === 0; i++) await page.waitForTimeout(100);
    assert.ok(refusals.length > 0, 'Chromium reports the frame-ancestors refusal');
    await page.waitForTimeout(1500);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { received: unknown[] }).received), []);
    assert.equal(await page.frameLocator('#lookout').getByTestId('embed').count(), 0);
    await context.close();
  });
});
