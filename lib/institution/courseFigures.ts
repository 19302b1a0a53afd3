import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { courseFilter, ENROLLED_NOW_SQL, isoDay, mondayOf, notStaffSql, orgOfCourseSql, staffParams, type InstitutionQuery, type ScopeCourse } from './scope';

/** Per course: what the catalog, the completion table and the at-risk counts read. */
export interface CourseFigures {
  activeThisWeek: number;
  activeLastWeek: number;
  /** Enrolled learners with a course grade. */
  graded: number;
  /** Learners who passed: grade ≥ the course's passing grade, or the LMS's passed mark when it has none. */
  passed: number;
  /** Enrolled learners with an earned certificate (LMS status 'downloadable'). */
  certified: number;
  /** Learners who passed or earned a certificate: completion. */
  completed: number;
  /** Enrolled learners with a course grade or an earned certificate (the pass rate's base). */
  assessed: number;
  /** Learners flagged at risk now (the live evaluation's list, risk_flag_state). */
  atRisk: number;
  /** The latest live evaluation's flagged learners by severity, or null when never evaluated. */
  red: number | null;
  yellow: number | null;
}

/** Active learners (not staff) in the week starting {thisWeek} and the one before, per course. */
const ACTIVE_SQL = (filter: string) => `
  SELECT course_id, uniqExactIf(user_id, week = {thisWeek:Date}) AS this_week, uniqExactIf(user_id, week = {thisWeek:Date} - 7) AS last_week
  FROM institution_learner_weeks
  WHERE ${filter} AND week IN ({thisWeek:Date}, {thisWeek:Date} - 7) AND ${notStaffSql('org')}
  GROUP BY course_id`;

const GRADED = 'g.percent IS NOT NULL';
const PASSED = `${GRADED} AND if(isNull(o.passing), g.lms_passed = 1, g.percent >= o.passing)`;
const CERTIFIED = 'c.user_id IS NOT NULL';

/**
 * Per course, of the learners enrolled now: the latest course grade of each (learner_grades,
 * migration 015: LMS grade rows grades_persistentcoursegrade and grade events alike) against the
 * course's passing grade (course_overviews_courseoverview.lowest_passing_grade), and the earned
 * certificates (lms_certificates, migration 182: certificates_generatedcertificate with status
 * 'downloadable' now; a revoked one is 'unavailable' or 'notpassing').
 */
const COMPLETION_SQL = (filter: string) => `
  SELECT e.course_id AS course_id,
    countIf(${GRADED}) AS graded,
    countIf(${PASSED}) AS passed,
    countIf(${CERTIFIED}) AS certified,
    countIf((${PASSED}) OR ${CERTIFIED}) AS completed,
    countIf(${GRADED} OR ${CERTIFIED}) AS assessed
  FROM (${ENROLLED_NOW_SQL(filter)}) AS e
  LEFT JOIN (
    SELECT course_id, user_id, argMaxMerge(percent) AS percent, argMaxMerge(lms_passed) AS lms_passed
    FROM learner_grades WHERE ${filter} GROUP BY course_id, user_id
  ) AS g ON g.course_id = e.course_id AND g.user_id = e.user_id
  LEFT JOIN (
    SELECT course_id, user_id FROM lms_certificates FINAL WHERE ${filter} AND status = 'downloadable'
  ) AS c ON c.course_id = e.course_id AND c.user_id = e.user_id
  LEFT JOIN (
    SELECT course_id, any(lowest_passing_grade) AS passing FROM lms_course_overviews FINAL WHERE ${filter} GROUP BY course_id
  ) AS o ON o.course_id = e.course_id
  WHERE ${notStaffSql(orgOfCourseSql('e.course_id'), 'e.course_id', 'e.user_id')}
  GROUP BY e.course_id
  SETTINGS join_use_nulls = 1`;

const FLAGGED_SQL = (filter: string) => `
  SELECT course_id, countIf(flagged = 1) AS flagged FROM risk_flag_state FINAL WHERE ${filter} GROUP BY course_id`;

const SEVERITY_SQL = (filter: string) => `
  SELECT course_id, argMax(red, evaluated_at) AS red, argMax(yellow, evaluated_at) AS yellow
  FROM risk_course_days WHERE ${filter} GROUP BY course_id`;

type Num = string | number;

/** A course without any of these rows. */
export const NO_FIGURES: Readonly<CourseFigures> = { activeThisWeek: 0, activeLastWeek: 0, graded: 0, passed: 0, certified: 0, completed: 0, assessed: 0, atRisk: 0, red: null, yellow: null };

export async function courseFigures(lake: Lake, q: InstitutionQuery, courses: ScopeCourse[]): Promise<Map<string, CourseFigures>> {
  const f = courseFilter(q, courses);
  const thisWeek = isoDay(mondayOf(q.now));
  const staff = await staffParams(lake);
  const [active, completion, flagged, severity] = await Promise.all([
    queryRows<{ course_id: string; this_week: Num; last_week: Num }>(lake, ACTIVE_SQL(f.sql), { ...f.params, ...staff, thisWeek }),
    queryRows<{ course_id: string; graded: Num; passed: Num; certified: Num; completed: Num; assessed: Num }>(lake, COMPLETION_SQL(f.sql), { ...f.params, ...staff }),
    queryRows<{ course_id: string; flagged: Num }>(lake, FLAGGED_SQL(f.sql), f.params),
    queryRows<{ course_id: string; red: Num; yellow: Num }>(lake, SEVERITY_SQL(f.sql), f.params),
  ]);
  const out = new Map<string, CourseFigures>();
  const of = (courseId: string) => {
    let held = out.get(courseId);
    if (!held) {
      held = { ...NO_FIGURES };
      out.set(courseId, held);
    }
    return held;
  };
  for (const r of active) Object.assign(of(r.course_id), { activeThisWeek: Number(r.this_week), activeLastWeek: Number(r.last_week) });
  for (const r of completion)
    Object.assign(of(r.course_id), { graded: Number(r.graded), passed: Number(r.passed), certified: Number(r.certified), completed: Number(r.completed), assessed: Number(r.assessed) });
  for (const r of flagged) of(r.course_id).atRisk = Number(r.flagged);
  for (const r of severity) Object.assign(of(r.course_id), { red: Number(r.red), yellow: Number(r.yellow) });
  return out;
}
