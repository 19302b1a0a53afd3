import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { orgFromCourseKey } from '../events/courseKey';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import { RULE_NAMES, type ThresholdScope } from '../risk/types';
import { ALERT_KINDS, AUDIENCES, SCHEDULES, type Audience } from './names';

/**
 * Alert rules (issue 22): what admins want to be told about, where (global, an org, a course),
 * how often (as it happens, a daily or a weekly digest) and when not (quiet hours, UTC).
 *
 *   newlyRed        a learner newly on the at-risk list with severity red
 *   newlyFlagged    a learner newly on the list, optionally only when a given rule fired
 *                   (`rule`) or the risk score is at least `minScore`
 *   atRiskShare     the course's at-risk learners reach `share` of those enrolled
 *   ingestStopped   no learner event of an active course for `hours` (platform alert)
 */
const hour = z.number({ error: 'quiet hours are whole hours 0–23 (UTC)' }).int({ error: 'quiet hours are whole hours 0–23 (UTC)' }).min(0).max(23);

export const ALERT_SPEC = z
  .strictObject(
    {
      kind: z.enum(ALERT_KINDS, { error: `kind must be one of ${ALERT_KINDS.join(', ')}` }),
      /** newlyFlagged: only learners this rule flagged. */
      rule: z.enum(RULE_NAMES as [string, ...string[]], { error: `rule must be one of ${RULE_NAMES.join(', ')}` }).optional(),
      /** newlyFlagged: only learners with at least this risk score. */
      minScore: z.number({ error: 'minScore must be a number from 0 to 1' }).min(0, { error: 'minScore must be a number from 0 to 1' }).max(1, { error: 'minScore must be a number from 0 to 1' }).optional(),
      /** atRiskShare: the level, a share of enrolled learners. */
      share: z.number({ error: 'share must be a number from 0 to 1' }).gt(0, { error: 'share must be a number from 0 to 1' }).max(1, { error: 'share must be a number from 0 to 1' }).optional(),
      /** ingestStopped: hours without a learner event. */
      hours: z.number({ error: 'hours must be a whole number from 1 to 720' }).int({ error: 'hours must be a whole number from 1 to 720' }).min(1, { error: 'hours must be a whole number from 1 to 720' }).max(720, { error: 'hours must be a whole number from 1 to 720' }).optional(),
      schedule: z.enum(SCHEDULES, { error: `schedule must be one of ${SCHEDULES.join(', ')}` }).default('immediate'),
      /** Hour (UTC) digests go out at. */
      digestHour: hour.default(7),
      /** No delivery from quietStart to quietEnd (UTC hours; equal = no quiet hours): what falls due then waits for quietEnd. */
      quietStart: hour.optional(),
      quietEnd: hour.optional(),
      audience: z.array(z.enum(AUDIENCES, { error: `audience must be among ${AUDIENCES.join(', ')}` })).optional(),
      /** JSON POSTed here too (Slack-style incoming webhooks and others), signed with HMAC. */
      webhookUrl: z
        .string()
        .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), { error: 'webhookUrl must be an http(s) URL' })
        .optional(),
      enabled: z.boolean().default(true),
      /** Shown to the people who receive it. */
      label: z.string().max(200, { error: 'label is at most 200 characters' }).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : 'the rule must be an object') },
  )
  .superRefine((s, ctx) => {
    if (s.kind === 'atRiskShare' && s.share === undefined) ctx.addIssue({ code: 'custom', message: 'atRiskShare needs share (0–1)' });
    if (s.kind === 'ingestStopped' && s.hours === undefined) ctx.addIssue({ code: 'custom', message: 'ingestStopped needs hours' });
    if ((s.quietStart === undefined) !== (s.quietEnd === undefined)) ctx.addIssue({ code: 'custom', message: 'give both quietStart and quietEnd, or neither' });
    if (s.kind !== 'newlyFlagged' && (s.rule !== undefined || s.minScore !== undefined)) ctx.addIssue({ code: 'custom', message: 'rule and minScore are for newlyFlagged only' });
  });

export type AlertSpec = z.output<typeof ALERT_SPEC>;

export interface AlertRule {
  id: string;
  scope: ThresholdScope;
  key: string;
  spec: AlertSpec;
  actor: string;
  updatedAt: string;
}

/** Who receives a rule by default: platform alerts go to admins, course alerts to course staff. */
export function audienceOf(spec: AlertSpec): Audience[] {
  return spec.audience ?? (spec.kind === 'ingestStopped' ? ['admins'] : ['courseStaff']);
}

export class InvalidAlertRuleError extends Error {
  constructor(readonly errors: string[]) {
    super(`invalid alert rule: ${errors.join('; ')}`);
    this.name = 'InvalidAlertRuleError';
  }
}

