import type { LakeEvent } from '../../lib/events/types';
import { eventToTsv } from '../../lib/lake/tsv';

/**
 * Parsed events ready for the lake: TSV rows plus the few fields the writer needs
 * to deduplicate and to tell which courses changed. Plain arrays of strings, so a
 * parse worker can hand them to the main thread cheaply.
 */
export interface PreparedEvents {
  ids: string[];
  courseIds: string[];
  times: string[];
  rows: string[];
  /** Line number in the body of each event (1-based); the position when not from a body. */
  lineNos: number[];
}

export function emptyPrepared(): PreparedEvents {
  return { ids: [], courseIds: [], times: [], rows: [], lineNos: [] };
}

export function addEvent(p: PreparedEvents, e: LakeEvent, lineNo = p.ids.length + 1): void {
  p.lineNos.push(lineNo);
  p.ids.push(e.event_id);
  p.courseIds.push(e.course_id);
  p.times.push(e.time);
  p.rows.push(eventToTsv(e));
}

export function prepareEvents(events: LakeEvent[]): PreparedEvents {
  const p = emptyPrepared();
  for (const e of events) addEvent(p, e);
  return p;
}
