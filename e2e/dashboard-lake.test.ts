/**
 * The course dashboard end to end: hand-built tracking events through the real ingest
 * endpoint, LMS state (structure, profiles, passing grade) written into the real lake,
 * the real API and live engine, and the page in Chromium. Numbers below are counted by hand
 * from the seed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { postLines, startTestLookout } from '../test/helpers';
import { completionChanged, enrollmentActivated, gradeCalculated, problemCheck, videoEvent, type Actor } from '../lib/demo/tracking';
import { formatLakeTime } from '../lib/lake/time';
import { addDays, parseDay, weekOf } from '../components/dashboard/dashboardWindow';
import { exitWhenStuck, signInAsDemoUser, startBrowserLookout } from './browser';

const courseId = 'course-v1:E2E+Dash+2026';
const key = (type: string, id: string) => `block-v1:E2E+Dash+2026+type@${type}+block@${id}`;
const unit1 = key('vertical', 'unit1');
const unit2 = key('vertical', 'unit2');
const video = key('video', 'welcomevid');
const problem1 = key('problem', 'check1');
const problem2 = key('problem', 'check2');
const VIDEO_ID = 'welcomevid';

const learner = (n: number): Actor => ({ userId: 100 + n, username: `learner${n}`, session: `sess${n}` });
const now = new Date();
const thisWeek = weekOf(now);
const lastWeek = { from: addDays(thisWeek.from, -7), to: thisWeek.from };
const dayStart = (day: string) => parseDay(day)!.getTime();
/** Two weeks ago: enrollments, grades and completions, so both weeks see the same enrolled learners. */
const earlier = new Date(dayStart(addDays(thisWeek.from, -14)) + 10 * 3_600_000);
/** Tuesday of last week, 10:00 UTC. */
const inLastWeek = new Date(dayStart(lastWeek.from) + 34 * 3_600_000);
/** A minute ago (so "active now" counts them for a few minutes), but never before this Monday. */
const inThisWeek = new Date(now.getTime() - Math.min(60_000, (now.getTime() - dayStart(thisWeek.from)) / 2));

function watch(n: number, at: Date, seconds: number): string[] {
  const base = { actor: learner(n), courseId, videoId: VIDEO_ID, duration: 120 };
  return [
    videoEvent({ ...base, time: at, action: 'play_video', position: 0 }),
    videoEvent({ ...base, time: new Date(at.getTime() + seconds * 1000), action: 'pause_video', position: seconds }),
  ];
}

function answer(n: number, at: Date, problem: string, correct: boolean, attempts = 1): string {
  return problemCheck({ actor: learner(n), courseId, time: at, problem, problemName: problem === problem1 ? 'Check your understanding' : 'Practice problem', attempts, correct });
}

function seedEvents(): string[] {
  const later = (at: Date, s: number) => new Date(at.getTime() + s * 1000);
  return [
    // Six learners enrolled two weeks ago; four graded (passing grade 0.5: two pass).
    ...[1, 2, 3, 4, 5, 6].map((n) => enrollmentActivated({ actor: learner(n), courseId, time: earlier })),
    ...[0.92, 0.75, 0.41, 0.18].map((percent, i) => gradeCalculated({ actor: learner(i + 1), courseId, time: later(earlier, 60), percent })),
    // Learners 1 and 2 completed the first unit's video and problem.
    ...[1, 2].flatMap((n) => [video, problem1].map((block) => completionChanged({ actor: learner(n), courseId, time: later(earlier, 120), block, blockType: block.includes('video') ? 'video' : 'problem' }))),
    // Last week: learners 1–3 watch 60 s; learners 1 and 2 answer check 1 (1 right, 2 wrong).
    ...[1, 2, 3].flatMap((n) => watch(n, later(inLastWeek, n * 300), 60)),
    answer(1, later(inLastWeek, 1000), problem1, true),
    answer(2, later(inLastWeek, 1000), problem1, false),
    // This week: learners 1–5 watch 30 s; learners 3–5 answer check 2, learner 5 twice.
    ...[1, 2, 3, 4, 5].flatMap((n) => watch(n, later(inThisWeek, n), 30)),
    answer(3, later(inThisWeek, 40), problem2, true),
    answer(4, later(inThisWeek, 41), problem2, false),
    answer(5, later(inThisWeek, 42), problem2, false),
    answer(5, later(inThisWeek, 43), problem2, true, 2),
  ];
}

