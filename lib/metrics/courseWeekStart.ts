import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { oncePerScope } from './scope';
import { effectiveWeekStart, isWeekStart, viewerWeekStart, WEEK_STARTS, type WeekStart } from './weekStart';
import { parseDashboardWindow, type DashboardWindow } from './window';

/** A course's week start as an admin set it; undefined when unset (then each viewer's locale decides). */
export async function courseWeekStartSetting(lake: Lake, courseId: string): Promise<WeekStart | undefined> {
  const rows = await queryRows<{ week_start: string }>(
    lake,
    `SELECT argMax(week_start, version) AS week_start FROM course_week_start WHERE course_id = {courseId:String} GROUP BY course_id`,
    { courseId },
  );
  const stored = rows[0]?.week_start;
  return isWeekStart(stored) ? stored : undefined;
}

/** A course's week start for a viewer whose locale starts weeks on `viewer`: the setting wins, else `viewer`, else Monday. */
export async function courseWeekStart(lake: Lake, courseId: string, viewer?: WeekStart): Promise<WeekStart> {
  return effectiveWeekStart(await courseWeekStartSetting(lake, courseId), viewer);
}

/**
 * The week start a viewer (their Accept-Language) sees on a course: the course's setting, else their
 * locale's, else Monday. When the lake cannot say, their locale's: the page still renders.
 */
export function viewerCourseWeekStart(lake: Lake, courseId: string, acceptLanguage: string | null | undefined): Promise<WeekStart> {
  const viewer = viewerWeekStart(acceptLanguage);
  return courseWeekStart(lake, courseId, viewer).catch(() => effectiveWeekStart(undefined, viewer));
}

/** courseWeekStart read once per query object (a snapshot's or a live pass's widgets share it: scope.ts). */
export const courseWeekStartOf = (lake: Lake, q: { courseId: string; weekStart?: WeekStart }): Promise<WeekStart> =>
  settingOnce(lake, q).then((setting) => effectiveWeekStart(setting, q.weekStart));
const settingOnce = oncePerScope(courseWeekStartSetting);

/**
 * The window of a request about a course (?from=&to=), or with neither the current week of the
 * viewer's weeks: the course's setting, else their locale's (Accept-Language). Also the viewer's
 * locale's week start, for the weekly table (DashboardQuery.weekStart).
 */
export async function courseRequestWindow(
  lake: Lake,
  request: { courseId: string; from: string | null | undefined; to: string | null | undefined; now: Date; acceptLanguage: string | null | undefined },
): Promise<{ window: DashboardWindow; weekStart?: WeekStart } | { error: string }> {
  const { courseId, from, to, now } = request;
  const viewer = viewerWeekStart(request.acceptLanguage);
  // With a window, no read: the weeks matter only to the engagement table, which reads the setting itself.
  const weekStart = from || to ? undefined : await viewerCourseWeekStart(lake, courseId, request.acceptLanguage);
  const window = parseDashboardWindow(from, to, now, weekStart);
  return 'error' in window ? window : { window, ...(viewer && { weekStart: viewer }) };
}

/** What clears a course's setting (back to each viewer's locale): 'locale' or null. */
export const FOLLOW_LOCALE = 'locale';

/**
 * Sets a course's week start (an admin's choice), or clears it with 'locale' or null (a row with
 * week_start '' : the latest row wins, and '' is no week start). Anything else is refused.
 */
export async function setCourseWeekStart(
  lake: Lake,
  change: { courseId: string; weekStart: unknown; actor: string; now?: Date },
): Promise<WeekStart | undefined> {
  const clears = change.weekStart === FOLLOW_LOCALE || change.weekStart === null;
  if (!clears && !isWeekStart(change.weekStart)) throw new Error(`weekStart must be one of ${WEEK_STARTS.join(', ')}, or ${FOLLOW_LOCALE} (or null) to follow the viewer's locale`);
  if (!change.courseId) throw new Error('courseId is required');
  const now = change.now ?? new Date();
  const weekStart = clears ? undefined : (change.weekStart as WeekStart);
  await lake.client.insert({
    table: 'course_week_start',
    values: [{ course_id: change.courseId, week_start: weekStart ?? '', actor: change.actor, updated_at: formatLakeTime(now), version: now.getTime() }],
    format: 'JSONEachRow',
  });
  return weekStart;
}
