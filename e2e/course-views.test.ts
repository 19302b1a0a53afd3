/**
 * The course pages as their users get them, in Chromium:
 * - inside the LMS, framed by a host page on another origin (LOOKOUT_EMBED_ORIGINS) that speaks
 *   one of the two Open edX iframe protocols as its library does (frontend-plugin-framework's
 *   PluginContainerIframe, frontend-base's IFrameWidget: lib/embed/hostMessages.ts), plus sizing the
 *   frame from the tab's RESIZE: the frame takes the content's height, and links (at-risk, a count's
 *   learners, a learner's page) stay in the frame;
 * - the first view rendered on the server (JavaScript off: the cards show real numbers);
 * - an unknown course id: a "no such course" page with a 404;
 * - each card's definition, and times in the viewer's zone with UTC on hover.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext } from 'playwright-core';
import { postLines, startTestLookout, waitFor } from '../test/helpers';
import { videoEvent } from '../lib/demo/tracking';
import { DEMO_USERS, seedLmsUsers } from '../server/demo/seedUsers';
import { exitWhenStuck, launchChromium, signInAsDemoUser } from './browser';

const courseId = 'course-v1:Views+V101+2026';
const LEARNERS = [1, 2, 3, 4, 5, 6, 7];

function plays() {
  const now = Date.now();
  return LEARNERS.map((u, i) =>
    videoEvent({ actor: { userId: u, username: `learner${u}`, session: `s${u}` }, courseId, time: new Date(now - (i + 1) * 1000), micros: i, action: 'play_video', videoId: 'intro', position: 1, duration: 60 }),
  );
}

/** A host page of one protocol, doing what its library's host component does (see the file's comment). */
function hostPage(types: { mounted: string; ready: string; resize: string }, src: string): string {
  return `<!doctype html><html><head><style>.d-none{display:none}body{margin:0}</style></head><body>
<h1>Instructor dashboard</h1>
<iframe id="plugin" title="Lookout" src="${src}" referrerpolicy="origin" class="d-none" style="width:100%;border:0;height:600px"></iframe>
<script>
  const T = ${JSON.stringify(types)};
  const frame = document.getElementById('plugin');
  const url = frame.src;
  window.received = [];
  let mounted = false;
  // dispatchPluginEvent: the iframe element's size, to the frame, targetOrigin the plugin's URL.
  const sendSize = () => mounted && frame.contentWindow.postMessage({ type: T.resize, payload: { width: frame.clientWidth, height: frame.clientHeight } }, url);
  new ResizeObserver(sendSize).observe(frame);
  addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return; // useMessageEvent: only the plugin's window
    window.received.push({ origin: event.origin, data: event.data });
    if (event.data.type === T.mounted) { mounted = true; sendSize(); }
    if (event.data.type === T.ready) frame.classList.remove('d-none');
    // The one addition to the libraries' hosts: size the frame to the height the tab reports.
    if (event.data.type === T.resize && event.data.payload) frame.style.height = event.data.payload.height + 'px';
  });
</script></body></html>`;
}

const PROTOCOLS = {
  'frontend-plugin-framework': { mounted: 'PLUGIN_MOUNTED', ready: 'PLUGIN_READY', resize: 'PLUGIN_RESIZE' },
  'frontend-base': { mounted: 'IFRAME_MOUNTED', ready: 'IFRAME_READY', resize: 'IFRAME_RESIZE' },
} as const;

