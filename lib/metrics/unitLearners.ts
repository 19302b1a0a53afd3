import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { enrolledAtSql } from './roster';
import { windowEnd, windowParams, type DashboardQuery } from './scope';
import { courseStructureOf } from './structure';
import { COMPLETED_SQL } from './unitCompletion';

/**
 * The learners behind a unit's "completed" (unitCompletion.ts): enrolled learners (staff left out)
 * who by the end of the window completed the unit itself (a unit outside any parent), or every
 * block the structure puts in it; from the same completion facts (COMPLETED_SQL: latest LMS row or event per block = 1).
 */
const SQL = (enrolled: string) => `
  SELECT user_id
  FROM (${COMPLETED_SQL})
  WHERE (block = {unit:String} OR has({members:Array(String)}, block))
    AND user_id IN (SELECT user_id FROM (${enrolled}))
  GROUP BY user_id
  HAVING ({itself:UInt8} AND countIf(block = {unit:String}) > 0)
      OR (length({members:Array(String)}) > 0 AND uniqExactIf(block, has({members:Array(String)}, block)) >= length({members:Array(String)}))
  ORDER BY user_id`;

export async function unitLearners(lake: Lake, q: DashboardQuery, unitBlockId: string): Promise<{ userId: number }[]> {
  const at = windowEnd(q.to);
  const structure = await courseStructureOf(lake, q);
  // As unitCompletion counts: with units in the structure, a unit's blocks, and the unit itself
  // when it has no parent; without any, each completed block stands alone.
  const structured = [...structure.values()].some((b) => b.type === 'vertical');
  const members = structured ? [...structure.values()].filter((b) => b.parent === unitBlockId).map((b) => b.blockId) : [];
  const itself = structured ? (structure.get(unitBlockId) && !structure.get(unitBlockId)!.parent ? 1 : 0) : 1;
  const rows = await queryRows<{ user_id: string | number }>(lake, SQL(await enrolledAtSql(q, at)), {
    ...(await windowParams(lake, q)),
    at: formatLakeTime(at),
    unit: unitBlockId,
    members,
    itself,
  });
  return rows.map((r) => ({ userId: Number(r.user_id) }));
}