function checkScope(scope: unknown, key: unknown): string[] {
  if (scope !== 'global' && scope !== 'org' && scope !== 'course') return ['scope must be global, org or course'];
  if (typeof key !== 'string') return ['key must be a string'];
  if (scope === 'global' && key !== '') return ['the global scope has no key'];
  if (scope !== 'global' && key.trim() === '') return [`the ${scope} scope needs a key (${scope === 'org' ? 'the org' : 'the course id'})`];
  return [];
}

export function validateSpec(spec: unknown): { ok: true; value: AlertSpec } | { ok: false; errors: string[] } {
  const parsed = ALERT_SPEC.safeParse(spec);
  if (!parsed.success) return { ok: false, errors: [...new Set(parsed.error.issues.map((i) => i.message))] };
  return { ok: true, value: parsed.data };
}

/** Every rule that is not deleted, by scope then id. */
export async function listRules(lake: Lake): Promise<AlertRule[]> {
  const rows = await queryRows<{ id: string; scope: ThresholdScope; key: string; spec: string; actor: string; updated_at: string }>(
    lake,
    `SELECT id, scope, key, spec, actor, updated_at FROM alert_rules FINAL ORDER BY scope, key, id`,
  );
  return rows.flatMap((r) => {
    const checked = validateSpec(JSON.parse(r.spec));
    // A spec a later version no longer accepts is skipped rather than trusted.
    return checked.ok ? [{ id: r.id, scope: r.scope, key: r.key, spec: checked.value, actor: r.actor, updatedAt: parseLakeTime(r.updated_at).toISOString() }] : [];
  });
}

/** Whether a rule set at its scope covers the course (global: all; org: the course's org; course: itself). */
export function ruleCovers(rule: Pick<AlertRule, 'scope' | 'key'>, courseId: string): boolean {
  if (rule.scope === 'global') return true;
  if (rule.scope === 'org') return rule.key.toLowerCase() === orgFromCourseKey(courseId).toLowerCase();
  return rule.key === courseId;
}

/**
 * Creates (no id) or replaces (id) a rule, or deletes it (spec null). Refuses invalid input with
 * every reason; records who, when, the spec before and after.
 */
export async function saveRule(
  lake: Lake,
  change: { id?: string; scope: unknown; key: unknown; spec: unknown | null; actor: string; now?: Date },
): Promise<AlertRule | undefined> {
  const errors = checkScope(change.scope, change.key);
  const checked = change.spec === null ? undefined : validateSpec(change.spec);
  if (checked && !checked.ok) errors.push(...checked.errors);
  if (!change.actor) errors.push('the actor (who makes the change) is required');
  if (change.spec === null && !change.id) errors.push('give the id of the rule to delete');
  if (errors.length) throw new InvalidAlertRuleError(errors);
  const scope = change.scope as ThresholdScope;
  const key = (change.key as string).trim();
  const before = change.id ? (await listRules(lake)).find((r) => r.id === change.id) : undefined;
  if (change.id && !before) throw new InvalidAlertRuleError([`no alert rule ${change.id}`]);
  const id = change.id ?? randomUUID();
  const now = change.now ?? new Date();
  const at = formatLakeTime(now);
  const spec = checked?.ok ? checked.value : undefined;
  await lake.client.insert({
    table: 'alert_rules',
    values: [{ id, scope, key, spec: JSON.stringify(spec ?? before!.spec), actor: change.actor, updated_at: at, version: now.getTime(), is_deleted: spec ? 0 : 1 }],
    format: 'JSONEachRow',
  });
  await lake.client.insert({
    table: 'alert_rules_history',
    values: [{ at, actor: change.actor, rule_id: id, scope, key, old: before ? JSON.stringify(before.spec) : '', new: spec ? JSON.stringify(spec) : '' }],
    format: 'JSONEachRow',
  });
  return spec && { id, scope, key, spec, actor: change.actor, updatedAt: now.toISOString() };
}

export interface AlertRuleHistoryRow {
  at: string;
  actor: string;
  ruleId: string;
  scope: ThresholdScope;
  key: string;
  /** null: the rule did not exist before (created). */
  old: AlertSpec | null;
  /** null: deleted. */
  new: AlertSpec | null;
}

export async function ruleHistory(lake: Lake, limit = 200): Promise<AlertRuleHistoryRow[]> {
  const rows = await queryRows<{ at: string; actor: string; rule_id: string; scope: ThresholdScope; key: string; old: string; new: string }>(
    lake,
    `SELECT at, actor, rule_id, scope, key, old, new FROM alert_rules_history ORDER BY at DESC, rule_id LIMIT {limit:UInt32}`,
    { limit },
  );
  return rows.map((r) => ({
    at: parseLakeTime(r.at).toISOString(),
    actor: r.actor,
    ruleId: r.rule_id,
    scope: r.scope,
    key: r.key,
    old: r.old ? (JSON.parse(r.old) as AlertSpec) : null,
    new: r.new ? (JSON.parse(r.new) as AlertSpec) : null,
  }));
}
