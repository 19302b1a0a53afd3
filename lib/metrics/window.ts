import { BUCKET_SECONDS } from './timeSpent';
import { startOfWeek, type WeekStart } from './weekStart';

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Longest window the dashboard computes (two years, as the page's picker allows). */
export const MAX_WINDOW_DAYS = 732;

export interface DashboardWindow {
  from: Date;
  to: Date;
}

/**
 * When a window's closed days are read from a rollup, the longest run of whole days in
 * [from, to) whose raw rows need no reading: closed (before `openFrom`), not in `raw` (stale days,
 * days cut by the window). They are rolled up or hold nothing, so the raw read can leave that
 * stretch of the (course, time) index out instead of filtering every row. Empty when none.
 */
export function skippableDays(from: Date, to: Date, raw: string[], openFrom: Date): { skipFrom: Date; skipTo: Date } {
  const rawDays = new Set(raw);
  const last = Math.min(Math.floor(to.getTime() / DAY_MS) * DAY_MS, openFrom.getTime());
  let best = { skipFrom: new Date(0), skipTo: new Date(0) };
  let runStart: number | undefined;
  for (let day = Math.ceil(from.getTime() / DAY_MS) * DAY_MS; day <= last; day += DAY_MS) {
    const skippable = day < last && !rawDays.has(new Date(day).toISOString().slice(0, 10));
    if (skippable) runStart ??= day;
    else if (runStart !== undefined) {
      if (day - runStart > best.skipTo.getTime() - best.skipFrom.getTime()) best = { skipFrom: new Date(runStart), skipTo: new Date(day) };
      runStart = undefined;
    }
  }
  return best;
}

/** The default window: the current week (UTC, DESIGN §5) holding `now`, Monday to Monday or Sunday to Sunday. */
export function defaultDashboardWindow(now: Date, weekStart: WeekStart = 'monday'): DashboardWindow {
  const from = startOfWeek(now, weekStart);
  return { from, to: new Date(from.getTime() + 7 * DAY_MS) };
}

/** A window edge: a YYYY-MM-DD day (its 00:00 UTC) or an ISO instant with a zone on a 5-minute edge. */
export function parseWindowEdge(value: string, label: 'from' | 'to'): Date | string {
  if (DATE_RE.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return `${label} is not a real date: ${value}`;
    return d;
  }
  if (!INSTANT_RE.test(value)) return `${label} must be a day (YYYY-MM-DD) or an ISO instant with a zone (2026-11-16T09:05:00Z), not "${value}"`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return `${label} is not a real instant: ${value}`;
  if (d.getTime() % (BUCKET_SECONDS * 1000) !== 0) return `${label} must fall on a ${BUCKET_SECONDS / 60}-minute boundary (e.g. 09:05:00), not ${value}`;
  return d;
}

/**
 * The window of a dashboard request: both `from` and `to` (to exclusive), or neither for the
 * default window. Returns a reason when the request is unusable.
 */
export function parseDashboardWindow(
  from: string | null | undefined,
  to: string | null | undefined,
  now: Date,
  weekStart: WeekStart = 'monday',
): DashboardWindow | { error: string } {
  const hasFrom = from !== null && from !== undefined && from !== '';
  const hasTo = to !== null && to !== undefined && to !== '';
  if (!hasFrom && !hasTo) return defaultDashboardWindow(now, weekStart);
  if (!hasFrom || !hasTo) return { error: 'give both from and to (or neither, for the current week)' };
  const f = parseWindowEdge(from, 'from');
  if (typeof f === 'string') return { error: f };
  const t = parseWindowEdge(to, 'to');
  if (typeof t === 'string') return { error: t };
  if (f.getTime() >= t.getTime()) return { error: `from (${from}) must be before to (${to}); to is exclusive` };
  if (t.getTime() - f.getTime() > MAX_WINDOW_DAYS * DAY_MS) return { error: `the range is longer than ${MAX_WINDOW_DAYS} days` };
  return { from: f, to: t };
}
