import type { DemoCourse } from '../demo/course';
import { hex32, rng } from '../demo/random';

const DAY = 86_400_000;

export interface CohortCourse extends DemoCourse {
  start: Date;
  end: Date;
  /** Due date of each subsection, in course order (end of week k + 1). */
  dues: Date[];
}

/**
 * A course of `weeks` weekly subsections (two videos and three problems each, as in the demo
 * course), starting at `start`; subsection k is due at the end of week k + 1.
 */
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
  return {
    courseId,
    org: key.split('+')[0] ?? '',
    displayName: `Evaluation cohort ${seed}`,
    sequentials,
    start,
    end: new Date(start.getTime() + weeks * 7 * DAY),
    dues: sequentials.map((_, s) => new Date(start.getTime() + (s + 1) * 7 * DAY)),
  };
}
