import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import type { EngagementFigures, EngagementWidget } from './dashboardTypes';
import { enrolledCountsAt } from './enrollments';
import { NOT_STAFF_SQL, windowEnd, windowParams, type DashboardQuery } from './scope';
import { assertOnBucketEdges, GAP_CAP_SECONDS, TAIL_SECONDS } from './timeSpent';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * Per period, from learner_activity (5-minute buckets, never raw events): active learners,
 * learners who played a video / checked a problem, and the average time spent per active
 * learner (DESIGN §5: per learner capped gaps + tail, see timeSpent.ts).
 * {period} is an expression of `bucket` naming the period a bucket belongs to.
 */
function activitySql(period: string): string {
  return `
  SELECT period, count() AS active, countIf(plays > 0) AS watched, countIf(checks > 0) AS tried, avg(seconds) AS avg_seconds
  FROM (
    SELECT
      period, user_id, sum(plays) AS plays, sum(checks) AS checks,
      arraySort(groupArray((toUnixTimestamp64Milli(first), toUnixTimestamp64Milli(last)))) AS spans,
      (arraySum(s -> s.2 - s.1, spans)
        + arraySum((a, b) -> least(b.1 - a.2, ${GAP_CAP_SECONDS * 1000}), arrayPopBack(spans), arrayPopFront(spans))
      ) / 1000 + ${TAIL_SECONDS} AS seconds
    FROM (
      SELECT ${period} AS period, user_id, bucket, min(first_time) AS first, max(last_time) AS last,
             sum(video_plays) AS plays, sum(problem_checks) AS checks
      FROM learner_activity
      WHERE course_id = {courseId:String}
        AND bucket >= {from:DateTime64(3, 'UTC')} AND bucket < {to:DateTime64(3, 'UTC')}
        AND ${NOT_STAFF_SQL}
      GROUP BY period, user_id, bucket
    )
    GROUP BY period, user_id
  )
  GROUP BY period`;
}

interface ActivityRow {
  period: string;
  active: string | number;
  watched: string | number;
  tried: string | number;
  avg_seconds: number | null;
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
  const [windowRows, weekRows, enrolled] = await Promise.all([
    queryRows<ActivityRow>(lake, activitySql(`'window'`), windowParams(q)),
    queryRows<ActivityRow>(lake, activitySql('toString(toMonday(bucket))'), windowParams({ courseId: q.courseId, from: weeks[0]!, to: weeksTo })),
    enrolledCountsAt(lake, q.courseId, [windowEnd(q.to), ...weeks.map((w) => windowEnd(new Date(w.getTime() + WEEK_MS)))]),
  ]);
  const byWeek = new Map(weekRows.map((r) => [r.period, r]));
  const result: EngagementWidget = {
    ...figures(windowRows[0], enrolled[0]!),
    weeks: weeks.map((w, i) => ({ weekStart: w.toISOString(), ...figures(byWeek.get(w.toISOString().slice(0, 10)), enrolled[i + 1]!) })),
  };
  if (result.enrolled === 0 && result.active === 0) {
    result.missing = 'No enrollments and no learner activity in this course for this period.';
  }
  return result;
}
