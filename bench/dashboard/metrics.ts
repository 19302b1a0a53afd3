/**
 * The metrics helper's entry points: the full snapshot, and each widget's compute for timing
 * them apart (lib/metrics/dashboard.ts); and the rollups of closed days that a running server
 * has already written (widgets start them in the background when they find days missing).
 */
import type { Lake } from '../../lib/lake/client';
import { rollUpDays, splitDays } from '../../lib/metrics/learnerDays';
import type { DashboardQuery } from '../../lib/metrics/scope';
import { rollUpVideoDays, splitVideoDays } from '../../lib/metrics/videoDays';
import { totalsFor, totalsSummed } from '../../lib/metrics/closedDayTotals';
import { VIDEO_TOTALS } from '../../lib/metrics/videoTotals';
import { ENGAGEMENT_TOTALS } from '../../lib/metrics/engagementTotals';

export { dashboardSnapshot, dashboardWidgetComputes } from '../../lib/metrics/dashboard';
export { completedUpToComputed } from '../../lib/metrics/completionUpTo';
export type { DashboardQuery };

/** Rolls up the closed days of the window that are missing or stale, and sums the course's totals; returns how many days there were. */
export async function rollUpClosedDays(lake: Lake, q: DashboardQuery): Promise<number> {
  const learnerDays = await splitDays(lake, q.courseId, q.from, q.to, q.now);
  await rollUpDays(lake, q.courseId, learnerDays.stale, q.now);
  await totalsFor(lake, ENGAGEMENT_TOTALS, q, await splitDays(lake, q.courseId, q.from, q.to, q.now));
  await totalsSummed(ENGAGEMENT_TOTALS, q.courseId);
  const videoDays = await splitVideoDays(lake, q.courseId, q.from, q.to, q.now);
  await rollUpVideoDays(lake, q.courseId, videoDays.stale, videoDays.seen, q.now);
  // With every closed day rolled up, the course's totals (a window that holds the whole course reads them).
  await totalsFor(lake, VIDEO_TOTALS, q, await splitVideoDays(lake, q.courseId, q.from, q.to, q.now));
  await totalsSummed(VIDEO_TOTALS, q.courseId);
  return learnerDays.stale.length + videoDays.stale.length;
}
