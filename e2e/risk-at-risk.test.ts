/**
 * The at-risk page in Chromium: a learner who went quiet five days ago is not at risk under the
 * default thresholds; an admin lowers the course's inactivity threshold on the settings page, and
 * the learner appears on the open at-risk page without a reload. The CSV export downloads with
 * its header and the learner's row, and shows up in the export audit. The page follows the course's
 * risk room (the list alone); the course page shows the list too, from the dashboard's socket.
 */
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, WebSocket } from 'playwright-core';
import { postLines, startTestLookout } from '../test/helpers';
import { enrollmentActivated, videoEvent, type Actor } from '../lib/demo/tracking';
import { formatLakeTime } from '../lib/lake/time';
import { AT_RISK_CSV_COLUMNS } from '../lib/export/atRiskCsv';
import { parseCsv } from '../lib/export/csv';
import { exitWhenStuck, signInAsDemoUser, startBrowserLookout } from './browser';

const courseId = 'course-v1:E2E+Risk+2026';
const DAY = 86_400_000;

function seed(now: number): string[] {
  const lines: string[] = [];
  const learners: [number, string, number | null][] = [
    [201, 'steady', 0],
    [202, 'quiet', 5], // last active 5 days ago: not inactive at the default 7 days
    [203, 'gone', 12],
  ];
  for (const [id, username, lastDaysAgo] of learners) {
    const actor: Actor = { userId: id, username, session: `s${id}` };
    lines.push(enrollmentActivated({ actor, courseId, time: new Date(now - 20 * DAY), mode: 'verified' }));
    for (const daysAgo of [15, lastDaysAgo ?? 15]) {
      lines.push(videoEvent({ actor, courseId, time: new Date(now - daysAgo * DAY - 60_000), action: 'play_video', videoId: 'v', position: 1, duration: 60 }));
    }
  }
  return lines;
}

