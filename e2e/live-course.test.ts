import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { postLines, startTestLookout } from '../test/helpers';
import type { BrowserContext } from 'playwright-core';
import { videoEvent } from '../lib/demo/tracking';
import { exitWhenStuck, startBrowserLookout } from './browser';

const courseId = 'course-v1:E2E+Live+2026';

function playsBy(users: number[]): string[] {
  const now = new Date();
  return users.map((u, i) =>
    videoEvent({
      actor: { userId: u, username: `e2e${u}`, session: `s${u}` },
      courseId,
      time: now,
      micros: i,
      action: 'play_video',
      videoId: 'abc',
      position: 1,
      duration: 60,
    }),
  );
}

describe('course page in Chromium', { timeout: 240_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    ({ lookout, browser, context } = await startBrowserLookout());
    assert.equal((await postLines(lookout.url, playsBy([1]))).status, 200);
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    exitWhenStuck();
  });

  it('sends a visitor to sign in, then lists the course for the demo admin', async () => {
    const page = await context.newPage();
    await page.goto(lookout.url, { timeout: 180_000 });
    await page.waitForURL(/\/signin\?next=/, { timeout: 60_000 });
    await page.getByTestId('demo-demo_admin').click({ timeout: 60_000 });
    await page.getByTestId('signed-in-as').filter({ hasText: 'demo_admin' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('course-list').getByText(courseId).first().waitFor({ timeout: 60_000 });
    await page.close();
  });

  it('updates the live counter and chart without a reload when events arrive', async () => {
    const page = await context.newPage();
    await page.goto(`${lookout.url}/courses/${encodeURIComponent(courseId)}`, { timeout: 180_000 });
    await page.getByTestId('course-dashboard').getByTestId('connection-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 60_000 });
    await page.getByTestId('active-now').filter({ hasText: /^1$/ }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('events-per-minute').getAttribute('data-total'), '1');
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    const posted = await postLines(lookout.url, playsBy([2, 3, 4]));
    assert.deepEqual(posted.body, { accepted: 3, duplicates: 0, rejected: [], rejectedCount: 0 });

    await page.getByTestId('active-now').filter({ hasText: /^4$/ }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="events-per-minute"][data-total="4"]').waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true, 'the page was reloaded');
    assert.match((await page.getByTestId('data-age').textContent()) ?? '', /data as of \d+ s ago/);
    await page.close();
  });
});
