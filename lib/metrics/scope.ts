import { orgFromCourseKey } from '../events/courseKey';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import type { WeekStart } from './weekStart';

/** LMS global staff and superusers (see STAFF_USER_IDS_SQL). */
export const LMS_STAFF_IDS_SQL = `
  SELECT id FROM lms_users
  WHERE id IN (SELECT id FROM lms_users WHERE is_staff = 1 OR is_superuser = 1)
  GROUP BY id
  HAVING argMax(is_deleted = 0 AND (is_staff = 1 OR is_superuser = 1), synced_at)`;

/**
 * The learners a course metric counts (DESIGN §5): learner events only (the `is_learner`
 * column and the learner_activity table already hold just those), minus every user with a
 * staff role on the course — course roles (staff, instructor, limited_staff, beta testers…),
 * org-wide roles on its org, global roles — and LMS global staff and superusers.
 * Roles are applied at query time because they change after the events were written.
 * LMS staff: the users whose latest row says staff or superuser, found without FINAL over the
 * whole users table (only the rows of users ever marked staff are merged).
 */
export const STAFF_USER_IDS_SQL = `
  SELECT user_id FROM lms_course_access_roles FINAL
  WHERE course_id = {courseId:String} OR (course_id = '' AND org IN ('', {org:String}))
  UNION ALL${LMS_STAFF_IDS_SQL}`;

/**
 * `AND`-able condition on a `user_id` column: a learner of the course, not staff. The staff ids
 * come as the {staff:Array(UInt64)} parameter (staffOf): read once per dashboard query instead of
 * once per SQL statement, where scanning the LMS users cost more than most metrics' own reads.
 */
export const NOT_STAFF_SQL = `user_id > 0 AND user_id NOT IN {staff:Array(UInt64)}`;

/** The course's staff user ids (STAFF_USER_IDS_SQL). */
export async function staffIds(lake: Lake, courseId: string): Promise<number[]> {
  const rows = await queryRows<{ user_id: string | number }>(lake, `SELECT DISTINCT user_id FROM (${STAFF_USER_IDS_SQL})`, {
    courseId,
    org: orgFromCourseKey(courseId),
  });
  return rows.map((r) => Number(r.user_id));
}

const scopeOf = new WeakMap<object, object>();

/** Makes `derived` (a widget context built from a dashboard query, say) share `source`'s reads. */
export function sameScope<T extends object>(source: object, derived: T): T {
  scopeOf.set(derived, scopeOf.get(source) ?? source);
  return derived;
}

/** The object whose per-query reads `q` shares (itself unless made with sameScope). */
export function scopeKey(q: object): object {
  return scopeOf.get(q) ?? q;
}

/**
 * A course read done once per query object (scopeKey): the widgets of one snapshot (or of one
 * live-engine tick) get the same object and share the read; chDB runs one statement at a time,
 * so each read costs. Changes meanwhile apply from the next query object; a failed read is retried.
 */
export function oncePerScope<T>(read: (lake: Lake, courseId: string) => Promise<T>): (lake: Lake, q: { courseId: string }) => Promise<T> {
  const reads = new WeakMap<object, Promise<T>>();
  return (lake, q) => {
    const key = scopeKey(q);
    let result = reads.get(key);
    if (!result) {
      result = read(lake, q.courseId);
      reads.set(key, result);
      result.catch(() => reads.delete(key));
    }
    return result;
  };
}

/** staffIds, once per query object. */
export const staffOf = oncePerScope(staffIds);

/**
 * NOT_STAFF_SQL for rows of several courses in one query (the live engine computes every busy
 * course at once): on `course_id` and `user_id` columns, with {courseIds:Array(String)} and
 * {orgs:Array(String)} their orgs in the same order (coursesParams).
 */
export const NOT_STAFF_OF_COURSES_SQL = `user_id > 0 AND user_id NOT IN (${LMS_STAFF_IDS_SQL})
  AND (course_id, user_id) NOT IN (
    SELECT c.1, r.user_id
    FROM (SELECT arrayJoin(arrayZip({courseIds:Array(String)}, {orgs:Array(String)})) AS c) AS courses
    CROSS JOIN (SELECT user_id, course_id, org FROM lms_course_access_roles FINAL
                WHERE course_id IN {courseIds:Array(String)} OR course_id = '') AS r
    WHERE r.course_id = c.1 OR (r.course_id = '' AND r.org IN ('', c.2)))`;

/** The {courseIds} and {orgs} of NOT_STAFF_OF_COURSES_SQL. */
export function coursesParams(courseIds: string[]): { courseIds: string[]; orgs: string[] } {
  return { courseIds, orgs: courseIds.map(orgFromCourseKey) };
}

/** A course and a half-open time window [from, to). */
export interface CourseWindow {
  courseId: string;
  from: Date;
  to: Date;
}

/** Query parameters every course metric takes: {courseId}, {org}, {from}, {to}, {staff} (NOT_STAFF_SQL). */
export async function windowParams(lake: Lake, q: { courseId: string }, range?: { from: Date; to: Date }): Promise<Record<string, unknown>> {
  const { from, to } = range ?? (q as CourseWindow);
  return { courseId: q.courseId, org: orgFromCourseKey(q.courseId), from: formatLakeTime(from), to: formatLakeTime(to), staff: await staffOf(lake, q) };
}

/** What every dashboard widget is computed for: a course, a window [from, to) and the present. */
export interface DashboardQuery extends CourseWindow {
  now: Date;
  /** The viewer's week start (their locale's); the course's setting wins over it (lib/metrics/weekStart.ts). */
  weekStart?: WeekStart;
}

/** The instant at which "at the end of the window" states are read (the window is half-open). */
export function windowEnd(to: Date): Date {
  return new Date(to.getTime() - 1);
}
