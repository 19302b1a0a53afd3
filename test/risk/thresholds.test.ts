import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryBus } from '../../lib/bus';
import type { Lake } from '../../lib/lake/client';
import { evaluateCourse, ruleFlags } from '../../lib/risk/evaluate';
import {
  InvalidThresholdsError,
  RISK_SETTINGS_CHANGED,
  resolveScope,
  resolveThresholds,
  setThresholds,
  thresholdHistory,
  thresholdsSetAt,
  validateThresholds,
  type RiskSettingsChanged,
} from '../../lib/risk/thresholds';
import { openMetricsLake } from '../metrics/lake';
import { AT, CourseBuilder, daysBefore } from './learners';

describe('threshold validation', () => {
  it('accepts numbers in range and null (inherit)', () => {
    assert.deepEqual(validateThresholds({ inactiveYellowDays: 5, activityDropShare: 0.35, flagBudgetPer100: 10, strugglingPercentile: null }), {
      ok: true,
      value: { inactiveYellowDays: 5, activityDropShare: 0.35, strugglingPercentile: null, flagBudgetPer100: 10 },
    });
    assert.deepEqual(validateThresholds({}), { ok: true, value: {} });
  });

  it('refuses out-of-range, fractional days, text and unknown names, naming each threshold', () => {
    const result = validateThresholds({ inactiveYellowDays: 0, neverStartedDays: 2.5, missedDeadlineDays: 366, strugglingPercentile: 101, offTrackElapsedShare: -0.1, minActivePeers: '20', flagBudgetPer100: 12.5, hardAlerts: 3, bogus: 1 });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && [...result.errors].sort(), [
      'flagBudgetPer100 must be a whole number per 100 from 0 to 100',
      'hardAlerts must be 0 (off), 1 (red rules) or 2 (any rule) from 0 to 2',
      'inactiveYellowDays must be a whole number of days from 1 to 365',
      'minActivePeers must be a whole number from 1 to 100000',
      'missedDeadlineDays must be a whole number of days from 1 to 365',
      'neverStartedDays must be a whole number of days from 1 to 365',
      'offTrackElapsedShare must be a share from 0 to 1',
      'strugglingPercentile must be a percentile from 0 to 100',
      'unknown threshold: bogus',
    ]);
    assert.deepEqual(validateThresholds([1]), { ok: false, errors: ['thresholds must be an object of numbers'] });
  });

  it('refuses a red inactivity below the yellow one given together', () => {
    assert.deepEqual(validateThresholds({ inactiveYellowDays: 10, inactiveRedDays: 9 }), { ok: false, errors: ['inactiveRedDays (9) must be at least inactiveYellowDays (10)'] });
  });
});

