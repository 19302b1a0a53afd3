import type { DemoCourse } from './course';
import { hex32, pick, rng } from './random';
import * as tracking from './tracking';

/** The learner types of the early-warning evaluation (DESIGN §6); the demo follows them too. */
export type LearnerType = 'steady' | 'fading' | 'never-start' | 'struggler' | 'late-surge';

export interface DemoLearner {
  userId: number;
  username: string;
  type: LearnerType;
  /** Days after the course start when the learner enrolled (negative: before it). */
  enrolledDay: number;
  /** fading: day they stop; late-surge: day they pick up. */
  turnDay: number;
}

const TYPES: [LearnerType, number][] = [
  ['steady', 0.45],
  ['fading', 0.2],
  ['never-start', 0.1],
  ['struggler', 0.15],
  ['late-surge', 0.1],
];
/** The share of each type in a cohort (the demo's and the evaluation harness's). */
export const LEARNER_TYPE_SHARES: readonly (readonly [LearnerType, number])[] = TYPES;

const FIRST_NAMES = ['ada', 'ben', 'chen', 'dara', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jo', 'kemal', 'lena', 'mo', 'nia', 'omar', 'pia'];

export function demoLearners(count = 300, seed = 7): DemoLearner[] {
  const random = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    let r = random();
    let type: LearnerType = 'steady';
    for (const [t, share] of TYPES) {
      if (r < share) {
        type = t;
        break;
      }
      r -= share;
    }
    return {
      userId: 1000 + i,
      username: `${pick(random, FIRST_NAMES)}_${1000 + i}`,
      type,
      enrolledDay: Math.floor(random() * 21) - 7,
      turnDay: type === 'late-surge' ? 25 + Math.floor(random() * 10) : 8 + Math.floor(random() * 20),
    };
  });
}

/** Chance that the learner studies on a given day of the course. */
export function dailyActivityChance(l: DemoLearner, day: number): number {
  if (day < l.enrolledDay) return 0;
  switch (l.type) {
    case 'steady':
      return 0.45;
    case 'struggler':
      return 0.4;
    case 'never-start':
      return 0;
    case 'fading':
      return day < l.turnDay ? 0.45 : 0.02;
    case 'late-surge':
      return day < l.turnDay ? 0.06 : 0.6;
  }
}

export interface TimedLine {
  at: number;
  line: string;
}

const DAY_MS = 86_400_000;

/**
 * The learner's course grade (0–1) on a day of the course, as the LMS grades task would log
 * it: it grows as the course goes on, at a pace set by the learner's type.
 */
export function demoGrade(l: DemoLearner, day: number): number {
  const progress = Math.min(1, Math.max(0, day + 7) / 49);
  const skill =
    l.type === 'steady' ? 0.85 : l.type === 'struggler' ? 0.45 : l.type === 'fading' ? 0.75 * Math.min(1, l.turnDay / Math.max(1, day)) : l.type === 'late-surge' ? (day < l.turnDay ? 0.35 : 0.8) : 0;
  const jitter = (((l.userId * 2654435761) >>> 0) % 21) / 100 - 0.1;
  return Math.round(Math.min(1, Math.max(0, skill * progress + jitter)) * 100) / 100;
}

/**
 * One study session starting at `start`: open a subsection, watch some of a video
 * (with the odd seek), try its problems. Strugglers try more and get less right.
 * Blocks are marked complete as the LMS would (a video watched to its end, a problem
 * submitted), and with `courseStart` the session ends with the learner's new course grade.
 * These extra lines draw nothing from `random`, so the rest of the session is the same with or without them.
 */
export function studySession(
  course: DemoCourse,
  l: DemoLearner,
  start: number,
  random: () => number,
  courseStart?: number,
  /** The subsection to study (default: one at random); learners who follow the course order pass theirs. */
  sequentialIndex?: number,
): TimedLine[] {
  const actor: tracking.Actor = { userId: l.userId, username: l.username, session: hex32(random) };
  const seqIndex =
    sequentialIndex === undefined
      ? Math.min(course.sequentials.length - 1, Math.floor(random() * course.sequentials.length))
      : Math.max(0, Math.min(course.sequentials.length - 1, sequentialIndex));
  const seq = course.sequentials[seqIndex]!;
  const base = { actor, courseId: course.courseId };
  const out: TimedLine[] = [];
  let t = start;
  const emit = (line: (time: Date, micros: number) => string) => {
    out.push({ at: t, line: line(new Date(t), Math.floor(random() * 1000)) });
  };
  const server = (line: (time: Date) => string) => {
    out.push({ at: t + 500, line: line(new Date(t + 500)) });
  };
  emit((time, micros) => tracking.sequenceTabSelected({ ...base, time, micros, sequential: seq.usageKey, tab: 1 + Math.floor(random() * 4), tabCount: 5 }));
  t += 5_000 + random() * 20_000;

  const video = pick(random, seq.videos);
  let position = 0;
  emit((time, micros) => tracking.videoEvent({ ...base, time, micros, action: 'load_video', videoId: video.id, position: 0, duration: video.duration }));
  t += 2_000;
  const watchParts = 1 + Math.floor(random() * 3);
  for (let p = 0; p < watchParts && position < video.duration; p++) {
    emit((time, micros) => tracking.videoEvent({ ...base, time, micros, action: 'play_video', videoId: video.id, position, duration: video.duration }));
    const watched = Math.min(video.duration - position, 30 + random() * 200);
    t += watched * 1000;
    position += watched;
    const ended = position >= video.duration - 0.5;
    emit((time, micros) => tracking.videoEvent({ ...base, time, micros, action: ended ? 'stop_video' : 'pause_video', videoId: video.id, position, duration: video.duration }));
    if (ended) server((time) => tracking.completionChanged({ ...base, time, block: video.usageKey, blockType: 'video' }));
    t += 3_000 + random() * 10_000;
    if (!ended && random() < 0.3) {
      const to = Math.max(0, Math.min(video.duration - 1, position + (random() - 0.4) * 120));
      emit((time, micros) => tracking.seekVideo({ ...base, time, micros, videoId: video.id, from: position, to, duration: video.duration }));
      position = to;
      t += 1_000;
    }
  }

  for (const problem of seq.problems) {
    if (random() < 0.3) continue;
    const skill = l.type === 'struggler' ? 0.35 : 1;
    let attempts = 0;
    let correct = false;
    while (!correct && attempts < (l.type === 'struggler' ? 6 : 3)) {
      attempts++;
      correct = random() < problem.ease * skill;
      t += 20_000 + random() * 90_000;
      const [a, c] = [attempts, correct];
      emit((time, micros) => tracking.problemCheck({ ...base, time, micros, problem: problem.usageKey, problemName: problem.name, attempts: a, correct: c }));
      if (a === 1) server((time) => tracking.completionChanged({ ...base, time, block: problem.usageKey, blockType: 'problem' }));
    }
  }
  if (courseStart !== undefined && out.length > 0) {
    const percent = demoGrade(l, Math.floor((start - courseStart) / DAY_MS));
    server((time) => tracking.gradeCalculated({ ...base, time, percent }));
  }
  return out;
}

export function enrollmentLine(course: DemoCourse, l: DemoLearner, at: number, random: () => number): TimedLine {
  const actor = { userId: l.userId, username: l.username, session: hex32(random) };
  const mode = random() < 0.3 ? 'verified' : 'audit';
  return { at, line: tracking.enrollmentActivated({ actor, courseId: course.courseId, time: new Date(at), micros: 0, mode }) };
}
