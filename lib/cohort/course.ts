import type { DemoCourse } from '../demo/course';
import type { CourseBlock } from '../risk/courseBlocks';
import { hex32, rng } from '../demo/random';

const DAY = 86_400_000;

export interface CohortCourse extends DemoCourse {
  start: Date;
  end: Date;
  /** Due date of each subsection, in course order. */
  dues: Date[];
}

/**
 * A course with dates: it runs `weeks` weeks from `start`, and its subsections fall due one
 * after the other, evenly spread, the last at the end (with one subsection a week: at the
 * end of week k + 1). Works for the demo course too.
 */
export function scheduleCourse(course: DemoCourse, start: Date, weeks: number): CohortCourse {
  const days = weeks * 7;
  const n = course.sequentials.length;
  return {
    ...course,
    start,
    end: new Date(start.getTime() + days * DAY),
    dues: course.sequentials.map((_, k) => new Date(start.getTime() + Math.round(((k + 1) * days) / n) * DAY)),
  };
}

/** A course of `weeks` weekly subsections, two videos and three problems each, as in the demo course. */
export function cohortCourse(courseId: string, start: Date, weeks: number, seed: number): CohortCourse {
  const random = rng(seed ^ 0x5eed);
  const key = courseId.replace(/^course-v1:/, '');
  const block = (type: string, id: string) => `block-v1:${key}+type@${type}+block@${id}`;
  const sequentials = Array.from({ length: weeks }, (_, s) => {
    const topic = `Week ${s + 1}`;
    return {
      usageKey: block('sequential', hex32(random)),
      name: topic,
      videos: [1, 2].map((v) => {
        const id = hex32(random);
        return { id, usageKey: block('video', id), name: `${topic} — video ${v}`, duration: 180 + Math.floor(random() * 420) };
      }),
      problems: [1, 2, 3].map((p) => ({ usageKey: block('problem', hex32(random)), name: `${topic} — check ${p}`, ease: 0.45 + random() * 0.45 })),
    };
  });
  const course = { courseId, org: key.split('+')[0] ?? '', displayName: `Evaluation cohort ${seed}`, sequentials };
  return scheduleCourse(course, start, weeks);
}

/** The structure of a scheduled course for block_schedule (writeCourseBlocks): what missed deadline reads. */
export function courseBlocks(course: CohortCourse): CourseBlock[] {
  return course.sequentials.flatMap((s, i): CourseBlock[] => [
    { blockType: 'sequential', usageKey: s.usageKey, title: s.name, graded: true, due: course.dues[i]! },
    ...s.problems.map((p): CourseBlock => ({ blockType: 'problem', usageKey: p.usageKey, subsectionKey: s.usageKey, title: p.name })),
  ]);
}
