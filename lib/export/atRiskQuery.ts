/**
 * Filter and sort of an at-risk list, shared by the JSON API, the CSV export, the page
 * and the live list in the browser (pure code: no lake, no Node APIs).
 *
 * Query string: `rule=inactive,struggling` (or `rule` repeated; a learner matches when any of
 * their flags is one of these rules), `severity=red` (or `red,yellow`), `sort=` one of SORT_KEYS,
 * `order=asc|desc` (each sort has a natural order, `order` overrides it). Bad values are
 * refused with every reason at once; other parameters are ignored.
 */
import { RULE_NAMES, type LearnerRisk, type RuleName, type Severity } from '../risk/types';

export const SEVERITIES: readonly Severity[] = ['red', 'yellow'];

/** Sort keys and their natural order: the most worrying learners first. */
export const SORT_KEYS = {
  rank: 'asc', // highest risk score first
  severity: 'desc', // red first, then more rules, then longer inactive
  daysInactive: 'desc',
  lastActivity: 'asc', // longest ago first; never active first of all
  grade: 'asc',
  progress: 'asc',
  firstFlagged: 'asc',
  username: 'asc',
} as const satisfies Record<string, SortOrder>;

export type SortKey = keyof typeof SORT_KEYS;
export type SortOrder = 'asc' | 'desc';

export interface AtRiskQuery {
  /** Empty: every rule. */
  rules: RuleName[];
  /** Empty: both severities. */
  severities: Severity[];
  sort: SortKey;
  order: SortOrder;
}

export const DEFAULT_QUERY: Readonly<AtRiskQuery> = Object.freeze({ rules: [], severities: [], sort: 'rank', order: 'asc' });

export type ParsedQuery = { ok: true; value: AtRiskQuery } | { ok: false; errors: string[] };

type Params = { getAll(name: string): string[]; get(name: string): string | null };

export function parseAtRiskQuery(params: Params): ParsedQuery {
  const errors: string[] = [];
  const list = (name: string) =>
    params
      .getAll(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');

  const rules: RuleName[] = [];
  for (const r of list('rule')) {
    if (!(RULE_NAMES as readonly string[]).includes(r)) errors.push(`rule "${clip(r)}" is not one of ${RULE_NAMES.join(', ')}`);
    else if (!rules.includes(r as RuleName)) rules.push(r as RuleName);
  }
  const severities: Severity[] = [];
  for (const s of list('severity')) {
    if (!(SEVERITIES as readonly string[]).includes(s)) errors.push(`severity "${clip(s)}" is not one of ${SEVERITIES.join(', ')}`);
    else if (!severities.includes(s as Severity)) severities.push(s as Severity);
  }
  let sort: SortKey = DEFAULT_QUERY.sort;
  const sortParam = params.get('sort');
  if (sortParam !== null && sortParam !== '') {
    if (!Object.hasOwn(SORT_KEYS, sortParam)) errors.push(`sort "${clip(sortParam)}" is not one of ${Object.keys(SORT_KEYS).join(', ')}`);
    else sort = sortParam as SortKey;
  }
  let order: SortOrder = SORT_KEYS[sort];
  const orderParam = params.get('order');
  if (orderParam !== null && orderParam !== '') {
    if (orderParam !== 'asc' && orderParam !== 'desc') errors.push(`order "${clip(orderParam)}" is not one of asc, desc`);
    else order = orderParam;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { rules, severities, sort, order } };
}

/** The query as URL parameters, leaving out defaults (for links and the export button). */
export function atRiskQueryParams(query: AtRiskQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.rules.length > 0) params.set('rule', query.rules.join(','));
  if (query.severities.length > 0) params.set('severity', query.severities.join(','));
  if (query.sort !== DEFAULT_QUERY.sort) params.set('sort', query.sort);
  if (query.order !== SORT_KEYS[query.sort]) params.set('order', query.order);
  return params;
}

/** The query as recorded in the export audit. */
export function atRiskQueryRecord(query: AtRiskQuery): Record<string, unknown> {
  return { rule: query.rules, severity: query.severities, sort: query.sort, order: query.order };
}

/** The learners that match, sorted; the input is left as it is. */
export function applyAtRiskQuery<T extends LearnerRisk>(learners: readonly T[], query: AtRiskQuery): T[] {
  const matched = learners.filter(
    (l) =>
      (query.rules.length === 0 || l.flags.some((f) => query.rules.includes(f.rule))) &&
      (query.severities.length === 0 || query.severities.includes(l.severity)),
  );
  const compare = COMPARE[query.sort];
  const sign = query.order === 'asc' ? 1 : -1;
  return matched.sort((a, b) => sign * compare(a, b) || a.username.localeCompare(b.username) || a.userId - b.userId);
}

/** Ascending comparisons; nulls count as the most worrying end (no activity, no grade). */
const COMPARE: Record<SortKey, (a: LearnerRisk, b: LearnerRisk) => number> = {
  rank: (a, b) => a.rank - b.rank,
  severity: (a, b) =>
    severityRank(a) - severityRank(b) || a.flags.length - b.flags.length || nullsHigh(a.daysInactive, b.daysInactive),
  daysInactive: (a, b) => nullsHigh(a.daysInactive, b.daysInactive),
  lastActivity: (a, b) => nullsLow(time(a.lastActivity), time(b.lastActivity)),
  grade: (a, b) => nullsLow(a.grade, b.grade),
  progress: (a, b) => nullsLow(a.progress, b.progress),
  firstFlagged: (a, b) => nullsLow(time(a.firstFlaggedAt), time(b.firstFlaggedAt)),
  username: (a, b) => a.username.localeCompare(b.username),
};

function severityRank(l: LearnerRisk): number {
  return l.severity === 'red' ? 1 : 0;
}

function time(iso: string | null): number | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

function nullsLow(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return a - b;
}

function nullsHigh(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
