import type { Widget } from '../widget';
import { dashboardLiveWidgets } from '../../metrics/dashboard';

/**
 * The widgets of a course room, in display order: the live ones (activeNow, eventsPerMinute,
 * liveFeed) and the dashboard's, for the room's window (the current week in `course:<id>`).
 */
export const courseWidgets: Widget<unknown>[] = dashboardLiveWidgets;
