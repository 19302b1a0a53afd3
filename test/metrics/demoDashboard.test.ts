import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { MemoryBus } from '../../lib/bus';
import { IngestWriter } from '../../server/ingest/writer';
import { seedDemo } from '../../server/demo/seed';
import { dashboardSnapshot, dashboardWidgetComputes } from '../../lib/metrics/dashboard';
import { defaultDashboardWindow } from '../../lib/metrics/window';
import { DEMO_COURSE_ID } from '../../lib/demo/course';
import { openMetricsLake } from './lake';
import { assessCourse } from '../../lib/risk/evaluate';
import { loadCohort } from '../../lib/risk/cohort';
import { DEFAULT_THRESHOLDS } from '../../lib/risk/types';
import { engagement } from '../../lib/metrics/engagement';

describe('the demo course fills every dashboard widget', () => {
  let lake: Lake;
  let writer: IngestWriter;
  // Mid-afternoon on a Thursday, so the current week has several days of history.
  const now = new Date('2026-11-19T15:00:00.000Z');

  before(async () => {
    lake = await openMetricsLake('lookout_demo_dashboard_test');
    writer = new IngestWriter(lake, new MemoryBus(), { flushMs: 5 });
    const seeded = await seedDemo(lake, writer, now);
    assert.ok(seeded.events > 10_000, `seeded ${seeded.events} events`);
  });
  after(() => writer.close());

  it('has no empty widget in the current week, names from the structure, and a trend', async () => {
    const snap = await dashboardSnapshot(lake, { courseId: DEMO_COURSE_ID, ...defaultDashboardWindow(now), now: new Date('2026-11-19T14:30:00.000Z') });
    const w = snap.widgets;
    assert.equal(snap.displayName, 'Demo 101: Learning Analytics in Practice');
    for (const [name, widget] of Object.entries(w)) {
      assert.equal((widget as { missing?: string }).missing, undefined, `${name}: ${(widget as { missing?: string }).missing}`);
    }
    assert.ok(w.engagement.enrolled > 200 && w.engagement.active > 50, JSON.stringify(w.engagement));
    assert.ok(w.engagement.avgTimeSpentSeconds > 60);
    assert.equal(w.engagement.weeks.length, 1);
    assert.equal(w.unitCompletion.units.length, 16);
    assert.match(w.unitCompletion.units[0]!.name, /watch$/);
    assert.equal(w.unitCompletion.units[0]!.section, 'Getting started');
    assert.ok(w.unitCompletion.units.some((u) => u.learnersCompleted > 0));
    assert.ok(w.grades.graded > 50 && w.grades.passRate !== null && w.grades.passingGrade === 0.5);
    assert.ok(w.demographics.country.length > 5);
    assert.ok(w.videos.videos.length > 5 && w.videos.videos.every((v) => !v.name.startsWith('video ')), 'videos named from the structure');
    assert.ok(w.videos.videos.some((v) => (v.completeViews ?? 0) > 0));
    assert.ok(w.problems.problems.length > 10 && w.problems.problems.every((p) => p.name.includes('check')));
    assert.ok(w.liveFeed.items.length > 0);
    assert.ok(w.eventsPerMinute.minutes.some((m) => m.events > 0));
  });

  it('gives in a snapshot (enrolled learners computed once, for all widgets) what each widget gives alone', async () => {
    const q = { courseId: DEMO_COURSE_ID, ...defaultDashboardWindow(now), now };
    const snap = await dashboardSnapshot(lake, q);
    for (const name of ['unitCompletion', 'grades', 'demographics', 'engagement', 'videos', 'problems'] as const) {
      assert.deepEqual(snap.widgets[name], await dashboardWidgetComputes[name](lake, { ...q }), name);
    }
  });

  it('shows the weeks of a longer window', async () => {
    const snap = await dashboardSnapshot(lake, { courseId: DEMO_COURSE_ID, from: new Date('2026-10-19T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z'), now });
    assert.equal(snap.widgets.engagement.weeks.length, 5);
    assert.ok(snap.widgets.engagement.weeks.every((wk) => wk.active > 0));
  });

  it('counts as active only learners who started, the same learners the at-risk cohort says started', async () => {
    // Everything up to now: enrolling is not activity, so the learners who never started are not active.
    const all = await engagement(lake, { courseId: DEMO_COURSE_ID, from: new Date('2026-01-05T00:00:00Z'), to: now, now });
    const cohort = await loadCohort(lake, DEMO_COURSE_ID, now, { ...DEFAULT_THRESHOLDS });
    const started = cohort.everyone.filter((l) => l.firstActivity !== null).length;
    assert.ok(cohort.everyone.length - started > 0, 'the demo has learners who never started');
    assert.equal(all.active, started);
    assert.ok(all.active < all.enrolled, JSON.stringify({ active: all.active, enrolled: all.enrolled }));
  });

  it('has an at-risk list of the demo learner types, with reasons, every rule able to judge', async () => {
    const listed = await assessCourse(lake, { courseId: DEMO_COURSE_ID, at: now });
    assert.equal(listed.learners.length, listed.budget.count, 'the budget fills on the demo');
    assert.ok(listed.budget.count >= 30 && listed.budget.count <= 60, `${listed.budget.count} flagged of ${listed.enrolled}`);
    // The shipped prior ranks first who never started or went quiet for weeks, saying so with the days (issue 18).
    const top = listed.learners.slice(0, 10);
    assert.ok(top[0]!.score >= 0.3, `top score ${top[0]!.score}`);
    assert.ok(top.every((l) => l.daysInactive === null || l.daysInactive >= 14), top.map((l) => l.daysInactive).join());
    assert.ok(top.every((l) => l.reasons.some((r) => /\b\d+ days\b/.test(r))), top.map((l) => l.reasons.join(' | ')).join('\n'));
    // Every learner scored on the list (budget 100 per 100): what the rules flag.
    const all = await assessCourse(lake, { courseId: DEMO_COURSE_ID, at: now, thresholds: { ...DEFAULT_THRESHOLDS, flagBudgetPer100: 100 } });
    const { silent } = all;
    const learners = all.learners.filter((l) => l.flags.length > 0);
    assert.deepEqual(silent, {}, 'no rule is silent for lack of data (due dates, peers, grades)');
    assert.ok(learners.length > 20 && learners.length < 250, `${learners.length} at risk`);
    const rules = new Set(learners.flatMap((l) => l.flags.map((f) => f.rule)));
    for (const rule of ['inactive', 'neverStarted', 'struggling', 'missedDeadline'] as const) assert.ok(rules.has(rule), `${rule} fires on the demo`);
    assert.ok(learners.every((l) => l.flags.every((f) => /\d/.test(f.reason))), 'every reason carries its numbers');
    assert.ok(learners.some((l) => l.severity === 'yellow') && learners.some((l) => l.severity === 'red'));
  });
});
