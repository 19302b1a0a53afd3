import type { Lake } from '../../lib/lake/client';
import { getMeta, setMeta } from '../../lib/lake/meta';
import { formatLakeTime } from '../../lib/lake/time';
import type { DemoCourse } from '../../lib/demo/course';
import { demoLearners } from '../../lib/demo/learners';
import { pick, rng } from '../../lib/demo/random';
import { courseBlocks, scheduleCourse } from '../../lib/cohort/course';
import { writeCourseBlocks } from '../../lib/risk/courseBlocks';
import { seedLmsUsers, type SeedUser } from './seedUsers';

/** Bump when what is written changes, so existing demo lakes get the new rows once. */
const VERSION = '2';
const SECTIONS = ['Getting started', 'Reading the signals', 'Acting on them', 'Wrapping up'];

/**
 * The LMS state a real deployment would sync, for the demo course (DESIGN §4 "where no LMS
 * database is configured, the same tables are derived … from the demo seed"): its structure
 * with names in course order (sections, subsections, two units each: the videos, then the
 * problems), the learners' accounts (usernames, emails, names) and profiles, the course overview
 * with its passing grade and end, and the subsections' due dates (evenly over the course).
 * Grades, completion and enrollments come from the demo's events, as they would without an LMS.
 */
export function demoLmsState(course: DemoCourse, courseStart: Date, now: Date, courseDays: number) {
  const updated_at = formatLakeTime(now);
  const key = course.courseId.slice('course-v1:'.length);
  const blocks: Record<string, unknown>[] = [];
  let position = 0;
  course.sequentials.forEach((seq, s) => {
    const section = SECTIONS[Math.floor((s * SECTIONS.length) / course.sequentials.length)]!;
    const base = { course_id: course.courseId, section, subsection: seq.name, updated_at };
    blocks.push({ ...base, block_id: seq.usageKey, block_type: 'sequential', parent: '', display_name: seq.name, position: position++ });
    const seqId = seq.usageKey.split('@').pop()!;
    const units = [
      { id: `${seqId}w`, name: `${seq.name.replace(/^\d+\.\s*/, '')}: watch`, children: seq.videos.map((v) => ({ id: v.usageKey, type: 'video', name: v.name })) },
      { id: `${seqId}p`, name: `${seq.name.replace(/^\d+\.\s*/, '')}: practice`, children: seq.problems.map((p) => ({ id: p.usageKey, type: 'problem', name: p.name })) },
    ];
    for (const unit of units) {
      const unitKey = `block-v1:${key}+type@vertical+block@${unit.id}`;
      blocks.push({ ...base, block_id: unitKey, block_type: 'vertical', parent: '', display_name: unit.name, position: position++ });
      for (const child of unit.children) blocks.push({ ...base, block_id: child.id, block_type: child.type, parent: unitKey, display_name: child.name, position: position++ });
    }
  });

  const random = rng(4242);
  const synced_at = updated_at;
  const countries = ['US', 'US', 'IN', 'IN', 'BR', 'MX', 'NG', 'FR', 'DE', 'GB', 'EG', 'CN', 'ES', 'KE', 'CO', ''];
  const education = ['b', 'b', 'm', 'm', 'hs', 'hs', 'p', 'a', 'jhs', 'other', 'none', ''];
  const genders = ['m', 'm', 'f', 'f', 'f', 'o', ''];
  const profiles = demoLearners().map((l) => ({
    user_id: l.userId,
    id: l.userId,
    name: '',
    gender: pick(random, genders),
    level_of_education: pick(random, education),
    year_of_birth: random() < 0.08 ? null : 1960 + Math.floor(random() * 48),
    country: pick(random, countries),
    synced_at,
  }));

  const overview = {
    course_id: course.courseId,
    display_name: course.displayName,
    org: course.org,
    start: formatLakeTime(courseStart),
    end: formatLakeTime(new Date(courseStart.getTime() + courseDays * 86_400_000)),
    enrollment_start: null,
    enrollment_end: null,
    lowest_passing_grade: 0.5,
    created: updated_at,
    modified: updated_at,
    synced_at,
  };
  const accounts: SeedUser[] = demoLearners().map((l) => {
    const first = l.username.split('_')[0]!;
    return { id: l.userId, username: l.username, email: `${l.username}@learners.lookout.invalid`, firstName: first[0]!.toUpperCase() + first.slice(1), lastName: `Learner ${l.userId}` };
  });
  const schedule = courseBlocks(scheduleCourse(course, courseStart, Math.round(courseDays / 7)));
  return { blocks, profiles, overview, accounts, schedule };
}

/** Writes the demo's LMS state once per VERSION (the tables keep the latest row per key). */
export async function seedDemoLmsState(lake: Lake, course: DemoCourse, courseStart: Date, courseDays: number, now = new Date()): Promise<void> {
  if ((await getMeta(lake, 'demo.lms_state')) === VERSION) return;
  const { blocks, profiles, overview, accounts, schedule } = demoLmsState(course, courseStart, now, courseDays);
  await seedLmsUsers(lake, accounts, now);
  await writeCourseBlocks(lake, course.courseId, schedule, { now });
  await lake.client.insert({ table: 'course_blocks', values: blocks, format: 'JSONEachRow' });
  await lake.client.insert({ table: 'lms_profiles', values: profiles, format: 'JSONEachRow' });
  await lake.client.insert({ table: 'lms_course_overviews', values: [overview], format: 'JSONEachRow' });
  await setMeta(lake, 'demo.lms_state', VERSION);
}
