/**
 * bench:risk-eval's OULAD click log (studentVle.csv, vle.csv of the full release) replayed as
 * tracking events, and the runs the bench trains and judges on, on a hand-written sample in the
 * release's layout (test/fixtures/oulad-sample, SOURCES.md there).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Lake } from '../../lib/lake/client';
import { dayNumber, loadActivityDays } from '../../lib/risk/activityDays';
import { loadCohort } from '../../lib/risk/cohort';
import { learnerSignals } from '../../lib/risk/features';
import { DEFAULT_THRESHOLDS } from '../../lib/risk/types';
import { clickKind, loadOuladRun, readClicks, readOulad, runDay, type OuladRun } from '../../bench/risk-eval/oulad';
import { chooseSplit } from '../../bench/risk-eval/ouladEval';
import { openMetricsLake } from '../metrics/lake';

const DIR = new URL('../fixtures/oulad-sample/', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;

describe('OULAD click log replayed as activity', () => {
  let lake: Lake;
  let run: OuladRun;

  before(async () => {
    lake = await openMetricsLake('lookout_risk_oulad_clicks_test');
    run = readOulad(DIR).find((r) => r.name === 'AAA-2014B')!;
    await loadOuladRun(lake, run);
  });

  it('reads each run’s clicks with the site’s activity type; other runs and unreadable rows are left out', () => {
    assert.deepEqual(
      run.clicks.filter((c) => c.userId === 1001).map((c) => [c.site, c.day, c.clicks, c.activityType]),
      [
        [700001, 0, 5, 'oucontent'],
        [700004, 0, 2, 'forumng'],
        [700002, 3, 1, 'quiz'],
        [700001, 5, 7, 'oucontent'],
        [700001, 8, 3, 'oucontent'],
        [700099, 12, 1, ''],
        [700001, 19, 6, 'oucontent'],
        [700001, 30, 4, 'oucontent'],
      ],
    );
    assert.equal(run.clicks.length, 16);
    assert.equal(readOulad(DIR).find((r) => r.name === 'AAA-2013J')!.clicks.length, 14);
    const bare = readOulad(DIR, { clicks: false });
    assert.deepEqual(bare.map((r) => r.clicks.length), [0, 0]);
    // Said, not silent: the row of CCC-2014J (not read) and the one whose date is "x".
    assert.deepEqual(readClicks(DIR, new Map(bare.map((r) => [r.name, r]))), { rows: 30, otherRuns: 1, skipped: 1 });
  });

  it('maps activity types to page, problem and video events', () => {
    assert.deepEqual(['oucontent', 'resource', 'forumng', 'quiz', 'externalquiz', 'questionnaire', 'ouelluminate', 'oucollaborate', ''].map(clickKind), [
      'page', 'page', 'page', 'problem', 'problem', 'problem', 'video', 'video', 'page',
    ]);
  });

  it('gives each learner a study day per click day, so the activity features see the real gaps', async () => {
    const at = runDay(run, 14);
    const cohort = await loadCohort(lake, run.courseId, at, DEFAULT_THRESHOLDS);
    const days = await loadActivityDays(lake, cohort);
    const expected = (userId: number) => [...new Set(run.clicks.filter((c) => c.userId === userId && c.day < 14).map((c) => dayNumber(runDay(run, c.day))))];
    assert.deepEqual(days.get(1001), expected(1001));
    assert.deepEqual(days.get(1002), [-2, 0, 2, 4, 6].map((d) => dayNumber(runDay(run, d))));
    const signals = new Map((await learnerSignals(lake, cohort)).map((s) => [s.learner.userId, s]));
    // 1002's last click was on day 6 (in the morning): 7 whole days quiet at the start of day 14.
    assert.equal(signals.get(1002)!.daysQuiet, 7);
    assert.equal(signals.get(1002)!.usualGap, 2);
    assert.equal(signals.get(1001)!.daysQuiet, 1);
    // The one video-like site (ouelluminate), played by 1003 only, counted as watched through.
    assert.deepEqual(signals.get(1003)!.videos, { completed: 1, course: 1 });
    assert.deepEqual(signals.get(1001)!.videos, { completed: 0, course: 1 });
  });

  it('counts a quiz click as activity, not as a graded attempt', async () => {
    const cohort = await loadCohort(lake, run.courseId, runDay(run, 28), DEFAULT_THRESHOLDS);
    const l = cohort.everyone.find((x) => x.userId === 1001)!;
    // The TMA of day 19 only (the quiz of day 3 is the browser's check).
    assert.equal(l.attempts, 1);
    assert.equal(l.lastActivity!.toISOString(), runDay(run, 19, 12).toISOString());
  });
});

describe('the runs bench:risk-eval trains and judges on', () => {
  const names = ['AAA-2013B', 'AAA-2013J', 'AAA-2014B', 'AAA-2014J', 'BBB-2014J'];

  it('judges the 2014 runs and trains on the 2013 ones of a full release by default', () => {
    assert.deepEqual(chooseSplit(names, {}), { train: ['AAA-2013B', 'AAA-2013J'], test: ['AAA-2014B', 'AAA-2014J', 'BBB-2014J'] });
  });

  it('takes runs by name or by their end, never training on a test run', () => {
    assert.deepEqual(chooseSplit(names, { test: ['2014J'], train: ['2013J', 'AAA-2014J'] }), { train: ['AAA-2013J'], test: ['AAA-2014J', 'BBB-2014J'] });
    assert.deepEqual(chooseSplit(names, { testDirRuns: ['AAA-2014B'] }).test, ['AAA-2014B']);
    assert.deepEqual(chooseSplit(names, { prior: true, test: ['2014B', '2014J'] }), { train: [], test: ['AAA-2014B', 'AAA-2014J', 'BBB-2014J'] });
    assert.throws(() => chooseSplit(names, { test: ['2015J'] }), /no run matches 2015J/);
    assert.throws(() => chooseSplit(names, { test: ['AAA'] }), /no run matches AAA/);
    assert.throws(() => chooseSplit(['AAA-2014J'], { test: ['2014J'] }), /must split/);
  });

  it('runs the reviewers’ command on a directory with a click log: trained on 2013, judged on 2014, at fixed points too', async () => {
    const { stdout } = await promisify(execFile)('node', ['--import', 'tsx', 'bench/risk-eval.ts', '--oulad', DIR, '--every', '7'], { cwd: ROOT, maxBuffer: 1 << 24 });
    assert.match(stdout, /click log: 1 of 1 training runs, 1 of 1 test runs/);
    assert.match(stdout, /test runs \(never trained on\): AAA-2014B;/);
    assert.match(stdout, /model: trained here — OULAD .* course runs AAA-2013J,/);
    assert.equal((stdout.match(/score AUC at fixed points of each run: 25 % /g) ?? []).length, 3);
  });
});
