import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { postLines, startTestLookout } from '../test/helpers';
import { enrollmentActivated, videoEvent } from '../lib/demo/tracking';
import { exitWhenStuck, signInAsDemoUser, startBrowserLookout } from './browser';

const A = 'course-v1:E2EOrgA+Live+2026';
const B = 'course-v1:E2EOrgB+Live+2026';

function plays(courseId: string, users: number[]): string[] {
  const now = new Date();
  return users.map((u, i) =>
    videoEvent({ actor: { userId: u, username: `e2e${u}`, session: `s${u}` }, courseId, time: now, micros: i, action: 'play_video', videoId: 'abc', position: 1, duration: 60 }),
  );
}

describe('/platform in Chromium (issue 21)', { timeout: 300_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    ({ lookout, browser, context } = await startBrowserLookout());
    assert.equal((await postLines(lookout.url, plays(A, [1]))).status, 200);
    await signInAsDemoUser(context, lookout.url, 'demo_admin');
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    exitWhenStuck();
  });

  it('moves live without a reload when events arrive in any course, and its catalog leads to every course', async () => {
    const page = await context.newPage();
    await page.goto(`${lookout.url}/platform`, { timeout: 180_000 });
    await page.getByTestId('institution-dashboard').getByTestId('connection-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 60_000 });
    await page.getByTestId('active-now').filter({ hasText: /^1$/ }).waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid="catalog-row"][data-course="${A}"]`).waitFor({ timeout: 30_000 });
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // Two more learners in a course of another org: the platform counts them, without a reload.
    assert.equal((await postLines(lookout.url, plays(B, [2, 3]))).status, 200);
    await page.getByTestId('active-now').filter({ hasText: /^3$/ }).waitFor({ timeout: 30_000 });
    await page.getByTestId('events-last-hour').filter({ hasText: /^3$/ }).waitFor({ timeout: 30_000 });
    // The last 60 s (not "this minute so far"): B's two plays, and A's when the page came up within the minute.
    await page.getByTestId('events-last-minute').filter({ hasText: /^[23]$/ }).waitFor({ timeout: 30_000 });
    // The catalog (a window widget, recomputed in the background) gains the new course.
    const rowB = page.locator(`[data-testid="catalog-row"][data-course="${B}"]`);
    await rowB.waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true, 'the page was reloaded');
    assert.equal(await page.getByTestId('catalog-count').textContent(), '2 of 2 courses');

    // Filter by org, then follow the row to the course page.
    await page.getByTestId('catalog-org').selectOption('E2EOrgB');
    await page.getByTestId('catalog-count').filter({ hasText: '1 of 2 courses' }).waitFor({ timeout: 10_000 });
    const href = await rowB.getByTestId('catalog-course-link').getAttribute('href');
    assert.equal(href, `/courses/${encodeURIComponent(B)}`);
    // Its learner count opens those learners: this week's active learners of the course.
    const active = rowB.getByTestId('catalog-active-link');
    assert.equal(await active.textContent(), '2');
    const activeHref = (await active.getAttribute('href')) ?? '';
    assert.match(activeHref.slice(`/courses/${encodeURIComponent(B)}/learners`.length), /^\?metric=active&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/, activeHref);
    assert.ok(activeHref.startsWith(`/courses/${encodeURIComponent(B)}/learners?`), activeHref);
    // Following a link compiles its page on first use in development mode: a navigation of its own, with the time that takes.
    await page.goto(`${lookout.url}${activeHref}`, { timeout: 180_000 });
    await page.getByTestId('learner-list-count').and(page.locator('[data-count="2"]')).waitFor({ timeout: 60_000 });
    await page.goto(`${lookout.url}${href}`, { timeout: 180_000 });
    await page.getByTestId('course-dashboard').waitFor({ timeout: 60_000 });
    await page.close();
  });

  it("shows an org's page with its courses only and its learner list with the export", async () => {
    assert.equal((await postLines(lookout.url, [enrollmentActivated({ actor: { userId: 2, username: 'e2e2', session: 's2' }, courseId: B, time: new Date() })])).status, 200);
    const page = await context.newPage();
    await page.goto(`${lookout.url}/orgs/E2EOrgB`, { timeout: 180_000 });
    await page.getByTestId('institution-dashboard').getByTestId('connection-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 60_000 });
    await page.locator(`[data-testid="catalog-row"][data-course="${B}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator(`[data-testid="catalog-row"][data-course="${A}"]`).count(), 0);
    const learner = page.getByTestId('org-learner').filter({ hasText: 'e2e2' });
    await learner.waitFor({ timeout: 30_000 });
    // Progress is unit completion: B has no course structure, so none (not 0 %); no grade yet either.
    await page.getByTestId('org-learners').getByRole('columnheader', { name: 'Progress (units)', exact: true }).waitFor({ timeout: 10_000 });
    assert.deepEqual([await learner.getByTestId('org-learner-progress').textContent(), await learner.getByTestId('org-learner-grade').textContent()], ['–', '–']);
    assert.equal(await page.getByTestId('org-learners-csv').getAttribute('href'), '/api/orgs/E2EOrgB/learners.csv');
    await page.close();
  });

  it('refuses the instructor of a course', async () => {
    const other = await browser.newContext();
    try {
      await signInAsDemoUser(other, lookout.url, 'demo_instructor');
      const page = await other.newPage();
      const res = await page.goto(`${lookout.url}/platform`, { timeout: 180_000 });
      assert.equal(res?.status(), 403);
      await page.close();
    } finally {
      await other.close();
    }
  });
});
