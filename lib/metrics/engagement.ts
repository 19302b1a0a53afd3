import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import type { EngagementFigures, EngagementWidget } from './dashboardTypes';
import { enrolledCountsOf } from './roster';
import { rollUpDays, splitDays } from './learnerDays';
import { windowEnd, windowParams, type DashboardQuery } from './scope';
import { skippableDays } from './window';
import { assertOnBucketEdges, TAIL_SECONDS } from './timeSpent';
import { learnerPeriodsSql, periodSpansSql } from './engagementSpans';
import { settledLater, totalsFor } from './closedDayTotals';
import { ENGAGEMENT_FROM_TOTALS_SQL, ENGAGEMENT_TOTALS } from './engagementTotals';
import { startOfWeek, weekMode, type WeekStart } from './weekStart';
import { courseWeekStartOf } from './courseWeekStart';
import { formatMessage } from '../i18n';
import { missingMessages } from './missing.messages';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * Per period, in one pass over the weeks that hold the window (periodSpansSql): active
 * learners, learners who played a video / checked a problem, and the average time spent per
 * active learner (DESIGN §5, learnerPeriodsSql). Params: those of periodSpansSql.
 */
const activitySql = (buckets: boolean) => `
  SELECT period, count() AS active, countIf(plays > 0) AS watched, countIf(checks > 0) AS tried, avg(internal / 1000 + ${TAIL_SECONDS}) AS avg_seconds
  FROM (${learnerPeriodsSql(periodSpansSql({ buckets }))})
  GROUP BY period`;
const ACTIVITY_SQL = activitySql(true);
/** The same when every day of the weeks is rolled up (a past week): no bucket is read. */
const ACTIVITY_FROM_ROLLUPS_SQL = activitySql(false);

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
  return startOfWeek(d, 'monday');
}

/** First days (00:00 UTC) of the weeks that overlap [from, to): Mondays, or Sundays for such a course. */
export function weeksOverlapping(from: Date, to: Date, weekStart: WeekStart = 'monday'): Date[] {
  const weeks: Date[] = [];
  for (let t = startOfWeek(from, weekStart).getTime(); t < to.getTime(); t += WEEK_MS) weeks.push(new Date(t));
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
 * Weekly engagement (DESIGN §5): for the window and for each week that overlaps it (Monday to
 * Monday, or Sunday to Sunday when the course is set so, or else the viewer's locale says so:
 * lib/metrics/weekStart.ts), enrolled at its
 * end, active, watched a video, tried a problem, average time spent.
 */
export async function engagement(lake: Lake, q: DashboardQuery): Promise<EngagementWidget> {
  assertOnBucketEdges(q);
  const weekStart = await courseWeekStartOf(lake, q);
  const weeks = weeksOverlapping(q.from, q.to, weekStart);
  const weeksTo = new Date(weeks[weeks.length - 1]!.getTime() + WEEK_MS);
  // Both at once: the totals' status need not wait for the days.
  const split = settledLater(splitDays(lake, q.courseId, weeks[0]!, weeksTo, q.now));
  // A window holding the whole course reads the learners' totals of its first closed days.
  // Their weeks are Monday ones: a course whose weeks start on Sunday reads the days.
  const totals = weekStart === 'monday' ? await totalsFor(lake, ENGAGEMENT_TOTALS, q, () => split) : undefined;
  const days = await split;
  // Days that are over but not (or no longer) rolled up: computed in the background, read from
  // the buckets meanwhile. A day cut by a window edge is read from the buckets too.
  if (days.stale.length > 0) void rollUpDays(lake, q.courseId, days.stale, q.now).catch(() => undefined);
  const from = totals?.through ?? weeks[0]!;
  const rolled = days.rolled.filter((d) => !cutBy(d, q.from) && !cutBy(d, q.to) && Date.parse(`${d}T00:00:00Z`) >= from.getTime());
  const today = new Date(Math.floor(q.now.getTime() / DAY_MS) * DAY_MS);
  const { skipFrom, skipTo } = skippableDays(from, weeksTo, [...days.stale, ...days.rolled.filter((d) => !rolled.includes(d))], today);
  const [rows, enrolled] = await Promise.all([
    queryRows<ActivityRow>(lake, totals ? ENGAGEMENT_FROM_TOTALS_SQL : skipFrom <= from && skipTo >= weeksTo ? ACTIVITY_FROM_ROLLUPS_SQL : ACTIVITY_SQL, {
      ...(await windowParams(lake, q, { from, to: weeksTo })),
      windowFrom: formatLakeTime(q.from),
      windowTo: formatLakeTime(q.to),
      weekMode: weekMode(weekStart),
      rolled,
      skipFrom: formatLakeTime(skipFrom),
      skipTo: formatLakeTime(skipTo),
      ...(totals && { version: totals.version }),
    }),
    enrolledCountsOf(lake, q, [windowEnd(q.to), ...weeks.map((w) => windowEnd(new Date(w.getTime() + WEEK_MS)))]),
  ]);
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  const result: EngagementWidget = {
    ...figures(byPeriod.get('window'), enrolled[0]!),
    weeks: weeks.map((w, i) => ({ weekStart: w.toISOString(), ...figures(byPeriod.get(w.toISOString().slice(0, 10)), enrolled[i + 1]!) })),
    weekStartsOn: weekStart,
  };
  if (result.enrolled === 0 && result.active === 0) {
    result.missing = formatMessage(missingMessages.engagement);
  }
  return result;
}
