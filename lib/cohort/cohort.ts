/**
 * Synthetic cohorts with known learner types and a recorded truth of who stops and when, for
 * judging the early-warning rules (DESIGN §6, bench/risk-eval). Deterministic from a seed.
 *
 * The types, their shares and the study session itself are the demo's (lib/demo/learners.ts);
 * this module adds a day-by-day plan per type with an explicit stop:
 *   steady      studies at their own pace all along; a third pause once for 8–21 days and come back
 *   fading      studies, then their pace declines over 1–3 weeks and they stop for good
 *   never-start enrolls and never does anything else
 *   struggler   studies but gets few answers right; half of them give up after a short decline
 *   late surge  barely studies until a turn day a third to a half into the course, then a lot
 */
import type { DemoCourse } from '../demo/course';
import { LEARNER_TYPE_SHARES, studySession, enrollmentLine, type DemoLearner, type LearnerType, type TimedLine } from '../demo/learners';
import { hex32, rng } from '../demo/random';
import { cohortCourse, scheduleCourse, type CohortCourse } from './course';
import { courseGradeCalculated } from './grades';

const DAY = 86_400_000;
/** Study sessions a learner spends on a subsection before moving to the next. */
const SESSIONS_PER_SUBSECTION = 3;

export interface CohortOptions {
  seed: number;
  learners: number;
  weeks: number;
  /** Course start (midnight UTC is best: weekly cut-offs fall on it). */
  start: Date;
  courseId?: string;
  /** The course to study (default: one of `weeks` weekly subsections); e.g. the demo course. */
  course?: DemoCourse;
  /** First user id (default 100 000 × seed, so cohorts of different seeds do not share ids). */
  firstUserId?: number;
}

export interface CohortLearner extends DemoLearner {
  /** Chance of studying on a normal day. */
  pace: number;
  /**
   * Study sessions on a study day: 1 for most, up to 6 for a few (log-normal), so time spent is
   * skewed across learners as it always is on real courses.
   */
  sessionsPerDay: number;
  /** Planned last day with any activity (the truth of who stops); null: keeps going to the end. */
  stopDay: number | null;
  /** Days over which the pace declines before stopDay (0 for a sudden stop). */
  fadeDays: number;
  /** A break [first, last] day with no study (steady learners only), or null. */
  breakDays: [number, number] | null;
  /** When the enrollment event happens (ms since epoch). */
  enrolledAt: number;
  /** The days (from the course start) the learner studies, as realised from the plan. */
  studyDays: number[];
}

export interface Cohort {
  seed: number;
  weeks: number;
  days: number;
  course: CohortCourse;
  learners: CohortLearner[];
}

/** A stable per-learner stream, independent of how many learners come before. */
function learnerRandom(seed: number, userId: number, stream: number): () => number {
  return rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(userId, 0x85ebca6b) ^ Math.imul(stream, 0xc2b2ae35)) >>> 0);
}

function pickType(r: number): LearnerType {
  for (const [type, share] of LEARNER_TYPE_SHARES) {
    if (r < share) return type;
    r -= share;
  }
  return 'steady';
}

const between = (random: () => number, lo: number, hi: number) => lo + random() * (hi - lo);
const intBetween = (random: () => number, lo: number, hi: number) => Math.floor(between(random, lo, hi + 1));

/** Chance that a cohort learner studies on `day` of a course of `days` days. */
export function cohortActivityChance(l: CohortLearner, day: number, days: number): number {
  if (day < Math.max(0, l.enrolledDay) || day >= days) return 0;
  if (l.breakDays && day >= l.breakDays[0] && day <= l.breakDays[1]) return 0;
  if (l.stopDay !== null) {
    if (day > l.stopDay) return 0;
    const daysLeft = l.stopDay - day;
    if (daysLeft < l.fadeDays) return l.pace * (0.15 + (0.85 * daysLeft) / l.fadeDays);
  }
  if (l.type === 'late-surge' && day < l.turnDay) return 0.06;
  return l.pace;
}

function planLearner(seed: number, userId: number, type: LearnerType, days: number): Omit<CohortLearner, 'studyDays' | 'enrolledAt' | 'sessionsPerDay'> {
  const random = learnerRandom(seed, userId, 1);
  const base = { userId, username: `learner_${userId}`, type, enrolledDay: intBetween(random, -7, 13), turnDay: 0, stopDay: null as number | null, fadeDays: 0, breakDays: null as [number, number] | null };
  switch (type) {
    case 'steady': {
      const pace = between(random, 0.35, 0.6);
      // Real learners pause and come back (the rules' fixed 7 days flagged them every time, issue 18).
      if (random() < 0.33) {
        const first = intBetween(random, 7, days - 28);
        return { ...base, pace, breakDays: [first, first + intBetween(random, 8, 21) - 1] };
      }
      return { ...base, pace };
    }
    case 'fading': {
      const stopDay = intBetween(random, Math.max(10, base.enrolledDay + 7), days - 8);
      return { ...base, pace: between(random, 0.35, 0.55), stopDay, turnDay: stopDay, fadeDays: intBetween(random, 7, 21) };
    }
    case 'never-start':
      return { ...base, pace: 0, stopDay: base.enrolledDay };
    case 'struggler': {
      const pace = between(random, 0.3, 0.5);
      if (random() < 0.5) {
        const stopDay = intBetween(random, Math.max(14, base.enrolledDay + 7), days - 8);
        return { ...base, pace, stopDay, turnDay: stopDay, fadeDays: intBetween(random, 3, 10) };
      }
      return { ...base, pace };
    }
    case 'late-surge':
      return { ...base, pace: between(random, 0.45, 0.7), turnDay: intBetween(random, Math.round(days * 0.3), Math.round(days * 0.5)) };
  }
}

