import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { parseLakeTime } from '../lake/time';
import { orgFromCourseKey } from '../events/courseKey';
import { LMS_STAFF_IDS_SQL } from '../metrics/scope';

/**
 * What an institutional view covers (issue 21): every course (`org` absent: /platform) or the
 * courses of one org (/orgs/<org>), over a window [from, to), at `now`.
 */
export interface InstitutionQuery {
  org?: string;
  from: Date;
  to: Date;
  now: Date;
}

export type CourseStatus = 'upcoming' | 'running' | 'ended' | 'unknown';

export interface ScopeCourse {
  courseId: string;
  displayName: string;
  org: string;
  /** ISO, or null when the LMS gave no date. */
  start: string | null;
  end: string | null;
  status: CourseStatus;
}

/**
 * The org of a course id in SQL, as lib/events/courseKey.ts orgFromCourseKey reads it, for
 * tables that keep the course only: `course-v1:Org+…`, `ccx-v1:Org+…`, legacy `Org/…`.
 */
export function orgOfCourseSql(column: string): string {
  return `multiIf(match(${column}, '^(course|ccx)-v1:'), splitByChar('+', substring(${column}, position(${column}, ':') + 1))[1],
                  position(${column}, '/') > 0, splitByChar('/', ${column})[1], '')`;
}

/**
 * `AND`-able: the row's user is a learner of the row's course, not staff (DESIGN §5 as
 * lib/metrics/scope.ts applies it to one course): no role on the course (course rows), none
 * org-wide on its org, no global role, not LMS global staff or superuser. For rows of many
 * courses at once, on `course_id`, `user_id` and `orgExpr` (the row's org) columns, with the
 * parameters of staffParams().
 */
export function notStaffSql(orgExpr: string, courseColumn = 'course_id', userColumn = 'user_id'): string {
  // The course|user and org|user strings are built only for the few users holding such a role
  // (`or` short-circuits): on the 1,000-course bench lake this halves a scan of every enrollment.
  return `${userColumn} > 0 AND ${userColumn} NOT IN {staffUsers:Array(UInt64)}
    AND (${userColumn} NOT IN {roleUsers:Array(UInt64)} OR (
      concat(${courseColumn}, '|', toString(${userColumn})) NOT IN {staffCourses:Array(String)}
      AND concat(lower(${orgExpr}), '|', toString(${userColumn})) NOT IN {staffOrgs:Array(String)}))`;
}

/**
 * The users notStaffSql leaves out of a row's course, as a bitmap (groupBitmap state) to take out
 * of a bitmap of learners with bitmapAndnot: user 0, global staff, the course's and the org's
 * role holders. Same parameters as notStaffSql.
 */
export function staffBitmapSql(orgExpr: string, courseColumn = 'course_id'): string {
  const holders = (list: string, prefix: string) =>
    `arrayMap(x -> toUInt64(splitByChar('|', x)[-1]), arrayFilter(x -> startsWith(x, concat(${prefix}, '|')), {${list}:Array(String)}))`;
  return `bitmapBuild(arrayConcat([toUInt64(0)], {staffUsers:Array(UInt64)}, ${holders('staffCourses', courseColumn)}, ${holders('staffOrgs', `lower(${orgExpr})`)}))`;
}

/**
 * The (course_id, user_id) of the enrollments active now (institution_course_learners, migration
 * 190; FINAL, as lib/institution/courseLearners.ts reads it) in the rows `filter` keeps.
 */
export const ENROLLED_NOW_SQL = (filter: string) => `
  SELECT course_id, user_id FROM institution_course_learners FINAL WHERE ${filter} AND finalizeAggregation(active) = 1`;

/** Users with a global role or LMS staff/superuser; course|user and org|user pairs of course and org-wide roles. */
const STAFF_SQL = `
  SELECT
    arrayDistinct(arrayConcat(
      (SELECT groupArray(toUInt64(id)) FROM (${LMS_STAFF_IDS_SQL})),
      (SELECT groupArray(user_id) FROM lms_course_access_roles FINAL WHERE course_id = '' AND org = ''))) AS users,
    (SELECT groupUniqArray(concat(course_id, '|', toString(user_id))) FROM lms_course_access_roles FINAL WHERE course_id != '') AS courses,
    (SELECT groupUniqArray(concat(lower(org), '|', toString(user_id))) FROM lms_course_access_roles FINAL WHERE course_id = '' AND org != '') AS orgs,
    (SELECT groupUniqArray(user_id) FROM lms_course_access_roles FINAL WHERE course_id != '' OR org != '') AS role_users`;

export interface StaffParams {
  staffUsers: number[];
  staffCourses: string[];
  staffOrgs: string[];
  /** Users with a course or org-wide role: the only ones staffCourses and staffOrgs can name. */
  roleUsers: number[];
}

/** The course list and the staff are read again at most this often (a new course shows within this time). */
const READ_TTL_MS = 5_000;