describe('course pages: in the LMS, first view, unknown id, definitions', { timeout: 600_000 }, () => {
  let host: Server;
  let hostUrl: string;
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;
  let signedIn: BrowserContext;
  const embedPath = `/embed/courses/${encodeURIComponent(courseId)}`;

  before(async () => {
    host = createServer((req, res) => {
      const name = (req.url ?? '').slice(1) as keyof typeof PROTOCOLS;
      const types = PROTOCOLS[name];
      res.writeHead(types ? 200 : 404, { 'content-type': 'text/html' });
      res.end(types ? hostPage(types, lookout.url + embedPath) : 'no such host page');
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    const address = host.address();
    hostUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    lookout = await startTestLookout({ LOOKOUT_DEMO_SIGNIN: '1', LOOKOUT_EMBED_ORIGINS: hostUrl }, { web: true, dev: true });
    await seedLmsUsers(lookout.lake, DEMO_USERS);
    assert.equal((await postLines(lookout.url, plays())).status, 200);
    browser = await launchChromium();
    signedIn = await browser.newContext({ viewport: { width: 1000, height: 800 }, timezoneId: 'America/New_York', locale: 'en-US' });
    await signInAsDemoUser(signedIn, lookout.url, 'demo_admin');
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    host?.close();
    exitWhenStuck();
  });

  for (const [protocol, types] of Object.entries(PROTOCOLS)) {
    it(`${protocol}: the host shows the tab on READY and sizes the frame to its content; links stay in the frame`, async () => {
      assert.equal((await postLines(lookout.url, plays())).status, 200);
      const page = await signedIn.newPage();
      await page.goto(`${hostUrl}/${protocol}`, { waitUntil: 'commit' });
      const frame = page.frameLocator('#plugin');
      await frame.getByTestId('active-now').filter({ hasText: String(LEARNERS.length) }).waitFor({ timeout: 180_000 });
      await page.waitForFunction((t) => !document.getElementById('plugin')!.classList.contains('d-none') && (window as unknown as { received: Array<{ data: { type: string } }> }).received.some((m) => m.data.type === t), types.ready, { timeout: 60_000 });
      const types_ = await page.evaluate(() => (window as unknown as { received: Array<{ origin: string; data: { type: string } }> }).received);
      assert.ok(types_.every((m) => m.origin === lookout.url), 'every message comes from the tab');
      const seen = types_.map((m) => m.data.type);
      assert.ok(seen.indexOf(types.mounted) >= 0 && seen.indexOf(types.mounted) < seen.indexOf(types.ready), `${types.mounted} then ${types.ready}: ${seen}`);

      // The frame grows to the content (the dashboard is far taller than 600 px) and nothing scrolls inside it.
      await page.waitForFunction(() => {
        const el = document.getElementById('plugin') as HTMLIFrameElement;
        return el.clientHeight > 1200;
      }, null, { timeout: 60_000 });
      const inner = page.frames().find((f) => f.url().includes('/embed/courses/'))!;
      await inner.waitForFunction(() => document.documentElement.scrollHeight <= window.innerHeight + 1, null, { timeout: 30_000 });
      const sizes = await inner.evaluate(() => ({ content: Number(document.documentElement.dataset.contentHeight), viewport: window.innerHeight }));
      assert.ok(Math.abs(sizes.content - sizes.viewport) <= 2, `frame ${sizes.viewport} px for ${sizes.content} px of content`);

      // Every page link of the tab is an embed route (downloads and the API excepted).
      const hrefs = await inner.evaluate(() =>
        [...document.querySelectorAll('a[href]')].filter((a) => !a.hasAttribute('download') && a.getAttribute('target') !== '_top').map((a) => new URL((a as HTMLAnchorElement).href).pathname),
      );
      assert.ok(hrefs.length > 0);
      for (const path of hrefs) assert.match(path, /^\/embed\//, `a link leaves the embed routes: ${path}`);

      await frame.getByRole('link', { name: 'all at-risk learners' }).click();
      const framed = await waitFor(() => page.frames().find((f) => f.url().includes('/at-risk')), 120_000, 'the at-risk page inside the frame');
      assert.equal(new URL(framed.url()).pathname, `${embedPath}/at-risk`);
      await framed.getByRole('heading', { name: /^At-risk learners · / }).waitFor({ timeout: 120_000 });
      await framed.getByTestId('at-risk-list').waitFor({ timeout: 60_000 });
      assert.equal(page.url(), `${hostUrl}/${protocol}`, 'the host page stays');

      // From a count to its learners and to one learner, still inside the frame (embed routes).
      await page.goto(`${hostUrl}/${protocol}`, { waitUntil: 'commit' });
      await frame.getByTestId('drill-watched').first().click({ timeout: 180_000 });
      const list = await waitFor(() => page.frames().find((f) => f.url().includes('/learners?')), 120_000, 'the learner list inside the frame');
      assert.equal(new URL(list.url()).pathname, `${embedPath}/learners`);
      await list.locator('[data-testid="learner-list-count"], p.error').first().waitFor({ timeout: 120_000 });
      assert.ok(Number(await list.getByTestId('learner-list-count').getAttribute('data-count').catch(() => '0')) > 0, await list.locator('body').innerText());
      await list.getByTestId('learner-row').first().getByRole('link').click();
      const one = await waitFor(() => page.frames().find((f) => /\/learners\/[^/?]+$/.test(new URL(f.url()).pathname)), 120_000, 'a learner page inside the frame');
      assert.match(new URL(one.url()).pathname, new RegExp(`^${embedPath}/learners/learner\\d$`));
      await one.getByTestId('learner-page').waitFor({ timeout: 120_000 });
      assert.equal(page.url(), `${hostUrl}/${protocol}`, 'the host page stays');
      await page.close();
    });
  }

  it('renders the first view on the server: with JavaScript off the cards show real numbers', async () => {
    // Fresh activity (the 5-minute "now" moves on while pages compile), after a first visit compiled the page.
    const warm = await signedIn.newPage();
    await warm.goto(`${lookout.url}/courses/${encodeURIComponent(courseId)}`, { timeout: 180_000 });
    await warm.close();
    assert.equal((await postLines(lookout.url, plays())).status, 200);
    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await signedIn.storageState() });
    const page = await noScript.newPage();
    const response = await page.goto(`${lookout.url}/courses/${encodeURIComponent(courseId)}`, { timeout: 180_000 });
    assert.equal(response?.status(), 200);
    assert.equal(await page.getByTestId('active-now').textContent(), String(LEARNERS.length));
    assert.equal(await page.locator('[data-testid="widget-engagement"]').getAttribute('data-state'), 'ready');
    assert.equal(await page.getByTestId('engagement-active').textContent(), String(LEARNERS.length));
    assert.match((await page.getByTestId('events-last-minute').textContent()) ?? '', /^\d+$/);
    await noScript.close();
  });

  it('then hands over to the socket without a flash of skeletons', async () => {
    assert.equal((await postLines(lookout.url, plays())).status, 200);
    const page = await signedIn.newPage();
    await page.addInitScript(() => {
      // Records whether a skeleton was ever in the document from the first paint on.
      new MutationObserver(() => {
        if (document.querySelector('[data-testid^="widget-"][data-state="loading"]')) (window as unknown as { sawSkeleton: boolean }).sawSkeleton = true;
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.goto(`${lookout.url}/courses/${encodeURIComponent(courseId)}`, { timeout: 180_000 });
    await page.getByTestId('connection-state').and(page.locator('[data-state="live"]')).first().waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { sawSkeleton?: boolean }).sawSkeleton ?? false), false);
    assert.equal(await page.getByTestId('active-now').textContent(), String(LEARNERS.length));
    await page.close();
  });

  it('says "no such course" with a 404 for an unknown id, on the site and in the tab, its learner pages too', async () => {
    const page = await signedIn.newPage();
    const unknown = encodeURIComponent('course-v1:Nobody+Nothing+1');
    const pages = ['', '/at-risk', '/learners?metric=active', '/learners/learner1'];
    for (const path of pages.flatMap((p) => [`/courses/${unknown}${p}`, `/embed/courses/${unknown}${p}`])) {
      const response = await page.goto(`${lookout.url}${path}`, { timeout: 180_000 });
      assert.equal(response?.status(), 404, path);
      await page.getByTestId('no-such-course').waitFor({ timeout: 60_000 });
      assert.equal(await page.getByTestId('course-dashboard').count(), 0);
    }
    await page.close();
  });

  it('tells what each card counts, and writes times in the viewer\'s zone with UTC on hover', async () => {
    const page = await signedIn.newPage();
    await page.goto(`${lookout.url}/courses/${encodeURIComponent(courseId)}`, { timeout: 180_000 });
    for (const card of ['live', 'feed', 'engagement', 'progress', 'grades', 'videos', 'problems', 'demographics']) {
      const definition = page.getByTestId(`definition-${card}`);
      await definition.locator('summary').click();
      assert.match((await definition.textContent()) ?? '', /left out/, card);
    }
    assert.match((await page.getByTestId('definition-live').textContent()) ?? '', /last 60 seconds/);
    const time = page.getByTestId('feed-items').locator('time').first();
    await page.getByTestId('feed-items').locator('time[data-zone="America/New_York"]').first().waitFor({ timeout: 30_000 });
    const iso = (await time.getAttribute('datetime'))!;
    assert.match((await time.getAttribute('title'))!, new RegExp(`^${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC$`));
    const local = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'America/New_York' }).format(new Date(iso));
    assert.equal(await time.textContent(), local);
    await page.close();
  });
});
