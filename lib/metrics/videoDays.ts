import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { orgFromCourseKey } from '../events/courseKey';
import { CLOSE_LOOKAHEAD_HOURS, videoLearnerSegmentsSql } from './videoSegments';

const DAY_MS = 86_400_000;
const LOOKAHEAD_MS = CLOSE_LOOKAHEAD_HOURS * 3_600_000;

/**
 * Video events per day of a course, each counted for its day and, in its first 6 hours, for the
 * day before (whose plays it may close): video_event_day_totals (migration 016). Compared with video_day_status to tell rolled-up days
 * from stale ones. Params: {courseId}, {from}, {to} (day edges).
 */
const DAY_TOTALS_SQL = `
  SELECT toString(day) AS day_text, sum(seen) AS seen, sum(rolled) AS rolled
  FROM (
    SELECT day, sum(events) AS seen, 0 AS rolled
    FROM video_event_day_totals
    WHERE course_id = {courseId:String} AND day >= toDate({from:DateTime64(3, 'UTC')}) AND day < toDate({to:DateTime64(3, 'UTC')})
    GROUP BY day
    UNION ALL
    SELECT day, 0, events FROM video_day_status FINAL
    WHERE course_id = {courseId:String} AND day >= toDate({from:DateTime64(3, 'UTC')}) AND day < toDate({to:DateTime64(3, 'UTC')})
  )
  WHERE day >= toDate({from:DateTime64(3, 'UTC')}) AND day < toDate({to:DateTime64(3, 'UTC')})
  GROUP BY day`;

export interface VideoDaySplit {
  rolled: string[];
  stale: string[];
  /** The video event counts of every closed day with any (rolled or stale): recorded with a rollup. */
  seen: Map<string, number>;
  /** Days from here on are not over (with their 6-hour lookahead) or not in the window. */
  openFrom: Date;
}

/** Days of [from, to) that are over (with their 6-hour lookahead) and whose segments are rolled up or stale. */
export async function splitVideoDays(lake: Lake, courseId: string, from: Date, to: Date, now: Date): Promise<VideoDaySplit> {
  const firstDay = Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const lastDay = Math.min(Math.floor(to.getTime() / DAY_MS) * DAY_MS, Math.floor((now.getTime() - LOOKAHEAD_MS) / DAY_MS) * DAY_MS);
  const split: VideoDaySplit = { rolled: [], stale: [], seen: new Map(), openFrom: new Date(Math.max(firstDay, lastDay)) };
  if (firstDay >= lastDay) return split;
  const rows = await queryRows<{ day_text: string; seen: string; rolled: string }>(lake, DAY_TOTALS_SQL, {
    courseId,
    from: formatLakeTime(new Date(firstDay)),
    to: formatLakeTime(new Date(lastDay)),
  });
  for (const r of rows) {
    if (Number(r.seen) === 0) continue;
    split.seen.set(r.day_text, Number(r.seen));
    if (Number(r.seen) === Number(r.rolled)) split.rolled.push(r.day_text);
    else split.stale.push(r.day_text);
  }
  split.rolled.sort();
  split.stale.sort();
  return split;
}

const ROLLUP_SQL = `
  INSERT INTO video_day_segments
  SELECT {courseId:String}, toDate(fromUnixTimestamp64Milli(day_ms, 'UTC')), video_id, user_id, dur,
         arrayFilter(s -> intDiv(s.3, 86400000) * 86400000 = day_ms, segs), {now:DateTime64(3, 'UTC')}
  FROM (${videoLearnerSegmentsSql({ withStaff: true })})
  ARRAY JOIN {dayMs:Array(Int64)} AS day_ms
  WHERE arrayExists(s -> intDiv(s.3, 86400000) * 86400000 = day_ms, opened)`;

const refreshing = new Map<string, Promise<void>>();

/** Writes the segments of the plays of the given days (seen: their video events, from splitVideoDays). */
export function rollUpVideoDays(lake: Lake, courseId: string, days: string[], seen: Map<string, number>, now = new Date()): Promise<void> {
  const running = refreshing.get(courseId);
  if (running || days.length === 0) return running ?? Promise.resolve();
  const dayMs = days.map((d) => Date.parse(`${d}T00:00:00Z`));
  const work = (async () => {
    await lake.client.command({
      query: ROLLUP_SQL,
      query_params: {
        courseId,
        org: orgFromCourseKey(courseId),
        from: formatLakeTime(new Date(Math.min(...dayMs))),
        to: formatLakeTime(new Date(Math.max(...dayMs) + DAY_MS)),
        now: formatLakeTime(now),
        rolledDays: [],
        dayMs,
      },
    });
    // Recorded after the segments: a late event meanwhile leaves the day stale, to be redone.
    await lake.client.insert({
      table: 'video_day_status',
      values: days.map((day) => ({ course_id: courseId, day, events: seen.get(day) ?? 0, computed_at: formatLakeTime(now) })),
      format: 'JSONEachRow',
    });
  })().finally(() => refreshing.delete(courseId));
  refreshing.set(courseId, work);
  return work;
}
