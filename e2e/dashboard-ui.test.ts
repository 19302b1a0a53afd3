/**
 * The dashboard page in Chromium against a fixed payload of the contract
 * (lib/metrics/dashboardTypes.ts): what each widget shows, empty states, loading,
 * the error state and its retry, the window in the URL, and live updates merged in.
 * The page and its Next server are real; the dashboard JSON and the socket are answered
 * by the test, so every state can be produced on demand. The same page against the real
 * lake is e2e/dashboard-lake.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page, Route, WebSocketRoute } from 'playwright-core';
import { postLines, startTestLookout } from '../test/helpers';
import { videoEvent } from '../lib/demo/tracking';
import type { DashboardSnapshot } from '../lib/metrics/dashboardTypes';
import { exitWhenStuck, signInAsDemoUser, startBrowserLookout } from './browser';
import { fixtureSnapshot, fixtureTimeline } from './dashboardFixture';
import { addDays, weekOf } from '../components/dashboard/dashboardWindow';

const courseId = 'course-v1:Fixture+101+2026';
const coursePath = `/courses/${encodeURIComponent(courseId)}`;

type Subscription = { room: string; from?: string; to?: string };
/** How the fake socket answers a subscription: a snapshot, a refusal, or nothing (the test speaks). */
type SocketReply = (s: Subscription) => DashboardSnapshot | 'refuse' | undefined;

/**
 * Plays the server's side of Socket.IO (Engine.IO v4 over a WebSocket) just enough for
 * the page: the open handshake, the namespace connect, answers to subscriptions, and
 * events the test sends.
 */
class FakeSocketServer {
  subscribes: Subscription[] = [];
  private ws?: WebSocketRoute;

  constructor(private reply: SocketReply) {}

  attach(ws: WebSocketRoute) {
    ws.send(`0${JSON.stringify({ sid: 'fake', upgrades: [], pingInterval: 25_000, pingTimeout: 60_000, maxPayload: 1_000_000 })}`);
    ws.onMessage((message) => {
      const text = String(message);
      if (text === '40') ws.send(`40${JSON.stringify({ sid: 'fake-ns' })}`);
      const event = /^42(\d*)(\[.*)$/s.exec(text);
      if (!event) return;
      const [name, payload] = JSON.parse(event[2]!) as [string, Subscription];
      if (name !== 'subscribe') return;
      // The page's other live component (the at-risk list) subscribes to the course room without
      // a window on its own socket: not this test's subject, left unanswered.
      if (payload.from === undefined) return;
      this.ws = ws;
      this.subscribes.push(payload);
      const answer = this.reply(payload);
      if (answer === 'refuse') this.emit('subscribe_error', { room: payload.room, error: 'refused by the test' });
      else if (answer) this.emit('snapshot', { room: payload.room, from: payload.from, to: payload.to, version: 1, asOf: answer.asOf, widgets: answer.widgets });
    });
  }

  /** The windows subscribed to, each once, in order. */
  windows(): string[] {
    return [...new Set(this.subscribes.map((s) => `${s.from}..${s.to}`))];
  }

  emit(name: 'snapshot' | 'update' | 'subscribe_error', body: unknown) {
    assert.ok(this.ws, 'the page has not opened its socket');
    this.ws.send(`42${JSON.stringify([name, body])}`);
  }
}

async function openDashboard(
  context: BrowserContext,
  url: string,
  answer: (route: Route, from: string, to: string) => unknown,
  reply: SocketReply,
) {
  const page = await context.newPage();
  const socket = new FakeSocketServer(reply);
  const requested: string[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => socket.attach(ws));
  await page.route(/\/api\/courses\/[^/]+\/dashboard\?/, (route) => {
    const u = new URL(route.request().url());
    requested.push(u.search);
    return answer(route, u.searchParams.get('from')!, u.searchParams.get('to')!);
  });
  await page.route(/\/api\/courses\/[^/]+\/videos\/[^/]+\/timeline\?/, (route) => {
    const videoId = decodeURIComponent(new URL(route.request().url()).pathname.split('/')[5]!);
    return route.fulfill({ json: fixtureTimeline(videoId) });
  });
  await page.goto(url, { timeout: 180_000 });
  return { page, socket, requested };
}

const ready = (page: Page, widget: string) => page.locator(`[data-testid="widget-${widget}"][data-state="ready"]`);
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();

describe('course dashboard UI in Chromium (fixed payload)', { timeout: 300_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    // The page is not rendered from the lake's snapshot here (LOOKOUT_FIRST_VIEW_MS=0): the test
    // answers the socket and the JSON itself. One event makes the course known (else: no such course).
    ({ lookout, browser, context } = await startBrowserLookout({ viewport: { width: 1280, height: 900 } }, { LOOKOUT_FIRST_VIEW_MS: '0' }));
    const known = videoEvent({ actor: { userId: 1, username: 'l1', session: 's1' }, courseId, time: new Date(), micros: 0, action: 'play_video', videoId: 'v', position: 1, duration: 60 });
    assert.equal((await postLines(lookout.url, [known])).status, 200);
    await signInAsDemoUser(context, lookout.url);
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    exitWhenStuck();
  });

