/**
 * The dashboard's time window: whole UTC days, half-open [from, to), written as
 * YYYY-MM-DD as in the API (`?from=&to=`) and in the page's URL, so a view can be linked.
 * Weeks run Monday 00:00 UTC to the next Monday (DESIGN §5), or Sunday to Sunday for a viewer whose
 * weeks start on Sunday (the course's setting, else their locale: lib/metrics/weekStart.ts).
 */
import { formatMessage } from '../../lib/i18n';
import { windowProblemMessages } from './dashboardWindow.messages';
import { startOfWeek, type WeekStart } from '@/lib/metrics/weekStart';

export interface DashboardWindow {
  /** First day, YYYY-MM-DD (UTC). */
  from: string;
  /** The day after the last one, YYYY-MM-DD (UTC). */
  to: string;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Longest window the picker accepts, so a typo cannot ask the lake for centuries. */
export const MAX_WINDOW_DAYS = 366 * 2;

export function toDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The Date at 00:00 UTC of a YYYY-MM-DD day, or undefined when it is not a real date. */
export function parseDay(day: string | null | undefined): Date | undefined {
  if (typeof day !== 'string' || !DATE_RE.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || toDay(d) !== day ? undefined : d;
}

export function addDays(day: string, days: number): string {
  const d = parseDay(day);
  if (!d) throw new Error(`not a YYYY-MM-DD day: ${day}`);
  return toDay(new Date(d.getTime() + days * DAY_MS));
}

/** The week (UTC) holding `d`. */
export function weekOf(d: Date, weekStart: WeekStart = 'monday'): DashboardWindow {
  const from = toDay(startOfWeek(d, weekStart));
  return { from, to: addDays(from, 7) };
}

/** Whether the window is one whole week of this week start. */
export function isWeek(w: DashboardWindow, weekStart: WeekStart = 'monday'): boolean {
  const from = parseDay(w.from);
  return from !== undefined && weekOf(from, weekStart).from === w.from && addDays(w.from, 7) === w.to;
}

export function shiftWeeks(w: DashboardWindow, weeks: number, weekStart: WeekStart = 'monday'): DashboardWindow {
  const from = addDays(weekOf(parseDay(w.from) ?? new Date(), weekStart).from, weeks * 7);
  return { from, to: addDays(from, 7) };
}

/** The `count` weeks up to and including the current one, newest first. */
export function recentWeeks(now: Date, count: number, weekStart: WeekStart = 'monday'): DashboardWindow[] {
  const current = weekOf(now, weekStart);
  return Array.from({ length: count }, (_, i) => shiftWeeks(current, -i, weekStart));
}

/** The last `weeks` whole weeks up to and including the current one. */
export function lastWeeks(now: Date, weeks: number, weekStart: WeekStart = 'monday'): DashboardWindow {
  const current = weekOf(now, weekStart);
  return { from: addDays(current.from, -7 * (weeks - 1)), to: current.to };
}

export function windowDays(w: DashboardWindow): number {
  const from = parseDay(w.from);
  const to = parseDay(w.to);
  return from && to ? Math.round((to.getTime() - from.getTime()) / DAY_MS) : 0;
}

/** Why a window cannot be used, or undefined when it can. */
export function windowProblem(w: { from?: string | null; to?: string | null }): string | undefined {
  const from = parseDay(w.from);
  const to = parseDay(w.to);
  if (!from) return formatMessage(windowProblemMessages.firstNotDate);
  if (!to) return formatMessage(windowProblemMessages.lastNotDate);
  if (to.getTime() <= from.getTime()) return formatMessage(windowProblemMessages.lastBeforeFirst);
  if ((to.getTime() - from.getTime()) / DAY_MS > MAX_WINDOW_DAYS) return formatMessage(windowProblemMessages.tooLong, { days: MAX_WINDOW_DAYS });
  return undefined;
}

/**
 * The window named by the URL's `from` and `to`, or the current week (of `weekStart`) when they are
 * absent or unusable (then `problem` says what was wrong, for the page to show).
 */
export function windowFromQuery(
  query: { from?: string | string[] | null; to?: string | string[] | null },
  now: Date,
  weekStart: WeekStart = 'monday',
): { window: DashboardWindow; problem?: string } {
  const from = first(query.from);
  const to = first(query.to);
  if (from === undefined && to === undefined) return { window: weekOf(now, weekStart) };
  const problem = windowProblem({ from, to });
  return problem ? { window: weekOf(now, weekStart), problem: formatMessage(windowProblemMessages.ignored, { problem }) } : { window: { from: from!, to: to! } };
}

function first(v: string | string[] | null | undefined): string | undefined {
  const value = Array.isArray(v) ? v[0] : v;
  return value === null || value === undefined || value === '' ? undefined : value;
}

export function windowQuery(w: DashboardWindow): string {
  return `from=${w.from}&to=${w.to}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "16 Nov 2026" */
export function dayLabel(day: string, withYear = true): string {
  const d = parseDay(day);
  if (!d) return day;
  const base = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return withYear ? `${base} ${d.getUTCFullYear()}` : base;
}

/** "16 – 22 Nov 2026" style label with the last day inclusive. */
export function windowLabel(w: DashboardWindow): string {
  const last = addDays(w.to, -1);
  if (last === w.from) return dayLabel(w.from);
  const sameYear = w.from.slice(0, 4) === last.slice(0, 4);
  return `${dayLabel(w.from, !sameYear)} – ${dayLabel(last)}`;
}