async function seedLmsState(lookout: Awaited<ReturnType<typeof startTestLookout>>) {
  const stamp = formatLakeTime(earlier);
  const insert = (table: string, values: Record<string, unknown>[]) => lookout.lake.client.insert({ table, values, format: 'JSONEachRow' });
  const block = (block_id: string, block_type: string, parent: string, display_name: string, position: number, section: string, subsection: string) => ({
    course_id: courseId,
    block_id,
    block_type,
    parent,
    display_name,
    section,
    subsection,
    position,
    updated_at: stamp,
  });
  await insert('course_blocks', [
    block(unit1, 'vertical', '', 'Welcome unit', 1, 'Week 1: Getting started', 'Orientation'),
    block(video, 'video', unit1, 'Welcome video', 2, 'Week 1: Getting started', 'Orientation'),
    block(problem1, 'problem', unit1, 'Check your understanding', 3, 'Week 1: Getting started', 'Orientation'),
    block(unit2, 'vertical', '', 'Practice unit', 4, 'Week 2: Practice', 'Exercises'),
    block(problem2, 'problem', unit2, 'Practice problem', 5, 'Week 2: Practice', 'Exercises'),
  ]);
  const profile = (n: number, gender: string, level_of_education: string, year_of_birth: number, country: string) => ({
    user_id: learner(n).userId,
    id: n,
    name: '',
    gender,
    level_of_education,
    year_of_birth,
    country,
    synced_at: stamp,
  });
  await insert('lms_profiles', [
    profile(1, 'f', 'b', 1990, 'FR'),
    profile(2, 'f', 'm', 1985, 'FR'),
    profile(3, 'm', 'b', 2000, 'IN'),
    profile(4, 'f', 'hs', 1995, 'FR'),
    profile(5, 'm', 'p', 1970, 'US'),
    profile(6, 'o', 'b', 1999, 'IN'),
  ]);
  await insert('lms_course_overviews', [
    { course_id: courseId, display_name: 'Dashboards End to End', org: 'E2E', lowest_passing_grade: 0.5, created: stamp, modified: stamp, synced_at: stamp },
  ]);
}

const ready = (page: Page, widget: string) => page.locator(`[data-testid="widget-${widget}"][data-state="ready"]`);
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
const testIdHas = (page: Page, testId: string, pattern: RegExp) => page.getByTestId(testId).filter({ hasText: pattern }).first().waitFor({ timeout: 60_000 });

