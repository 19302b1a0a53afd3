/** Filter and sort of an at-risk list: parsing with reasons, and the order each sort gives. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAtRiskQuery, atRiskQueryParams, DEFAULT_QUERY, parseAtRiskQuery, type AtRiskQuery } from '../../lib/export/atRiskQuery';
import type { LearnerRisk, RiskFlag } from '../../lib/risk/types';

const flag = (rule: RiskFlag['rule'], severity: RiskFlag['severity'] = 'yellow'): RiskFlag => ({ rule, severity, reason: `${rule} reason` });

function learner(userId: number, username: string, over: Partial<LearnerRisk>): LearnerRisk {
  return {
    userId,
    username,
    score: 0.5,
    rank: userId,
    reasons: [],
    flaggedBy: 'budget',
    severity: 'yellow',
    severityReason: 'yellow: 1 rule',
    flags: [flag('inactive')],
    lastActivity: '2026-03-01T00:00:00.000Z',
    daysInactive: 8,
    grade: 0.5,
    progress: 0.5,
    enrollmentMode: 'audit',
    firstFlaggedAt: '2026-03-08T00:00:00.000Z',
    ...over,
  };
}

const LIST: LearnerRisk[] = [
  learner(1, 'amy', { rank: 4, score: 0.2, severity: 'yellow', daysInactive: 9, grade: 0.7, progress: 0.2, firstFlaggedAt: '2026-03-05T00:00:00.000Z' }),
  learner(2, 'ben', { rank: 2, score: 0.6, severity: 'red', flags: [flag('inactive', 'red')], daysInactive: 15, lastActivity: '2026-02-20T00:00:00.000Z', grade: null }),
  learner(3, 'cat', {
    rank: 1,
    score: 0.8,
    severity: 'red',
    flags: [flag('struggling'), flag('offTrack')],
    daysInactive: 1,
    lastActivity: '2026-03-15T00:00:00.000Z',
    grade: 0.1,
    progress: 0.9,
  }),
  learner(4, 'dan', { rank: 3, score: 0.4, severity: 'yellow', flags: [flag('neverStarted')], daysInactive: null, lastActivity: null, grade: null, progress: null }),
];

const parse = (q: string) => parseAtRiskQuery(new URLSearchParams(q));
const names = (query: Partial<AtRiskQuery>) => applyAtRiskQuery(LIST, { ...DEFAULT_QUERY, ...query }).map((l) => l.username);

describe('parseAtRiskQuery', () => {
  it('gives the default for an empty query', () => {
    assert.deepEqual(parse(''), { ok: true, value: DEFAULT_QUERY });
  });

  it('reads lists (comma or repeated), sort and order', () => {
    assert.deepEqual(parse('rule=inactive,struggling&rule=inactive&severity=red&sort=grade&order=desc&other=1'), {
      ok: true,
      value: { rules: ['inactive', 'struggling'], severities: ['red'], sort: 'grade', order: 'desc' },
    });
    const sorted = parse('sort=grade');
    assert.equal(sorted.ok && sorted.value.order, 'asc');
  });

  it('refuses every bad value with the allowed ones', () => {
    const r = parse('rule=inactive,bored&severity=green&sort=__proto__&order=up');
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.errors, [
      'rule "bored" is not one of inactive, neverStarted, disengaging, activityDrop, struggling, offTrack, missedDeadline',
      'severity "green" is not one of red, yellow',
      'sort "__proto__" is not one of rank, severity, daysInactive, lastActivity, grade, progress, firstFlagged, username',
      'order "up" is not one of asc, desc',
    ]);
  });

  it('round-trips through URL parameters, leaving out defaults', () => {
    const q: AtRiskQuery = { rules: ['offTrack'], severities: ['yellow'], sort: 'progress', order: 'desc' };
    assert.equal(atRiskQueryParams(q).toString(), 'rule=offTrack&severity=yellow&sort=progress&order=desc');
    assert.deepEqual(parse(atRiskQueryParams(q).toString()), { ok: true, value: q });
    assert.equal(atRiskQueryParams(DEFAULT_QUERY).toString(), '');
  });
});

describe('applyAtRiskQuery', () => {
  it('filters by any of the rules and by severity', () => {
    assert.deepEqual(names({ rules: ['inactive'] }), ['ben', 'amy']);
    assert.deepEqual(names({ rules: ['offTrack', 'neverStarted'] }), ['cat', 'dan']);
    assert.deepEqual(names({ severities: ['yellow'] }), ['dan', 'amy']);
    assert.deepEqual(names({ rules: ['inactive'], severities: ['red'] }), ['ben']);
  });

  it('sorts by rank (risk score) by default; severity sorts red, more rules, longer inactive first', () => {
    assert.deepEqual(names({}), ['cat', 'ben', 'dan', 'amy']);
    assert.deepEqual(names({ order: 'desc' }), ['amy', 'dan', 'ben', 'cat']);
    assert.deepEqual(names({ sort: 'severity', order: 'desc' }), ['cat', 'ben', 'dan', 'amy']);
    assert.deepEqual(names({ sort: 'severity', order: 'asc' }), ['amy', 'dan', 'ben', 'cat']);
  });

  it('sorts by each key, unknown values at the worrying end', () => {
    assert.deepEqual(names({ sort: 'daysInactive', order: 'desc' }), ['dan', 'ben', 'amy', 'cat']);
    assert.deepEqual(names({ sort: 'lastActivity', order: 'asc' }), ['dan', 'ben', 'amy', 'cat']);
    assert.deepEqual(names({ sort: 'grade', order: 'asc' }), ['ben', 'dan', 'cat', 'amy']);
    assert.deepEqual(names({ sort: 'progress', order: 'asc' }), ['dan', 'amy', 'ben', 'cat']);
    assert.deepEqual(names({ sort: 'firstFlagged', order: 'asc' }), ['amy', 'ben', 'cat', 'dan']);
    assert.deepEqual(names({ sort: 'username', order: 'desc' }), ['dan', 'cat', 'ben', 'amy']);
  });

  it('leaves the input as it was', () => {
    const before = LIST.map((l) => l.username);
    names({ sort: 'username', order: 'desc' });
    assert.deepEqual(LIST.map((l) => l.username), before);
  });
});
