import type { DashboardSnapshot, EngagementWidget, VideoTimeline } from '../lib/metrics/dashboardTypes';
import { addDays, parseDay, weekOf } from '../components/dashboard/dashboardWindow';

/** The Monday-to-Monday weeks overlapping [from, to), with made-up figures. */
function weeksOf(from: string, to: string): EngagementWidget['weeks'] {
  const weeks: EngagementWidget['weeks'] = [];
  for (let week = weekOf(parseDay(from)!).from, i = 0; week < to; week = addDays(week, 7), i++) {
    weeks.push({ weekStart: week, enrolled: 100 + 6 * i, active: 60 - 4 * i, watchedVideo: 41 - 3 * i, triedProblem: 30 - 2 * i, avgTimeSpentSeconds: 1800 - 150 * i });
  }
  return weeks;
}

/** A hand-made dashboard payload, for checking what the page renders from the contract alone. */
export function fixtureSnapshot(courseId: string, from: string, to: string, asOf = '2099-01-01T00:00:00.000Z'): DashboardSnapshot {
  const minutes = Array.from({ length: 60 }, (_, i) => ({
    minute: new Date(Date.UTC(2026, 10, 18, 9, i)).toISOString(),
    events: i % 7,
    learners: i % 3,
  }));
  return {
    courseId,
    displayName: 'Fixture 101',
    from: `${from}T00:00:00.000Z`,
    to: `${to}T00:00:00.000Z`,
    asOf,
    widgets: {
      activeNow: { learners: 17, windowMinutes: 5 },
      eventsPerMinute: { minutes, lastMinute: 5 },
      liveFeed: {
        items: [
          { time: '2026-11-18T09:59:58.000Z', eventId: 'e3', userId: 3, username: 'carol', name: 'problem_check', verb: 'answered', target: 'Quiz 1 — check 2 (correct)' },
          { time: '2026-11-18T09:59:40.000Z', eventId: 'e2', userId: 2, username: 'bob', name: 'play_video', verb: 'played', target: 'Welcome video' },
          { time: '2026-11-18T09:58:01.000Z', eventId: 'e1', userId: 1, username: 'alice', name: 'edx.course.enrollment.activated', verb: 'enrolled', target: '' },
        ],
      },
      engagement: {
        enrolled: 120,
        active: 48,
        watchedVideo: 30,
        triedProblem: 21,
        avgTimeSpentSeconds: 1325,
        weeks: weeksOf(from, to),
      },
      unitCompletion: {
        enrolled: 120,
        units: [
          { blockId: 'block-v1:F+101+2026+type@vertical+block@u1', name: 'Welcome', section: 'Getting started', subsection: 'Orientation', learnersCompleted: 96 },
          { blockId: 'block-v1:F+101+2026+type@vertical+block@u2', name: 'How this course works', section: 'Getting started', subsection: 'Orientation', learnersCompleted: 80 },
          { blockId: 'block-v1:F+101+2026+type@vertical+block@u3', name: 'First quiz', section: 'Week 1', subsection: 'Reading tracking logs', learnersCompleted: 41 },
        ],
      },
      grades: {
        bins: Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: (i + 1) * 10, learners: [5, 3, 4, 6, 8, 12, 9, 7, 4, 2][i]! })),
        graded: 60,
        passed: 34,
        passRate: 34 / 60,
        passingGrade: 0.5,
      },
      demographics: {
        learners: 120,
        gender: [
          { value: 'Female', learners: 58 },
          { value: 'Male', learners: 50 },
          { value: 'unknown', learners: 12 },
        ],
        levelOfEducation: [
          { value: "Bachelor's degree", learners: 50 },
          { value: "Master's or professional degree", learners: 30 },
          { value: 'Secondary / high school', learners: 25 },
          { value: 'unknown', learners: 15 },
        ],
        ageBand: [
          { value: 'under 18', learners: 5 },
          { value: '18–25', learners: 40 },
          { value: '26–40', learners: 50 },
          { value: '41+', learners: 15 },
          { value: 'unknown', learners: 10 },
        ],
        country: [
          { value: 'FR', learners: 40 },
          { value: 'IN', learners: 35 },
          { value: 'US', learners: 30 },
          { value: 'unknown', learners: 15 },
        ],
      },
      videos: {
        videos: [
          { videoId: 'vid-welcome', name: 'Welcome video', durationSeconds: 300, uniqueViewers: 25, watchSeconds: 5400, avgWatchSecondsPerViewer: 216, completeViews: 12 },
          { videoId: 'vid-logs', name: 'Reading tracking logs — video 1', durationSeconds: 420, uniqueViewers: 9, watchSeconds: 2100, avgWatchSecondsPerViewer: 233.3, completeViews: 3 },
        ],
      },
      problems: {
        problems: [
          { problemId: 'block-v1:F+101+2026+type@problem+block@p1', name: 'Quiz 1 — check 1', attempts: 40, learners: 20, correctFirstAttempt: 12, pctCorrect: 0.9, attemptsPerCorrect: 2.22 },
          { problemId: 'block-v1:F+101+2026+type@problem+block@p2', name: 'Quiz 1 — check 2', attempts: 15, learners: 10, correctFirstAttempt: 0, pctCorrect: 0, attemptsPerCorrect: null },
        ],
      },
    },
  };
}

export function fixtureTimeline(videoId: string): VideoTimeline {
  return {
    videoId,
    durationSeconds: 300,
    seconds: Array.from({ length: 300 }, (_, second) => ({
      second,
      viewers: Math.max(0, 25 - Math.floor(second / 15)),
      views: Math.max(0, 30 - Math.floor(second / 12)),
    })),
  };
}
