import { z } from 'zod';
import type { Bus } from '../bus';
import { orgFromCourseKey } from '../events/courseKey';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import { DEFAULT_THRESHOLDS, THRESHOLD_NAMES, type RiskThresholds, type ThresholdName, type ThresholdScope, type ThresholdSource } from './types';

/** Bus topic published after every threshold change, so live risk lists recompute. */
export const RISK_SETTINGS_CHANGED = 'risk-settings-changed';
export interface RiskSettingsChanged {
  scope: ThresholdScope;
  key: string;
  names: ThresholdName[];
  /** ms since epoch */
  changedAt: number;
}

type Kind = 'days' | 'percentile' | 'share' | 'count' | 'factor' | 'switch' | 'per100';

const RANGES: Record<Kind, { min: number; max: number; integer: boolean }> = {
  days: { min: 1, max: 365, integer: true },
  percentile: { min: 0, max: 100, integer: false },
  share: { min: 0, max: 1, integer: false },
  count: { min: 1, max: 100_000, integer: true },
  factor: { min: 1, max: 20, integer: false },
  switch: { min: 0, max: 2, integer: true },
  per100: { min: 0, max: 100, integer: true },
};

/** What each threshold is, for validation and for the settings page. */
export const THRESHOLD_INFO: Readonly<Record<ThresholdName, { kind: Kind; label: string; min: number; max: number; integer: boolean }>> = (() => {
  const k = (kind: Kind, label: string) => ({ kind, label, ...RANGES[kind] });
  return {
    inactiveYellowDays: k('days', 'Inactive (yellow): days without activity'),
    inactiveRedDays: k('days', 'Inactive (red): days without activity'),
    neverStartedDays: k('days', 'Never started: days enrolled with no activity'),
    disengagingDays: k('days', 'Disengaging: window in days'),
    activityDropShare: k('share', "Activity drop: share below the learner's own previous 3 weeks"),
    activityDropMinBaselineDays: k('count', 'Activity drop: study days needed in the previous 3 weeks'),
    inactiveGapFactor: k('factor', "Inactive: times the learner's usual gap between study days"),
    strugglingPercentile: k('percentile', 'Struggling: percentile of attempts per correct answer'),
    strugglingAttemptsNoneCorrect: k('count', 'Struggling: attempts with none correct'),
    offTrackMinWeightDue: k('share', 'Off track: share of the grade due before it can fire'),
    offTrackElapsedShare: k('share', 'Off track (no weights known): share of the course elapsed'),
    missedDeadlineDays: k('days', 'Missed deadline: days after the due date'),
    missedDeadlineMinWeight: k('share', 'Missed deadline: share of the grade missed'),
    missedDeadlineConsecutive: k('count', 'Missed deadline: or this many misses in a row'),
    flagBudgetPer100: k('per100', 'Flag budget: learners flagged per 100 enrolled'),
    hardAlerts: k('switch', 'Hard alerts beyond the budget: 0 none, 1 red rules, 2 any rule'),
    minActivePeers: k('count', 'Peer-relative rules: minimum active peers'),
    newEnrollmentDays: k('days', 'Not flagged in the first days after enrolling'),
  };
})();

/** A change to thresholds: a number sets one, null removes it at that scope (inherit again). */
export type ThresholdChanges = { [K in ThresholdName]?: number | null };

function rangeText(name: ThresholdName): string {
  const { kind, min, max } = THRESHOLD_INFO[name];
  const what =
    kind === 'days' ? 'a whole number of days' : kind === 'count' ? 'a whole number' : kind === 'share' ? 'a share' : kind === 'factor' ? 'a factor' : kind === 'switch' ? '0 (off), 1 (red rules) or 2 (any rule)' : kind === 'per100' ? 'a whole number per 100' : 'a percentile';
  return `${name} must be ${what} from ${min} to ${max}`;
}

function thresholdSchema(name: ThresholdName) {
  const { min, max, integer } = THRESHOLD_INFO[name];
  const msg = rangeText(name);
  let n = z.number({ error: msg }).min(min, { error: msg }).max(max, { error: msg });
  if (integer) n = n.int({ error: msg });
  return n.nullable().optional();
}

const CHANGES_SCHEMA = z.strictObject(
  Object.fromEntries(THRESHOLD_NAMES.map((name) => [name, thresholdSchema(name)])) as Record<ThresholdName, ReturnType<typeof thresholdSchema>>,
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown threshold${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : 'thresholds must be an object of numbers') },
);

/**
 * Checks a change of thresholds: known names, numbers in range (null = inherit). The errors name
 * the threshold and its allowed range.
 */
