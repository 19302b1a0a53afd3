/**
 * Issue 20 in Chromium: each demo role signs in, lands where it works, and every link of its
 * header opens a page it may see (none answers "Not allowed"); the header fits 390 px. An
 * instructor goes from a count to the learners behind it and on to one learner's page; a learner
 * of the course and the staff of another course may not. An admin's settings form labels its
 * fields, shows shares as percentages, previews how many a change would flag, and keeps its
 * "saved" notice.
 */
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { postLines, startTestLookout } from '../test/helpers';
import { enrollmentActivated, problemCheck, videoEvent, type Actor } from '../lib/demo/tracking';
import { DEMO_COURSE_ID } from '../lib/demo/course';
import { orgFromCourseKey } from '../lib/events/courseKey';
import { SESSION_COOKIE, writeSession } from '../lib/auth/session';
import { seedLmsUsers, type SeedUser } from '../server/demo/seedUsers';
import { exitWhenStuck, launchChromium } from './browser';
import { DEMO_USERS } from '../server/demo/seedUsers';

const courseId = DEMO_COURSE_ID;
const coursePath = `/courses/${encodeURIComponent(courseId)}`;
// The LMS compares org-wide roles without case; the header links the org as the roles hold it.
const orgPath = `/orgs/${encodeURIComponent(orgFromCourseKey(courseId).toLowerCase())}`;
const OTHER = 'course-v1:OtherX+Else+2026';
const DAY = 86_400_000;
const otherInstructor: SeedUser = { id: 770001, username: 'other_instructor', email: 'oi@test.lookout', firstName: 'O', lastName: 'I', roles: [{ role: 'instructor', courseId: OTHER }] };

function seed(now: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) {
    const actor: Actor = { userId: 300 + i, username: `learner${i}`, session: `s${i}` };
    lines.push(enrollmentActivated({ actor, courseId, time: new Date(now - 10 * DAY) }));
    if (i < 4) lines.push(videoEvent({ actor, courseId, time: new Date(now - 60_000 - i * 1000), action: 'play_video', videoId: 'v1', position: 0, duration: 60 }));
    if (i % 2 === 0) {
      lines.push(problemCheck({ actor, courseId, time: new Date(now - 30_000 - i * 1000), problem: `block-v1:LookoutX+Demo101+2026+type@problem+block@p1`, problemName: 'P1', attempts: 1, correct: i === 0 }));
    }
  }
  lines.push(videoEvent({ actor: { userId: 900, username: 'elsewhere', session: 's900' }, courseId: OTHER, time: new Date(now - 60_000), action: 'play_video', videoId: 'v', position: 0, duration: 60 }));
  return lines;
}

