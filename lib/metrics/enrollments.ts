/**
 * Enrollment state of each user of a course at the instant {at:DateTime64(3, 'UTC')}
 * (DESIGN §5 "enrolled": the last enrollment event or LMS row wins).
 *
 * Facts, latest first wins: every enrollment event at or before `at`; an LMS row counts as an
 * activation at its `created` time, and as its current state (is_active, mode) at the time of
 * the sync that copied it, once that is at or before `at`. At equal times an event beats the
 * LMS activation (it knows the mode of that moment) and the LMS current state beats both. So the LMS decides the present and
 * events newer than the last sync win over it; the past comes from events.
 *
 * Columns: user_id, is_active (0/1), mode, enrolled_at (first activation known).
 * Params: {courseId:String}, {at:DateTime64(3, 'UTC')}.
 */
export const ENROLLMENTS_AT_SQL = `
  SELECT
    user_id,
    argMax(active, (fact_time, rank)) AS is_active,
    argMax(mode, (fact_time, rank)) AS mode,
    minIf(fact_time, active = 1) AS enrolled_at
  FROM (
    SELECT
      user_id,
      time AS fact_time,
      toUInt8(name != 'edx.course.enrollment.deactivated') AS active,
      toString(enrollment_mode) AS mode,
      1 AS rank
    FROM events
    WHERE course_id = {courseId:String}
      AND name IN ('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated', 'edx.course.enrollment.mode_changed')
      AND user_id > 0
      AND time <= {at:DateTime64(3, 'UTC')}
    UNION ALL
    SELECT user_id, toDateTime64(assumeNotNull(created), 3, 'UTC'), 1, toString(mode), 0
    FROM lms_enrollments FINAL
    WHERE course_id = {courseId:String} AND created IS NOT NULL AND created <= {at:DateTime64(3, 'UTC')}
    UNION ALL
    SELECT user_id, toDateTime64(synced_at, 3, 'UTC'), is_active, toString(mode), 2
    FROM lms_enrollments FINAL
    WHERE course_id = {courseId:String} AND synced_at <= {at:DateTime64(3, 'UTC')}
  )
  GROUP BY user_id`;
