import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { parseLakeTime } from '../lake/time';
import { toCsv, type CsvCell } from '../export/csv';
import type { LearnerPii } from '../export/atRiskCsv';
import { notStaffSql, orgOfCourseSql, staffParams, type ScopeCourse } from './scope';
import { COURSE_UNITS_SQL, UNITS_DONE_SQL } from './unitProgress';

export interface OrgLearnerCourse {
  courseId: string;
  mode: string;
  /** ISO, null with no learner event yet. */
  lastActivity: string | null;
  /** Latest course grade (0–1), null with none. */
  grade: number | null;
  /** Units (verticals) of the course structure; null when Lookout has no structure for the course. */
  units: number | null;
  /** Units the learner completed (as the course page's unit completion counts them), null with no structure. */
  unitsCompleted: number | null;
  /** Flagged on the course's live at-risk list. */
  atRisk: boolean;
}

/** One learner of an org: the org's courses they are enrolled in now, with activity, progress and risk. */
export interface OrgLearner {
  userId: number;
  username: string;
  courses: OrgLearnerCourse[];
  lastActivity: string | null;
  /**
   * Unit completion (0–1): units completed ÷ units, summed over their courses that have a
   * structure; null when none has one (not 0). A learner with nothing completed has 0.
   */
  progress: number | null;
  /** Mean of the courses' latest grades (0–1; the share of each course's grade earned), null with none. */
  grade: number | null;
  /** Courses where the learner is flagged at risk. */
  atRiskCourses: number;
  /** Filled only for callers allowed the org's PII (org:pii), from the LMS copy. */
  name?: string | null;
  email?: string | null;
}

const ORG_COURSES = 'course_id IN {courseIds:Array(String)}';

/**
 * Learners (not staff) enrolled now in the org's courses (institution_enrollments), with the last
 * learner event per course (institution_learner_weeks), the latest course grade (learner_grades),
 * the units of the course structure and those they completed (lib/institution/unitProgress.ts:
 * the engine's per-block bitmaps) and the live at-risk flag (risk_flag_state): per-learner rows,
 * not the events.
 */
const LEARNERS_SQL = `
  SELECT e.user_id AS user_id,
    groupArray((e.course_id, e.mode, toString(l.last_time), g.percent, r.flagged, n.units, d.units_done)) AS courses
  FROM (
    SELECT course_id, user_id, argMaxMerge(mode) AS mode
    FROM institution_enrollments WHERE ${ORG_COURSES}
    GROUP BY course_id, user_id HAVING argMaxMerge(active) = 1
  ) AS e
  LEFT JOIN (
    SELECT course_id, user_id, max(last_time) AS last_time FROM institution_learner_weeks
    WHERE ${ORG_COURSES} GROUP BY course_id, user_id
  ) AS l ON l.course_id = e.course_id AND l.user_id = e.user_id
  LEFT JOIN (
    SELECT course_id, user_id, argMaxMerge(percent) AS percent FROM learner_grades
    WHERE ${ORG_COURSES} GROUP BY course_id, user_id
  ) AS g ON g.course_id = e.course_id AND g.user_id = e.user_id
  LEFT JOIN (
    SELECT course_id, user_id, flagged FROM risk_flag_state FINAL WHERE ${ORG_COURSES}
  ) AS r ON r.course_id = e.course_id AND r.user_id = e.user_id
  LEFT JOIN (${COURSE_UNITS_SQL(ORG_COURSES)}) AS n ON n.course_id = e.course_id
  LEFT JOIN (${UNITS_DONE_SQL(ORG_COURSES)}) AS d ON d.course_id = e.course_id AND d.user_id = e.user_id
  WHERE ${notStaffSql(orgOfCourseSql('e.course_id'), 'e.course_id', 'e.user_id')}
  GROUP BY e.user_id
  ORDER BY e.user_id
  SETTINGS join_use_nulls = 1`;

/**
 * Usernames: the LMS copy's, else the learner events', else the enrollment events' (a learner who
 * enrolled and did nothing yet; read from the org's courses' events for these users only).
 */
