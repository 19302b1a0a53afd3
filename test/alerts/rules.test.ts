/** Alert rules without the lake: when items fall due, what each kind matches, which specs are refused. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dueAt, retryDelayMs } from '../../lib/alerts/schedule';
import { matchesOf } from '../../lib/alerts/kinds';
import { audienceOf, ruleCovers, validateSpec, type AlertSpec } from '../../lib/alerts/rules';
import type { CourseAssessment } from '../../lib/risk/evaluate';
import type { LearnerRisk } from '../../lib/risk/types';

const utc = (s: string) => new Date(s + 'Z');
const spec = (s: Record<string, unknown>) => {
  const v = validateSpec(s);
  assert.ok(v.ok, JSON.stringify(v));
  return v.value as AlertSpec;
};

describe('when alerts fall due', () => {
  it('as it happens: at once, or at the end of quiet hours (also across midnight)', () => {
    assert.equal(dueAt(utc('2026-12-02T10:15:00'), { schedule: 'immediate', digestHour: 7 }).toISOString(), '2026-12-02T10:15:00.000Z');
    const night = { schedule: 'immediate', digestHour: 7, quietStart: 22, quietEnd: 7 } as const;
    assert.equal(dueAt(utc('2026-12-02T23:30:00'), night).toISOString(), '2026-12-03T07:00:00.000Z');
    assert.equal(dueAt(utc('2026-12-03T03:00:00'), night).toISOString(), '2026-12-03T07:00:00.000Z');
    assert.equal(dueAt(utc('2026-12-03T07:00:00'), night).toISOString(), '2026-12-03T07:00:00.000Z');
    const lunch = { schedule: 'immediate', digestHour: 7, quietStart: 12, quietEnd: 14 } as const;
    assert.equal(dueAt(utc('2026-12-03T12:59:00'), lunch).toISOString(), '2026-12-03T14:00:00.000Z');
    assert.equal(dueAt(utc('2026-12-03T11:59:00'), lunch).toISOString(), '2026-12-03T11:59:00.000Z');
  });

  it('daily at the digest hour, weekly on the next Monday at the digest hour', () => {
    assert.equal(dueAt(utc('2026-12-02T06:00:00'), { schedule: 'daily', digestHour: 7 }).toISOString(), '2026-12-02T07:00:00.000Z');
    assert.equal(dueAt(utc('2026-12-02T07:00:00'), { schedule: 'daily', digestHour: 7 }).toISOString(), '2026-12-03T07:00:00.000Z');
    // 2026-12-02 is a Wednesday; 2026-12-07 a Monday.
    assert.equal(dueAt(utc('2026-12-02T10:00:00'), { schedule: 'weekly', digestHour: 8 }).toISOString(), '2026-12-07T08:00:00.000Z');
    assert.equal(dueAt(utc('2026-12-07T09:00:00'), { schedule: 'weekly', digestHour: 8 }).toISOString(), '2026-12-14T08:00:00.000Z');
    assert.equal(dueAt(utc('2026-12-02T10:00:00'), { schedule: 'daily', digestHour: 3, quietStart: 0, quietEnd: 6 }).toISOString(), '2026-12-03T06:00:00.000Z');
  });

  it('retries back off from one minute, doubling, at most six hours', () => {
    assert.deepEqual([1, 2, 3, 4].map(retryDelayMs), [60_000, 120_000, 240_000, 480_000]);
    assert.equal(retryDelayMs(20), 6 * 3_600_000);
  });
});

const learner = (userId: number, severity: 'red' | 'yellow', score: number, rules: string[]): LearnerRisk => ({
  userId,
  username: `u${userId}`,
  score,
  rank: userId,
  reasons: ['score reason'],
  flaggedBy: 'budget',
  severity,
  severityReason: severity,
  flags: rules.map((rule) => ({ rule: rule as never, severity, reason: `${rule} reason` })),
  lastActivity: null,
  daysInactive: null,
  grade: null,
  progress: null,
  enrollmentMode: 'audit',
  firstFlaggedAt: '2026-12-01T00:00:00.000Z',
});

const assessment = (learners: LearnerRisk[], enrolled: number) => ({ learners, enrolled }) as unknown as CourseAssessment;

describe('what each kind of rule matches', () => {
  const at = utc('2026-12-02T10:00:00');
  const list = assessment([learner(1, 'red', 0.9, ['inactive']), learner(2, 'yellow', 0.4, ['struggling']), learner(3, 'yellow', 0.7, [])], 10);

  it('newly red, newly flagged by a rule or above a score', () => {
    const subjects = (s: Record<string, unknown>) => matchesOf(spec(s), { courseId: 'c', at, assessment: list }).map((m) => m.subject);
    assert.deepEqual(subjects({ kind: 'newlyRed' }), [1]);
    assert.deepEqual(subjects({ kind: 'newlyFlagged' }), [1, 2, 3]);
    assert.deepEqual(subjects({ kind: 'newlyFlagged', rule: 'struggling' }), [2]);
    assert.deepEqual(subjects({ kind: 'newlyFlagged', minScore: 0.6 }), [1, 3]);
    const [m] = matchesOf(spec({ kind: 'newlyRed' }), { courseId: 'c', at, assessment: list });
    assert.equal(m!.since.toISOString(), '2026-12-01T00:00:00.000Z');
    assert.deepEqual(m!.payload.type === 'learner' && m!.payload.reasons, ['inactive: inactive reason', 'score reason']);
  });

  it('the at-risk share at or above its level, and a course with no learner events for N hours', () => {
    assert.equal(matchesOf(spec({ kind: 'atRiskShare', share: 0.3 }), { courseId: 'c', at, assessment: list }).length, 1);
    assert.equal(matchesOf(spec({ kind: 'atRiskShare', share: 0.31 }), { courseId: 'c', at, assessment: list }).length, 0);
    const quiet = spec({ kind: 'ingestStopped', hours: 6 });
    assert.equal(matchesOf(quiet, { courseId: 'c', at, lastActivity: '2026-12-02T04:00:00.000Z' }).length, 1);
    assert.equal(matchesOf(quiet, { courseId: 'c', at, lastActivity: '2026-12-02T04:01:00.000Z' }).length, 0);
    assert.deepEqual(audienceOf(quiet), ['admins']);
    assert.deepEqual(audienceOf(spec({ kind: 'newlyRed' })), ['courseStaff']);
  });
});

describe('rule specs and scopes', () => {
  it('refuses what cannot work, naming every reason', () => {
    const v = validateSpec({ kind: 'atRiskShare', quietStart: 22, webhookUrl: 'ftp://x', extra: 1, rule: 'inactive' });
    assert.ok(!v.ok);
    const text = v.errors.join(' | ');
    for (const part of [/unknown field: extra/, /webhookUrl must be an http/]) assert.match(text, part);
    const v2 = validateSpec({ kind: 'atRiskShare', quietStart: 22, rule: 'inactive' });
    assert.ok(!v2.ok);
    for (const part of [/needs share/, /quietStart and quietEnd/, /newlyFlagged only/]) assert.match(v2.errors.join(' | '), part);
    assert.equal(spec({ kind: 'newlyRed' }).schedule, 'immediate');
  });

  it('a rule covers the courses of its scope', () => {
    const course = 'course-v1:OrgX+C1+2026';
    assert.ok(ruleCovers({ scope: 'global', key: '' }, course));
    assert.ok(ruleCovers({ scope: 'org', key: 'orgx' }, course));
    assert.ok(!ruleCovers({ scope: 'org', key: 'OrgY' }, course));
    assert.ok(ruleCovers({ scope: 'course', key: course }, course));
    assert.ok(!ruleCovers({ scope: 'course', key: course + 'x' }, course));
  });
});

describe('alert settings', () => {
  it('LOOKOUT_SMTP_URL must be an smtp(s) URL; the rest have defaults', async () => {
    const { loadConfig, ConfigError } = await import('../../lib/config');
    assert.throws(() => loadConfig({ LOOKOUT_SMTP_URL: 'http://mail.example.org' }), (e: Error) => e instanceof ConfigError && /LOOKOUT_SMTP_URL=.*smtp:\/\//.test(e.message));
    assert.throws(() => loadConfig({ LOOKOUT_WEBHOOK_SECRET: 'short' }), /LOOKOUT_WEBHOOK_SECRET/);
    const c = loadConfig({ LOOKOUT_SMTP_URL: 'smtps://u:p@mail.example.org:465' });
    assert.deepEqual(c.alerts, { smtpUrl: 'smtps://u:p@mail.example.org:465', mailFrom: 'Lookout <lookout@localhost>', webhookSecret: undefined, intervalMs: 60_000 });
  });
});

describe('the delivery log for admins', () => {
  it('hides email bodies (which may name learners by email) from admins not allowed PII; webhooks carry none', async () => {
    const { withoutPiiUnlessAllowed } = await import('../../lib/alerts/deliveries');
    const d = { id: 'x', channel: 'email', recipient: 'user:1', address: 'i@x', subject: 's', body: 'u <u@x>', itemKeys: [], status: 'sent', attempts: 1, nextAttemptAt: '', lastError: '', createdAt: '', sentAt: null, version: 2 } as const;
    assert.equal(withoutPiiUnlessAllowed({ ...d, itemKeys: [] }, true).body, 'u <u@x>');
    assert.equal(withoutPiiUnlessAllowed({ ...d, itemKeys: [] }, false).body, '');
    assert.equal(withoutPiiUnlessAllowed({ ...d, itemKeys: [], channel: 'webhook', body: '{}' }, false).body, '{}');
  });
});
