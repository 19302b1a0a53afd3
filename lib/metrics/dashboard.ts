import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { activeNow } from '../live/widgets/activeNow';
import { eventsPerMinute } from '../live/widgets/eventsPerMinute';
import { liveFeed } from '../live/widgets/liveFeed';
import type { Widget, WidgetContext } from '../live/widget';
import type { DashboardSnapshot, DashboardWidgetName, DashboardWidgets } from './dashboardTypes';
import { demographics } from './demographics';
import { engagement } from './engagement';
import { grades } from './grades';
import { problems } from './problems';
import { oncePerScope, sameScope, type DashboardQuery } from './scope';
import { unitCompletion } from './unitCompletion';
import { withRoster } from './roster';
import { videos } from './videos';
import { defaultDashboardWindow } from './window';
import { courseWeekStartOf } from './courseWeekStart';

type Computes = { [K in DashboardWidgetName]: (lake: Lake, q: DashboardQuery) => Promise<DashboardWidgets[K]> };

/** Every widget of the course dashboard, in display order; each is one query or a few, run concurrently. */
export const dashboardWidgetComputes: Computes = {
  activeNow: (lake, q) => activeNow.compute(sameScope(q, { lake, courseId: q.courseId, now: q.now })),
  eventsPerMinute: (lake, q) => eventsPerMinute.compute(sameScope(q, { lake, courseId: q.courseId, now: q.now })),
  liveFeed: (lake, q) => liveFeed.compute(sameScope(q, { lake, courseId: q.courseId, now: q.now })),
  engagement,
  unitCompletion,
  grades,
  demographics,
  videos,
  problems,
};

export const DASHBOARD_WIDGET_NAMES = Object.keys(dashboardWidgetComputes) as DashboardWidgetName[];

/** The course's display name: the seeded/synced course row, then the LMS overview, else the id. */
export async function courseTitle(lake: Lake, courseId: string): Promise<{ known: boolean; displayName: string }> {
  const [row] = await queryRows<{ course_name: string; lms_name: string; rows: string | number }>(
    lake,
    `SELECT
       (SELECT argMax(display_name, updated_at) FROM courses WHERE course_id = {courseId:String}) AS course_name,
       (SELECT any(display_name) FROM lms_course_overviews FINAL WHERE course_id = {courseId:String}) AS lms_name,
       (SELECT count() FROM courses WHERE course_id = {courseId:String})
         + (SELECT count() FROM lms_course_overviews FINAL WHERE course_id = {courseId:String}) AS rows`,
    { courseId },
  );
  // Events alone make a course known too; looked for only when no course row names it.
  const known =
    Number(row?.rows ?? 0) > 0 ||
    (await queryRows(lake, `SELECT 1 FROM course_minute_activity WHERE course_id = {courseId:String} LIMIT 1`, { courseId })).length > 0;
  return { known, displayName: row?.course_name || row?.lms_name || courseId };
}

/** courseTitle, read once per query object: an API request checks that the course exists and then computes its snapshot. */
export const courseTitleOf = oncePerScope(courseTitle);

/** True when the lake knows the course: a course row, an LMS overview, or any event. */
export async function courseExists(lake: Lake, q: { courseId: string }): Promise<boolean> {
  return (await courseTitleOf(lake, q)).known;
}

/** The whole dashboard for a course and window: every widget computed concurrently. */
export async function dashboardSnapshot(lake: Lake, q: DashboardQuery): Promise<DashboardSnapshot> {
  const [title, ...values] = await withRoster(lake, q, () =>
    Promise.all([courseTitleOf(lake, q), ...DASHBOARD_WIDGET_NAMES.map((name) => dashboardWidgetComputes[name](lake, q))]),
  );
  const widgets = Object.fromEntries(DASHBOARD_WIDGET_NAMES.map((name, i) => [name, values[i]])) as unknown as DashboardWidgets;
  return {
    courseId: q.courseId,
    displayName: title.displayName,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    asOf: q.now.toISOString(),
    widgets,
  };
}

/** Right-now widgets follow every event (as themselves: the engine batches them over courses); the window's figures at most every few seconds. */
const LIVE_WIDGETS: Partial<Record<DashboardWidgetName, Widget<unknown>>> = { activeNow, eventsPerMinute, liveFeed };
export const DASHBOARD_WIDGET_MIN_INTERVAL_MS = 15_000;

/**
 * The dashboard widgets as live-engine widgets: computed for the room's window (ctx.from/to),
 * or for the current week in a plain `course:<id>` room.
 */
export const dashboardLiveWidgets: Widget<unknown>[] = DASHBOARD_WIDGET_NAMES.map(
  (name) =>
    LIVE_WIDGETS[name] ?? {
      name,
      minIntervalMs: DASHBOARD_WIDGET_MIN_INTERVAL_MS,
      compute: async (ctx: WidgetContext) => dashboardWidgetComputes[name](ctx.lake, await roomQuery(ctx)),
    },
);

/**
 * A room's dashboard query: its window, or the current week (of the course's week start, else the
 * viewers'); sharing the context's reads.
 */
async function roomQuery(ctx: WidgetContext): Promise<DashboardQuery> {
  const window = ctx.from && ctx.to ? { from: ctx.from, to: ctx.to } : defaultDashboardWindow(ctx.now, await courseWeekStartOf(ctx.lake, ctx));
  return sameScope(ctx, { courseId: ctx.courseId, now: ctx.now, ...window, ...(ctx.weekStart && { weekStart: ctx.weekStart }) });
}

/** The widgets that read the enrolled learners (roster.ts). */
const ROSTER_READERS = new Set<string>(['engagement', 'unitCompletion', 'grades', 'demographics'] satisfies DashboardWidgetName[]);

/**
 * For the live engine (aroundRoomPass): a room pass's dashboard widgets read the course's
 * enrollments once, as a snapshot's do.
 */
export function aroundDashboardPass(ctx: WidgetContext, names: string[], work: () => Promise<void>): Promise<void> {
  return names.some((n) => ROSTER_READERS.has(n)) ? roomQuery(ctx).then((q) => withRoster(ctx.lake, q, work)) : work();
}
