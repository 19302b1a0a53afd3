import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';

/**
 * The first day of a course's weeks (migration 140): Monday (ISO 8601, the default) or Sunday.
 * The weekly engagement table groups activity by these weeks, in SQL with
 * toStartOfWeek(t, {weekMode:UInt8}) (ClickHouse: mode 0 = weeks start on Sunday, 1 = Monday).
 */
export const WEEK_STARTS = ['monday', 'sunday'] as const;
export type WeekStart = (typeof WEEK_STARTS)[number];

const DAY_MS = 86_400_000;

export function isWeekStart(v: unknown): v is WeekStart {
  return typeof v === 'string' && (WEEK_STARTS as readonly string[]).includes(v);
}

/** The {weekMode} parameter of toStartOfWeek for a week start. */
export function weekMode(start: WeekStart): 0 | 1 {
  return start === 'sunday' ? 0 : 1;
}

/** Midnight UTC of the first day of the week holding d. */
export function startOfWeek(d: Date, start: WeekStart): Date {
  const midnight = Math.floor(d.getTime() / DAY_MS) * DAY_MS;
  const firstDay = start === 'sunday' ? 0 : 1;
  return new Date(midnight - ((new Date(midnight).getUTCDay() - firstDay + 7) % 7) * DAY_MS);
}

/**
 * The week start of a locale, from Intl.Locale's weekInfo where the runtime has it (Chromium,
 * Node 22+: firstDay 1 = Monday … 7 = Sunday); undefined when it has not, or the locale starts its
 * weeks on another day (Saturday), which Lookout does not offer.
 */
export function localeWeekStart(locale: string): WeekStart | undefined {
  try {
    const l = new Intl.Locale(locale) as Intl.Locale & { weekInfo?: { firstDay: number }; getWeekInfo?: () => { firstDay: number } };
    const firstDay = (l.getWeekInfo?.() ?? l.weekInfo)?.firstDay;
    return firstDay === 7 ? 'sunday' : firstDay === 1 ? 'monday' : undefined;
  } catch {
    return undefined;
  }
}

/** A course's week start: its setting, else Monday. */
export async function courseWeekStart(lake: Lake, courseId: string): Promise<WeekStart> {
  const rows = await queryRows<{ week_start: string }>(
    lake,
    `SELECT argMax(week_start, version) AS week_start FROM course_week_start WHERE course_id = {courseId:String} GROUP BY course_id`,
    { courseId },
  );
  const stored = rows[0]?.week_start;
  return isWeekStart(stored) ? stored : 'monday';
}

/** Sets a course's week start (an admin's choice); a value that is not a week start is refused. */
export async function setCourseWeekStart(lake: Lake, change: { courseId: string; weekStart: unknown; actor: string; now?: Date }): Promise<WeekStart> {
  if (!isWeekStart(change.weekStart)) throw new Error(`weekStart must be one of ${WEEK_STARTS.join(', ')}`);
  if (!change.courseId) throw new Error('courseId is required');
  const now = change.now ?? new Date();
  await lake.client.insert({
    table: 'course_week_start',
    values: [{ course_id: change.courseId, week_start: change.weekStart, actor: change.actor, updated_at: formatLakeTime(now), version: now.getTime() }],
    format: 'JSONEachRow',
  });
  return change.weekStart;
}
