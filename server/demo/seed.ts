import type { Lake } from '../../lib/lake/client';
import { getMeta, setMeta } from '../../lib/lake/meta';
import { formatLakeTime } from '../../lib/lake/time';
import { demoCourse, type DemoCourse } from '../../lib/demo/course';
import { dailyActivityChance, demoLearners, enrollmentLine, studySession, type TimedLine } from '../../lib/demo/learners';
import { rng } from '../../lib/demo/random';
import { parseBody } from '../ingest/parseBody';
import type { IngestWriter } from '../ingest/writer';
import { DEMO_USERS, seedLmsUsers } from './seedUsers';
import { seedDemoLmsState } from './seedLmsState';

const DAY = 86_400_000;
export const DEMO_HISTORY_DAYS = 42;
export const DEMO_COURSE_DAYS = 70;

export interface DemoState {
  course: DemoCourse;
  courseStart: Date;
}

/**
 * The demo course with several weeks of history, written once. The history is
 * generated from fixed seeds and the recorded course start, so an interrupted
 * seed that runs again produces the same event ids and nothing is doubled.
 */
export async function seedDemo(lake: Lake, writer: IngestWriter, now = new Date()): Promise<DemoState & { events: number }> {
  const course = demoCourse();
  await seedLmsUsers(lake, DEMO_USERS, now); // demo sign-in users, roles by the LMS tables' code path
  const recorded = await getMeta(lake, 'demo.course_start');
  const courseStart = recorded ? new Date(recorded) : new Date(Math.floor(now.getTime() / DAY) * DAY - DEMO_HISTORY_DAYS * DAY);
  if (!recorded) await setMeta(lake, 'demo.course_start', courseStart.toISOString());
  await seedDemoLmsState(lake, course, courseStart, DEMO_COURSE_DAYS, now);
  if (await getMeta(lake, 'demo.seeded')) return { course, courseStart, events: 0 };

  await lake.client.insert({
    table: 'courses',
    values: [
      {
        course_id: course.courseId,
        display_name: course.displayName,
        org: course.org,
        start: formatLakeTime(courseStart),
        end: formatLakeTime(new Date(courseStart.getTime() + DEMO_COURSE_DAYS * DAY)),
        updated_at: formatLakeTime(now),
      },
    ],
    format: 'JSONEachRow',
  });

  const lines = historyLines(course, courseStart, now.getTime());
  let events = 0;
  for (let i = 0; i < lines.length; i += 20_000) {
    const body = lines.slice(i, i + 20_000).map((l) => l.line).join('\n');
    const parsed = parseBody(body);
    const written = await writer.write(parsed.events, parsed.rejectedRows);
    events += written.accepted;
  }
  await setMeta(lake, 'demo.seeded', now.toISOString());
  return { course, courseStart, events };
}

function historyLines(course: DemoCourse, courseStart: Date, until: number): TimedLine[] {
  const random = rng(2026);
  const start = courseStart.getTime();
  const out: TimedLine[] = [];
  for (const learner of demoLearners()) {
    const enrolledAt = start + learner.enrolledDay * DAY + random() * DAY;
    if (enrolledAt < until) out.push(enrollmentLine(course, learner, enrolledAt, random));
    for (let day = Math.max(0, learner.enrolledDay); day * DAY + start < until; day++) {
      if (random() >= dailyActivityChance(learner, day)) continue;
      const sessionStart = start + day * DAY + (7 + random() * 15) * 3_600_000;
      for (const l of studySession(course, learner, sessionStart, random, start)) if (l.at < until) out.push(l);
    }
  }
  return out;
}