export function validateThresholds(partial: unknown): { ok: true; value: ThresholdChanges } | { ok: false; errors: string[] } {
  const parsed = CHANGES_SCHEMA.safeParse(partial);
  if (!parsed.success) return { ok: false, errors: [...new Set(parsed.error.issues.map((i) => i.message))] };
  const value: ThresholdChanges = {};
  for (const name of THRESHOLD_NAMES) if (parsed.data[name] !== undefined) value[name] = parsed.data[name];
  // Without a scope only the pair given together can be compared; setThresholds checks the effective values.
  const { inactiveYellowDays: yellow, inactiveRedDays: red } = value;
  if (typeof yellow === 'number' && typeof red === 'number') {
    const errors = crossCheck({ ...DEFAULT_THRESHOLDS, inactiveYellowDays: yellow, inactiveRedDays: red }, value);
    if (errors.length) return { ok: false, errors };
  }
  return { ok: true, value };
}

/** Rules across thresholds; checked against the effective values at the scope being changed. */
function crossCheck(effective: RiskThresholds, changed: ThresholdChanges): string[] {
  const touched = changed.inactiveYellowDays !== undefined || changed.inactiveRedDays !== undefined;
  if (touched && effective.inactiveRedDays < effective.inactiveYellowDays) {
    return [`inactiveRedDays (${effective.inactiveRedDays}) must be at least inactiveYellowDays (${effective.inactiveYellowDays})`];
  }
  return [];
}

/** A scope's key: '' for global, the org, or the course id. */
export function checkScope(scope: unknown, key: unknown): string | undefined {
  if (scope !== 'global' && scope !== 'org' && scope !== 'course') return `scope must be global, org or course`;
  if (typeof key !== 'string') return 'key must be a string';
  if (scope === 'global' && key !== '') return 'the global scope has no key';
  if (scope !== 'global' && key.trim() === '') return `the ${scope} scope needs a key (${scope === 'org' ? 'the org' : 'the course id'})`;
  return undefined;
}

type Stored = Partial<Record<ThresholdName, number>>;

/** The thresholds set at each of the given (scope, key) pairs. */
async function storedAt(lake: Lake, scopes: { scope: ThresholdScope; key: string }[]): Promise<Map<string, Stored>> {
  const rows = await queryRows<{ scope: string; key: string; name: string; value: number | null }>(
    lake,
    `SELECT scope, key, name, value FROM risk_settings FINAL
     WHERE (scope, key) IN (
       SELECT tupleElement(p, 1), tupleElement(p, 2) FROM (SELECT arrayJoin(arrayZip({scopes:Array(String)}, {keys:Array(String)})) AS p)
     )`,
    { scopes: scopes.map((s) => s.scope), keys: scopes.map((s) => s.key) },
  );
  const out = new Map<string, Stored>();
  for (const r of rows) {
    if (r.value === null || !(THRESHOLD_NAMES as string[]).includes(r.name)) continue;
    const k = `${r.scope}\u0000${r.key}`;
    const s = out.get(k) ?? {};
    s[r.name as ThresholdName] = Number(r.value);
    out.set(k, s);
  }
  return out;
}

/** Effective thresholds of a course, each from the nearest scope that sets it: course → org → global → default. */
export async function resolveThresholds(lake: Lake, courseId: string): Promise<{ thresholds: RiskThresholds; sources: Record<ThresholdName, ThresholdSource> }> {
  return resolveScope(lake, 'course', courseId);
}

/** Effective thresholds at a scope (what a course of that org, or every course, inherits). */
export async function resolveScope(
  lake: Lake,
  scope: ThresholdScope,
  key: string,
  /** A change not saved yet, resolved as if it were (the settings page's preview). */
  pending?: { scope: ThresholdScope; key: string; values: ThresholdChanges },
): Promise<{ thresholds: RiskThresholds; sources: Record<ThresholdName, ThresholdSource> }> {
  const chain: { scope: ThresholdScope; key: string }[] = [];
  if (scope === 'course') chain.push({ scope: 'course', key }, { scope: 'org', key: orgFromCourseKey(key) });
  if (scope === 'org') chain.push({ scope: 'org', key });
  chain.push({ scope: 'global', key: '' });
  const stored = await storedAt(lake, chain);
  if (pending) {
    const at = `${pending.scope}\u0000${pending.key}`;
    const values = { ...stored.get(at) };
    for (const [name, v] of Object.entries(pending.values) as [ThresholdName, number | null][]) {
      if (v === null) delete values[name];
      else values[name] = v;
    }
    stored.set(at, values);
  }
  const thresholds = { ...DEFAULT_THRESHOLDS };
  const sources = Object.fromEntries(THRESHOLD_NAMES.map((n) => [n, 'default'])) as Record<ThresholdName, ThresholdSource>;
  for (const name of THRESHOLD_NAMES) {
    for (const link of chain) {
      const v = stored.get(`${link.scope}\u0000${link.key}`)?.[name];
      if (v !== undefined) {
        thresholds[name] = v;
        sources[name] = link.scope;
        break;
      }
    }
  }
  return { thresholds, sources };
}