describe('threshold storage, resolution and history', () => {
  let lake: Lake;
  const bus = new MemoryBus();
  const messages: RiskSettingsChanged[] = [];
  const courseA = 'course-v1:OrgT+A+1';
  const courseB = 'course-v1:OrgT+B+1';
  const other = 'course-v1:Elsewhere+C+1';
  const t = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 9, minutes));

  before(async () => {
    lake = await openMetricsLake('lookout_risk_thresholds_test');
    await bus.subscribe<RiskSettingsChanged>(RISK_SETTINGS_CHANGED, (m) => messages.push(m));
  });

  it('resolves course → org → global → default, per threshold', async () => {
    await setThresholds(lake, { scope: 'global', key: '', values: { inactiveYellowDays: 5, inactiveRedDays: 20 }, actor: 'alice', now: t(0), bus });
    await setThresholds(lake, { scope: 'org', key: 'OrgT', values: { inactiveYellowDays: 6 }, actor: 'bob', now: t(1), bus });
    await setThresholds(lake, { scope: 'course', key: courseA, values: { inactiveYellowDays: 4, minActivePeers: 10 }, actor: 'carol', now: t(2), bus });

    const a = await resolveThresholds(lake, courseA);
    assert.deepEqual(
      [a.thresholds.inactiveYellowDays, a.sources.inactiveYellowDays, a.thresholds.inactiveRedDays, a.sources.inactiveRedDays, a.thresholds.minActivePeers, a.sources.minActivePeers, a.thresholds.neverStartedDays, a.sources.neverStartedDays],
      [4, 'course', 20, 'global', 10, 'course', 7, 'default'],
    );
    const b = await resolveThresholds(lake, courseB);
    assert.deepEqual([b.thresholds.inactiveYellowDays, b.sources.inactiveYellowDays, b.thresholds.minActivePeers], [6, 'org', 20]);
    const c = await resolveThresholds(lake, other);
    assert.deepEqual([c.thresholds.inactiveYellowDays, c.sources.inactiveYellowDays], [5, 'global']);
    assert.deepEqual((await resolveScope(lake, 'org', 'OrgT')).thresholds.inactiveYellowDays, 6);
    assert.deepEqual(await thresholdsSetAt(lake, 'course', courseA), { inactiveYellowDays: 4, minActivePeers: 10 });
  });

  it('null removes a value at a scope: it inherits again', async () => {
    await setThresholds(lake, { scope: 'course', key: courseA, values: { inactiveYellowDays: null }, actor: 'dave', now: t(3), bus });
    const a = await resolveThresholds(lake, courseA);
    assert.deepEqual([a.thresholds.inactiveYellowDays, a.sources.inactiveYellowDays], [6, 'org']);
  });

  it('stores every change with who, when, old and new; newest first; filters by scope and key', async () => {
    const all = await thresholdHistory(lake);
    assert.deepEqual(all, [
      { at: t(3).toISOString(), actor: 'dave', scope: 'course', key: courseA, name: 'inactiveYellowDays', old: 4, new: null },
      { at: t(2).toISOString(), actor: 'carol', scope: 'course', key: courseA, name: 'inactiveYellowDays', old: null, new: 4 },
      { at: t(2).toISOString(), actor: 'carol', scope: 'course', key: courseA, name: 'minActivePeers', old: null, new: 10 },
      { at: t(1).toISOString(), actor: 'bob', scope: 'org', key: 'OrgT', name: 'inactiveYellowDays', old: null, new: 6 },
      { at: t(0).toISOString(), actor: 'alice', scope: 'global', key: '', name: 'inactiveRedDays', old: null, new: 20 },
      { at: t(0).toISOString(), actor: 'alice', scope: 'global', key: '', name: 'inactiveYellowDays', old: null, new: 5 },
    ]);
    assert.deepEqual((await thresholdHistory(lake, { scope: 'org', key: 'OrgT' })).map((h) => h.actor), ['bob']);
    assert.deepEqual((await thresholdHistory(lake, { scope: 'course' })).length, 3);
  });

  it('a change to the same value writes nothing', async () => {
    assert.deepEqual(await setThresholds(lake, { scope: 'org', key: 'OrgT', values: { inactiveYellowDays: 6 }, actor: 'erin', now: t(4), bus }), []);
    assert.equal((await thresholdHistory(lake)).length, 6);
  });

  it('refuses invalid values, scopes and actors with every reason, and stores nothing', async () => {
    const refused = async (change: Parameters<typeof setThresholds>[1]) => {
      const err = await setThresholds(lake, change).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof InvalidThresholdsError, String(err));
      return err.errors;
    };
    assert.deepEqual(await refused({ scope: 'course', key: courseB, values: { inactiveYellowDays: 0, strugglingPercentile: 150 }, actor: 'mallory' }), [
      'inactiveYellowDays must be a whole number of days from 1 to 365',
      'strugglingPercentile must be a percentile from 0 to 100',
    ]);
    assert.deepEqual(await refused({ scope: 'org', key: '', values: {}, actor: '' }), ['the org scope needs a key (the org)', 'the actor (who makes the change) is required']);
    assert.deepEqual(await refused({ scope: 'global', key: 'x', values: {}, actor: 'a' }), ['the global scope has no key']);
    assert.deepEqual(await refused({ scope: 'team' as 'org', key: 'x', values: {}, actor: 'a' }), ['scope must be global, org or course']);
    // Effective values count: global red is 20, so a course yellow of 21 is refused.
    assert.deepEqual(await refused({ scope: 'course', key: courseB, values: { inactiveYellowDays: 21 }, actor: 'a' }), ['inactiveRedDays (20) must be at least inactiveYellowDays (21)']);
    assert.equal((await thresholdHistory(lake)).length, 6);
    assert.deepEqual(await thresholdsSetAt(lake, 'course', courseB), {});
  });

  it('publishes each change on the bus so live lists recompute', async () => {
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      messages.map((m) => [m.scope, m.key, m.names.join()]),
      [
        ['global', '', 'inactiveYellowDays,inactiveRedDays'],
        ['org', 'OrgT', 'inactiveYellowDays'],
        ['course', courseA, 'inactiveYellowDays,minActivePeers'],
        ['course', courseA, 'inactiveYellowDays'],
      ],
    );
  });

  it('the resolved thresholds decide the evaluation', async () => {
    const c = new CourseBuilder(courseB).enroll(1, daysBefore(30)).session(1, daysBefore(6.5));
    await c.write(lake);
    const { thresholds } = await resolveThresholds(lake, courseB); // org: 6 days
    const flagged = async (t: typeof thresholds) => (await ruleFlags(lake, { courseId: courseB, at: AT, thresholds: t, rules: ['inactive'] })).keys();
    assert.deepEqual([...(await flagged(thresholds))], [1]);
    await setThresholds(lake, { scope: 'course', key: courseB, values: { inactiveYellowDays: 7 }, actor: 'frank', bus });
    const after = (await resolveThresholds(lake, courseB)).thresholds;
    assert.deepEqual([...(await flagged(after))], []);
    // The flag budget resolves like the thresholds: 1 enrolled learner at 100 per 100 is 1 flag.
    assert.deepEqual(await evaluateCourse(lake, { courseId: courseB, at: AT, thresholds: after }), []);
    await setThresholds(lake, { scope: 'course', key: courseB, values: { flagBudgetPer100: 100 }, actor: 'frank', bus });
    const all = (await resolveThresholds(lake, courseB)).thresholds;
    assert.deepEqual((await evaluateCourse(lake, { courseId: courseB, at: AT, thresholds: all })).map((r) => [r.userId, r.rank]), [[1, 1]]);
  });
});
