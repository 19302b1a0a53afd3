import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { courseFilter, notStaffSql, orgOfCourseSql, staffParams, type InstitutionQuery, type ScopeCourse } from './scope';

/** Per course, of the learners (not staff) enrolled now. */
export interface CourseLearnerCounts {
  enrolled: number;
  /** With a course grade. */
  graded: number;
  /** Grade ≥ the course's passing grade, or the LMS's passed mark when it has none. */
  passed: number;
  /** With an earned certificate (LMS status 'downloadable'). */
  certified: number;
  /** Passed or certified: completion. */
  completed: number;
  /** With a course grade or an earned certificate (the pass rate's base). */
  assessed: number;
}

/**
 * One read of institution_course_learners (migration 190: per course and learner, the enrollment
 * state as institution_enrollments keeps it, the latest course grade and passed mark as
 * learner_grades does, and the certificate state of lms_certificates), against the course's
 * passing grade (course_overviews_courseoverview.lowest_passing_grade; NULL when the course has
 * none, so the LMS's passed mark decides). FINAL rather than GROUP BY (course_id, user_id): the
 * same merge of each learner's states, but ranges the engine has already merged are read as they
 * are, where a GROUP BY hashes all 400,000 course-learner pairs of the bench lake every time.
 */
const COUNTS_SQL = (filter: string) => `
  SELECT l.course_id AS course_id, count() AS enrolled,
    countIf(has_grade = 1) AS graded,
    countIf(has_grade = 1 AND if(isNull(o.passing), passed_mark = 1, grade >= o.passing)) AS passed,
    countIf(has_certificate = 1) AS certified,
    countIf((has_grade = 1 AND if(isNull(o.passing), passed_mark = 1, grade >= o.passing)) OR has_certificate = 1) AS completed,
    countIf(has_grade = 1 OR has_certificate = 1) AS assessed
  FROM (
    SELECT course_id, graded AS has_grade, finalizeAggregation(percent) AS grade,
      finalizeAggregation(lms_passed) AS passed_mark, finalizeAggregation(certified) AS has_certificate
    FROM institution_course_learners FINAL
    WHERE ${filter} AND ${notStaffSql(orgOfCourseSql('course_id'))} AND finalizeAggregation(active) = 1
  ) AS l
  LEFT JOIN (
    SELECT course_id, toNullable(any(lowest_passing_grade)) AS passing FROM lms_course_overviews FINAL WHERE ${filter} GROUP BY course_id
  ) AS o ON o.course_id = l.course_id
  GROUP BY l.course_id
  SETTINGS join_use_nulls = 0`;

type Num = string | number;

export async function courseLearnerCounts(lake: Lake, q: InstitutionQuery, courses: ScopeCourse[]): Promise<Map<string, CourseLearnerCounts>> {
  const f = courseFilter(q, courses);
  const rows = await queryRows<{ course_id: string; enrolled: Num; graded: Num; passed: Num; certified: Num; completed: Num; assessed: Num }>(lake, COUNTS_SQL(f.sql), {
    ...f.params,
    ...(await staffParams(lake)),
  });
  return new Map(
    rows.map((r) => [
      r.course_id,
      { enrolled: Number(r.enrolled), graded: Number(r.graded), passed: Number(r.passed), certified: Number(r.certified), completed: Number(r.completed), assessed: Number(r.assessed) },
    ]),
  );
}

/** Enrolled learners now, per course. */
export function enrolledOfCounts(counts: Map<string, CourseLearnerCounts>): Map<string, number> {
  return new Map([...counts].map(([courseId, c]) => [courseId, c.enrolled]));
}