describe('navigation by role, drill-down to learners, settings form', { timeout: 900_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;

  before(async () => {
    lookout = await startTestLookout({ LOOKOUT_DEMO_SIGNIN: '1' }, { web: true, dev: true });
    await seedLmsUsers(lookout.lake, [...DEMO_USERS, otherInstructor]);
    const posted = await postLines(lookout.url, seed(Date.now()));
    assert.equal(posted.status, 200);
    assert.deepEqual(posted.body.rejected, []);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    exitWhenStuck();
  });

  /** Signs in from the sign-in page with no page asked for; returns the page where it landed. */
  async function signIn(username: string, viewport = { width: 1280, height: 900 }, timezoneId?: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, acceptDownloads: true, ...(timezoneId && { timezoneId }) });
    const page = await context.newPage();
    await page.goto(`${lookout.url}/signin`, { timeout: 180_000 });
    await page.getByTestId(`demo-${username}`).click({ timeout: 60_000 });
    await page.getByTestId('signed-in-as').filter({ hasText: username }).waitFor({ timeout: 180_000 });
    return { context, page };
  }
  const headerLinks = (page: Page) => page.locator('[data-testid="site-nav"] a, [data-testid="course-nav"] a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));

  const EXPECT: Record<string, { landing: string; links: string[] }> = {
    demo_admin: { landing: '/', links: ['/', '/support', '/support/learners', '/admin/settings', '/admin/exports', '/admin/dead-letters', '/platform', '/admin/alerts', '/notifications'] },
    demo_instructor: { landing: coursePath, links: ['/', coursePath, `${coursePath}/at-risk`, '/notifications'] },
    demo_support: { landing: '/support', links: ['/', '/support', '/support/learners', '/platform', '/notifications'] },
    demo_learner: { landing: '/', links: ['/'] },
    demo_org_staff: { landing: orgPath, links: ['/', orgPath, '/notifications'] },
  };

  for (const [username, expected] of Object.entries(EXPECT)) {
    it(`${username}: lands where it works, and no header link answers "Not allowed", at 390 px too`, async () => {
      const { context, page } = await signIn(username, { width: 390, height: 800 });
      try {
        assert.equal(new URL(page.url()).pathname, expected.landing);
        // The header fits the phone's width (its menu wraps).
        const header = await page.locator('header.site-header').evaluate((h) => ({ scroll: h.scrollWidth, client: h.clientWidth, right: h.getBoundingClientRect().right }));
        assert.ok(header.scroll <= header.client && header.right <= 390, JSON.stringify(header));
        // Every link of the header, here and on a course page where the role has one.
        const links = new Set(await headerLinks(page));
        if (username !== 'demo_learner' && username !== 'demo_support') {
          await page.goto(`${lookout.url}${coursePath}`, { timeout: 180_000 });
          await page.getByTestId('course-dashboard').waitFor({ timeout: 180_000 });
          for (const l of await headerLinks(page)) links.add(l);
        }
        assert.deepEqual([...links].filter((l) => !l.startsWith('/courses/') || username === 'demo_instructor').sort(), [...expected.links].sort());
        for (const href of links) {
          const res = await page.goto(`${lookout.url}${href}`, { timeout: 180_000 });
          assert.equal(res?.status(), 200, href);
          assert.equal(await page.getByTestId('access-denied').count(), 0, `${username}: ${href} refused`);
          assert.ok(!/Not allowed/.test((await page.locator('main').textContent()) ?? ''), href);
        }
      } finally {
        await context.close();
      }
    });
  }

  it('an instructor goes from a count to its learners and to one learner; others may not', async () => {
    const { context, page } = await signIn('demo_instructor');
    try {
      await page.goto(`${lookout.url}${coursePath}`, { timeout: 180_000 });
      for (const [metric, expected] of [['active', 5], ['tried', 3]] as const) {
        await page.goto(`${lookout.url}${coursePath}`, { timeout: 180_000 });
        const link = page.getByTestId(`engagement-${metric}`).getByTestId(`drill-${metric}`);
        await link.filter({ hasText: String(expected) }).waitFor({ timeout: 120_000 });
        const shown = Number(await link.getAttribute('data-count'));
        await link.click();
        await page.getByTestId('learner-list').waitFor({ timeout: 180_000 });
        assert.equal(await page.getByTestId('learner-row').count(), shown, `${metric}: the list has as many learners as the count`);
        assert.equal(Number(await page.getByTestId('learner-list-count').getAttribute('data-count')), expected);
        // The instructor may export: the CSV of the list, with emails columns (empty without an LMS copy).
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('learner-list-csv').click()]);
        const csv = await readFile((await download.path())!, 'utf8');
        assert.equal(csv.trim().split('\r\n').length, expected + 1);
      }
      // Each card's table downloads as CSV, as the card shows it.
      await page.goto(`${lookout.url}${coursePath}`, { timeout: 180_000 });
      await page.getByTestId('drill-problem').waitFor({ timeout: 120_000 });
      const [table] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-problems').click()]);
      const rows = (await readFile((await table.path())!, 'utf8')).trim().split('\r\n');
      assert.equal(rows[0], 'problem,problem_id,attempts,learners,correct_first_attempt,pct_correct,attempts_per_correct');
      assert.match(rows[1]!, /,3,3,1,/, 'P1: 3 attempts by 3 learners, 1 right at once');
      await page.getByTestId('drill-problem').click();
      await page.getByTestId('learner-list').waitFor({ timeout: 180_000 });
      assert.equal(await page.getByTestId('learner-row').count(), 3);

      // On to one learner's page.
      await page.getByTestId('learner-row').first().locator('a').click();
      await page.getByTestId('learner-page').waitFor({ timeout: 180_000 });
      assert.doesNotMatch((await page.getByTestId('learner-last-activity').textContent()) ?? '', /no learner activity/);
      assert.match((await page.getByTestId('learner-problems').textContent()) ?? '', /P1|p1/);

      // The same list through the API agrees with the dashboard's count.
      const api = await page.request.get(`${lookout.url}/api/courses/${encodeURIComponent(courseId)}/learners?metric=watched`);
      assert.equal(api.status(), 200);
      assert.deepEqual(((await api.json()) as { rows: { username: string }[] }).rows.map((r) => r.username), ['learner0', 'learner1', 'learner2', 'learner3']);
    } finally {
      await context.close();
    }
    // A learner of the course, and the instructor of another course: refused, page and API alike.
    for (const user of [DEMO_USERS.find((u) => u.username === 'demo_learner')!, otherInstructor]) {
      const cookie = `${SESSION_COOKIE}=${await writeSession({ username: user.username, userId: user.id, via: 'demo' }, lookout.auth.config.secret)}`;
      for (const path of [coursePath, `${coursePath}/learners/learner0`, `${coursePath}/learners?metric=active`, `/api/courses/${encodeURIComponent(courseId)}/learners?metric=active`]) {
        const res = await fetch(lookout.url + path, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(180_000) });
        const body = await res.text();
        assert.equal(res.status, 403, `${user.username} ${path}`);
        assert.ok(!body.includes('learner1'), `${user.username} ${path} shows nobody`);
        assert.ok(!body.includes('data-testid="course-nav"'), `${user.username} ${path}: no link to the course's pages`);
      }
    }
  });

  it('support looks a learner up across the courses they may see', async () => {
    const { context, page } = await signIn('demo_support');
    try {
      await page.goto(`${lookout.url}/support/learners?user=learner2`, { timeout: 180_000 });
      await page.getByTestId('learner-lookup-link').first().click();
      await page.getByTestId('learner-page').waitFor({ timeout: 180_000 });
      assert.match(page.url(), /\/learners\/302$/);
    } finally {
      await context.close();
    }
  });

  it('settings: labelled fields, shares as percentages, a preview before saving, a saved notice that stays', async () => {
    const { context, page } = await signIn('demo_admin', undefined, 'America/New_York');
    try {
      await page.goto(`${lookout.url}/admin/settings?scope=course&key=${encodeURIComponent(courseId)}`, { timeout: 180_000 });
      // The course is picked from a searchable list.
      assert.ok((await page.locator('#scope-keys option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).includes(courseId));
      const share = page.getByLabel("Activity drop: share below the learner's own previous 3 weeks", { exact: true });
      await share.waitFor({ timeout: 60_000 });
      assert.equal((await page.getByTestId('effective-activityDropShare').textContent())?.replace(/\s/g, ''), '60%');
      // Preview: a budget of 100 per 100 flags every evaluated learner (the six enrolled ten days ago).
      await page.getByLabel('Flag budget: learners flagged per 100 enrolled', { exact: true }).fill('100');
      await page.getByTestId('thresholds-preview-button').click();
      const preview = page.getByTestId('thresholds-preview');
      await preview.waitFor({ timeout: 120_000 });
      const text = (await preview.textContent()) ?? '';
      const [, after, now] = /(\d+) learners would be flagged \(now (\d+)\)/.exec(text) ?? [];
      assert.equal(Number(after), 6, text);
      assert.ok(Number(now) < 6, text);
      // Save a share typed as a percentage; the notice stays once the page shows the stored values.
      await page.getByLabel('Flag budget: learners flagged per 100 enrolled', { exact: true }).fill('');
      await share.fill('50');
      await page.getByTestId('thresholds-save').click();
      await page.getByTestId('effective-activityDropShare').filter({ hasText: '50' }).waitFor({ timeout: 60_000 });
      assert.match((await page.getByTestId('thresholds-saved').textContent()) ?? '', /Saved 1 change/);
      const stored = await page.request.get(`${lookout.url}/api/risk/thresholds?scope=course&key=${encodeURIComponent(courseId)}`);
      assert.equal(((await stored.json()) as { set: { activityDropShare?: number } }).set.activityDropShare, 0.5);
      assert.equal(await share.inputValue(), '50');
      // The change's history row: in the viewer's time zone, UTC on hover.
      const when = page.getByTestId('history-row').first().locator('time');
      await page.getByTestId('history-row').first().locator('time[data-zone="America/New_York"]').waitFor({ timeout: 60_000 });
      assert.match((await when.getAttribute('title')) ?? '', / UTC$/);
      const iso = (await when.getAttribute('datetime'))!;
      const newYork = await page.evaluate((t) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone: 'America/New_York' }).format(new Date(t)), iso);
      assert.ok(((await when.textContent()) ?? '').includes(newYork), `${await when.textContent()} shows ${newYork}`);
    } finally {
      await context.close();
    }
  });
});