/** The thresholds set at exactly this scope (not inherited ones). */
export async function thresholdsSetAt(lake: Lake, scope: ThresholdScope, key: string): Promise<Stored> {
  return (await storedAt(lake, [{ scope, key }])).get(`${scope}\u0000${key}`) ?? {};
}

export class InvalidThresholdsError extends Error {
  constructor(readonly errors: string[]) {
    super(`invalid thresholds: ${errors.join('; ')}`);
    this.name = 'InvalidThresholdsError';
  }
}

/**
 * Sets (number) or clears (null) thresholds at one scope. Refuses invalid input with an
 * InvalidThresholdsError listing every reason; stores one history row per value that changed
 * (who, when, old, new) and publishes RISK_SETTINGS_CHANGED when a bus is given.
 * Returns the history rows written (none when nothing changed).
 */
export async function setThresholds(
  lake: Lake,
  change: { scope: ThresholdScope; key: string; values: unknown; actor: string; bus?: Bus; now?: Date },
): Promise<ThresholdHistoryRow[]> {
  const scopeError = checkScope(change.scope, change.key);
  const checked = validateThresholds(change.values);
  const errors = [...(scopeError ? [scopeError] : []), ...(checked.ok ? [] : checked.errors)];
  if (!change.actor) errors.push('the actor (who makes the change) is required');
  if (errors.length || !checked.ok) throw new InvalidThresholdsError(errors);

  const { scope, key, actor } = change;
  const before = await thresholdsSetAt(lake, scope, key);
  const inherited = scope === 'global' ? { ...DEFAULT_THRESHOLDS } : (await resolveScope(lake, scope === 'course' ? 'org' : 'global', scope === 'course' ? orgFromCourseKey(key) : '')).thresholds;
  const after: Partial<RiskThresholds> = { ...before };
  for (const [name, v] of Object.entries(checked.value) as [ThresholdName, number | null][]) {
    if (v === null) delete after[name];
    else after[name] = v;
  }
  const cross = crossCheck({ ...inherited, ...after }, checked.value);
  if (cross.length) throw new InvalidThresholdsError(cross);

  const now = change.now ?? new Date();
  const at = formatLakeTime(now);
  const history: ThresholdHistoryRow[] = [];
  const settings: Record<string, unknown>[] = [];
  for (const [name, v] of Object.entries(checked.value) as [ThresholdName, number | null][]) {
    const old = before[name] ?? null;
    if (old === v) continue;
    history.push({ at: now.toISOString(), actor, scope, key, name, old, new: v });
    settings.push({ scope, key, name, value: v, actor, updated_at: at, version: now.getTime() });
  }
  if (!history.length) return [];
  await lake.client.insert({ table: 'risk_settings', values: settings, format: 'JSONEachRow' });
  await lake.client.insert({
    table: 'risk_settings_history',
    values: history.map((h) => ({ ...h, at })),
    format: 'JSONEachRow',
  });
  await change.bus?.publish<RiskSettingsChanged>(RISK_SETTINGS_CHANGED, { scope, key, names: history.map((h) => h.name), changedAt: now.getTime() });
  return history;
}

export interface ThresholdHistoryRow {
  at: string;
  actor: string;
  scope: ThresholdScope;
  key: string;
  name: ThresholdName;
  /** null: not set at this scope before (it inherited). */
  old: number | null;
  /** null: removed at this scope (it inherits now). */
  new: number | null;
}

/** Changes, newest first; filter by scope and/or key. */
export async function thresholdHistory(
  lake: Lake,
  filter: { scope?: ThresholdScope; key?: string; limit?: number } = {},
): Promise<ThresholdHistoryRow[]> {
  const rows = await queryRows<{ at: string; actor: string; scope: ThresholdScope; key: string; name: ThresholdName; old: number | null; new: number | null }>(
    lake,
    `SELECT at, actor, scope, key, name, old, new FROM risk_settings_history
     WHERE ({scope:String} = '' OR scope = {scope:String}) AND ({anyKey:UInt8} = 1 OR key = {key:String})
     ORDER BY at DESC, scope, key, name
     LIMIT {limit:UInt32}`,
    { scope: filter.scope ?? '', key: filter.key ?? '', anyKey: filter.key === undefined ? 1 : 0, limit: filter.limit ?? 1000 },
  );
  return rows.map((r) => ({
    ...r,
    at: parseLakeTime(r.at).toISOString(),
    old: r.old === null ? null : Number(r.old),
    new: r.new === null ? null : Number(r.new),
  }));
}
