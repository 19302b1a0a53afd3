import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { GAP_CAP_SECONDS } from './timeSpent';

const DAY_MS = 86_400_000;

/**
 * Closed days of a course in [from, to) whose learner_day_activity rows are complete: same
 * number of learner events as learner_activity holds for the day (its daily totals, migration 016). Only whole days before the
 * day of `now` qualify. Params: {courseId}, {from}, {to} (day edges), {today}.
 */
const DAY_TOTALS_SQL = `
  SELECT toString(day) AS day, sum(bucket_events) AS bucket_events, sum(rolled_events) AS rolled_events
  FROM (
    SELECT day, sum(events) AS bucket_events, 0 AS rolled_events
    FROM learner_activity_day_totals
    WHERE course_id = {courseId:String} AND day >= toDate({from:DateTime64(3, 'UTC')}) AND day < toDate({to:DateTime64(3, 'UTC')})
      AND day < toDate({today:DateTime64(3, 'UTC')})
    GROUP BY day
    UNION ALL
    SELECT day, 0, sum(events)
    FROM learner_day_activity FINAL
    WHERE course_id = {courseId:String} AND day >= toDate({from:DateTime64(3, 'UTC')}) AND day < toDate({to:DateTime64(3, 'UTC')})
      AND day < toDate({today:DateTime64(3, 'UTC')})
    GROUP BY day
  )
  GROUP BY day`;

/** Computes the learner-day rows of some days of a course from the buckets. Params: {courseId}, {days}, {now}. */
const ROLLUP_SQL = `
  INSERT INTO learner_day_activity
  SELECT course_id, day, user_id,
    fromUnixTimestamp64Milli(firsts[1], 'UTC'), fromUnixTimestamp64Milli(arrayMax(lasts), 'UTC'),
    arraySum(lasts) - arraySum(firsts) + arraySum(arrayMap((a, b) -> least(b - a, ${GAP_CAP_SECONDS * 1000}), arrayPopBack(lasts), arrayPopFront(firsts))),
    events, plays, checks, {now:DateTime64(3, 'UTC')}
  FROM (
    SELECT course_id, toDate(bucket) AS day, user_id,
      arraySort(groupArray(first_ms)) AS firsts,
      arraySort((l, f) -> f, groupArray(last_ms), groupArray(first_ms)) AS lasts,
      sum(bucket_events) AS events, sum(bucket_plays) AS plays, sum(bucket_checks) AS checks
    FROM (
      SELECT course_id, bucket, user_id,
        toInt64(toUnixTimestamp64Milli(min(first_time))) AS first_ms, toInt64(toUnixTimestamp64Milli(max(last_time))) AS last_ms,
        sum(events) AS bucket_events, sum(video_plays) AS bucket_plays, sum(problem_checks) AS bucket_checks
      FROM learner_activity
      WHERE course_id = {courseId:String} AND toDate(bucket) IN {days:Array(Date)}
      GROUP BY course_id, bucket, user_id
    )
    GROUP BY course_id, day, user_id
  )`;

export interface DaySplit {
  /** Closed days whose learner-day rows are complete: read them from learner_day_activity. */
  rolled: string[];
  /** Closed days whose rows are missing or stale (late events): to recompute. */
  stale: string[];
  /** Learner events per closed day with any. */
  seen: Map<string, number>;
  /** The first day that is not closed (today) or not in the window. */
  openFrom: Date;
}

/** Which closed days of the window can be read from learner_day_activity, and which need computing. */
export async function splitDays(lake: Lake, courseId: string, from: Date, to: Date, now: Date): Promise<DaySplit> {
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const firstDay = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const lastDay = new Date(Math.min(Math.floor(to.getTime() / DAY_MS) * DAY_MS, today.getTime()));
  if (firstDay >= lastDay) return { rolled: [], stale: [], seen: new Map(), openFrom: new Date(Math.max(firstDay.getTime(), lastDay.getTime())) };
  const rows = await queryRows<{ day: string; bucket_events: string; rolled_events: string }>(lake, DAY_TOTALS_SQL, {
    courseId,
    from: formatLakeTime(firstDay),
    to: formatLakeTime(lastDay),
    today: formatLakeTime(today),
  });
  const split: DaySplit = { rolled: [], stale: [], seen: new Map(), openFrom: lastDay };
  for (const r of rows) {
    if (Number(r.bucket_events) === 0) continue;
    split.seen.set(r.day, Number(r.bucket_events));
    (Number(r.bucket_events) === Number(r.rolled_events) ? split.rolled : split.stale).push(r.day);
  }
  split.rolled.sort();
  split.stale.sort();
  return split;
}

const refreshing = new Map<string, Promise<void>>();

/** Writes the learner-day rows of the given closed days (one refresh per course at a time). */
export function rollUpDays(lake: Lake, courseId: string, days: string[], now = new Date()): Promise<void> {
  const running = refreshing.get(courseId);
  if (running || days.length === 0) return running ?? Promise.resolve();
  const work = lake.client
    .command({ query: ROLLUP_SQL, query_params: { courseId, days, now: formatLakeTime(now) } })
    .then(() => undefined)
    .finally(() => refreshing.delete(courseId));
  refreshing.set(courseId, work);
  return work;
}
