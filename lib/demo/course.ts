import { hex32, rng } from './random';

export interface DemoVideo {
  id: string;
  usageKey: string;
  name: string;
  duration: number;
}
export interface DemoProblem {
  usageKey: string;
  name: string;
  /** 0–1: how likely a learner is to get it right on one try. */
  ease: number;
}
export interface DemoSequential {
  usageKey: string;
  name: string;
  videos: DemoVideo[];
  problems: DemoProblem[];
}
export interface DemoCourse {
  courseId: string;
  org: string;
  displayName: string;
  sequentials: DemoSequential[];
}

export const DEMO_COURSE_ID = 'course-v1:LookoutX+Demo101+2026';

const TOPICS = [
  'Why learning analytics',
  'Reading tracking logs',
  'Engagement that matters',
  'Video behaviour',
  'Problems and feedback',
  'Spotting learners at risk',
  'Acting on the signals',
  'Capstone',
];

/** The demo course: eight subsections, each with two videos and three problems. */
export function demoCourse(): DemoCourse {
  const random = rng(101);
  const key = DEMO_COURSE_ID.slice('course-v1:'.length);
  const block = (type: string, id: string) => `block-v1:${key}+type@${type}+block@${id}`;
  return {
    courseId: DEMO_COURSE_ID,
    org: 'LookoutX',
    displayName: 'Demo 101: Learning Analytics in Practice',
    sequentials: TOPICS.map((topic, s) => ({
      usageKey: block('sequential', hex32(random)),
      name: `${s + 1}. ${topic}`,
      videos: [1, 2].map((v) => {
        const id = hex32(random);
        return { id, usageKey: block('video', id), name: `${topic} — video ${v}`, duration: 180 + Math.floor(random() * 420) };
      }),
      problems: [1, 2, 3].map((p) => ({
        usageKey: block('problem', hex32(random)),
        name: `${topic} — check ${p}`,
        ease: 0.45 + random() * 0.45,
      })),
    })),
  };
}