describe('course dashboard on a seeded lake, in Chromium', { timeout: 360_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    ({ lookout, browser, context } = await startBrowserLookout({ viewport: { width: 1280, height: 900 } }));
    await signInAsDemoUser(context, lookout.url);
    await seedLmsState(lookout);
    const posted = await postLines(lookout.url, seedEvents());
    assert.equal(posted.status, 200);
    assert.deepEqual(posted.body.rejected, []);
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    exitWhenStuck();
  });

  it('shows every widget from the lake, changes with the week, and updates live', async () => {
    const page = await context.newPage();
    await page.goto(`${lookout.url}/courses/${encodeURIComponent(courseId)}`, { timeout: 180_000 });
    for (const w of ['live', 'feed', 'engagement', 'progress', 'grades', 'videos', 'problems', 'demographics']) {
      await ready(page, w).waitFor({ timeout: 90_000 });
    }
    await page.getByTestId('course-dashboard').getByTestId('connection-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('h1').first().textContent(), 'Dashboards End to End', "the LMS's course name");

    // This week: five learners active, all watched, three tried a problem.
    assert.equal(await text(page, 'engagement-enrolled'), '6');
    assert.equal(await text(page, 'engagement-active'), '5');
    assert.equal(await text(page, 'engagement-watched'), '5');
    assert.equal(await text(page, 'engagement-tried'), '3');
    assert.equal(await text(page, 'active-now'), '5');
    assert.match(await text(page, 'feed-items'), /learner5/);

    assert.match(
      await text(page, 'progress-table'),
      /Week 1: Getting started › Orientation\s*Welcome unit\s*2 learners\s*33\.3 %\s*Week 2: Practice › Exercises\s*Practice unit\s*0 learners/,
    );
    assert.equal(await text(page, 'grades-pass-rate'), '50.0 %');
    assert.match(await text(page, 'widget-grades'), /2 of 4 graded learners passed; passing grade 50 %/);
    assert.match(await text(page, 'demographics-gender'), /Female\s*3 · 50\.0 %/);
    assert.match(await text(page, 'demographics-country'), /France\s*3 · 50\.0 %.*India\s*2 · 33\.3 %/s);

    const videoRow = page.locator(`[data-testid="video-row"][data-video-id="${VIDEO_ID}"]`);
    assert.match((await videoRow.textContent()) ?? '', /Welcome video\s*2:00\s*5\s*2 min 30 s\s*30 s\s*0$/);
    await page.locator(`[data-testid="video-timeline"][data-video-id="${VIDEO_ID}"][data-peak-viewers="5"]`).waitFor({ timeout: 60_000 });
    const check2 = page.locator(`[data-testid="problem-row"][data-problem-id="${problem2}"]`);
    assert.match((await check2.textContent()) ?? '', /Practice problem\s*4\s*3\s*1 \(33\.3 %\)\s*66\.7 %\s*2\.00/);
    assert.equal(await page.locator(`[data-testid="problem-row"][data-problem-id="${problem1}"]`).count(), 0, 'check 1 was answered last week only');

    // Last week: three learners, 60 s each; check 1 only.
    await page.getByTestId('prev-week').click();
    await page.waitForURL((u) => u.searchParams.get('from') === lastWeek.from && u.searchParams.get('to') === lastWeek.to);
    await testIdHas(page, 'engagement-active', /^3$/);
    await ready(page, 'videos').waitFor({ timeout: 60_000 });
    assert.equal(await text(page, 'engagement-watched'), '3');
    assert.equal(await text(page, 'engagement-tried'), '2');
    assert.match((await videoRow.textContent()) ?? '', /Welcome video\s*2:00\s*3\s*3 min 00 s\s*1 min 00 s\s*0$/);
    await page.locator(`[data-testid="video-timeline"][data-video-id="${VIDEO_ID}"][data-peak-viewers="3"]`).waitFor({ timeout: 60_000 });
    const check1 = page.locator(`[data-testid="problem-row"][data-problem-id="${problem1}"]`);
    assert.match((await check1.textContent()) ?? '', /Check your understanding\s*2\s*2\s*1 \(50\.0 %\)\s*50\.0 %\s*2\.00/);
    assert.equal(await text(page, 'active-now'), '5', 'right now does not depend on the chosen week');

    // Back to this week; a sixth learner starts watching: the page follows without a reload.
    await page.getByTestId('next-week').click();
    await testIdHas(page, 'engagement-active', /^5$/);
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    const posted = await postLines(lookout.url, watch(6, new Date(Date.now() - 20_000), 10));
    assert.equal(posted.status, 200);
    await testIdHas(page, 'active-now', /^6$/);
    await testIdHas(page, 'engagement-active', /^6$/);
    await testIdHas(page, 'engagement-watched', /^6$/);
    await testIdHas(page, 'feed-items', /learner6/);
    // The chosen video's second-by-second chart follows too: six learners watched its first 10 s.
    await page.locator(`[data-testid="video-timeline"][data-video-id="${VIDEO_ID}"][data-peak-viewers="6"]`).waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true, 'the page was reloaded');
    assert.match(await text(page, 'data-age'), /^data as of \d+ s ago$/);
    await page.close();
  });
});