/** `load` shared per lake for READ_TTL_MS; a failed read is forgotten, so the next call tries again. */
function sharedForAWhile<T>(load: (lake: Lake) => Promise<T>): (lake: Lake) => Promise<T> {
  const held = new WeakMap<Lake, { at: number; value: Promise<T> }>();
  return (lake) => {
    const h = held.get(lake);
    if (h && Date.now() - h.at < READ_TTL_MS) return h.value;
    const value = load(lake);
    held.set(lake, { at: Date.now(), value });
    value.catch(() => held.delete(lake));
    return value;
  };
}

const readStaff = sharedForAWhile((lake) =>
  queryRows<{ users: (string | number)[]; courses: string[]; orgs: string[]; role_users: (string | number)[] }>(lake, STAFF_SQL).then(([r]) => ({
    staffUsers: (r?.users ?? []).map(Number),
    staffCourses: r?.courses ?? [],
    staffOrgs: r?.orgs ?? [],
    roleUsers: (r?.role_users ?? []).map(Number),
  })),
);

/**
 * The parameters of notStaffSql: the staff read once for a few seconds (roles are cached
 * LOOKOUT_ROLE_CACHE_MS for access anyway) rather than by every statement of every widget.
 */
export function staffParams(lake: Lake): Promise<StaffParams> {
  return readStaff(lake);
}

/**
 * The courses Lookout knows: course rows (demo seed, events), LMS course overviews, courses with
 * learner activity or enrollment events. Small tables only (one row per course, or per course
 * and day), never the events.
 */
const COURSES_SQL = `
  SELECT course_id,
    argMax(display_name, rank) AS display_name,
    argMax(org, rank) AS org,
    argMax(start, rank) AS start,
    argMax(end, rank) AS end
  FROM (
    SELECT course_id, display_name, org, start, end, 2 AS rank FROM (
      SELECT course_id, argMax(display_name, updated_at) AS display_name, argMax(org, updated_at) AS org,
             argMax(start, updated_at) AS start, argMax(end, updated_at) AS end
      FROM courses GROUP BY course_id)
    UNION ALL
    SELECT course_id, display_name, toString(org), toDateTime64(start, 3, 'UTC'), toDateTime64(end, 3, 'UTC'), 3
    FROM lms_course_overviews FINAL WHERE is_deleted = 0
    UNION ALL
    SELECT course_id, '', '', NULL, NULL, 0 FROM course_tracking_sources GROUP BY course_id
    UNION ALL
    SELECT DISTINCT toString(course_id), '', '', NULL, NULL, 0 FROM institution_enrollment_days
  )
  WHERE course_id != ''
  GROUP BY course_id`;

/** A course's status at `now`: before its start upcoming, after its end ended, else running. */
export function courseStatus(start: string | null, end: string | null, now: Date): CourseStatus {
  if (start === null && end === null) return 'unknown';
  if (start !== null && Date.parse(start) > now.getTime()) return 'upcoming';
  if (end !== null && Date.parse(end) <= now.getTime()) return 'ended';
  return 'running';
}

const orgsMatch = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const allCourses = sharedForAWhile((lake): Promise<Omit<ScopeCourse, 'status'>[]> =>
  queryRows<{ course_id: string; display_name: string; org: string; start: string | null; end: string | null }>(lake, COURSES_SQL).then((list) =>
    list.map((r) => ({
      courseId: r.course_id,
      displayName: r.display_name || r.course_id,
      // The course key's org decides, as access does (lib/auth/courseKey.ts); the LMS's when the key has none.
      org: orgFromCourseKey(r.course_id) || r.org,
      start: r.start ? parseLakeTime(r.start).toISOString() : null,
      end: r.end ? parseLakeTime(r.end).toISOString() : null,
    })),
  ),
);

/** The courses of the query's scope (every course, or the org's), by course id, with their status at `now`. */
export async function scopeCourses(lake: Lake, q: { org?: string; now: Date }): Promise<ScopeCourse[]> {
  const rows = await allCourses(lake);
  return rows
    .filter((c) => q.org === undefined || orgsMatch(c.org, q.org))
    .map((c) => ({ ...c, status: courseStatus(c.start, c.end, q.now) }))
    .sort((a, b) => a.courseId.localeCompare(b.courseId));
}

/**
 * The SQL condition and parameters that keep the rows of the scope's courses: none on the
 * platform (every course), the org's course ids otherwise.
 */
export function courseFilter(q: { org?: string }, courses: ScopeCourse[], column = 'course_id'): { sql: string; params: Record<string, unknown> } {
  if (q.org === undefined) return { sql: '1', params: {} };
  return { sql: `${column} IN {courseIds:Array(String)}`, params: { courseIds: courses.map((c) => c.courseId) } };
}

/** Monday 00:00 UTC of the week holding `d`. */
export function mondayOf(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
}

/** 'YYYY-MM-DD' of a date (UTC). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The Mondays of the weeks overlapping [from, to), oldest first. */
export function weeksOf(from: Date, to: Date): string[] {
  const out: string[] = [];
  for (let w = mondayOf(from); w < to; w = new Date(w.getTime() + 7 * 86_400_000)) out.push(isoDay(w));
  return out;
}
