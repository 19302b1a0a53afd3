import { formatLakeTime, parseLakeTime } from '../../lake/time';
import { queryRows } from '../../lake/query';
import type { Widget } from '../widget';
import { sameInstant } from './many';

/** Learner events and distinct learners per minute over the last hour, oldest first, zero-filled. */
export interface EventsPerMinute {
  minutes: { minute: string; events: number; learners: number }[];
}

export const EVENTS_PER_MINUTE_SPAN = 60;

const SQL = `
  SELECT minute, sum(learner_events) AS events, uniqExactMerge(learners) AS learners
  FROM course_minute_activity
  WHERE course_id = {courseId:String}
    AND minute >= toStartOfMinute({now:DateTime64(3, 'UTC')}) - INTERVAL ${EVENTS_PER_MINUTE_SPAN - 1} MINUTE
    AND minute <= {now:DateTime64(3, 'UTC')}
  GROUP BY minute`;

const MANY_SQL = `
  SELECT course_id, minute, sum(learner_events) AS events, uniqExactMerge(learners) AS learners
  FROM course_minute_activity
  WHERE course_id IN {courseIds:Array(String)}
    AND minute >= toStartOfMinute({now:DateTime64(3, 'UTC')}) - INTERVAL ${EVENTS_PER_MINUTE_SPAN - 1} MINUTE
    AND minute <= {now:DateTime64(3, 'UTC')}
  GROUP BY course_id, minute`;

type Row = { minute: string; events: number | string; learners: number | string };

export const eventsPerMinute: Widget<EventsPerMinute> = {
  name: 'eventsPerMinute',
  async compute({ lake, courseId, now }) {
    return zeroFilled(await queryRows<Row>(lake, SQL, { courseId, now: formatLakeTime(now) }), now);
  },
  async computeMany(ctxs) {
    const { lake, now, courseIds } = sameInstant(ctxs);
    const rows = await queryRows<Row & { course_id: string }>(lake, MANY_SQL, { courseIds, now: formatLakeTime(now) });
    return ctxs.map((c) => zeroFilled(rows.filter((r) => r.course_id === c.courseId), now));
  },
};

function zeroFilled(rows: Row[], now: Date): EventsPerMinute {
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
  return { minutes };
}
