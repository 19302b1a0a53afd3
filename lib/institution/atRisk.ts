import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import type { CourseFigures } from './courseFigures';
import { courseFilter, type InstitutionQuery, type ScopeCourse } from './scope';

export interface AtRiskCourse {
  courseId: string;
  displayName: string;
  atRisk: number;
  red: number | null;
  yellow: number | null;
}

/**
 * At-risk learners across courses: the live lists' flagged learners per course (risk_flag_state)
 * with the latest evaluation's split by severity, and per day of the window the sum over courses
 * of each course's last evaluation that day (risk_course_days, migration 150). A course is
 * evaluated while someone watches it, and daily for retraining, so a day without an evaluation of
 * a course leaves it out of that day's sum (`coursesEvaluated` says how many).
 */
export interface AtRiskSummary {
  atRisk: number;
  red: number;
  yellow: number;
  courses: AtRiskCourse[];
  trend: { day: string; red: number; yellow: number; coursesEvaluated: number }[];
}

const TREND_SQL = (filter: string) => `
  SELECT toString(day) AS day_text, sum(red) AS red, sum(yellow) AS yellow, count() AS courses
  FROM risk_course_days FINAL
  WHERE ${filter} AND day >= toDate({from:DateTime64(3, 'UTC')}) AND day < toDate({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND) + 1
  GROUP BY day ORDER BY day`;

export async function atRiskSummary(lake: Lake, q: InstitutionQuery, courses: ScopeCourse[], figures: Map<string, CourseFigures>): Promise<AtRiskSummary> {
  const f = courseFilter(q, courses);
  const trend = await queryRows<{ day_text: string; red: string | number; yellow: string | number; courses: string | number }>(lake, TREND_SQL(f.sql), {
    ...f.params,
    from: formatLakeTime(q.from),
    to: formatLakeTime(q.to),
  });
  const rows = courses
    .map((c) => {
      const fig = figures.get(c.courseId);
      return { courseId: c.courseId, displayName: c.displayName, atRisk: fig?.atRisk ?? 0, red: fig?.red ?? null, yellow: fig?.yellow ?? null };
    })
    .filter((r) => r.atRisk > 0 || (r.red ?? 0) + (r.yellow ?? 0) > 0)
    .sort((a, b) => b.atRisk - a.atRisk || a.courseId.localeCompare(b.courseId));
  return {
    atRisk: rows.reduce((a, r) => a + r.atRisk, 0),
    red: rows.reduce((a, r) => a + (r.red ?? 0), 0),
    yellow: rows.reduce((a, r) => a + (r.yellow ?? 0), 0),
    courses: rows,
    trend: trend.map((r) => ({ day: r.day_text, red: Number(r.red), yellow: Number(r.yellow), coursesEvaluated: Number(r.courses) })),
  };
}
