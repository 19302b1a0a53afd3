import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { courseFilter, isoDay, mondayOf, weeksOf, type InstitutionQuery, type ScopeCourse } from './scope';

export interface ModeFlow {
  mode: string;
  enrollments: number;
  unenrollments: number;
}

export interface EnrollmentDay {
  day: string;
  enrollments: number;
  unenrollments: number;
  byMode: ModeFlow[];
}

export interface EnrollmentWeek extends EnrollmentDay {
  weekStart: string;
  /** Learners (not staff) enrolled at the end of the week (or now, for the current week). */
  enrolledAtEnd: number;
}

/**
 * Enrollments and unenrollments per day and per week, by mode (audit, verified, …), and the total
 * enrolled at the end of each week.
 *
 * Flows count the tracking log's `edx.course.enrollment.activated` / `.deactivated` events
 * (institution_enrollment_days, migration 150); a mode change (`mode_changed`) is neither. Their
 * shape: event-routing-backends' fixtures `edx.course.enrollment.activated.json` /
 * `.deactivated.json` (`event.mode`, `event.user_id`; test/fixtures/openedx-events/SOURCES.md).
 * Staff enrollments are in the flows (roles change; the flows are kept per day). The total enrolled now is the
 * latest enrollment state of every learner (events and LMS rows alike, institution_course_learners),
 * and at the end of an earlier week it is that total minus the net flows since.
 */
export interface Enrollments {
  enrolledNow: number;
  days: EnrollmentDay[];
  weeks: EnrollmentWeek[];
}

const FLOWS_SQL = (filter: string) => `
  SELECT toString(day) AS day_text, toString(mode) AS mode_text, sum(enrollments) AS enrollments, sum(unenrollments) AS unenrollments
  FROM institution_enrollment_days
  WHERE ${filter} AND day >= toDate({from:DateTime64(3, 'UTC')}) AND day < toDate({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND) + 1
  GROUP BY day, mode
  ORDER BY day, mode_text`;

/** Net enrollments (in − out) on and after each week end in the window, up to today. */
const NET_SINCE_SQL = (filter: string) => `
  SELECT toString(we) AS week_end, sum(if(day >= we, toInt64(enrollments) - toInt64(unenrollments), 0)) AS net
  FROM institution_enrollment_days
  ARRAY JOIN {weekEnds:Array(Date)} AS we
  WHERE ${filter} AND day >= {firstEnd:Date}
  GROUP BY we`;

export async function enrollments(lake: Lake, q: InstitutionQuery, courses: ScopeCourse[], enrolled: Map<string, number>): Promise<Enrollments> {
  const f = courseFilter(q, courses);
  const weekStarts = weeksOf(q.from, q.to);
  const weekEnds = weekStarts.map((w) => isoDay(new Date(Date.parse(w) + 7 * 86_400_000)));
  const [flows, net] = await Promise.all([
    queryRows<{ day_text: string; mode_text: string; enrollments: string | number; unenrollments: string | number }>(lake, FLOWS_SQL(f.sql), {
      ...f.params,
      from: formatLakeTime(q.from),
      to: formatLakeTime(q.to),
    }),
    weekEnds.length === 0
      ? Promise.resolve([])
      : queryRows<{ week_end: string; net: string | number }>(lake, NET_SINCE_SQL(f.sql), { ...f.params, weekEnds, firstEnd: weekEnds[0] }),
  ]);
  const enrolledNow = [...enrolled.values()].reduce((a, b) => a + b, 0);
  const days = new Map<string, EnrollmentDay>();
  for (const r of flows) {
    const day = days.get(r.day_text) ?? { day: r.day_text, enrollments: 0, unenrollments: 0, byMode: [] };
    const flow = { mode: r.mode_text || 'unknown', enrollments: Number(r.enrollments), unenrollments: Number(r.unenrollments) };
    day.enrollments += flow.enrollments;
    day.unenrollments += flow.unenrollments;
    day.byMode.push(flow);
    days.set(r.day_text, day);
  }
  const netSince = new Map(net.map((r) => [r.week_end, Number(r.net)]));
  const today = isoDay(q.now);
  const weeks = weekStarts.map((weekStart, i): EnrollmentWeek => {
    const inWeek = [...days.values()].filter((d) => isoDay(mondayOf(new Date(d.day))) === weekStart);
    const byMode = new Map<string, ModeFlow>();
    for (const d of inWeek)
      for (const m of d.byMode) {
        const held = byMode.get(m.mode) ?? { mode: m.mode, enrollments: 0, unenrollments: 0 };
        held.enrollments += m.enrollments;
        held.unenrollments += m.unenrollments;
        byMode.set(m.mode, held);
      }
    const end = weekEnds[i]!;
    return {
      weekStart,
      day: weekStart,
      enrollments: inWeek.reduce((a, d) => a + d.enrollments, 0),
      unenrollments: inWeek.reduce((a, d) => a + d.unenrollments, 0),
      byMode: [...byMode.values()].sort((a, b) => a.mode.localeCompare(b.mode)),
      enrolledAtEnd: end > today ? enrolledNow : Math.max(0, enrolledNow - (netSince.get(end) ?? 0)),
    };
  });
  return { enrolledNow, days: [...days.values()], weeks };
}
