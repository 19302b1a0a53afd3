import type { Widget, WidgetContext } from '../widget';
import { institutionWidgetComputes, INSTITUTION_WIDGET_NAMES, type InstitutionWidgetName } from '../../institution/snapshot';
import type { InstitutionQuery } from '../../institution/scope';
import { defaultDashboardWindow } from '../../metrics/window';

/** The window widgets' hold-back on a platform that keeps changing, as the course dashboard's. */
const WINDOW_MIN_INTERVAL_MS = 15_000;
/**
 * "Right now" of a platform that keeps changing: at most once a second rather than on every tick
 * (4 a second), so that an admin watching /platform adds little to the live path's cost per event
 * (issue 21: ≤ 10 %; bench:freshness --platform 1).
 */
const NOW_INTERVAL_MS = 1_000;

/** The institution query of a room pass: one object per context, so the pass's widgets share their reads. */
const queries = new WeakMap<WidgetContext, InstitutionQuery>();
function queryOf(ctx: WidgetContext): InstitutionQuery {
  let q = queries.get(ctx);
  if (!q) {
    const week = ctx.from && ctx.to ? { from: ctx.from, to: ctx.to } : defaultDashboardWindow(ctx.now);
    q = { ...(ctx.org !== undefined && { org: ctx.org }), from: week.from, to: week.to, now: ctx.now };
    queries.set(ctx, q);
  }
  return q;
}

function widget(name: InstitutionWidgetName): Widget<unknown> {
  return {
    name,
    scope: 'institution',
    // "Right now" follows the changes at most every second; the window's figures at most every 15 s (LOOKOUT_LIVE_WINDOW_MS).
    ...(name === 'institutionNow' ? { liveIntervalMs: NOW_INTERVAL_MS } : { minIntervalMs: WINDOW_MIN_INTERVAL_MS }),
    compute: (ctx) => institutionWidgetComputes[name](ctx.lake, queryOf(ctx)),
  };
}

/** The widgets of the rooms `platform` and `org:<org>`. */
export const institutionWidgets: Widget<unknown>[] = INSTITUTION_WIDGET_NAMES.map(widget);
