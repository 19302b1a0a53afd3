import { cohortLines, type Cohort } from '../../lib/cohort/cohort';
import { courseBlocks } from '../../lib/cohort/course';
import { writeCourseBlocks } from '../../lib/risk/courseBlocks';
import { parseTrackingLine } from '../../lib/events/parse';
import type { LakeEvent as ParsedEvent } from '../../lib/events/types';
import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { EVENT_COLUMNS, eventToTsv } from '../../lib/lake/tsv';

const ROWS_PER_INSERT = 50_000;
export const PASSING_GRADE = 0.5;

/**
 * What the labels are read from: per learner, the times (ms, ascending) of their learner events
 * other than enrolling (the rules do not count enrolling as starting either), and when they enrolled.
 */
export interface EventTimes {
  activity: Map<number, number[]>;
  enrolledAt: Map<number, number>;
}
const ENROLLMENT_EVENTS = new Set(['edx.course.enrollment.activated', 'edx.course.enrollment.deactivated', 'edx.course.enrollment.mode_changed']);

/**
 * Writes a cohort into the lake as the product would hold it: its tracking events (through
 * the real parser, on the ingest's bulk path), the course row, the course overview with its
 * passing grade, and the course blocks with the subsections' due dates.
 */
export async function loadCohort(lake: Lake, cohort: Cohort): Promise<{ events: number; times: EventTimes }> {
  const { course } = cohort;
  const now = formatLakeTime(new Date());
  await lake.client.insert({
    table: 'courses',
    values: [{ course_id: course.courseId, display_name: course.displayName, org: course.org, start: formatLakeTime(course.start), end: formatLakeTime(course.end), updated_at: now }],
    format: 'JSONEachRow',
  });
  await lake.client.insert({
    table: 'lms_course_overviews',
    values: [
      {
        course_id: course.courseId,
        display_name: course.displayName,
        org: course.org,
        start: formatLakeTime(course.start),
        end: formatLakeTime(course.end),
        lowest_passing_grade: PASSING_GRADE,
        created: now,
        modified: now,
        synced_at: now,
      },
    ],
    format: 'JSONEachRow',
  });
  await writeCourseBlocks(lake, course.courseId, courseBlocks(course));

  const times: EventTimes = { activity: new Map(), enrolledAt: new Map(cohort.learners.map((l) => [l.userId, l.enrolledAt])) };
  const events = await loadLines(
    lake,
    (function* () {
      for (const { learner, lines } of cohortLines(cohort)) {
        times.activity.set(learner.userId, []);
        for (const { line } of lines) yield line;
      }
    })(),
    (event) => {
      if (event.is_learner && !ENROLLMENT_EVENTS.has(event.name)) times.activity.get(event.user_id)?.push(Date.parse(event.time.replace(' ', 'T') + 'Z'));
    },
  );
  for (const t of times.activity.values()) t.sort((a, b) => a - b);
  return { events, times };
}

/**
 * Tracking-log lines into the lake as the ingest writes them: each through the real parser
 * (a line that does not parse is a bug of the generator: thrown), in bulk inserts.
 */
export async function loadLines(lake: Lake, lines: Iterable<string>, onEvent?: (event: ParsedEvent) => void): Promise<number> {
  let rows: string[] = [];
  let events = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    await lake.insertTsv('events', EVENT_COLUMNS, Buffer.from(rows.join('\n') + '\n'));
    events += rows.length;
    rows = [];
  };
  for (const line of lines) {
    const parsed = parseTrackingLine(line);
    if (!parsed.ok) throw new Error(`generated line does not parse (${parsed.reason}): ${line}`);
    rows.push(eventToTsv(parsed.event));
    onEvent?.(parsed.event);
    if (rows.length >= ROWS_PER_INSERT) await flush();
  }
  await flush();
  return events;
}
