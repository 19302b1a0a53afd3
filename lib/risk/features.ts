import type { Lake } from '../lake/client';
import { activeDaysIn, dayNumber, gaps, loadActivityDays } from './activityDays';
import { DAY_MS, type Cohort, type CohortLearner } from './cohort';
import { loadGradedWork, subsectionList, workStanding, type WorkStanding } from './gradedWork';
import { median, round1 } from './rule';
import { formatMessage } from '../i18n';
import { scoreReasons as r } from './reasons.messages';
import { loadVideoCompletion } from './videoCompletion';

/** What the score knows of one learner at the evaluation time (all from the lake, data ≤ at). */
export interface LearnerSignals {
  learner: CohortLearner;
  /** Whole days since the last study activity, or since the later of enrolling and the course start. */
  daysQuiet: number;
  neverActive: boolean;
  /** The learner's usual gap between study days (median, ≥ 1), null with fewer than 3 study days. */
  usualGap: number | null;
  /** Study days in the last 7 days, and per 7 days in the 21 before (null: under 2 study days then). */
  activeLastWeek: number;
  baselinePerWeek: number | null;
  /** Study days per 7 days enrolled. */
  activeDaysPerWeek: number;
  work: WorkStanding;
  /** Days enrolled before the course start (≥ 0) and after it (≥ 0). */
  enrolledDaysBeforeStart: number;
  enrolledDaysAfterStart: number;
  /** Share of the course elapsed, 0–1 (0 when the dates are unknown). */
  elapsed: number;
  /** Videos the learner completed, of those the course's learners played so far (null: none played). */
  videos: { completed: number; course: number } | null;
}

export const BASELINE_DAYS = 21;
export const MIN_BASELINE_ACTIVE_DAYS = 2;

const pct = (x: number) => `${Math.round(x * 100)} %`;

/**
 * The score's features: each a number from a learner's signals, and the reason it gives in words
 * when it pushes the score up. One list: the model, its training and the reasons read it. A
 * reason is null when there is nothing to say (no miss, no late work…): a feature below the
 * average can push the score up through a negative weight, and "missed the last 0 graded
 * subsections in a row" is no reason.
 */
export const FEATURES = {
  daysQuiet: {
    value: (s: LearnerSignals) => Math.log1p(s.daysQuiet),
    reason: (s: LearnerSignals) =>
      s.daysQuiet === 0 ? null : formatMessage(s.neverActive ? r.quietSinceEnrolling : r.quietFor, { days: s.daysQuiet }),
  },
  neverActive: {
    value: (s: LearnerSignals) => (s.neverActive ? 1 : 0),
    reason: (s: LearnerSignals) => formatMessage(r.notStarted, { days: s.daysQuiet }),
  },
  gapVsUsual: {
    value: (s: LearnerSignals) => Math.log1p(Math.min(20, s.usualGap ? s.daysQuiet / s.usualGap : 0)),
    reason: (s: LearnerSignals) =>
      s.usualGap === null || s.daysQuiet === 0 ? null : formatMessage(r.quietVsUsual, { days: s.daysQuiet, usual: Math.round(s.usualGap) }),
  },
  activityVsBaseline: {
    value: (s: LearnerSignals) => (s.baselinePerWeek === null ? 1 : Math.min(3, s.activeLastWeek / s.baselinePerWeek)),
    reason: (s: LearnerSignals) =>
      formatMessage(r.studiedVsBaseline, { days: s.activeLastWeek, perWeek: round1(s.baselinePerWeek ?? 0), baselineDays: BASELINE_DAYS }),
  },
  activeDaysPerWeek: {
    value: (s: LearnerSignals) => s.activeDaysPerWeek,
    reason: (s: LearnerSignals) => formatMessage(r.studiedPerWeek, { perWeek: round1(s.activeDaysPerWeek) }),
  },
  missedShare: {
    value: (s: LearnerSignals) => (s.work.weightDue > 0 ? s.work.weightMissed / s.work.weightDue : 0),
    reason: (s: LearnerSignals) =>
      !s.work.missed.length
        ? null
        : formatMessage(r.missedShare, { share: pct(s.work.weightMissed), missed: s.work.missed.length, due: s.work.due.length, list: subsectionList(s.work.missed) }),
  },
  missedCount: {
    value: (s: LearnerSignals) => (s.work.due.length ? s.work.missed.length / s.work.due.length : 0),
    reason: (s: LearnerSignals) => (!s.work.missed.length ? null : formatMessage(r.missedCount, { missed: s.work.missed.length, due: s.work.due.length })),
  },
  consecutiveMisses: {
    value: (s: LearnerSignals) => Math.min(5, s.work.consecutiveMisses),
    reason: (s: LearnerSignals) => (s.work.consecutiveMisses ? formatMessage(r.missedInARow, { count: s.work.consecutiveMisses }) : null),
  },
  gradeVsDue: {
    value: (s: LearnerSignals) => (s.work.weightDue >= 0.01 ? Math.min(1.5, (s.learner.grade ?? 0) / s.work.weightDue) : 1),
    reason: (s: LearnerSignals) => formatMessage(r.gradeVsDue, { grade: pct(s.learner.grade ?? 0), due: pct(s.work.weightDue) }),
  },
  gradeVsAttempted: {
    value: (s: LearnerSignals) => {
      const done = s.work.weightDue - s.work.weightMissed;
      return done >= 0.01 ? Math.min(1.5, (s.learner.grade ?? 0) / done) : 1;
    },
    reason: (s: LearnerSignals) => formatMessage(r.gradeVsAttempted, { score: pct((s.learner.grade ?? 0) / Math.max(0.01, s.work.weightDue - s.work.weightMissed)) }),
  },
  lateShare: {
    value: (s: LearnerSignals) => (s.work.attempted ? s.work.late / s.work.attempted : 0),
    reason: (s: LearnerSignals) => (s.work.late ? formatMessage(r.late, { late: s.work.late, attempted: s.work.attempted }) : null),
  },
  daysEarly: {
    value: (s: LearnerSignals) => s.work.daysEarly,
    reason: (s: LearnerSignals) =>
      !s.work.attempted
        ? null
        : formatMessage(s.work.daysEarly < 0 ? r.handedInAfter : r.handedInBefore, { days: Number(round1(Math.abs(s.work.daysEarly))) }),
  },
  videoCompletion: {
    // A course with no video played yet leaves nothing unwatched (1, as nothing due for the grade).
    value: (s: LearnerSignals) => (s.videos ? s.videos.completed / s.videos.course : 1),
    reason: (s: LearnerSignals) =>
      !s.videos
        ? null
        : s.videos.completed
          ? formatMessage(r.watchedSome, { completed: s.videos.completed, videos: s.videos.course })
          : formatMessage(r.watchedNone, { videos: s.videos.course }),
  },
  attemptsPerCorrect: {
    value: (s: LearnerSignals) => Math.log((s.learner.attempts + 1) / (s.learner.correct + 1)),
    reason: (s: LearnerSignals) => (s.learner.attempts ? formatMessage(r.attempts, { attempts: s.learner.attempts, correct: s.learner.correct }) : null),
  },
  enrolledBeforeStart: {
    value: (s: LearnerSignals) => Math.log1p(s.enrolledDaysBeforeStart),
    reason: (s: LearnerSignals) => formatMessage(r.enrolledBeforeStart, { days: s.enrolledDaysBeforeStart }),
  },
  enrolledAfterStart: {
    value: (s: LearnerSignals) => Math.log1p(s.enrolledDaysAfterStart),
    reason: (s: LearnerSignals) => (s.enrolledDaysAfterStart ? formatMessage(r.enrolledAfterStart, { days: s.enrolledDaysAfterStart }) : null),
  },
  elapsed: {
    value: (s: LearnerSignals) => s.elapsed,
    reason: null,
  },
} as const satisfies Record<string, { value: (s: LearnerSignals) => number; reason: ((s: LearnerSignals) => string | null) | null }>;