const USERNAMES_SQL = `
  SELECT user_id, argMax(username, rank) AS username FROM (
    SELECT id AS user_id, username, 3 AS rank FROM lms_users FINAL WHERE id IN {ids:Array(UInt64)} AND username != ''
    UNION ALL
    SELECT user_id, max(username), 2 FROM institution_learner_first WHERE user_id IN {ids:Array(UInt64)} AND username != '' GROUP BY user_id
    UNION ALL
    SELECT user_id, max(username), 1 FROM events
    WHERE course_id IN {courseIds:Array(String)} AND user_id IN {ids:Array(UInt64)} AND username != ''
      AND name IN ('edx.course.enrollment.activated', 'edx.course.enrollment.mode_changed')
    GROUP BY user_id
  ) GROUP BY user_id`;

export async function orgLearners(lake: Lake, courses: ScopeCourse[]): Promise<OrgLearner[]> {
  if (courses.length === 0) return [];
  type Count = number | string | null;
  type Course = [string, string, string | null, number | null, number | null, Count, Count];
  const rows = await queryRows<{ user_id: string | number; courses: Course[] }>(lake, LEARNERS_SQL, { courseIds: courses.map((c) => c.courseId), ...(await staffParams(lake)) });
  const ids = rows.map((r) => Number(r.user_id));
  const names = ids.length ? await queryRows<{ user_id: string | number; username: string }>(lake, USERNAMES_SQL, { ids, courseIds: courses.map((c) => c.courseId) }) : [];
  const usernames = new Map(names.map((n) => [Number(n.user_id), n.username]));
  return rows.map((r) => {
    const list: OrgLearnerCourse[] = r.courses
      .map(([courseId, mode, last, grade, flagged, units, done]) => ({
        courseId,
        mode,
        lastActivity: last === null ? null : parseLakeTime(last).toISOString(),
        grade: grade === null ? null : Number(grade),
        units: units === null ? null : Number(units),
        // Capped, as the catalog's median: blocks may still name a unit a republish dropped.
        unitsCompleted: units === null ? null : Math.min(Number(done ?? 0), Number(units)),
        atRisk: Number(flagged ?? 0) === 1,
      }))
      .sort((a, b) => a.courseId.localeCompare(b.courseId));
    const grades = list.map((c) => c.grade).filter((g): g is number => g !== null);
    const structured = list.filter((c) => c.units !== null && c.units > 0);
    const units = structured.reduce((a, c) => a + c.units!, 0);
    const times = list.map((c) => c.lastActivity).filter((t): t is string => t !== null).sort();
    const userId = Number(r.user_id);
    return {
      userId,
      username: usernames.get(userId) ?? '',
      courses: list,
      lastActivity: times.at(-1) ?? null,
      progress: units > 0 ? structured.reduce((a, c) => a + c.unitsCompleted!, 0) / units : null,
      grade: grades.length ? grades.reduce((a, b) => a + b, 0) / grades.length : null,
      atRiskCourses: list.filter((c) => c.atRisk).length,
    };
  });
}

export const ORG_LEARNERS_CSV_COLUMNS = ['username', 'name', 'email', 'courses_enrolled', 'courses', 'last_activity', 'progress', 'grade', 'at_risk_courses'] as const;

const share = (x: number | null): CsvCell => (x === null ? '' : Number(x.toFixed(4)));

/**
 * The org learner list as CSV (RFC 4180, lib/export/csv.ts). `name` and `email` are filled only
 * when `pii` is given (callers allowed the org's PII); the columns are there for everyone.
 */
export function orgLearnersCsv(learners: readonly OrgLearner[], pii: Map<number, LearnerPii> | undefined): string {
  return toCsv(
    ORG_LEARNERS_CSV_COLUMNS,
    learners.map((l): CsvCell[] => {
      const person = pii?.get(l.userId);
      return [
        l.username,
        person?.name ?? '',
        person?.email ?? '',
        l.courses.length,
        l.courses.map((c) => c.courseId).join('; '),
        l.lastActivity ?? '',
        share(l.progress),
        share(l.grade),
        l.atRiskCourses,
      ];
    }),
  );
}
