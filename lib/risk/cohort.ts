import { LEARNER_ACTIVITY_SQL, PROBLEM_CHECK_SQL } from '../events/activity';
import { orgFromCourseKey } from '../events/courseKey';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import { ENROLLMENTS_AT_SQL } from '../metrics/enrollments';
import { NOT_STAFF_SQL, staffIds } from '../metrics/scope';
import { BUCKET_SECONDS } from '../metrics/timeSpent';
import { compactRows } from './compactRows';
import type { RiskThresholds } from './types';

export const DAY_MS = 86_400_000;
/** Open edX's default lowest passing grade: off track compares with it when the course overview does not say. */
export const DEFAULT_PASSING_GRADE = 0.5;

/** A learner of the course (not staff) as known at the evaluation time. */
export interface CohortLearner {
  userId: number;
  /** Enrollment state at `at`; null when no enrollment fact is known (the learner only has activity). */
  enrolled: boolean | null;
  mode: string;
  /** First activation known, else the first activity. */
  enrolledAt: Date | null;
  firstActivity: Date | null;
  lastActivity: Date | null;
  /** Server problem_check submissions and the correct ones, course to date. */
  attempts: number;
  correct: number;
  /** Latest course grade (0–1) at or before `at`. */
  grade: number | null;
  passed: boolean;
}

export interface Cohort {
  courseId: string;
  org: string;
  /** Staff of the course (NOT_STAFF_SQL's {staff}), read once per evaluation. */
  staff: number[];
  at: Date;
  /** Start of the learner_activity 5-minute bucket holding `at` (time-spent windows end there). */
  edge: Date;
  thresholds: RiskThresholds;
  start: Date | null;
  end: Date | null;
  /** From the course overview; null when unknown. */
  passingGrade: number | null;
  /** Every non-staff learner with an enrollment fact or activity (peers of the peer-relative rules). */
  everyone: CohortLearner[];
  /** The learners rules may flag: minus unenrolled, already passed and newly enrolled (DESIGN §6). */
  eligible: CohortLearner[];
  /** Left out: unenrolled, already passed, newly enrolled, and enrolled staff (never in `everyone`). */
  excluded: { unenrolled: number; passed: number; newlyEnrolled: number; staff: number };
  /** Whether any learner of the course has a grade (off track is silent otherwise). */
  anyGrades: boolean;
}

/** Query parameters of every cohort and rule query. */
export function cohortParams(c: Pick<Cohort, 'courseId' | 'org' | 'staff' | 'at' | 'edge'>): Record<string, unknown> {
  const day = c.at.toISOString().slice(0, 10);
  return { courseId: c.courseId, org: c.org, staff: c.staff, at: formatLakeTime(c.at), edge: formatLakeTime(c.edge), day, dayStart: `${day} 00:00:00.000` };
}

/**
 * Learner activity (lib/events/activity.ts) per learner and UTC day at or before {at} (migrations 041, 090): the learner_days rows
 * of whole days before {day}, plus the raw events of the day in progress up to {at} — so an
 * evaluation at a past instant never sees later events. Staff excluded. Rows of one (user, day)
 * may repeat (unmerged parts): aggregate them with sum / min / max.
 * Columns: user_id, day, events, first_time, last_time, problem_checks, problem_checks_correct.
 */
export const ACTIVITY_AT_SQL = `
  SELECT user_id, day, events, first_time, last_time, problem_checks, problem_checks_correct
  FROM learner_days
  WHERE course_id = {courseId:String} AND day < {day:Date} AND ${NOT_STAFF_SQL}
  UNION ALL
  SELECT user_id, toDate(time) AS day, toUInt64(count()) AS events, min(time) AS first_time, max(time) AS last_time,
         toUInt64(countIf(${PROBLEM_CHECK_SQL})) AS problem_checks,
         toUInt64(countIf(${PROBLEM_CHECK_SQL} AND problem_success = 'correct')) AS problem_checks_correct
  FROM events
  WHERE course_id = {courseId:String} AND ${LEARNER_ACTIVITY_SQL}
    AND time >= {dayStart:DateTime64(3, 'UTC')} AND time <= {at:DateTime64(3, 'UTC')} AND ${NOT_STAFF_SQL}
  GROUP BY user_id, day`;

/** Per learner: first and last study activity, attempts and correct answers. */
const ACTIVITY_SUMMARY_SQL = `
  SELECT user_id, toUnixTimestamp64Milli(min(first_time)) AS first_activity, toUnixTimestamp64Milli(max(last_time)) AS last_activity,
         sum(problem_checks) AS attempts, sum(problem_checks_correct) AS correct
  FROM (${ACTIVITY_AT_SQL})
  GROUP BY user_id`;

const ENROLLMENTS_SQL = `SELECT user_id, is_active, mode, toUnixTimestamp64Milli(enrolled_at) FROM (${ENROLLMENTS_AT_SQL}) WHERE ${NOT_STAFF_SQL}`;
/** Staff (course roles, global staff) enrolled in the course: left out of the evaluation, and said so. */
const ENROLLED_STAFF_SQL = `SELECT count() AS staff FROM (${ENROLLMENTS_AT_SQL}) WHERE is_active = 1 AND user_id IN {staff:Array(UInt64)}`;

