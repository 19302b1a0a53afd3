import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import type { UnitCompletionWidget } from './dashboardTypes';
import { enrolledAtSql, enrolledCountsOf } from './roster';
import { windowEnd, windowParams, type DashboardQuery } from './scope';
import { courseStructureOf, fallbackName, UNKNOWN_POSITION, type BlockInfo } from './structure';
import { completedUpTo } from './completionUpTo';
import { formatMessage } from '../i18n';
import { missingMessages } from './missing.messages';

/**
 * Blocks completed as of {at}: the latest completion per (learner, block) — LMS rows by their
 * modified time, or edx.completion.block_completion.changed events — equal to 1. Columns:
 * user_id, block; one row per (learner, block).
 */
export const COMPLETED_SQL = `
  SELECT user_id, key AS block
  FROM (
    SELECT user_id, key, time, value FROM learner_facts
    WHERE course_id = {courseId:String} AND kind = 'completion' AND time <= {at:DateTime64(3, 'UTC')}
    UNION ALL
    SELECT user_id, block_key, toDateTime64(modified, 3, 'UTC'), completion FROM lms_block_completion FINAL
    WHERE course_key = {courseId:String} AND modified <= {at:DateTime64(3, 'UTC')}
  )
  GROUP BY user_id, key
  HAVING argMax(value, time) >= 1`;

/**
 * The same when the course has no completion events: the LMS rows (one per learner and block
 * after FINAL) decide alone, without grouping millions of (learner, block) pairs.
 */
const COMPLETED_LMS_ONLY_SQL = `
  SELECT user_id, block_key AS block FROM lms_block_completion FINAL
  WHERE course_key = {courseId:String} AND modified <= {at:DateTime64(3, 'UTC')} AND completion >= 1`;

/**
 * The same from the daily bitmaps (migration 013), exact while BITMAPS_EXACT_SQL says so: the
 * learners with a completion fact by {at}. Columns: block, users (bitmap); one row per block.
 */
const COMPLETED_FROM_DAYS_SQL = `
  SELECT block, groupBitmapMergeState(completed) AS users
  FROM block_completion_days
  WHERE course_id = {courseId:String}
    AND (day < toDate({at:DateTime64(3, 'UTC')}) OR (day = toDate({at:DateTime64(3, 'UTC')}) AND last_time <= {at:DateTime64(3, 'UTC')}))
  GROUP BY block`;

/** The same when every fact is before {at} (migration 014): all-time bitmaps. */
const COMPLETED_TOTALS_SQL = `
  SELECT block, groupBitmapMergeState(completed) AS users
  FROM block_completion_totals
  WHERE course_id = {courseId:String}
  GROUP BY block`;

/**
 * Whether the bitmaps answer exactly: no learner's completion went below 1 by {at} (then "has a
 * completion fact" is "latest fact is complete"), and no day's rows straddle {at} (`days`) or
 * no fact at all is after it (`totals`).
 */
const BITMAPS_EXACT_SQL = `
  SELECT
    (SELECT groupBitmapMerge(undone) = 0 AND max(last_time) <= {at:DateTime64(3, 'UTC')}
     FROM block_completion_totals WHERE course_id = {courseId:String}) AS totals,
    (SELECT groupBitmapMerge(undone) = 0 AND countIf(day = toDate({at:DateTime64(3, 'UTC')}) AND last_time > {at:DateTime64(3, 'UTC')}) = 0
     FROM block_completion_days WHERE course_id = {courseId:String} AND day <= toDate({at:DateTime64(3, 'UTC')})) AS days`;

const HAS_COMPLETION_EVENTS_SQL = `
  SELECT count() > 0 AS has FROM (
    SELECT 1 FROM learner_facts
    WHERE course_id = {courseId:String} AND kind = 'completion' AND time <= {at:DateTime64(3, 'UTC')}
    LIMIT 1
  )`;

/**
 * Learners per completed unit (units numbered 1…n by the caller): a unit is complete for an
 * enrolled learner (staff excluded) when the unit itself is marked complete, or every block the
 * structure puts in it is. The i-th line of {keys} has the code {codes}[i]: its unit's number × 2, plus 1
 * when it is the unit itself; {sizes}[n] is unit n's number of blocks. One bitmap of learners
 * per block (a few hundred groups, not one per learner and unit); per unit,
 * |all blocks ∪ itself| = |all blocks| + |itself| − |all blocks ∩ itself|.
 * Columns: unit (number), learners.
 */
const UNITS_SQL = (blockLearners: string) => `
  SELECT intDiv(code, 2) AS unit,
         arrayElement({sizes:Array(UInt32)}, unit) AS size,
         size > 0 AND countIf(code % 2 = 0) >= size AS all_blocks,
         countIf(code % 2 = 1) > 0 AS itself,
         if(all_blocks, groupBitmapAndIf(users, code % 2 = 0), 0)
           + if(itself, groupBitmapOrIf(users, code % 2 = 1), 0)
           - if(all_blocks AND itself, groupBitmapAnd(users), 0) AS learners,
         any(enrolled) AS enrolled
  FROM (
    SELECT arrayElement({codes:Array(UInt32)}, indexOf(splitByChar('\n', {keys:String}), block)) AS code, users, enrolled
    FROM (${blockLearners})
    WHERE code > 0
  )
  GROUP BY unit`;

/** Without a structure, every completed block is its own "unit". Columns: unit (block), learners. */
const BLOCKS_SQL = (blockLearners: string) => `
  SELECT block AS unit, bitmapCardinality(users) AS learners, enrolled FROM (${blockLearners})
  WHERE learners > 0`;

