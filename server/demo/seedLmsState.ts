import type { Lake } from '../../lib/lake/client';
import { getMeta, setMeta } from '../../lib/lake/meta';
import { formatLakeTime } from '../../lib/lake/time';
import type { DemoCourse } from '../../lib/demo/course';
import { demoLearners } from '../../lib/demo/learners';
import { pick, rng } from '../../lib/demo/random';
import { scheduleCourse } from '../../lib/cohort/course';
import { writeCourseStructure, type CourseStructure, type StructureBlock } from '../../lib/lms/structure';
import { seedLmsUsers, type SeedUser } from './seedUsers';

/** Bump when what is written changes, so existing demo lakes get the new rows once. */
const VERSION = '3';
const SECTIONS = ['Getting started', 'Reading the signals', 'Acting on them', 'Wrapping up'];

/**
 * The LMS state a real deployment would sync, for the demo course (DESIGN §4 "where no LMS
 * database is configured, the same tables are derived … from the demo seed"): its structure
 * (demoStructure, written through the same code path as the LMS structure sync), the learners'
 * accounts (usernames, emails, names) and profiles, the course overview with its passing grade
 * and end.
 * Grades, completion and enrollments come from the demo's events, as they would without an LMS.
 */
export function demoLmsState(course: DemoCourse, courseStart: Date, now: Date, courseDays: number) {
  const updated_at = formatLakeTime(now);
  const structure = demoStructure(course, courseStart, courseDays);

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
  return { structure, profiles, overview, accounts };
}

/** Writes the demo's LMS state once per VERSION (the tables keep the latest row per key). */
export async function seedDemoLmsState(lake: Lake, course: DemoCourse, courseStart: Date, courseDays: number, now = new Date()): Promise<void> {
  if ((await getMeta(lake, 'demo.lms_state')) === VERSION) return;
  const { structure, profiles, overview, accounts } = demoLmsState(course, courseStart, now, courseDays);
  await seedLmsUsers(lake, accounts, now);
  await writeCourseStructure(lake, structure, { now });
  await lake.client.insert({ table: 'lms_profiles', values: profiles, format: 'JSONEachRow' });
  await lake.client.insert({ table: 'lms_course_overviews', values: [overview], format: 'JSONEachRow' });
  await setMeta(lake, 'demo.lms_state', VERSION);
}

/**
 * The demo course as the Course Blocks and grading-policy APIs would describe it: sections,
 * subsections (graded: homework, the last one the final exam; due evenly over the course), two
 * units each (the videos, then the problems), videos with their lengths.
 */
export function demoStructure(course: DemoCourse, courseStart: Date, courseDays: number): CourseStructure {
  const key = course.courseId.slice('course-v1:'.length);
  const id = (type: string, block: string) => `block-v1:${key}+type@${type}+block@${block}`;
  const dues = scheduleCourse(course, courseStart, Math.round(courseDays / 7)).dues;
  const blocks = new Map<string, StructureBlock>();
  const add = (b: Partial<StructureBlock> & Pick<StructureBlock, 'id' | 'type' | 'name'>) => {
    blocks.set(b.id, { children: [], graded: false, format: '', due: null, duration: null, ...b });
    return b.id;
  };
  const last = course.sequentials.length - 1;
  const chapters = SECTIONS.map((name, i) => add({ id: id('chapter', `section${i + 1}`), type: 'chapter', name }));
  course.sequentials.forEach((seq, s) => {
    const chapter = blocks.get(chapters[Math.floor((s * SECTIONS.length) / course.sequentials.length)]!)!;
    const seqId = seq.usageKey.split('@').pop()!;
    const topic = seq.name.replace(/^\d+\.\s*/, '');
    const watch = add({ id: id('vertical', `${seqId}w`), type: 'vertical', name: `${topic}: watch`, children: seq.videos.map((v) => add({ id: v.usageKey, type: 'video', name: v.name, duration: v.duration })) });
    const practice = add({ id: id('vertical', `${seqId}p`), type: 'vertical', name: `${topic}: practice`, children: seq.problems.map((p) => add({ id: p.usageKey, type: 'problem', name: p.name, graded: true })) });
    chapter.children.push(add({ id: seq.usageKey, type: 'sequential', name: seq.name, graded: true, format: s === last ? 'Final Exam' : 'Homework', due: dues[s]!, children: [watch, practice] }));
  });
  const root = add({ id: id('course', 'course'), type: 'course', name: course.displayName, children: chapters });
  return {
    courseId: course.courseId,
    root,
    blocks,
    gradingPolicy: [
      { assignmentType: 'Homework', count: last, dropped: 1, weight: 0.6 },
      { assignmentType: 'Final Exam', count: 1, dropped: 0, weight: 0.4 },
    ],
  };
}
