import { formatLakeTime, parseLakeTime } from '../../lake/time';
import { queryRows } from '../../lake/query';
import { LEARNER_ACTIVITY_SQL } from '../../events/activity';
import type { Widget } from '../widget';
import { sameInstant } from './many';

/**
 * Learner events and distinct learners per minute over the last hour, oldest first, zero-filled
 * (the last minute is the current one, so far), and the learner events of the last 60 seconds
 * (`lastMinute`: a sliding minute, not "this minute so far"). Same learner events as the chart:
 * LEARNER_ACTIVITY_SQL, staff not taken out (the per-minute view is filled before roles are known).
 */
export interface EventsPerMinute {
  minutes: { minute: string; events: number; learners: number }[];
  lastMinute: number;
}

export const EVENTS_PER_MINUTE_SPAN = 60;

const SQL = `
  SELECT course_id, minute, sum(learner_events) AS events, uniqExactMerge(learners) AS learners
  FROM course_minute_activity
  WHERE course_id IN {courseIds:Array(String)}
    AND minute >= toStartOfMinute({now:DateTime64(3, 'UTC')}) - INTERVAL ${EVENTS_PER_MINUTE_SPAN - 1} MINUTE
    AND minute <= {now:DateTime64(3, 'UTC')}
  GROUP BY course_id, minute`;

type Row = { minute: string; events: number | string; learners: number | string };

/** Events are ordered by (course_id, time): the last 60 s of a course is a short range read. */
const LAST_60S_SQL = `
  SELECT course_id, count() AS events
  FROM events
  WHERE course_id IN {courseIds:Array(String)}
    AND time > {now:DateTime64(3, 'UTC')} - INTERVAL 60 SECOND
    AND time <= {now:DateTime64(3, 'UTC')}
    AND ${LEARNER_ACTIVITY_SQL}
  GROUP BY course_id`;

/** Learner events of the last 60 seconds before `now`, by course (the courses without any are absent). */
export async function lastMinuteOf(lake: Parameters<typeof queryRows>[0], courseIds: string[], now: Date): Promise<Map<string, number>> {
  const rows = await queryRows<{ course_id: string; events: number | string }>(lake, LAST_60S_SQL, { courseIds, now: formatLakeTime(now) });
  return new Map(rows.map((r) => [r.course_id, Number(r.events)]));
}

export const eventsPerMinute: Widget<EventsPerMinute> = {
  name: 'eventsPerMinute',
  async compute(ctx) {
    return (await eventsPerMinuteOf(ctx.lake, [ctx.courseId], ctx.now))[0]!;
  },
  async computeMany(ctxs) {
    const { lake, now, courseIds } = sameInstant(ctxs);
    const perCourse = await eventsPerMinuteOf(lake, courseIds, now);
    return ctxs.map((c) => perCourse[courseIds.indexOf(c.courseId)]!);
  },
};

/** Each course's minutes and last 60 s, in the order of `courseIds`, from one read of each. */
async function eventsPerMinuteOf(lake: Parameters<typeof queryRows>[0], courseIds: string[], now: Date): Promise<EventsPerMinute[]> {
  const [rows, last] = await Promise.all([queryRows<Row & { course_id: string }>(lake, SQL, { courseIds, now: formatLakeTime(now) }), lastMinuteOf(lake, courseIds, now)]);
  return courseIds.map((id) => zeroFilled(rows.filter((r) => r.course_id === id), now, last.get(id) ?? 0));
}

function zeroFilled(rows: Row[], now: Date, lastMinute: number): EventsPerMinute {
  const byMinute = new Map(rows.map((r) => [parseLakeTime(r.minute).getTime(), r]));
  const last = Math.floor(now.getTime() / 60_000) * 60_000;
  const minutes = [];
  for (let t = last - (EVENTS_PER_MINUTE_SPAN - 1) * 60_000; t <= last; t += 60_000) {
    const row = byMinute.get(t);
    minutes.push({
      minute: new Date(t).toISOString(),
      events: Number(row?.events ?? 0),
      learners: Number(row?.learners ?? 0),
    });
  }
  return { minutes, lastMinute };
}
