import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { GRADE_BIN_SQL, GRADE_BINS, LATEST_FROM_FACTS_SQL, PASSING_GRADE_SQL } from './grades';
import { enrolledAtSql } from './roster';
import { windowEnd, windowParams, type DashboardQuery } from './scope';

/**
 * The learners of one grade bin (grades.ts): each enrolled learner's latest grade at the end of
 * the window, from the same facts, binned by the same expression. Columns: user_id, percent, passed.
 */
const BIN_LEARNERS_SQL = (latest: string) => `
  SELECT user_id, percent,
         if(isNull(${PASSING_GRADE_SQL}), lms_passed = 1, percent >= ${PASSING_GRADE_SQL}) AS passed
  FROM (${latest})
  WHERE ${GRADE_BIN_SQL} = {bin:UInt8}
  ORDER BY user_id`;

export interface GradeLearner {
  userId: number;
  grade: number;
  passed: boolean;
}

export async function gradeBinLearners(lake: Lake, q: DashboardQuery, bin: number): Promise<GradeLearner[]> {
  if (!Number.isInteger(bin) || bin < 0 || bin >= GRADE_BINS) throw new RangeError(`bin must be a whole number from 0 to ${GRADE_BINS - 1}`);
  const at = windowEnd(q.to);
  const rows = await queryRows<{ user_id: string | number; percent: number; passed: number | string }>(
    lake,
    BIN_LEARNERS_SQL(LATEST_FROM_FACTS_SQL(await enrolledAtSql(q, at))),
    { ...(await windowParams(lake, q)), at: formatLakeTime(at), bin },
  );
  return rows.map((r) => ({ userId: Number(r.user_id), grade: Number(r.percent), passed: Number(r.passed) === 1 }));
}
