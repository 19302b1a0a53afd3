import type { Lake } from './lake/client';
import { queryRows } from './lake/query';
import { formatLakeTime, parseLakeTime } from './lake/time';

export interface CourseSummary {
  courseId: string;
  /** From the course overview; the course id when unknown. */
  displayName: string;
  org: string;
  learnerEvents: number;
  /** Minute of the latest learner event in the window (ISO). */
  lastActivity: string;
}

const SQL = `
  SELECT a.course_id AS course_id, c.display_name AS display_name, c.org AS org,
         a.learner_events AS learner_events, a.last_minute AS last_minute
  FROM (
    SELECT course_id, sum(learner_events) AS learner_events, max(minute) AS last_minute
    FROM course_minute_activity
    WHERE minute >= {since:DateTime64(3, 'UTC')}
    GROUP BY course_id
    HAVING learner_events > 0
  ) AS a
  LEFT JOIN (
    SELECT course_id, argMax(display_name, updated_at) AS display_name, argMax(org, updated_at) AS org
    FROM courses GROUP BY course_id
  ) AS c ON c.course_id = a.course_id
  ORDER BY last_minute DESC, course_id
  LIMIT {limit:UInt32}`;

/** Courses with learner activity in the last `days`, most recently active first. */
export async function listActiveCourses(lake: Lake, now = new Date(), days = 30, limit = 500): Promise<CourseSummary[]> {
  const since = formatLakeTime(new Date(now.getTime() - days * 86_400_000));
  const rows = await queryRows<{
    course_id: string;
    display_name: string;
    org: string;
    learner_events: string | number;
    last_minute: string;
  }>(lake, SQL, { since, limit });
  return rows.map((r) => ({
    courseId: r.course_id,
    displayName: r.display_name || r.course_id,
    org: r.org,
    learnerEvents: Number(r.learner_events),
    lastActivity: parseLakeTime(r.last_minute).toISOString(),
  }));
}

export async function courseDisplayName(lake: Lake, courseId: string): Promise<string | undefined> {
  const [row] = await queryRows<{ name: string }>(
    lake,
    `SELECT argMax(display_name, updated_at) AS name FROM courses WHERE course_id = {courseId:String}`,
    { courseId },
  );
  return row?.name || undefined;
}
