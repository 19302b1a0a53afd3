/**
 * The shape of the benchmark lake: how many courses, learners and events, derived from the
 * requested event count (100 million at full size; scaled down for development). Every value
 * the SQL generator uses is here, so the report can print what was asked for.
 */

export const LARGE_COURSE_ID = 'course-v1:BenchX+Big101+2026';
export const META_KEY = 'bench.dashboard';
export const FULL_EVENTS = 100_000_000;

export interface LakeShape {
  /** Requested events in total (sessions + enrollments + the grade events of sessions). */
  events: number;
  courses: number;
  /** Learners enrolled in the large course (user ids 1..largeLearners). */
  largeLearners: number;
  /** Staff on the large course who also produce events (excluded from learner metrics). */
  largeStaff: number;
  /** Events of the large course's sessions. */
  largeEvents: number;
  /** Users the other courses draw their learners from (ids 1..userPool). */
  userPool: number;
  /** Multiplies the other courses' learner counts (1 at full size). */
  scale: number;
  /** Days the large course has run; the other courses run 28–119 days. */
  largeCourseDays: number;
  /** Subsections of the large course (4 per section). */
  largeSequences: number;
  /** Last instant of the lake's history, on a 5-minute edge (epoch seconds). */
  endEpoch: number;
  /** Sessions per INSERT ... SELECT (≈ 21 events each). */
  sessionsPerChunk: number;
}

export function lakeShape(events: number, endEpoch: number): LakeShape {
  const scale = events / FULL_EVENTS;
  return {
    events,
    courses: 1000,
    largeLearners: Math.max(200, Math.round(25_000 * scale)),
    largeStaff: 10,
    largeEvents: Math.max(50_000, Math.round(events * 0.06)),
    userPool: Math.max(2_000, Math.round(320_000 * scale)),
    scale,
    largeCourseDays: 84,
    largeSequences: 48,
    endEpoch,
    sessionsPerChunk: 250_000,
  };
}

/** Ids of the large course's staff (outside the learner pool). */
export const STAFF_USER_ID_BASE = 9_000_000;
