import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import { ACTIVE_WINDOW_MINUTES } from '../live/widgets/activeNow';
import { EVENTS_PER_MINUTE_SPAN, learnerEventsLast60s } from '../live/widgets/eventsPerMinute';
import { courseFilter, notStaffSql, orgOfCourseSql, staffParams, type ScopeCourse } from './scope';

/**
 * Right now across the scope: learners active in the last 5 minutes, learner events of the last 60
 * seconds (a sliding minute, as on the course page) and per minute over the last hour.
 */
export interface InstitutionNow {
  activeNow: number;
  windowMinutes: number;
  /** Learner events in the last 60 seconds, not "this minute so far". */
  lastMinute: number;
  /** 60 minutes, oldest first, UTC, zero-filled. */
  minutes: { minute: string; events: number; learners: number }[];
}

/**
 * Learners (not staff) whose latest learner event in a 5-minute bucket of learner_activity
 * (migration 006) falls in the last 5 minutes: the per-learner buckets, not the events.
 */
const ACTIVE_SQL = (filter: string) => `
  SELECT uniqExact(user_id) AS learners FROM learner_activity
  WHERE ${filter}
    AND bucket >= toStartOfFiveMinutes({now:DateTime64(3, 'UTC')} - INTERVAL ${ACTIVE_WINDOW_MINUTES} MINUTE) AND bucket <= {now:DateTime64(3, 'UTC')}
    AND last_time > {now:DateTime64(3, 'UTC')} - INTERVAL ${ACTIVE_WINDOW_MINUTES} MINUTE
    AND ${notStaffSql(orgOfCourseSql('course_id'))}`;

/**
 * Learner events and learners per minute from course_minute_activity (migration 002). Staff of a
 * course are in these per-minute counts (they are kept as distinct-learner states, which cannot
 * drop a user afterwards); "active now" leaves them out.
 */
const MINUTES_SQL = (filter: string) => `
  SELECT toString(minute) AS minute_text, sum(learner_events) AS events, uniqExactMerge(learners) AS learners
  FROM course_minute_activity
  WHERE ${filter}
    AND minute > toStartOfMinute({now:DateTime64(3, 'UTC')}) - INTERVAL ${EVENTS_PER_MINUTE_SPAN} MINUTE
    AND minute <= {now:DateTime64(3, 'UTC')}
  GROUP BY minute`;

export async function institutionNow(lake: Lake, q: { org?: string; now: Date }, courses: ScopeCourse[]): Promise<InstitutionNow> {
  const f = courseFilter(q, courses);
  const params = { ...f.params, ...(await staffParams(lake)), now: formatLakeTime(q.now) };
  const [active, minutes, last60s] = await Promise.all([
    queryRows<{ learners: string | number }>(lake, ACTIVE_SQL(f.sql), params),
    queryRows<{ minute_text: string; events: string | number; learners: string | number }>(lake, MINUTES_SQL(f.sql), params),
    learnerEventsLast60s(lake, courses.map((c) => c.courseId), q.now),
  ]);
  const byMinute = new Map(minutes.map((r) => [parseLakeTime(r.minute_text).getTime(), r]));
  const last = Math.floor(q.now.getTime() / 60_000) * 60_000;
  const out: InstitutionNow['minutes'] = [];
  for (let i = EVENTS_PER_MINUTE_SPAN - 1; i >= 0; i--) {
    const t = last - i * 60_000;
    const r = byMinute.get(t);
    out.push({ minute: new Date(t).toISOString(), events: Number(r?.events ?? 0), learners: Number(r?.learners ?? 0) });
  }
  return { activeNow: Number(active[0]?.learners ?? 0), windowMinutes: ACTIVE_WINDOW_MINUTES, lastMinute: [...last60s.values()].reduce((a, n) => a + n, 0), minutes: out };
}