describe('at-risk page in Chromium', { timeout: 300_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    ({ lookout, browser, context } = await startBrowserLookout({ acceptDownloads: true }));
    await signInAsDemoUser(context, lookout.url);
    const posted = await postLines(lookout.url, seed(Date.now()));
    assert.equal(posted.status, 200);
    assert.deepEqual(posted.body.rejected, []);
    await lookout.lake.client.insert({
      table: 'lms_users',
      values: [{ id: 202, username: 'quiet', email: 'quiet@example.org', first_name: 'Quinn', last_name: 'Quiet', is_staff: 0, is_superuser: 0, is_active: 1, synced_at: formatLakeTime(new Date()) }],
      format: 'JSONEachRow',
    });
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    exitWhenStuck();
  });

  it('shows a learner who goes quiet without a reload, and exports the list', async () => {
    const page = await context.newPage();
    // What the page's socket subscribes to, and the widgets it is sent.
    const subscribed: string[] = [];
    const widgetsSent = new Set<string>();
    // A Socket.IO event frame: 42, an optional ack id, then [name, body].
    const eventOf = (payload: string | Buffer) => {
      const m = /^42\d*(\[.*)$/.exec(String(payload));
      return m ? (JSON.parse(m[1]!) as [string, { room?: string; widgets?: Record<string, unknown> }]) : [];
    };
    page.on('websocket', (ws) => {
      ws.on('framesent', ({ payload }) => {
        const [event, body] = eventOf(payload);
        if (event === 'subscribe') subscribed.push(String(body?.room));
      });
      ws.on('framereceived', ({ payload }) => {
        const [event, body] = eventOf(payload);
        if (event === 'snapshot' || event === 'update') for (const name of Object.keys(body?.widgets ?? {})) widgetsSent.add(name);
      });
    });
    await page.goto(`${lookout.url}/courses/${encodeURIComponent(courseId)}/at-risk`, { timeout: 180_000 });
    const list = page.getByTestId('at-risk-list');
    await page.getByTestId('connection-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 60_000 });
    await list.locator('[data-testid="at-risk-row"][data-username="gone"]').waitFor({ timeout: 30_000 });
    // The page follows the course's risk room, which carries the list alone: no dashboard widget is computed for it.
    assert.deepEqual([...new Set(subscribed)], [`risk:${courseId}`]);
    assert.deepEqual([...widgetsSent], ['atRisk']);
    assert.equal(await list.locator('[data-username="quiet"]').count(), 0, 'quiet is not at risk yet');
    assert.equal(await list.locator('[data-username="steady"]').count(), 0);
    assert.match((await list.locator('[data-username="gone"]').textContent()) ?? '', /Inactive: .*12 days/);
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // An admin lowers this course's inactivity threshold on the settings page.
    const settings = await context.newPage();
    await settings.goto(`${lookout.url}/admin/settings?scope=course&key=${encodeURIComponent(courseId)}`, { timeout: 180_000 });
    await settings.getByTestId('threshold-inactiveYellowDays').fill('0');
    await settings.getByTestId('thresholds-save').click();
    await settings.getByTestId('thresholds-errors').filter({ hasText: /inactiveYellowDays.*1 to 365/ }).waitFor({ timeout: 30_000 });
    await settings.getByTestId('threshold-inactiveYellowDays').fill('4');
    await settings.getByTestId('thresholds-save').click();
    await settings.getByTestId('thresholds-saved').waitFor({ timeout: 30_000 });
    await settings.getByTestId('history-row').filter({ hasText: /demo_admin.*inactiveYellowDays.*inherited.*4/ }).waitFor({ timeout: 30_000 });
    await settings.getByTestId('effective-inactiveYellowDays').filter({ hasText: /^4$/ }).waitFor({ timeout: 30_000 });

    // The open at-risk page picks the learner up by push.
    const quiet = list.locator('[data-testid="at-risk-row"][data-username="quiet"]');
    await quiet.waitFor({ timeout: 30_000 });
    assert.match((await quiet.textContent()) ?? '', /Inactive: .*5 days/);
    assert.equal(await quiet.getAttribute('data-severity'), 'yellow');
    assert.equal(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true, 'the page was reloaded');

    // Filter to yellow, then download what is shown.
    await page.getByTestId('at-risk-severity').selectOption('yellow');
    await list.locator('[data-username="gone"]').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('at-risk-export').click()]);
    assert.match(download.suggestedFilename(), /^at-risk-course-v1_E2E\+Risk\+2026-\d{8}-\d{4}\.csv$/);
    const [header, ...rows] = parseCsv(await readFile((await download.path())!, 'utf8'));
    assert.deepEqual(header, [...AT_RISK_CSV_COLUMNS]);
    const row = rows.find((r) => r[0] === 'quiet');
    assert.ok(row, `quiet in ${JSON.stringify(rows)}`);
    const quietRow = Object.fromEntries(header!.map((h, i) => [h, row[i]]));
    assert.equal(quietRow.email, 'quiet@example.org');
    assert.equal(quietRow.name, 'Quinn Quiet');
    assert.equal(quietRow.rules, 'inactive');
    assert.equal(quietRow.severity, 'yellow');
    assert.equal(quietRow.days_inactive, '5');
    assert.ok(rows.every((r) => r.at(-1) === 'yellow'), 'the export follows the filter');

    // The export is in the audit list.
    await settings.goto(`${lookout.url}/admin/exports`, { timeout: 180_000 });
    await settings.getByTestId('export-row').filter({ hasText: courseId }).filter({ hasText: /severity=yellow/ }).waitFor({ timeout: 30_000 });
    await settings.close();
    await page.close();
  });

  it('shows the list on the course page from the dashboard\'s own socket', async () => {
    const page = await context.newPage();
    const sockets: WebSocket[] = [];
    page.on('websocket', (ws) => sockets.push(ws));
    await page.goto(`${lookout.url}/courses/${encodeURIComponent(courseId)}`, { timeout: 180_000 });
    const list = page.getByTestId('at-risk-list');
    await list.locator('[data-testid="at-risk-row"][data-username="gone"]').waitFor({ timeout: 60_000 });
    // Open ones: in development React mounts each component twice, and closes the first socket.
    const open = sockets.filter((ws) => ws.url().includes('/socket.io/') && !ws.isClosed());
    assert.equal(open.length, 1, `one socket for the dashboard and the list: ${sockets.map((ws) => `${ws.url()}${ws.isClosed() ? ' (closed)' : ''}`).join(', ')}`);
    await page.close();
  });
});
