/**
 * Both paths at once. A platform can ship its tracking logs to Lookout and run
 * event-routing-backends towards Lookout's LRS: every action then arrives twice, as a tracking
 * event and as the xAPI statement ERB made from it (same learner, course, action and instant).
 *
 * Rule, per course: tracking logs take precedence. A statement of a course that has had tracking-log
 * learner activity in the TRACKING_HORIZON_DAYS before the statement's time is stored (acknowledged,
 * raw kept) but is not learner activity: is_learner 0, event_source 'xapi-overlap', counted per
 * course and day in xapi_overlap_days (migration 093) and shown to admins. Tracking logs win because
 * they are the richer source (ERB's statements are made from them) and arrive in order from one
 * place; the horizon lets a course that stopped shipping logs count its statements again. What this
 * does not catch: statements of a course's very first minutes that arrive before any of its
 * tracking lines (the course is not known as tracked yet) count once from each path.
 */
import type { LakeEvent } from './events/types';
import type { Lake } from './lake/client';
import { queryRows } from './lake/query';
import { parseLakeTime } from './lake/time';

export const XAPI_OVERLAP_SOURCE = 'xapi-overlap';
export const TRACKING_HORIZON_DAYS = 3;
const DAY_MS = 86_400_000;

/**
 * Marks, in place, the statements' events that tracking logs already count; returns how many.
 * Reads the latest tracking-log activity of just these events' courses (a point read of a small
 * table, per request: a cache would miss a course's first tracking lines for its lifetime).
 */
export async function leaveOverlapsUncounted(lake: Lake, events: LakeEvent[]): Promise<number> {
  const courses = [...new Set(events.filter((e) => e.is_learner === 1).map((e) => e.course_id))];
  if (courses.length === 0) return 0;
  const rows = await queryRows<{ course_id: string; last_time: string }>(
    lake,
    'SELECT course_id, max(last_time) AS last_time FROM course_tracking_sources WHERE course_id IN {courses:Array(String)} GROUP BY course_id',
    { courses },
  );
  const lastTracked = new Map(rows.map((r) => [r.course_id, parseLakeTime(r.last_time).getTime()]));
  let n = 0;
  for (const e of events) {
    const last = lastTracked.get(e.course_id);
    if (e.is_learner === 1 && last !== undefined && parseLakeTime(e.time).getTime() - last <= TRACKING_HORIZON_DAYS * DAY_MS) {
      e.is_learner = 0;
      e.event_source = XAPI_OVERLAP_SOURCE;
      n++;
    }
  }
  return n;
}

/** Statements left uncounted because tracking logs count their course, for admins. */
export async function overlapCounts(lake: Lake): Promise<{ statements: number; courses: number }> {
  const [row] = await queryRows<{ statements: string; courses: string }>(
    lake,
    'SELECT sum(d.statements) AS statements, uniqExactIf(d.course_id, d.statements > 0) AS courses FROM xapi_overlap_days AS d',
  );
  return { statements: Number(row?.statements ?? 0), courses: Number(row?.courses ?? 0) };
}
