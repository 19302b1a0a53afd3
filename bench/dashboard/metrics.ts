/**
 * The metrics helper's entry points: the full snapshot, and each widget's compute for timing
 * them apart (lib/metrics/dashboard.ts).
 */
export { dashboardSnapshot, dashboardWidgetComputes } from '../../lib/metrics/dashboard';
export type { DashboardQuery } from '../../lib/metrics/scope';
