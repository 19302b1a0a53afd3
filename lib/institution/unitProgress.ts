import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { courseFilter, ENROLLED_NOW_SQL, notStaffSql, orgOfCourseSql, staffParams, type InstitutionQuery, type ScopeCourse } from './scope';

/**
 * Per course and unit (vertical) of the course structure (course_blocks): the learners who
 * completed it, as the course page's unit completion counts it (lib/metrics/unitCompletion.ts):
 * the unit itself marked complete, or every block the structure puts in it. From the all-time
 * bitmaps of completed learners per block that the engine keeps (block_completion_totals,
 * migration 014: completion events and LMS completion rows alike), not the facts: a block
 * counts once completed, a later un-completion is not taken off.
 */
const UNIT_LEARNERS_SQL = (filter: string) => `
  SELECT u.course_id AS course_id, u.unit AS unit, if(s.size > 0 AND u.members = s.size, bitmapOr(u.itself, u.children), u.itself) AS done
  FROM (
    SELECT b.course_id AS course_id, b.unit AS unit,
      groupBitmapOrStateIf(t.completed, b.is_unit) AS itself,
      groupBitmapAndStateIf(t.completed, NOT b.is_unit) AS children,
      countIf(NOT b.is_unit) AS members
    FROM (
      SELECT course_id, block_id, block_type = 'vertical' AS is_unit, if(is_unit, block_id, parent) AS unit
      FROM course_blocks FINAL WHERE ${filter} AND (block_type = 'vertical' OR (block_type != '' AND parent != ''))
    ) AS b
    INNER JOIN (
      SELECT course_id, block, groupBitmapMergeState(completed) AS completed FROM block_completion_totals WHERE ${filter} GROUP BY course_id, block
    ) AS t ON t.course_id = b.course_id AND t.block = b.block_id
    GROUP BY b.course_id, b.unit
  ) AS u
  LEFT JOIN (
    SELECT course_id, parent AS unit, count() AS size FROM course_blocks FINAL
    WHERE ${filter} AND block_type NOT IN ('', 'vertical') AND parent != '' GROUP BY course_id, unit
  ) AS s ON s.course_id = u.course_id AND s.unit = u.unit`;

/** The units (verticals) of each course structure in the rows `filter` keeps: courses without a structure have no row. */
export const COURSE_UNITS_SQL = (filter: string) => `
  SELECT course_id, count() AS units FROM course_blocks FINAL WHERE ${filter} AND block_type = 'vertical' GROUP BY course_id`;

/** Per course and learner with at least one: the units completed (UNIT_LEARNERS_SQL). */
export const UNITS_DONE_SQL = (filter: string) => `
  SELECT course_id, user_id, count() AS units_done FROM (${UNIT_LEARNERS_SQL(filter)})
  ARRAY JOIN bitmapToArray(done) AS user_id
  GROUP BY course_id, user_id`;

/**
 * Median unit completion per course: for each learner enrolled now (staff left out), the units
 * they completed ÷ the units of the course structure; a learner with no completion counts 0.
 * Courses without a structure have no row (their enrollments are not read). Capped at 1: blocks may still name a unit a republish dropped.
 */
const MEDIAN_SQL = (filter: string) => `
  SELECT e.course_id AS course_id, quantileExactInclusive(0.5)(least(d.units_done / n.units, 1)) AS median
  FROM (${ENROLLED_NOW_SQL(`${filter} AND course_id IN (SELECT course_id FROM (${COURSE_UNITS_SQL(filter)}))`)}) AS e
  INNER JOIN (${COURSE_UNITS_SQL(filter)}) AS n ON n.course_id = e.course_id
  LEFT JOIN (${UNITS_DONE_SQL(filter)}) AS d ON d.course_id = e.course_id AND d.user_id = e.user_id
  WHERE ${notStaffSql(orgOfCourseSql('e.course_id'), 'e.course_id', 'e.user_id')}
  GROUP BY e.course_id
  SETTINGS join_use_nulls = 0`;

/** Median unit completion (0–1) by course id, for the courses of the scope that have a structure and enrolled learners. */
export async function medianUnitProgress(lake: Lake, q: InstitutionQuery, courses: ScopeCourse[]): Promise<Map<string, number>> {
  const f = courseFilter(q, courses);
  const rows = await queryRows<{ course_id: string; median: number | string }>(lake, MEDIAN_SQL(f.sql), { ...f.params, ...(await staffParams(lake)) });
  return new Map(rows.map((r) => [r.course_id, Number(r.median)]));
}
