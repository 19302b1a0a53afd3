import type { Widget } from '../widget';
import { dashboardLiveWidgets } from '../../metrics/dashboard';
import { atRisk } from './atRisk';

/**
 * The widgets of a course room, in display order: the live ones (activeNow, eventsPerMinute,
 * liveFeed), the dashboard's for the room's window (the current week in `course:<id>`), and
 * the at-risk list.
 */
export const courseWidgets: Widget<unknown>[] = [...dashboardLiveWidgets, atRisk];
