import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import type { CourseLearnerCounts } from './courseLearners';
import { courseFilter, isoDay, mondayOf, staffBitmapSql, staffParams, type InstitutionQuery, type ScopeCourse } from './scope';

/** Per course: what the catalog, the completion table and the at-risk counts read (enrolled aside). */
export interface CourseFigures extends Omit<CourseLearnerCounts, 'enrolled'> {
  activeThisWeek: number;
  activeLastWeek: number;
  /** Learners flagged at risk now (the live evaluation's list, risk_flag_state). */
  atRisk: number;
  /** The latest live evaluation's flagged learners by severity, or null when never evaluated. */
  red: number | null;
  yellow: number | null;
}

/**
 * Active learners (not staff) in the week starting {thisWeek} and the one before, per course: the
 * cardinality of the course's learner bitmaps of those weeks (institution_week_learners, 191).
 */
const ACTIVE_SQL = (filter: string) => `
  SELECT course_id,
    bitmapCardinality(groupBitmapOrStateIf(kept, week = {thisWeek:Date})) AS this_week,
    bitmapCardinality(groupBitmapOrStateIf(kept, week = {thisWeek:Date} - 7)) AS last_week
  FROM (
    SELECT course_id, week, bitmapAndnot(learners, ${staffBitmapSql('org')}) AS kept
    FROM institution_week_learners
    WHERE ${filter} AND week IN ({thisWeek:Date}, {thisWeek:Date} - 7)
  )
  GROUP BY course_id`;

const FLAGGED_SQL = (filter: string) => `
  SELECT course_id, countIf(flagged = 1) AS flagged FROM risk_flag_state FINAL WHERE ${filter} GROUP BY course_id`;

const SEVERITY_SQL = (filter: string) => `
  SELECT course_id, argMax(red, evaluated_at) AS red, argMax(yellow, evaluated_at) AS yellow
  FROM risk_course_days WHERE ${filter} GROUP BY course_id`;

type Num = string | number;

/** A course without any of these rows. */
export const NO_FIGURES: Readonly<CourseFigures> = { activeThisWeek: 0, activeLastWeek: 0, graded: 0, passed: 0, certified: 0, completed: 0, assessed: 0, atRisk: 0, red: null, yellow: null };

/** The figures of each course, completion from the learner counts (courseLearners.ts) read once for the query. */
export async function courseFigures(lake: Lake, q: InstitutionQuery, courses: ScopeCourse[], counts: Map<string, CourseLearnerCounts>): Promise<Map<string, CourseFigures>> {
  const f = courseFilter(q, courses);
  const thisWeek = isoDay(mondayOf(q.now));
  const staff = await staffParams(lake);
  const [active, flagged, severity] = await Promise.all([
    queryRows<{ course_id: string; this_week: Num; last_week: Num }>(lake, ACTIVE_SQL(f.sql), { ...f.params, ...staff, thisWeek }),
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
  for (const [courseId, c] of counts) {
    const { graded, passed, certified, completed, assessed } = c;
    Object.assign(of(courseId), { graded, passed, certified, completed, assessed });
  }
  for (const r of flagged) of(r.course_id).atRisk = Number(r.flagged);
  for (const r of severity) Object.assign(of(r.course_id), { red: Number(r.red), yellow: Number(r.yellow) });
  return out;
}