  it('renders every widget with its numbers, units and structure names', async () => {
    const { page, requested, socket } = await openDashboard(
      context,
      `${lookout.url}${coursePath}?from=2026-11-02&to=2026-11-23`,
      (route, from, to) => route.fulfill({ json: fixtureSnapshot(courseId, from, to) }),
      (s) => fixtureSnapshot(courseId, s.from!, s.to!),
    );
    for (const w of ['live', 'feed', 'engagement', 'progress', 'grades', 'videos', 'problems', 'demographics']) {
      await ready(page, w).waitFor({ timeout: 60_000 });
    }
    assert.deepEqual(socket.windows(), ['2026-11-02..2026-11-23']);
    assert.deepEqual(requested, [], 'the live snapshot is enough: no JSON request');
    assert.equal(await page.getByTestId('week-select').inputValue(), '', 'a three-week range is not one week');
    assert.equal(await page.getByTestId('range-from').inputValue(), '2026-11-02');
    assert.equal(await page.getByTestId('range-to').inputValue(), '2026-11-22', 'the last day is shown inclusive');

    assert.equal(await text(page, 'active-now'), '17');
    assert.equal(await page.getByTestId('events-per-minute').getAttribute('data-total'), '174');
    assert.match(await text(page, 'feed-items'), /carol answered Quiz 1 — check 2/);

    assert.equal(await text(page, 'engagement-enrolled'), '120');
    assert.equal(await text(page, 'engagement-active'), '48');
    assert.equal(await text(page, 'engagement-watched'), '30');
    assert.equal(await text(page, 'engagement-tried'), '21');
    assert.equal(await text(page, 'engagement-time'), '22 min 05 s');
    assert.equal(await page.getByTestId('engagement-trend').getAttribute('data-weeks'), '3');
    assert.equal(await page.getByTestId('engagement-weeks').locator('tbody tr').count(), 3);

    const progress = page.getByTestId('progress-table');
    assert.match((await progress.textContent()) ?? '', /Getting started › Orientation.*Welcome.*96 learners.*80\.0 %.*How this course works.*Week 1 › Reading tracking logs.*First quiz.*41 learners/s);

    assert.equal(await text(page, 'grades-pass-rate'), '56.7 %');
    assert.match(await text(page, 'widget-grades'), /34 of 60 graded learners passed; passing grade 50 %/);

    const videos = page.getByTestId('video-row');
    assert.equal(await videos.count(), 2);
    assert.match((await videos.first().textContent()) ?? '', /Welcome video\s*5:00\s*25\s*1 h 30 min\s*3 min 36 s\s*12/);
    await page.locator('[data-testid="video-timeline"][data-video-id="vid-welcome"][data-peak-viewers="25"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('video-row').nth(1).click();
    await page.locator('[data-testid="video-timeline"][data-video-id="vid-logs"][data-peak-viewers="25"]').waitFor({ timeout: 30_000 });

    const problems = page.getByTestId('problem-row');
    assert.match((await problems.first().textContent()) ?? '', /Quiz 1 — check 1\s*40\s*20\s*12 \(60\.0 %\)\s*90\.0 %\s*2\.22/);
    assert.match((await problems.nth(1).textContent()) ?? '', /Quiz 1 — check 2.*0\.0 %\s*–$/);

    assert.match(await text(page, 'demographics-gender'), /Female\s*58 · 48\.3 %/);
    assert.match(await text(page, 'demographics-levelOfEducation'), /Bachelor's degree\s*50 · 41\.7 %/);
    assert.match(await text(page, 'demographics-ageBand'), /26–40\s*50 · 41\.7 %/);
    assert.match(await text(page, 'demographics-country'), /France\s*40 · 33\.3 %.*Not given\s*15/s);
    await page.close();
  });

  it("shows each widget's own sentence about what is missing", async () => {
    const missing = (from: string, to: string): DashboardSnapshot => {
      const s = fixtureSnapshot(courseId, from, to);
      const w = s.widgets;
      w.liveFeed = { items: [], missing: 'Nothing yet: learner actions appear here as they happen.' };
      w.engagement = { ...w.engagement, missing: 'No enrollments or learner events in this range.' };
      w.unitCompletion = { enrolled: 0, units: [], missing: 'No course structure synced from the LMS yet.' };
      w.grades = { bins: [], graded: 0, passed: 0, passRate: null, passingGrade: null, missing: 'No grades synced from the LMS yet.' };
      w.demographics = { ...w.demographics, missing: 'No learner profiles synced from the LMS yet.' };
      w.videos = { videos: [], missing: 'Nobody played a video in this range.' };
      w.problems = { problems: [], missing: 'Nobody submitted a problem in this range.' };
      return s;
    };
    const { page } = await openDashboard(
      context,
      `${lookout.url}${coursePath}`,
      (route, from, to) => route.fulfill({ json: missing(from, to) }),
      (s) => missing(s.from!, s.to!),
    );
    const expected: Record<string, string> = {
      feed: 'Nothing yet: learner actions appear here as they happen.',
      engagement: 'No enrollments or learner events in this range.',
      progress: 'No course structure synced from the LMS yet.',
      grades: 'No grades synced from the LMS yet.',
      demographics: 'No learner profiles synced from the LMS yet.',
      videos: 'Nobody played a video in this range.',
      problems: 'Nobody submitted a problem in this range.',
    };
    for (const [widget, sentence] of Object.entries(expected)) {
      await page.locator(`[data-testid="widget-${widget}"][data-state="missing"]`).waitFor({ timeout: 60_000 });
      assert.equal(await text(page, `missing-${widget}`), sentence);
    }
    await page.close();
  });

  it('shows skeletons while loading, then the error with its reason, and recovers on retry', async () => {
    let healthy = false;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const { page } = await openDashboard(context, `${lookout.url}${coursePath}`, async (route, from, to) => {
      if (healthy) return route.fulfill({ json: fixtureSnapshot(courseId, from, to) });
      await held;
      // The page may have dropped the request already (development mode mounts twice).
      return route.fulfill({ status: 503, json: { error: 'the lake is not answering' }, headers: { 'retry-after': '5' } }).catch(() => undefined);
    }, () => 'refuse');
    await page.locator('[data-testid="widget-engagement"][data-state="loading"]').waitFor({ timeout: 60_000 });
    assert.equal(await text(page, 'data-age'), 'waiting for data…');
    release();
    await page.getByTestId('dashboard-error').waitFor({ timeout: 30_000 });
    assert.match(await text(page, 'dashboard-error'), /Could not load the dashboard for .*: the lake is not answering/);
    healthy = true;
    await page.getByTestId('retry').click();
    await ready(page, 'engagement').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('dashboard-error').count(), 0);
    assert.equal(await text(page, 'live-error'), 'live updates unavailable: refused by the test');
    await page.close();
  });

  it('keeps the window in the URL: week selector, custom range, back button', async () => {
    const { page, socket } = await openDashboard(
      context,
      `${lookout.url}${coursePath}`,
      (route, from, to) => route.fulfill({ json: fixtureSnapshot(courseId, from, to) }),
      (s) => fixtureSnapshot(courseId, s.from!, s.to!),
    );
    const thisWeek = weekOf(new Date());
    await ready(page, 'engagement').waitFor({ timeout: 60_000 });
    assert.deepEqual(socket.windows(), [`${thisWeek.from}..${thisWeek.to}`]);
    assert.equal(await page.getByTestId('week-select').inputValue(), thisWeek.from);
    assert.equal(await page.getByTestId('next-week').isDisabled(), true, 'no week after the current one');

    // One week has no trend; the card offers the last 12 weeks.
    await page.getByTestId('show-trend').click();
    await page.waitForURL((u) => u.searchParams.get('from') === addDays(thisWeek.from, -77) && u.searchParams.get('to') === thisWeek.to);
    await ready(page, 'engagement').waitFor({ timeout: 30_000 });
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('from') === null || u.searchParams.get('from') === thisWeek.from);

    await page.getByTestId('prev-week').click();
    const lastWeek = { from: addDays(thisWeek.from, -7), to: thisWeek.from };
    await page.waitForURL((u) => u.searchParams.get('from') === lastWeek.from && u.searchParams.get('to') === lastWeek.to);
    await ready(page, 'engagement').waitFor({ timeout: 30_000 });
    assert.equal(socket.windows().at(-1), `${lastWeek.from}..${lastWeek.to}`);
    assert.match(await text(page, 'widget-engagement'), new RegExp(`^Engagement${lastWeek.from.slice(8).replace(/^0/, '')} `));

    await page.getByTestId('range-from').fill('2026-10-01');
    await page.getByTestId('range-to').fill('2026-10-31');
    await page.getByTestId('range-apply').click();
    await page.waitForURL((u) => u.searchParams.get('from') === '2026-10-01' && u.searchParams.get('to') === '2026-11-01');
    await ready(page, 'engagement').waitFor({ timeout: 30_000 });
    assert.equal(socket.windows().at(-1), '2026-10-01..2026-11-01');

    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('from') === lastWeek.from);
    assert.equal(await page.getByTestId('week-select').inputValue(), lastWeek.from);

    // A linked view opens on its window; a broken link says so and shows this week.
    await page.goto(`${lookout.url}${coursePath}?from=2026-02-30&to=2026-03-05`);
    await page.getByText("The link's date range was ignored: the first day is not a date (YYYY-MM-DD).").waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('week-select').inputValue(), thisWeek.from);
    await page.close();
  });

  it('merges the live snapshot and updates of its windowed room, without a reload', async () => {
    const { page, socket, requested } = await openDashboard(
      context,
      `${lookout.url}${coursePath}?from=2026-11-16&to=2026-11-23`,
      (route, from, to) => route.fulfill({ json: fixtureSnapshot(courseId, from, to, '2026-11-18T10:00:00.000Z') }),
      () => undefined,
    );
    // The socket says nothing for a while: the page asks for the JSON snapshot instead.
    await ready(page, 'engagement').waitFor({ timeout: 60_000 });
    assert.deepEqual([...new Set(requested)], ['?from=2026-11-16&to=2026-11-23']);
    assert.deepEqual(socket.subscribes.at(-1), { room: `course:${courseId}`, from: '2026-11-16', to: '2026-11-23' });
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    const room = { room: `course:${courseId}`, from: '2026-11-16', to: '2026-11-23' };
    const base = fixtureSnapshot(courseId, '2026-11-16', '2026-11-23', '2026-11-18T10:00:05.000Z');
    socket.emit('snapshot', { ...room, version: 1, asOf: base.asOf, widgets: base.widgets });
    await page.getByTestId('course-dashboard').getByTestId('connection-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 30_000 });

    // Another window's room and an older version are ignored; a newer update is merged.
    socket.emit('update', { ...room, from: '2026-11-09', to: '2026-11-16', version: 5, asOf: base.asOf, widgets: { activeNow: { learners: 999, windowMinutes: 5 } } });
    socket.emit('update', { ...room, version: 0, asOf: base.asOf, widgets: { activeNow: { learners: 998, windowMinutes: 5 } } });
    socket.emit('update', { ...room, version: 2, asOf: '2026-11-18T10:00:06.000Z', widgets: { activeNow: { learners: 18, windowMinutes: 5 }, engagement: { ...base.widgets.engagement, active: 49 } } });
    await page.getByTestId('active-now').filter({ hasText: /^18$/ }).waitFor({ timeout: 30_000 });
    assert.equal(await text(page, 'engagement-active'), '49');
    assert.equal(await text(page, 'engagement-enrolled'), '120', 'widgets not in the update stay');
    assert.equal(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true, 'the page was reloaded');
    assert.match(await text(page, 'data-age'), /^data as of \d+ s ago$/);

    // A refused subscription is said, and what is on screen stays.
    socket.emit('subscribe_error', { room: room.room, error: 'not allowed' });
    await page.getByTestId('live-error').filter({ hasText: 'live updates unavailable: not allowed' }).waitFor({ timeout: 30_000 });
    assert.equal(await text(page, 'engagement-active'), '49');

    await page.close();
  });
});
