import { BUCKET_SECONDS } from './timeSpent';

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
 * Where reading a course's raw rows must begin when its closed days are read from a rollup:
 * `from` when it cuts a day; else the first of the `raw` days (closed days still to read raw:
 * stale, or cut by the window); else `openFrom`, the first day not closed. Closed days before it
 * are rolled up or hold nothing, so the table's (course, time) index bounds the read.
 */
export function rawReadStart(from: Date, raw: string[], openFrom: Date): Date {
  if (from.getTime() % DAY_MS !== 0) return from;
  const first = Math.min(openFrom.getTime(), ...raw.map((day) => Date.parse(`${day}T00:00:00Z`)));
  return new Date(Math.max(from.getTime(), first));
}

/** The default window: the current Monday-to-Monday week (UTC, DESIGN §5), holding `now`. */
export function defaultDashboardWindow(now: Date): DashboardWindow {
  const midnight = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const from = midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS;
  return { from: new Date(from), to: new Date(from + 7 * DAY_MS) };
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
export function parseDashboardWindow(from: string | null | undefined, to: string | null | undefined, now: Date): DashboardWindow | { error: string } {
  const hasFrom = from !== null && from !== undefined && from !== '';
  const hasTo = to !== null && to !== undefined && to !== '';
  if (!hasFrom && !hasTo) return defaultDashboardWindow(now);
  if (!hasFrom || !hasTo) return { error: 'give both from and to (or neither, for the current week)' };
  const f = parseWindowEdge(from, 'from');
  if (typeof f === 'string') return { error: f };
  const t = parseWindowEdge(to, 'to');
  if (typeof t === 'string') return { error: t };
  if (f.getTime() >= t.getTime()) return { error: `from (${from}) must be before to (${to}); to is exclusive` };
  if (t.getTime() - f.getTime() > MAX_WINDOW_DAYS * DAY_MS) return { error: `the range is longer than ${MAX_WINDOW_DAYS} days` };
  return { from: f, to: t };
}
