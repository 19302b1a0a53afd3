import { formatLakeTime, parseLakeTime } from '../../lake/time';
import { queryRows } from '../../lake/query';
import type { Widget } from '../widget';

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

export const eventsPerMinute: Widget<EventsPerMinute> = {
  name: 'eventsPerMinute',
  async compute({ lake, courseId, now }) {
    const rows = await queryRows<{ minute: string; events: number | string; learners: number | string }>(lake, SQL, {
      courseId,
      now: formatLakeTime(now),
    });
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
  },
};
