/**
 * The metrics helper's entry points: the full snapshot, and each widget's compute for timing
 * them apart (lib/metrics/dashboard.ts); and the rollups of closed days that a running server
 * has already written (widgets start them in the background when they find days missing).
 */
import type { Lake } from '../../lib/lake/client';
import { rollUpDays, splitDays } from '../../lib/metrics/learnerDays';
import type { DashboardQuery } from '../../lib/metrics/scope';
import { rollUpVideoDays, splitVideoDays } from '../../lib/metrics/videoDays';

export { dashboardSnapshot, dashboardWidgetComputes } from '../../lib/metrics/dashboard';
export type { DashboardQuery };

/** Rolls up the closed days of the window that are missing or stale; returns how many there were. */
export async function rollUpClosedDays(lake: Lake, q: DashboardQuery): Promise<number> {
  const learnerDays = await splitDays(lake, q.courseId, q.from, q.to, q.now);
  await rollUpDays(lake, q.courseId, learnerDays.stale, q.now);
  const videoDays = await splitVideoDays(lake, q.courseId, q.from, q.to, q.now);
  await rollUpVideoDays(lake, q.courseId, videoDays.stale, videoDays.counts, q.now);
  return learnerDays.stale.length + videoDays.stale.length;
}
