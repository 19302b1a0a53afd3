import { orgFromCourseKey } from '../events/courseKey';
import { formatLakeTime } from '../lake/time';

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
  UNION ALL
  SELECT id FROM lms_users
  WHERE id IN (SELECT id FROM lms_users WHERE is_staff = 1 OR is_superuser = 1)
  GROUP BY id
  HAVING argMax(is_deleted = 0 AND (is_staff = 1 OR is_superuser = 1), synced_at)`;

/** `AND`-able condition on a `user_id` column: a learner of the course, not staff. */
export const NOT_STAFF_SQL = `user_id > 0 AND user_id NOT IN (${STAFF_USER_IDS_SQL})`;

/** A course and a half-open time window [from, to). */
export interface CourseWindow {
  courseId: string;
  from: Date;
  to: Date;
}

/** Query parameters every course metric takes: {courseId}, {org}, {from}, {to}. */
export function windowParams({ courseId, from, to }: CourseWindow): Record<string, string> {
  return { courseId, org: orgFromCourseKey(courseId), from: formatLakeTime(from), to: formatLakeTime(to) };
}

/** What every dashboard widget is computed for: a course, a window [from, to) and the present. */
export interface DashboardQuery extends CourseWindow {
  now: Date;
}

/** The instant at which "at the end of the window" states are read (the window is half-open). */
export function windowEnd(to: Date): Date {
  return new Date(to.getTime() - 1);
}
