import type { Widget } from '../widget';
import { activeNow } from './activeNow';
import { atRisk } from './atRisk';
import { eventsPerMinute } from './eventsPerMinute';

/** The widgets of a course room, in display order. */
export const courseWidgets: Widget<unknown>[] = [activeNow, eventsPerMinute, atRisk];
