import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import type { EngagementFigures, EngagementWidget } from './dashboardTypes';
import { enrolledCountsOf } from './roster';
import { rollUpDays, splitDays } from './learnerDays';
import { NOT_STAFF_SQL, windowEnd, windowParams, type DashboardQuery } from './scope';
import { skippableDays } from './window';
import { assertOnBucketEdges, GAP_CAP_SECONDS, TAIL_SECONDS } from './timeSpent';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * Per period, in one pass over the weeks that hold the window: each span counts for its
 * Monday-to-Monday week, and for the window too when inside it. Spans are learner_activity's
 * 5-minute buckets, or for closed days already rolled up ({rolled}) one learner_day_activity row
 * per learner-day (see learnerDays.ts). Per period: active learners, learners who played a video
 * / checked a problem, and the average time spent per active learner (DESIGN §5: per learner,
 * the time inside each span + the gaps between spans, each capped, + the tail; spans of a
 * learner do not overlap, so sorted by start a gap is next first − previous last).
 * Params: windowParams() over the weeks, {windowFrom}/{windowTo}, {rolled} (Array(Date)), and
 * {skipFrom}/{skipTo}: days whose buckets are not read at all (see skippableDays).
 */
const ACTIVITY_SQL = `
  SELECT period, count() AS active, countIf(plays > 0) AS watched, countIf(checks > 0) AS tried, avg(seconds) AS avg_seconds
  FROM (
    SELECT
      period, user_id, sum(span_plays) AS plays, sum(span_checks) AS checks,
      arraySort(groupArray(first_ms)) AS firsts,
      arraySort((l, f) -> f, groupArray(last_ms), groupArray(first_ms)) AS lasts,
      (sum(inside_ms)
        + arraySum(arrayMap((a, b) -> least(b - a, ${GAP_CAP_SECONDS * 1000}), arrayPopBack(lasts), arrayPopFront(firsts)))
      ) / 1000 + ${TAIL_SECONDS} AS seconds
    FROM (
      SELECT
        arrayJoin(if(at >= {windowFrom:DateTime64(3, 'UTC')} AND at < {windowTo:DateTime64(3, 'UTC')},
                     ['window', toString(toMonday(at))], [toString(toMonday(at))])) AS period,
        user_id, first_ms, last_ms, inside_ms, span_plays, span_checks
      FROM (
        SELECT user_id, bucket AS at,
               toInt64(toUnixTimestamp64Milli(min(first_time))) AS first_ms, toInt64(toUnixTimestamp64Milli(max(last_time))) AS last_ms,
               last_ms - first_ms AS inside_ms,
               sum(video_plays) AS span_plays, sum(problem_checks) AS span_checks
        FROM learner_activity
        WHERE course_id = {courseId:String}
          AND bucket >= {from:DateTime64(3, 'UTC')} AND bucket < {to:DateTime64(3, 'UTC')}
          AND NOT (bucket >= {skipFrom:DateTime64(3, 'UTC')} AND bucket < {skipTo:DateTime64(3, 'UTC')})
          AND toDate(bucket) NOT IN {rolled:Array(Date)}
          AND ${NOT_STAFF_SQL}
        GROUP BY user_id, bucket
        UNION ALL
        SELECT user_id, toDateTime(day, 'UTC'),
               toInt64(toUnixTimestamp64Milli(first_time)), toInt64(toUnixTimestamp64Milli(last_time)),
               internal_ms, video_plays, problem_checks
        FROM learner_day_activity FINAL
        WHERE course_id = {courseId:String} AND day IN {rolled:Array(Date)}
          AND ${NOT_STAFF_SQL}
      )
    )
    GROUP BY period, user_id
  )
  GROUP BY period`;

interface ActivityRow {
  period: string;
  active: string | number;
  watched: string | number;
  tried: string | number;
  avg_seconds: number | null;
}

/** True when the instant falls inside the UTC day (not on its midnight). */
function cutBy(day: string, instant: Date): boolean {
  const start = Date.parse(`${day}T00:00:00Z`);
  return instant.getTime() > start && instant.getTime() < start + DAY_MS;
}

/** The Monday 00:00 UTC at or before d. */
export function mondayOf(d: Date): Date {
  const midnight = Math.floor(d.getTime() / DAY_MS) * DAY_MS;
  return new Date(midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS);
}

/** Mondays of the weeks that overlap [from, to). */
export function weeksOverlapping(from: Date, to: Date): Date[] {
  const weeks: Date[] = [];
  for (let t = mondayOf(from).getTime(); t < to.getTime(); t += WEEK_MS) weeks.push(new Date(t));
  return weeks;
}

const figures = (row: ActivityRow | undefined, enrolled: number): EngagementFigures => ({
  enrolled,
  active: Number(row?.active ?? 0),
  watchedVideo: Number(row?.watched ?? 0),
  triedProblem: Number(row?.tried ?? 0),
  avgTimeSpentSeconds: Math.round(Number(row?.avg_seconds ?? 0)),
});

/**
 * Weekly engagement (DESIGN §5): for the window and for each Monday-to-Monday week that
 * overlaps it, enrolled at its end, active, watched a video, tried a problem, average time spent.
 */
export async function engagement(lake: Lake, q: DashboardQuery): Promise<EngagementWidget> {
  assertOnBucketEdges(q);
  const weeks = weeksOverlapping(q.from, q.to);
  const weeksTo = new Date(weeks[weeks.length - 1]!.getTime() + WEEK_MS);
  const days = await splitDays(lake, q.courseId, weeks[0]!, weeksTo, q.now);
  // Days that are over but not (or no longer) rolled up: computed in the background, read from
  // the buckets meanwhile. A day cut by a window edge is read from the buckets too.
  if (days.stale.length > 0) void rollUpDays(lake, q.courseId, days.stale, q.now).catch(() => undefined);
  const rolled = days.rolled.filter((d) => !cutBy(d, q.from) && !cutBy(d, q.to));
  const today = new Date(Math.floor(q.now.getTime() / DAY_MS) * DAY_MS);
  const { skipFrom, skipTo } = skippableDays(weeks[0]!, weeksTo, [...days.stale, ...days.rolled.filter((d) => !rolled.includes(d))], today);
  const [rows, enrolled] = await Promise.all([
    queryRows<ActivityRow>(lake, ACTIVITY_SQL, {
      ...(await windowParams(lake, q, { from: weeks[0]!, to: weeksTo })),
      windowFrom: formatLakeTime(q.from),
      windowTo: formatLakeTime(q.to),
      rolled,
      skipFrom: formatLakeTime(skipFrom),
      skipTo: formatLakeTime(skipTo),
    }),
    enrolledCountsOf(lake, q, [windowEnd(q.to), ...weeks.map((w) => windowEnd(new Date(w.getTime() + WEEK_MS)))]),
  ]);
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  const result: EngagementWidget = {
    ...figures(byPeriod.get('window'), enrolled[0]!),
    weeks: weeks.map((w, i) => ({ weekStart: w.toISOString(), ...figures(byPeriod.get(w.toISOString().slice(0, 10)), enrolled[i + 1]!) })),
  };
  if (result.enrolled === 0 && result.active === 0) {
    result.missing = 'No enrollments and no learner activity in this course for this period.';
  }
  return result;
}
