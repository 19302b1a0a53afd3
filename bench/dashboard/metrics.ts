/**
 * The metrics helper's entry points (contract in lib/metrics/dashboardTypes.ts and the team's
 * metrics-api notes): the full snapshot, and each widget's compute for timing them apart.
 */
import type { Lake } from '../../lib/lake/client';
import type { DashboardSnapshot, DashboardWidgetName } from '../../lib/metrics/dashboardTypes';

export interface DashboardQuery {
  courseId: string;
  from: Date;
  to: Date;
  now: Date;
}

export interface DashboardApi {
  dashboardSnapshot(lake: Lake, q: DashboardQuery): Promise<DashboardSnapshot>;
  dashboardWidgetComputes: Record<DashboardWidgetName, (lake: Lake, q: DashboardQuery) => Promise<unknown>>;
}

const MODULE = '../../lib/metrics/dashboard';

/** Loaded at run time so the benchmark builds lakes before the module exists. */
export async function loadDashboardApi(): Promise<DashboardApi> {
  try {
    return (await import(MODULE)) as DashboardApi;
  } catch (err) {
    throw new Error(`cannot load ${MODULE} (dashboardSnapshot, dashboardWidgetComputes): ${(err as Error).message}`);
  }
}
