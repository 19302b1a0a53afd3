import type { Lake } from '../lake/client';
import { withLanePriority } from '../lake/lane';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';

const DAY_MS = 86_400_000;

/**
 * The course's completion facts of the days before {through}, and the current computation of its
 * bitmaps there (version '' when none). Params: {courseId}, {through}.
 */
const STATUS_SQL = `
  SELECT (SELECT sum(facts) FROM block_completion_day_facts WHERE course_id = {courseId:String} AND day < {through:Date}) AS facts,
         version, counted, exact
  FROM (SELECT toString(version) AS version, facts AS counted, exact FROM block_completion_upto_status FINAL
        WHERE course_id = {courseId:String} AND through = {through:Date}
        UNION ALL SELECT '', 0, 0)
  ORDER BY version DESC LIMIT 1`;

/** Completed learners per block, as unitCompletion's bitmaps SQL: block, users. Params: {courseId}, {through}, {version}. */
const COMPLETED_UPTO_SQL = `
  SELECT block, completed AS users FROM block_completion_upto
  WHERE course_id = {courseId:String} AND through = {through:Date} AND version = {version:DateTime64(3, 'UTC')}`;

const COMPUTE_SQL = `
  INSERT INTO block_completion_upto
  SELECT {courseId:String}, {through:Date}, {version:DateTime64(3, 'UTC')}, block, groupBitmapMergeState(completed)
  FROM block_completion_days
  WHERE course_id = {courseId:String} AND day < {through:Date}
  GROUP BY block`;

/** Whether those bitmaps answer exactly: no completion went below 1, no fact in the last millisecond before {through}. */
const EXACT_SQL = `
  SELECT groupBitmapMerge(undone) = 0 AND max(last_time) < toDateTime64({through:Date}, 6, 'UTC') - INTERVAL 1 MILLISECOND AS exact
  FROM block_completion_days
  WHERE course_id = {courseId:String} AND day < {through:Date}`;

export type CompletedUpTo =
  /** The bitmaps' SQL and its parameters. */
  | { sql: string; params: { through: string; version: string } }
  /** The bitmaps there are current but do not answer exactly: read the facts. */
  | 'inexact'
  /** None current (being computed now, for next time), or the window does not end at a past midnight. */
  | undefined;

/**
 * The completed learners per block at `at`, from the bitmaps ORed once up to the midnight just after
 * it, when `at` is the last millisecond before a midnight that `now` has passed (a past week, as the
 * week picker sends it): a few hundred rows instead of every day's. Starts computing them in the
 * background when there are none for the facts as they are now.
 */
export async function completedUpTo(lake: Lake, courseId: string, at: Date, now: Date): Promise<CompletedUpTo> {
  const through = at.getTime() + 1;
  if (through % DAY_MS !== 0 || through > Math.floor(now.getTime() / DAY_MS) * DAY_MS) return undefined;
  const day = formatLakeTime(new Date(through)).slice(0, 10);
  const [row] = await queryRows<{ facts: string | number; version: string; counted: string | number; exact: string | number }>(lake, STATUS_SQL, { courseId, through: day });
  const facts = Number(row?.facts ?? 0);
  if (row && row.version !== '' && Number(row.counted) === facts) {
    return Number(row.exact) === 1 ? { sql: COMPLETED_UPTO_SQL, params: { through: day, version: row.version } } : 'inexact';
  }
  if (facts > 0) void computeUpTo(lake, courseId, day, row?.version || undefined).catch(() => undefined);
  return undefined;
}

const computing = new Map<string, Promise<void>>();

/**
 * Writes a new version of the course's bitmaps up to `through` (YYYY-MM-DD) and makes it current;
 * versions before `previous` are deleted (a reader may still be reading that one). One at a time per course.
 */
function computeUpTo(lake: Lake, courseId: string, through: string, previous?: string): Promise<void> {
  const running = computing.get(courseId);
  if (running) return running;
  const params = { courseId, through, version: formatLakeTime(new Date()) };
  const work = withLanePriority('background', async () => {
    // Counted before the bitmaps are read: a fact arriving meanwhile leaves the count behind, so the version is not used.
    const [counted] = await queryRows<{ facts: string | number }>(lake, `SELECT sum(facts) AS facts FROM block_completion_day_facts WHERE course_id = {courseId:String} AND day < {through:Date}`, params);
    await lake.client.command({ query: COMPUTE_SQL, query_params: params });
    const [exact] = await queryRows<{ exact: string | number }>(lake, EXACT_SQL, params);
    await lake.client.insert({
      table: 'block_completion_upto_status',
      values: [{ course_id: courseId, through, version: params.version, facts: Number(counted?.facts ?? 0), exact: Number(exact?.exact ?? 0) }],
      format: 'JSONEachRow',
    });
    if (previous) {
      await lake.client.command({
        query: `DELETE FROM block_completion_upto WHERE course_id = {courseId:String} AND through = {through:Date} AND version < {previous:DateTime64(3, 'UTC')}`,
        query_params: { ...params, previous },
      });
    }
  }).finally(() => computing.delete(courseId));
  computing.set(courseId, work);
  return work;
}

/** Settles when the course's bitmaps being computed (if any) are written. */
export async function completedUpToComputed(courseId: string): Promise<void> {
  await computing.get(courseId);
}
