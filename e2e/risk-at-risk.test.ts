/**
 * The at-risk page in Chromium: 20 enrolled learners ranked by risk score; the default budget
 * (15 per 100) flags 3 — the learner quiet for 12 days first, with the score's reasons and the
 * severity explained ("yellow: 1 rule") — and the page says who is left out (a learner who already
 * passed). An admin lowers the course's flag budget on the settings page and the open list shrinks
 * to one learner without a reload. The CSV export downloads with rank, score and reasons, and shows
 * up in the export audit. The page follows the course's risk room (the list alone); the course page
 * shows the list too, from the dashboard's socket.
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
  // 17 steady learners study every day; quiet stopped 5 days ago (no rule yet), gone 12 days ago (inactive); passer passed.
  const learners: [number, string, number][] = [
    ...Array.from({ length: 17 }, (_, i): [number, string, number] => [210 + i, `steady${i}`, 0]),
    [202, 'quiet', 5],
    [203, 'gone', 12],
    [204, 'passer', 0],
  ];
  for (const [id, username, lastDaysAgo] of learners) {
    const actor: Actor = { userId: id, username, session: `s${id}` };
    lines.push(enrollmentActivated({ actor, courseId, time: new Date(now - 20 * DAY), mode: 'verified' }));
    for (let daysAgo = 15; daysAgo >= lastDaysAgo; daysAgo--) {
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
      values: [{ id: 203, username: 'gone', email: 'gone@example.org', first_name: 'Gwen', last_name: 'Gone', is_staff: 0, is_superuser: 0, is_active: 1, synced_at: formatLakeTime(new Date()) }],
      format: 'JSONEachRow',
    });
    const day = formatLakeTime(new Date(Date.now() - 2 * DAY));
    await lookout.lake.client.insert({
      table: 'lms_course_grades',
      values: [{ course_id: courseId, user_id: 204, percent_grade: 0.9, letter_grade: 'Pass', passed_timestamp: day, created: day, modified: day, synced_at: day }],
      format: 'JSONEachRow',
    });
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    exitWhenStuck();
  });

  it('ranks the learners by risk with reasons, follows a budget change without a reload, and exports the list', async () => {
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
    // 20 enrolled, 15 per 100: 3 flagged, ranked by score; the quietest first.
    const rows = list.getByTestId('at-risk-row');
    assert.equal(await rows.count(), 3);
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-rank'))), ['1', '2', '3']);
    const gone = list.locator('[data-testid="at-risk-row"][data-username="gone"]');
    assert.equal(await gone.getAttribute('data-rank'), '1');
    assert.equal(await list.locator('[data-testid="at-risk-row"][data-username="quiet"]').getAttribute('data-rank'), '2');
    assert.match((await gone.getByTestId('at-risk-score').textContent()) ?? '', /^\d+ %/);
    const reasons = await gone.getByTestId('at-risk-score-reason').allTextContents();
    assert.ok(reasons.length >= 1 && reasons.some((r) => /\b12 days\b/.test(r)), reasons.join(' | '));
    assert.match((await gone.textContent()) ?? '', /Inactive: no activity for 12 days/);
    assert.equal(await gone.getByTestId('at-risk-severity-reason').textContent(), 'yellow: 1 rule');
    const quietRow = list.locator('[data-username="quiet"]');
    assert.equal(await quietRow.getByTestId('at-risk-severity-reason').textContent(), 'yellow: no rule fired, ranked by score');
    const explain = (await page.getByTestId('at-risk-explain').textContent()) ?? '';
    assert.match(explain, /top 15 of every 100 enrolled are flagged: 3 of 20 enrolled/);
    assert.match(explain, /1 learner who already passed is left out/);
    assert.equal(await list.locator('[data-username="passer"]').count(), 0);
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // An admin lowers this course's flag budget on the settings page.
    const settings = await context.newPage();
    await settings.goto(`${lookout.url}/admin/settings?scope=course&key=${encodeURIComponent(courseId)}`, { timeout: 180_000 });
    await settings.getByTestId('threshold-flagBudgetPer100').fill('101');
    await settings.getByTestId('thresholds-save').click();
    await settings.getByTestId('thresholds-errors').filter({ hasText: /flagBudgetPer100.*0 to 100/ }).waitFor({ timeout: 30_000 });
    await settings.getByTestId('threshold-flagBudgetPer100').fill('5');
    await settings.getByTestId('thresholds-save').click();
    await settings.getByTestId('thresholds-saved').waitFor({ timeout: 30_000 });
    await settings.getByTestId('history-row').filter({ hasText: /demo_admin.*flagBudgetPer100.*inherited.*5/ }).waitFor({ timeout: 30_000 });

    // The open at-risk page follows by push: one learner (5 of 20).
    await list.locator('[data-username="quiet"]').waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await rows.count(), 1);
    assert.match((await page.getByTestId('at-risk-explain').textContent()) ?? '', /1 of 20 enrolled/);
    assert.equal(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true, 'the page was reloaded');

    // Filter to yellow, then download what is shown.
    await page.getByTestId('at-risk-severity').selectOption('yellow');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('at-risk-export').click()]);
    assert.match(download.suggestedFilename(), /^at-risk-course-v1_E2E\+Risk\+2026-\d{8}-\d{4}\.csv$/);
    const [header, ...csvRows] = parseCsv(await readFile((await download.path())!, 'utf8'));
    assert.deepEqual(header, [...AT_RISK_CSV_COLUMNS]);
    assert.equal(csvRows.length, 1);
    const goneRow = Object.fromEntries(header!.map((h, i) => [h, csvRows[0]![i]]));
    assert.equal(goneRow.username, 'gone');
    assert.equal(goneRow.rank, '1');
    assert.ok(Number(goneRow.score) > 0 && Number(goneRow.score) < 1);
    assert.match(goneRow.score_reasons!, /\b12 days\b/);
    assert.equal(goneRow.email, 'gone@example.org');
    assert.equal(goneRow.name, 'Gwen Gone');
    assert.equal(goneRow.rules, 'inactive; disengaging');
    assert.equal(goneRow.severity, 'yellow');
    assert.equal(goneRow.severity_reason, 'yellow: 1 rule');
    assert.equal(goneRow.flagged_by, 'budget');
    assert.equal(goneRow.days_inactive, '12');

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
    // The list is in the server-rendered first view: wait for the socket to take over.
    await page.getByTestId('course-dashboard').getByTestId('connection-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 60_000 });
    // Open ones: in development React mounts each component twice, and closes the first socket.
    const open = sockets.filter((ws) => ws.url().includes('/socket.io/') && !ws.isClosed());
    assert.equal(open.length, 1, `one socket for the dashboard and the list: ${sockets.map((ws) => `${ws.url()}${ws.isClosed() ? ' (closed)' : ''}`).join(', ')}`);
    await page.close();
  });
});
