import type { Lake } from '../lake/client';
import { compactRows } from '../risk/compactRows';

/**
 * Learners' usernames: the LMS copy's (the current one), else the latest their events carried in
 * the course up to {at}. For lists of learners (at-risk, the drill-downs behind each count).
 */
export const USERNAMES_SQL = `
  SELECT user_id, argMax(username, t) AS username FROM (
    SELECT id AS user_id, username, toDateTime64('2100-01-01 00:00:00', 3, 'UTC') AS t FROM lms_users FINAL WHERE id IN {ids:Array(UInt64)} AND username != ''
    UNION ALL
    SELECT user_id, username, time FROM events
    WHERE course_id = {courseId:String} AND user_id IN {ids:Array(UInt64)} AND username != '' AND time <= {at:DateTime64(3, 'UTC')}
  ) GROUP BY user_id`;

export async function usernamesOf(lake: Lake, params: { courseId: string; ids: number[]; at: string }): Promise<Map<number, string>> {
  if (params.ids.length === 0) return new Map();
  return new Map(await compactRows<[number, string]>(lake, USERNAMES_SQL, params));
}
