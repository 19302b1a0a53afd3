/**
 * The course dashboard payload: what `GET /api/courses/<courseId>/dashboard?from=&to=` returns
 * and what the page renders (its widgets arrive the same way over the live socket).
 * Times are ISO 8601 UTC strings; windows are half-open [from, to).
 * A widget that cannot be computed from what the lake holds says why in `missing`
 * (e.g. "no course structure synced from the LMS yet"), and the page shows that sentence.
 */

export interface DashboardSnapshot {
  courseId: string;
  displayName: string;
  from: string;
  to: string;
  /** When the snapshot was computed. */
  asOf: string;
  widgets: DashboardWidgets;
}

export interface DashboardWidgets {
  activeNow: ActiveNowWidget;
  eventsPerMinute: EventsPerMinuteWidget;
  liveFeed: LiveFeedWidget;
  engagement: EngagementWidget;
  unitCompletion: UnitCompletionWidget;
  grades: GradesWidget;
  demographics: DemographicsWidget;
  videos: VideosWidget;
  problems: ProblemsWidget;
}

export type DashboardWidgetName = keyof DashboardWidgets;

interface Explained {
  /** Set when the widget has nothing to show: a sentence saying what is missing. */
  missing?: string;
}

/** Learners with a learner event in the last 5 minutes. */
export interface ActiveNowWidget {
  learners: number;
  windowMinutes: number;
}

/** The last 60 minutes, oldest first, zero-filled. */
export interface EventsPerMinuteWidget {
  minutes: { minute: string; events: number; learners: number }[];
  /** Learner events in the last 60 seconds (a sliding minute). */
  lastMinute: number;
}

/** The most recent learner actions, newest first (usernames, never emails or full names). */
export interface LiveFeedWidget extends Explained {
  items: { time: string; eventId: string; userId: number; username: string; name: string; verb: string; target: string }[];
}

export interface EngagementFigures {
  /** Active enrollments at the end of the window. */
  enrolled: number;
  /** Distinct learners with a learner event. */
  active: number;
  watchedVideo: number;
  triedProblem: number;
  /** Average time spent per active learner (DESIGN §5), in seconds. */
  avgTimeSpentSeconds: number;
}

/** Figures for the selected window, and the Monday-to-Monday weeks that overlap it. */
export interface EngagementWidget extends EngagementFigures, Explained {
  weeks: ({ weekStart: string } & EngagementFigures)[];
  /** The first day of the weeks: the course's setting, else the viewer's locale's (lib/metrics/weekStart.ts); absent: Monday. */
  weekStartsOn?: 'monday' | 'sunday';
}

/** Distinct learners who completed each unit, in course order, with structure names. */
export interface UnitCompletionWidget extends Explained {
  enrolled: number;
  units: { blockId: string; name: string; section: string; subsection: string; learnersCompleted: number }[];
}

/** Latest percent grade per enrolled learner in 10 bins [0,10) … [90,100]. */
export interface GradesWidget extends Explained {
  bins: { from: number; to: number; learners: number }[];
  graded: number;
  passed: number;
  /** passed / graded, or null when nobody is graded. */
  passRate: number | null;
  /** The course's passing grade (0–1), when known. */
  passingGrade: number | null;
}

export interface CountByValue {
  value: string;
  learners: number;
}

/** Enrolled learners by profile field; unknown values are counted as 'unknown'. */
export interface DemographicsWidget extends Explained {
  learners: number;
  gender: CountByValue[];
  levelOfEducation: CountByValue[];
  ageBand: CountByValue[];
  country: CountByValue[];
}

export interface VideoFigures {
  videoId: string;
  name: string;
  durationSeconds: number | null;
  uniqueViewers: number;
  watchSeconds: number;
  avgWatchSecondsPerViewer: number;
  /** Learners who watched ≥ 95 % of it; null when its length is unknown (no event or structure gave it). */
  completeViews: number | null;
}

export interface VideosWidget extends Explained {
  videos: VideoFigures[];
}

/** Second by second for one video: distinct learners and segments covering each second. */
export interface VideoTimeline extends Explained {
  videoId: string;
  durationSeconds: number | null;
  seconds: { second: number; viewers: number; views: number }[];
}

export interface ProblemFigures {
  problemId: string;
  name: string;
  /** Server problem_check events. */
  attempts: number;
  learners: number;
  correctFirstAttempt: number;
  /** Share of learners who tried it and got it right at some point (0–1). */
  pctCorrect: number;
  /** attempts / correct answers; null with no correct answer. */
  attemptsPerCorrect: number | null;
}

export interface ProblemsWidget extends Explained {
  problems: ProblemFigures[];
}
