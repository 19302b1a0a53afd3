import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import type { UnitCompletionWidget } from './dashboardTypes';
import { ENROLLED_AT_SQL, enrolledCountsAt } from './enrollments';
import { windowEnd, windowParams, type DashboardQuery } from './scope';
import { courseStructure, fallbackName, UNKNOWN_POSITION } from './structure';

/**
 * Blocks each enrolled learner (staff excluded) has completed by the end of the window: the
 * latest completion per (learner, block) — LMS rows by their modified time, or
 * edx.completion.block_completion.changed events — equal to 1. Columns: user_id, block.
 */
const COMPLETED_SQL = `
  SELECT user_id, key AS block
  FROM (
    SELECT user_id, key, time, value FROM learner_facts
    WHERE course_id = {courseId:String} AND kind = 'completion' AND time <= {at:DateTime64(3, 'UTC')}
    UNION ALL
    SELECT user_id, block_key, toDateTime64(modified, 3, 'UTC'), completion FROM lms_block_completion FINAL
    WHERE course_key = {courseId:String} AND modified <= {at:DateTime64(3, 'UTC')}
  )
  WHERE user_id IN (${ENROLLED_AT_SQL})
  GROUP BY user_id, key
  HAVING argMax(value, time) >= 1`;

/**
 * Learners per completed unit: a unit (vertical) is complete for a learner when the unit itself
 * is marked complete, or every block the structure puts in it is. Columns: unit, learners.
 * With no structure, every completed block is its own "unit".
 */
const SQL = `
  WITH done AS (${COMPLETED_SQL}),
       blocks AS (SELECT block_id, block_type, parent FROM course_blocks FINAL WHERE course_id = {courseId:String})
  SELECT unit, uniqExact(user_id) AS learners
  FROM (
    SELECT user_id, unit FROM (
      SELECT done.user_id AS user_id, blocks.parent AS unit, count() AS completed
      FROM done INNER JOIN blocks ON blocks.block_id = done.block
      WHERE blocks.parent != ''
      GROUP BY user_id, unit
    ) AS per_unit
    INNER JOIN (SELECT parent AS unit, count() AS children FROM blocks WHERE parent != '' GROUP BY parent) AS sizes USING (unit)
    WHERE per_unit.completed >= sizes.children
    UNION ALL
    SELECT user_id, block FROM done
    WHERE block NOT IN (SELECT block_id FROM blocks WHERE parent != '')
  )
  GROUP BY unit`;

/** DESIGN §5 unit completion: distinct learners who completed each unit, in course order. */
export async function unitCompletion(lake: Lake, q: DashboardQuery): Promise<UnitCompletionWidget> {
  const at = windowEnd(q.to);
  const [rows, structure, [enrolled]] = await Promise.all([
    queryRows<{ unit: string; learners: string | number }>(lake, SQL, { ...windowParams(q), at: formatLakeTime(at) }),
    courseStructure(lake, q.courseId),
    enrolledCountsAt(lake, q.courseId, [at]),
  ]);
  const counts = new Map(rows.map((r) => [r.unit, Number(r.learners)]));
  const structured = [...structure.values()].filter((b) => b.type === 'vertical');
  const unitIds = structured.length > 0 ? structured.map((b) => b.blockId) : [];
  // With a structure, its units are the list; without one, every completed block stands alone.
  if (structured.length === 0) unitIds.push(...counts.keys());
  const units = unitIds
    .map((blockId) => {
      const b = structure.get(blockId);
      return {
        blockId,
        name: b?.name || fallbackName(blockId),
        section: b?.section ?? '',
        subsection: b?.subsection ?? '',
        learnersCompleted: counts.get(blockId) ?? 0,
        position: b?.position ?? UNKNOWN_POSITION,
      };
    })
    .sort((a, b) => a.position - b.position || a.blockId.localeCompare(b.blockId))
    .map(({ position: _, ...unit }) => unit);
  const result: UnitCompletionWidget = { enrolled: enrolled ?? 0, units };
  if (units.length === 0) {
    result.missing = 'No completion data: no course structure and no block completion from the LMS or completion events yet.';
  }
  return result;
}