/**
 * Enrolled learners (staff excluded) at {at} who completed each block, and how many are enrolled
 * (the same scalar subquery: the engine computes it once). Columns: block, users (bitmap), enrolled.
 */
const ENROLLED_BLOCK_LEARNERS_SQL = (bitmaps: string, enrolled: string) => `
  SELECT block, bitmapAnd(users, (SELECT groupBitmapState(user_id) FROM (${enrolled}))) AS users,
         bitmapCardinality((SELECT groupBitmapState(user_id) FROM (${enrolled}))) AS enrolled
  FROM (${bitmaps})`;

/** Completed (user_id, block) rows as one bitmap of learners per block. */
const asBitmaps = (completed: string) => `SELECT block, groupBitmapState(user_id) AS users FROM (${completed}) GROUP BY block`;

/**
 * Which completed block counts toward which unit: a block the structure puts in a unit (parent)
 * counts toward it; a unit outside any parent counts as itself.
 */
function unitMembership(units: BlockInfo[], structure: Map<string, BlockInfo>) {
  const unitNumber = new Map(units.map((u, i) => [u.blockId, i + 1]));
  const keys: string[] = [];
  const codes: number[] = [];
  const sizes = units.map(() => 0);
  for (const b of structure.values()) {
    const parentNumber = b.parent ? unitNumber.get(b.parent) : undefined;
    if (b.parent) {
      if (parentNumber === undefined) continue;
      sizes[parentNumber - 1]!++;
      keys.push(b.blockId);
      codes.push(parentNumber * 2);
    } else if (unitNumber.has(b.blockId)) {
      keys.push(b.blockId);
      codes.push(unitNumber.get(b.blockId)! * 2 + 1);
    }
  }
  // One string, split by the engine: an array literal of hundreds of keys costs ~10 ms to plan.
  return { keys: keys.join('\n'), codes, sizes };
}

/**
 * The SQL of the completed learners per block at {at}, with any parameters of its own: up to a
 * past midnight from the bitmaps ORed there, from the daily bitmaps when they are exact, else from the facts.
 */
async function completedBitmaps(lake: Lake, q: DashboardQuery, at: Date): Promise<{ sql: string; params?: Record<string, string> }> {
  const upTo = await completedUpTo(lake, q.courseId, at, q.now);
  if (upTo && upTo !== 'inexact') return upTo;
  const params = { courseId: q.courseId, at: formatLakeTime(at) };
  const [exact] = await queryRows<{ totals: number | string; days: number | string }>(lake, BITMAPS_EXACT_SQL, params);
  if (Number(exact?.totals ?? 0) === 1) return { sql: COMPLETED_TOTALS_SQL };
  if (Number(exact?.days ?? 0) === 1) return { sql: COMPLETED_FROM_DAYS_SQL };
  const [probe] = await queryRows<{ has: number | string }>(lake, HAS_COMPLETION_EVENTS_SQL, params);
  return { sql: asBitmaps(Number(probe?.has ?? 0) === 1 ? COMPLETED_SQL : COMPLETED_LMS_ONLY_SQL) };
}

/**
 * Distinct learners who completed each unit, by unit id (see UNITS_SQL / BLOCKS_SQL), from the
 * completed learners per block (`completed`, completedBitmapsSql).
 */
async function learnersPerUnit(lake: Lake, q: DashboardQuery, at: Date, params: Record<string, unknown>, completed: string, structure: Map<string, BlockInfo>, units: BlockInfo[]): Promise<{ counts: Map<string, number>; enrolled?: number }> {
  const blockLearners = ENROLLED_BLOCK_LEARNERS_SQL(completed, await enrolledAtSql(q, at));
  if (units.length === 0) {
    const rows = await queryRows<{ unit: string; learners: string | number; enrolled: string | number }>(lake, BLOCKS_SQL(blockLearners), params);
    return { counts: new Map(rows.map((r) => [r.unit, Number(r.learners)])), ...(rows[0] && { enrolled: Number(rows[0].enrolled) }) };
  }
  const rows = await queryRows<{ unit: string | number; learners: string | number; enrolled: string | number }>(lake, UNITS_SQL(blockLearners), {
    ...params,
    ...unitMembership(units, structure),
  });
  return { counts: new Map(rows.map((r) => [units[Number(r.unit) - 1]!.blockId, Number(r.learners)])), ...(rows[0] && { enrolled: Number(rows[0].enrolled) }) };
}

/** DESIGN §5 unit completion: distinct learners who completed each unit, in course order. */
export async function unitCompletion(lake: Lake, q: DashboardQuery): Promise<UnitCompletionWidget> {
  const at = windowEnd(q.to);
  // Both first, without waiting for the staff: the structure, and which source of completions answers exactly.
  const [structure, completed] = await Promise.all([courseStructureOf(lake, q), completedBitmaps(lake, q, at)]);
  const params = { ...(await windowParams(lake, q)), at: formatLakeTime(at), ...completed.params };
  // With a structure, its units are the list; without one, every completed block stands alone.
  const structured = [...structure.values()].filter((b) => b.type === 'vertical');
  const { counts, enrolled = (await enrolledCountsOf(lake, q, [at]))[0] } = await learnersPerUnit(lake, q, at, params, completed.sql, structure, structured);
  const unitIds = structured.length > 0 ? structured.map((b) => b.blockId) : [...counts.keys()];
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
    result.missing = formatMessage(missingMessages.unitCompletion);
  }
  return result;
}