export type FeatureName = keyof typeof FEATURES;
export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[];

export function featureVector(s: LearnerSignals): number[] {
  return FEATURE_NAMES.map((n) => FEATURES[n].value(s));
}

/** The signals of the cohort's eligible learners (or of `learners`). */
export async function learnerSignals(lake: Lake, cohort: Cohort, learners: readonly CohortLearner[] = cohort.eligible): Promise<LearnerSignals[]> {
  const [days, work, video] = await Promise.all([loadActivityDays(lake, cohort), loadGradedWork(lake, cohort), loadVideoCompletion(lake, cohort)]);
  const today = dayNumber(cohort.at);
  const { start, end, at } = cohort;
  const elapsed = start && end && end > start ? Math.max(0, Math.min(1, (at.getTime() - start.getTime()) / (end.getTime() - start.getTime()))) : 0;
  return learners.map((l) => {
    const mine = days.get(l.userId) ?? [];
    const since = l.lastActivity ?? new Date(Math.max(l.enrolledAt?.getTime() ?? at.getTime(), start?.getTime() ?? 0));
    const daysQuiet = Math.max(0, Math.floor((at.getTime() - since.getTime()) / DAY_MS));
    const g = gaps(mine);
    const baselineDays = activeDaysIn(mine, today - 6 - BASELINE_DAYS, today - 6);
    const enrolledMs = l.enrolledAt?.getTime() ?? at.getTime();
    const daysEnrolled = Math.max(1, (at.getTime() - Math.max(enrolledMs, start?.getTime() ?? 0)) / DAY_MS);
    return {
      learner: l,
      daysQuiet,
      neverActive: !l.lastActivity,
      usualGap: g.length >= 2 ? Math.max(1, median(g)) : null,
      activeLastWeek: activeDaysIn(mine, today - 6, today + 1),
      baselinePerWeek: baselineDays >= MIN_BASELINE_ACTIVE_DAYS ? (baselineDays * 7) / BASELINE_DAYS : null,
      activeDaysPerWeek: Math.min(7, (mine.length * 7) / daysEnrolled),
      work: workStanding(work, l, at),
      enrolledDaysBeforeStart: start ? Math.max(0, Math.floor((start.getTime() - enrolledMs) / DAY_MS)) : 0,
      enrolledDaysAfterStart: start ? Math.max(0, Math.floor((enrolledMs - start.getTime()) / DAY_MS)) : 0,
      elapsed,
      videos: video.courseVideos ? { completed: video.completed.get(l.userId) ?? 0, course: video.courseVideos } : null,
    };
  });
}
