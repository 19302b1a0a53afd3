import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelAt, sample, scoreSeed, truthScore, type CutoffFlags } from '../../bench/risk-eval/score';
import type { EventTimes } from '../../bench/risk-eval/load';
import { rng } from '../../lib/demo/random';

const DAY = 86_400_000;
const day = (d: number) => d * DAY;

// Four learners enrolled on day 0; their activity by day. Cut-offs on days 7 and 14.
const times: EventTimes = {
  activity: new Map([
    [1, [1, 6, 20].map(day)], // quiet from day 6 to 20: positive at day 7
    [2, [2, 9, 13, 16].map(day)], // never quiet for 10 days
    [3, [3, 12].map(day)], // gone after day 12: positive at day 14
    [4, []], // never started
  ]),
  enrolledAt: new Map([1, 2, 3, 4].map((u) => [u, 0])),
};
const cutoffs: CutoffFlags[] = [
  { at: day(7), enrolled: 4, flagged: new Map([['x', new Set([1, 3])]]) },
  { at: day(14), enrolled: 4, flagged: new Map([['x', new Set([3, 4])]]) },
];

describe('risk-eval scoring', () => {
  it('labels the learners active in the week before, positive when quiet for the next 10 days', () => {
    const a = labelAt(times, day(7));
    assert.deepEqual(a.population, [1, 2, 3]);
    assert.deepEqual([...a.positives], [1]);
    const b = labelAt(times, day(14));
    assert.deepEqual(b.population, [2, 3]);
    assert.deepEqual([...b.positives], [3]);
    const all = labelAt(times, day(14), 'enrolled');
    assert.deepEqual(all.population, [1, 2, 3, 4]);
    assert.deepEqual([...all.positives], [3, 4]);
  });

  it('scores precision, recall, flags per 100 and lead time from the start of the flag spell (hand-computed)', () => {
    const { rules, baseRate } = scoreSeed(cutoffs, times, 1);
    const x = rules.get('x')!.rule;
    assert.equal(baseRate, 2 / 5);
    assert.equal(x.precision, 2 / 3); // day 7: 1 of {1, 3}; day 14: 3 of {3}
    assert.equal(x.recall, 1);
    assert.equal(x.flagsPer100Population, (200 / 3 + 50) / 2);
    assert.equal(x.flagsPer100Enrolled, 50);
    // learner 1: flagged day 7, last seen day 6 → −1; learner 3: spell from day 7, last seen day 12 → +5
    assert.equal(x.leadDays, 2);

    const b = scoreSeed(cutoffs, times, 1, 'enrolled').rules.get('x')!.rule;
    assert.equal(b.precision, 3 / 4);
    assert.equal(b.recall, 3 / 4);
    // learner 4 never started: last seen at enrollment (day 0), flagged day 14 → −14; median of −1, 5, −14
    assert.equal(b.leadDays, -1);
  });

  it('gives the random baseline as many flags as the rule, from the population, the same for the same seed', () => {
    const one = scoreSeed(cutoffs, times, 9).rules.get('x')!.random;
    const two = scoreSeed(cutoffs, times, 9).rules.get('x')!.random;
    assert.deepEqual(one, two);
    assert.equal(one.flagsPer100Population, (200 / 3 + 50) / 2);
    const drawn = sample([1, 2, 3, 4, 5, 6], 4, rng(3));
    assert.equal(new Set(drawn).size, 4);
    assert.ok(drawn.every((d) => d >= 1 && d <= 6));
    assert.equal(sample([1, 2], 5, rng(3)).length, 2);
  });
});

describe('risk-eval scoring against the recorded truth', () => {
  it('counts stoppers warned on or before their stop, how early, and how often those who stay are flagged', () => {
    const learners = [
      { userId: 1, stoppedOnDay: 10 }, // flagged day 7 → warned 3 days ahead
      { userId: 2, stoppedOnDay: 15 }, // flagged only day 21, after stopping → not warned
      { userId: 3, stoppedOnDay: 30 }, // stops after the last cut-off: not scored
      { userId: 4, stoppedOnDay: null }, // flagged at 1 of 3 cut-offs
      { userId: 5, stoppedOnDay: null }, // never flagged
    ];
    const s = truthScore(learners, [7, 14, 21], [new Set([1, 4]), new Set([3]), new Set([2])]);
    assert.equal(s.warned, 1 / 2);
    assert.equal(s.daysAhead, 3);
    assert.equal(s.falseAlarmsEver, 1 / 2);
    assert.equal(s.falseAlarmsPerCutoff, 1 / 6);
  });
});