/** The cohort's learners, their plans and realised study days (no events yet: see cohortLines). */
export function generateCohort(o: CohortOptions): Cohort {
  if (!Number.isInteger(o.weeks) || o.weeks < 4) throw new Error(`a cohort course needs at least 4 whole weeks (got ${o.weeks})`);
  const days = o.weeks * 7;
  const course = o.course
    ? scheduleCourse(o.course, o.start, o.weeks)
    : cohortCourse(o.courseId ?? `course-v1:LookoutEval+Seed${o.seed}+${o.start.getUTCFullYear()}`, o.start, o.weeks, o.seed);
  const firstUserId = o.firstUserId ?? 100_000 * o.seed + 1;
  const typeRandom = rng(o.seed);
  const learners = Array.from({ length: o.learners }, (_, i): CohortLearner => {
    const plan = planLearner(o.seed, firstUserId + i, pickType(typeRandom()), days);
    const random = learnerRandom(o.seed, plan.userId, 2);
    const enrolledAt = o.start.getTime() + plan.enrolledDay * DAY + random() * 6 * 3_600_000;
    const skew = learnerRandom(o.seed, plan.userId, 4);
    // Box–Muller: a standard normal, then exp(0.8 z): median 1 session, a long tail.
    const z = Math.sqrt(-2 * Math.log(1 - skew())) * Math.cos(2 * Math.PI * skew());
    const sessionsPerDay = Math.min(6, Math.max(1, Math.round(Math.exp(0.8 * z))));
    const learner: CohortLearner = { ...plan, sessionsPerDay, enrolledAt, studyDays: [] };
    for (let day = Math.max(0, plan.enrolledDay); day < days; day++) {
      if (random() < cohortActivityChance(learner, day, days)) learner.studyDays.push(day);
    }
    return learner;
  });
  return { seed: o.seed, weeks: o.weeks, days, course, learners };
}

/**
 * Every tracking-log line of one learner, in time order: the enrollment, then one study
 * session (the demo's) on each study day, on the subsection they have reached in course
 * order, with the odd look back at an earlier one, and the LMS's course grade event after
 * a session that solved a new problem (grade = share of the course's problems solved).
 */
export function learnerLines(cohort: Cohort, l: CohortLearner): TimedLine[] {
  const random = learnerRandom(cohort.seed, l.userId, 3);
  const { course } = cohort;
  const problems = course.sequentials.reduce((n, s) => n + s.problems.length, 0);
  const solved = new Set<string>();
  const out = [enrollmentLine(course, l, l.enrolledAt, random)];
  l.studyDays.forEach((day, sessions) => {
    const reached = subsectionFor(course, sessions);
    const subsection = random() < 0.2 ? Math.floor(random() * (reached + 1)) : reached;
    const session: TimedLine[] = [];
    for (let k = 0, start = course.start.getTime() + day * DAY + (7 + random() * 8) * 3_600_000; k < l.sessionsPerDay; k++) {
      const one = studySession(course, l, start, random, undefined, subsection);
      session.push(...one);
      start = (one.at(-1)?.at ?? start) + (20 + random() * 60) * 60_000;
    }
    out.push(...session);
    // The course grade (share of the course's problems solved) after the session's submissions.
    const before = solved.size;
    let lastCheck = 0;
    for (const { at, line } of session) {
      if (!line.includes('"problem_check"')) continue;
      lastCheck = at;
      const check = (JSON.parse(line) as { event: { problem_id: string; success: string } }).event;
      if (check.success === 'correct') solved.add(check.problem_id);
    }
    if (solved.size > before) {
      const time = new Date(lastCheck + 1_500);
      out.push({ at: time.getTime(), line: courseGradeCalculated({ userId: l.userId, courseId: course.courseId, time, percent: solved.size / problems, transactionId: hex32(random) }) });
    }
  });
  return out;
}

function subsectionFor(course: DemoCourse, sessionsBefore: number): number {
  return Math.min(course.sequentials.length - 1, Math.floor(sessionsBefore / SESSIONS_PER_SUBSECTION));
}

/**
 * The subsection (index in course order) a learner has reached on `day`: where a live
 * simulator of the same learners should send them (studySession's sequentialIndex).
 */
export function subsectionReached(cohort: Cohort, l: CohortLearner, day: number): number {
  return subsectionFor(cohort.course, l.studyDays.filter((d) => d < day).length);
}

/** All lines of the cohort, learner by learner. */
export function* cohortLines(cohort: Cohort): Generator<{ learner: CohortLearner; lines: TimedLine[] }> {
  for (const learner of cohort.learners) yield { learner, lines: learnerLines(cohort, learner) };
}

/** The day of the learner's last activity (study day, or the enrollment day if none). */
export function lastActiveDay(l: CohortLearner): number {
  return l.studyDays.at(-1) ?? l.enrolledDay;
}
