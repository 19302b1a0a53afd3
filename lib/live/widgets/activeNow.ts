import { LEARNER_ACTIVITY_SQL } from '../../events/activity';
import { formatLakeTime } from '../../lake/time';
import { queryRows } from '../../lake/query';
import { orgFromCourseKey } from '../../events/courseKey';
import { coursesParams, NOT_STAFF_OF_COURSES_SQL, NOT_STAFF_SQL, staffOf } from '../../metrics/scope';
import type { Widget } from '../widget';
import { sameInstant } from './many';

/** Distinct learners (staff left out) with a learner event in the last 5 minutes (DESIGN §5 "now"). */
export interface ActiveNow {
  learners: number;
  windowMinutes: number;
}

export const ACTIVE_WINDOW_MINUTES = 5;

const SQL = `
  SELECT uniqExact(user_id) AS learners
  FROM events
  WHERE course_id = {courseId:String}
    AND time > {now:DateTime64(3, 'UTC')} - INTERVAL ${ACTIVE_WINDOW_MINUTES} MINUTE
    AND time <= {now:DateTime64(3, 'UTC')}
    AND ${LEARNER_ACTIVITY_SQL}
    AND ${NOT_STAFF_SQL}`;

const MANY_SQL = `
  SELECT course_id, uniqExact(user_id) AS learners
  FROM events
  WHERE course_id IN {courseIds:Array(String)}
    AND time > {now:DateTime64(3, 'UTC')} - INTERVAL ${ACTIVE_WINDOW_MINUTES} MINUTE
    AND time <= {now:DateTime64(3, 'UTC')}
    AND ${LEARNER_ACTIVITY_SQL}
    AND ${NOT_STAFF_OF_COURSES_SQL}
  GROUP BY course_id`;

export const activeNow: Widget<ActiveNow> = {
  name: 'activeNow',
  async compute(ctx) {
    const { lake, courseId, now } = ctx;
    const [row] = await queryRows<{ learners: number | string }>(lake, SQL, { courseId, org: orgFromCourseKey(courseId), staff: await staffOf(lake, ctx), now: formatLakeTime(now) });
    return { learners: Number(row?.learners ?? 0), windowMinutes: ACTIVE_WINDOW_MINUTES };
  },
  async computeMany(ctxs) {
    const { lake, now, courseIds } = sameInstant(ctxs);
    const rows = await queryRows<{ course_id: string; learners: number | string }>(lake, MANY_SQL, { ...coursesParams(courseIds), now: formatLakeTime(now) });
    const byCourse = new Map(rows.map((r) => [r.course_id, Number(r.learners)]));
    return ctxs.map((c) => ({ learners: byCourse.get(c.courseId) ?? 0, windowMinutes: ACTIVE_WINDOW_MINUTES }));
  },
};
