import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { NOT_STAFF_SQL, staffOf } from './scope';
import { orgFromCourseKey } from '../events/courseKey';

/**
 * Enrollment state of each user of a course at an instant (DESIGN §5 "enrolled": the last
 * enrollment event or LMS row wins).
 *
 * Facts, latest first wins: every enrollment event (learner_facts, kind 'enrollment'); an LMS
 * row counts as an activation at its `created` time, and as its current state (is_active, mode)
 * at the time of the sync that copied it. At equal times an event beats the LMS activation (it
 * knows the mode of that moment) and the LMS current state beats both. So the LMS decides the
 * present and events newer than the last sync win over it; the past comes from events. Both LMS
 * facts of a row come from one read of the table.
 *
 * Columns: user_id, fact_time, rank, active (0/1), mode. Params: {courseId:String}.
 */
export const ENROLLMENT_FACTS_SQL = `
    SELECT user_id, time AS fact_time, 1 AS rank, toUInt8(value) AS active, toString(mode) AS mode
    FROM learner_facts
    WHERE course_id = {courseId:String} AND kind = 'enrollment'
    UNION ALL
    SELECT user_id, fact.1, fact.2, fact.3, fact.4
    FROM lms_enrollments FINAL
    ARRAY JOIN arrayConcat(
      if(created IS NULL, [], [(toDateTime64(assumeNotNull(created), 3, 'UTC'), toUInt8(0), toUInt8(1), toString(mode))]),
      [(toDateTime64(synced_at, 3, 'UTC'), toUInt8(2), is_active, toString(mode))]) AS fact
    WHERE course_id = {courseId:String}`;

/** Facts in order of time, then rank, as one integer (argMax over a tuple costs three times as much). */
export const FACT_ORDER_SQL = `(toUnixTimestamp64Milli(fact_time) * 4 + rank)`;

/**
 * State at the instant {at:DateTime64(3, 'UTC')} (facts at or before it).
 * Columns: user_id, is_active (0/1), mode, enrolled_at (first activation known).
 * Params: {courseId:String}, {at:DateTime64(3, 'UTC')}.
 */
export const ENROLLMENTS_AT_SQL = `
  SELECT
    user_id,
    argMax(active, ${FACT_ORDER_SQL}) AS is_active,
    argMax(mode, ${FACT_ORDER_SQL}) AS mode,
    minIf(fact_time, active = 1) AS enrolled_at
  FROM (${ENROLLMENT_FACTS_SQL})
  WHERE fact_time <= {at:DateTime64(3, 'UTC')}
  GROUP BY user_id`;


/**
 * Learners (not staff) with an active enrollment at {at}. Column: user_id.
 * Params: {courseId}, {org}, {at}.
 */
export const ENROLLED_AT_SQL = `
  SELECT user_id FROM (${ENROLLMENTS_AT_SQL})
  WHERE is_active = 1 AND ${NOT_STAFF_SQL}`;

/** Number of enrolled learners (not staff) at each instant, in one pass over the facts. */
export async function enrolledCountsAt(lake: Lake, q: { courseId: string }, instants: Date[]): Promise<number[]> {
  const { courseId } = q;
  if (instants.length === 0) return [];
  const ats = [...new Set(instants.map((d) => d.getTime()))];
  // Per learner and instant, the state of the latest fact at or before it (a fact after it
  // competes with order -1 and state 0); then, per instant, the learners whose state is active.
  const [row] = await queryRows<{ enrolled: (string | number)[] }>(
    lake,
    `SELECT sumForEach(states) AS enrolled FROM (
       SELECT user_id, argMaxForEach(arrayMap(b -> if(o <= b, active, 0), bounds), arrayMap(b -> if(o <= b, o, -1), bounds)) AS states
       FROM (
         SELECT user_id, active, ${FACT_ORDER_SQL} AS o, arrayMap(t -> t * 4 + 3, {ats:Array(Int64)}) AS bounds
         FROM (${ENROLLMENT_FACTS_SQL})
         WHERE ${NOT_STAFF_SQL}
       )
       GROUP BY user_id
     )`,
    { courseId, org: orgFromCourseKey(courseId), staff: await staffOf(lake, q), ats },
  );
  const byTime = new Map(ats.map((t, i) => [t, Number(row?.enrolled[i] ?? 0)]));
  return instants.map((d) => byTime.get(d.getTime()) ?? 0);
}
