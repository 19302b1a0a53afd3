/**
 * The names an alert rule chooses from (lib/alerts/rules.ts): no imports, so the admin page's
 * client editor lists them without bundling the lake.
 */
export const ALERT_KINDS = ['newlyRed', 'newlyFlagged', 'atRiskShare', 'ingestStopped'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const SCHEDULES = ['immediate', 'daily', 'weekly'] as const;
export type Schedule = (typeof SCHEDULES)[number];
export const AUDIENCES = ['courseStaff', 'support', 'admins'] as const;
export type Audience = (typeof AUDIENCES)[number];