/** Latest course grade per learner at {at}: LMS rows by their modified time, grade_calculated events by time. */
const GRADES_SQL = `
  SELECT user_id, argMax(grade, t) AS grade, max(passed) AS passed
  FROM (
    SELECT user_id, percent_grade AS grade, toDateTime64(modified, 3, 'UTC') AS t,
           toUInt8(passed_timestamp IS NOT NULL AND passed_timestamp <= {at:DateTime64(3, 'UTC')}) AS passed
    FROM lms_course_grades FINAL
    WHERE course_id = {courseId:String} AND modified <= {at:DateTime64(3, 'UTC')}
    UNION ALL
    SELECT user_id, assumeNotNull(grade_percent), time, toUInt8(0)
    FROM events
    WHERE course_id = {courseId:String} AND name = 'edx.grades.course.grade_calculated'
      AND grade_percent IS NOT NULL AND user_id > 0 AND time <= {at:DateTime64(3, 'UTC')}
  )
  GROUP BY user_id`;

const COURSE_SQL = `
  SELECT
    (SELECT argMax(start, updated_at) FROM courses WHERE course_id = {courseId:String}) AS start,
    (SELECT argMax(end, updated_at) FROM courses WHERE course_id = {courseId:String}) AS end,
    (SELECT any(start) FROM lms_course_overviews FINAL WHERE course_id = {courseId:String}) AS lms_start,
    (SELECT any(end) FROM lms_course_overviews FINAL WHERE course_id = {courseId:String}) AS lms_end,
    (SELECT any(lowest_passing_grade) FROM lms_course_overviews FINAL WHERE course_id = {courseId:String}) AS passing`;

const time = (s: string | null | undefined): Date | null => {
  if (!s) return null;
  const d = parseLakeTime(s);
  return d.getTime() > 0 ? d : null; // 1970: no value (minIf over nothing)
};

/** Start of the 5-minute bucket that holds `at`. */
export function bucketEdge(at: Date): Date {
  return new Date(Math.floor(at.getTime() / (BUCKET_SECONDS * 1000)) * BUCKET_SECONDS * 1000);
}

export async function loadCohort(lake: Lake, courseId: string, at: Date, thresholds: RiskThresholds): Promise<Cohort> {
  const base = { courseId, org: orgFromCourseKey(courseId), staff: await staffIds(lake, courseId), at, edge: bucketEdge(at) };
  const params = cohortParams(base);
  const [enrollments, activity, grades, [course], [enrolledStaff]] = await Promise.all([
    compactRows<[number, number, string, number]>(lake, ENROLLMENTS_SQL, params),
    compactRows<[number, number, number, number, number]>(lake, ACTIVITY_SUMMARY_SQL, params),
    compactRows<[number, number, number]>(lake, GRADES_SQL, params),
    queryRows<{ start: string | null; end: string | null; lms_start: string | null; lms_end: string | null; passing: number | null }>(lake, COURSE_SQL, params),
    base.staff.length > 0 ? queryRows<{ staff: number | string }>(lake, ENROLLED_STAFF_SQL, params) : Promise.resolve([{ staff: 0 }]),
  ]);

  const learners = new Map<number, CohortLearner>();
  const get = (userId: number): CohortLearner => {
    let l = learners.get(userId);
    if (!l) {
      l = { userId, enrolled: null, mode: '', enrolledAt: null, firstActivity: null, lastActivity: null, attempts: 0, correct: 0, grade: null, passed: false };
      learners.set(userId, l);
    }
    return l;
  };
  for (const [userId, isActive, mode, enrolledAt] of enrollments) {
    const l = get(userId);
    l.enrolled = isActive === 1;
    l.mode = mode;
    l.enrolledAt = enrolledAt > 0 ? new Date(enrolledAt) : null; // 0: no activation known (minIf over nothing)
  }
  for (const [userId, first, last, attempts, correct] of activity) {
    const l = get(userId);
    l.firstActivity = new Date(first);
    l.lastActivity = new Date(last);
    l.attempts = attempts;
    l.correct = correct;
    l.enrolledAt ??= l.firstActivity;
  }
  const passingGrade = course?.passing === null || course?.passing === undefined ? null : Number(course.passing);
  for (const [userId, grade, passed] of grades) {
    const l = learners.get(userId);
    if (!l) continue; // staff, or a grade with no enrollment or activity
    l.grade = grade;
    // Passed: the LMS says so, or the grade reaches the course's passing grade. With no known
    // passing grade only the LMS can say: guessing would silence every rule for the learner.
    l.passed = passed === 1 || (passingGrade !== null && passingGrade > 0 && grade >= passingGrade);
  }

  const everyone = [...learners.values()].sort((a, b) => a.userId - b.userId);
  const excluded = { unenrolled: 0, passed: 0, newlyEnrolled: 0, staff: Number(enrolledStaff?.staff ?? 0) };
  const graceMs = thresholds.newEnrollmentDays * DAY_MS;
  const eligible: CohortLearner[] = [];
  for (const l of everyone) {
    if (l.enrolled === false) excluded.unenrolled++;
    else if (l.passed) excluded.passed++;
    else if (!l.enrolledAt || at.getTime() - l.enrolledAt.getTime() < graceMs) excluded.newlyEnrolled++;
    else eligible.push(l);
  }
  return {
    ...base,
    thresholds,
    start: time(course?.start) ?? time(course?.lms_start),
    end: time(course?.end) ?? time(course?.lms_end),
    passingGrade,
    everyone,
    eligible,
    excluded,
    anyGrades: everyone.some((l) => l.grade !== null),
  };
}
