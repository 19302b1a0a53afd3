/**
 * Weeks by the viewer's locale or the course's setting, in Chromium: on a course with no setting an
 * en-US viewer's week picker, "this week" and weekly table run Sunday to Sunday, an en-GB viewer's
 * Monday to Monday, from the server-rendered first view on (the socket subscribes with the same
 * week start); the admin's settings form sets the course's week start (it then wins for everyone)
 * and clears it back to "follow the viewer's locale", with a "saved" notice that stays.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { postLines } from '../test/helpers';
import { videoEvent } from '../lib/demo/tracking';
import type { WeekStart } from '../lib/metrics/weekStart';
import { addDays, weekOf } from '../components/dashboard/dashboardWindow';
import { exitWhenStuck, signInAsDemoUser, startBrowserLookout } from './browser';

const courseId = 'course-v1:Weeks+E2E+2026';
const coursePath = `/courses/${encodeURIComponent(courseId)}`;
const HEADER: Record<WeekStart, string> = { monday: 'Week (Monday, UTC)', sunday: 'Week (Sunday, UTC)' };

describe('weeks by the viewer’s locale or the course’s setting (Chromium)', { timeout: 600_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startBrowserLookout>>['lookout'];
  let browser: Browser;
  let gb: BrowserContext;
  let us: BrowserContext;

  before(async () => {
    ({ lookout, browser, context: gb } = await startBrowserLookout({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' }));
    const known = videoEvent({ actor: { userId: 1, username: 'l1', session: 's1' }, courseId, time: new Date(), micros: 0, action: 'play_video', videoId: 'v', position: 1, duration: 60 });
    assert.equal((await postLines(lookout.url, [known])).status, 200);
    us = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await signInAsDemoUser(gb, lookout.url);
    await signInAsDemoUser(us, lookout.url);
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    exitWhenStuck();
  });

  /** Opens the course page and checks its week picker, its window and its weekly table follow `weekStart`. */
  async function expectWeeks(context: BrowserContext, weekStart: WeekStart): Promise<Page> {
    const page = await context.newPage();
    const subscriptions: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && f.payload.includes('"subscribe"') && subscriptions.push(f.payload)));
    await page.goto(lookout.url + coursePath, { timeout: 180_000 });
    const thisWeek = weekOf(new Date(), weekStart);
    const select = page.getByTestId('week-select');
    await page.waitForFunction((from) => (document.querySelector('[data-testid="week-select"]') as HTMLSelectElement | null)?.value === from, thisWeek.from, { timeout: 60_000 });
    assert.match((await select.locator('option:checked').textContent()) ?? '', /^This week/);
    assert.equal(await page.getByTestId('course-dashboard').getAttribute('data-window'), `from=${thisWeek.from}&to=${thisWeek.to}`);
    await page.locator('[data-testid="widget-engagement"][data-state="ready"]').waitFor({ timeout: 120_000 });
    assert.equal(await page.getByTestId('engagement-weeks').locator('th').first().textContent(), HEADER[weekStart]);
    // The socket asked for the same weeks as the server rendered (Monday is the default: not sent).
    await page.getByTestId('connection-state').and(page.locator('[data-state="live"]')).first().waitFor({ timeout: 60_000 });
    assert.ok(subscriptions.length > 0 && subscriptions.every((s) => s.includes('"weekStart":"sunday"') === (weekStart === 'sunday')), subscriptions.join('\n'));
    // The previous week is the previous week of the same kind.
    await page.getByTestId('prev-week').click();
    await page.waitForURL((u) => u.searchParams.get('from') === addDays(thisWeek.from, -7) && u.searchParams.get('to') === thisWeek.from);
    return page;
  }

  it('an unset course: Sunday weeks for en-US, Monday weeks for en-GB, from the first view on', async () => {
    await (await expectWeeks(us, 'sunday')).close();
    await (await expectWeeks(gb, 'monday')).close();
    // The first view, as the server renders it (no JavaScript): already the viewer's weeks.
    const noScript = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US', storageState: await us.storageState() });
    const page = await noScript.newPage();
    await page.goto(lookout.url + coursePath, { timeout: 180_000 });
    assert.equal(await page.getByTestId('week-select').locator('option[selected]').getAttribute('value'), weekOf(new Date(), 'sunday').from);
    await noScript.close();
  });

  it('the settings form sets the course’s week start (it wins over the locale), and clears it', async () => {
    const page = await gb.newPage();
    await page.goto(`${lookout.url}/admin/settings?scope=course&key=${encodeURIComponent(courseId)}`, { timeout: 180_000 });
    const form = page.getByRole('group', { name: 'First day of the course’s weeks' });
    const follow = form.getByLabel(/Follow the viewer’s locale \(default\)/);
    await follow.waitFor({ timeout: 60_000 });
    assert.equal(await follow.isChecked(), true, 'an unset course follows the viewer’s locale');

    await form.getByLabel('Sunday, for every viewer').check();
    await page.getByTestId('week-start-save').click();
    const saved = page.getByTestId('week-start-saved');
    await saved.filter({ hasText: /Sunday, for every viewer/ }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await (await page.request.get(`${lookout.url}/api/courses/${encodeURIComponent(courseId)}/week-start`)).json(), { courseId, weekStart: 'sunday' });
    // The page refreshed with the stored value: the notice stays, the choice shows the setting.
    await page.waitForFunction(() => (document.querySelector('[data-testid="week-start-save"]') as HTMLButtonElement | null)?.disabled === true);
    assert.equal(await saved.isVisible(), true);
    assert.equal(await form.getByLabel('Sunday, for every viewer').isChecked(), true);
    await (await expectWeeks(gb, 'sunday')).close();

    await follow.check();
    await page.getByTestId('week-start-save').click();
    await saved.filter({ hasText: /Follow the viewer’s locale/ }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await (await page.request.get(`${lookout.url}/api/courses/${encodeURIComponent(courseId)}/week-start`)).json(), { courseId, weekStart: null });
    await page.reload();
    assert.equal(await page.getByRole('group', { name: 'First day of the course’s weeks' }).getByLabel(/Follow the viewer’s locale/).isChecked(), true);
    await page.close();
    await (await expectWeeks(gb, 'monday')).close();
    await (await expectWeeks(us, 'sunday')).close();
  });
});
