/**
 * Builders of on-disk tracking-log lines (shape A, as the LMS writes them), used by
 * the demo seed and simulator, the tests and the benchmarks — so everything we
 * generate goes through the same parser as real logs.
 */

export interface Actor {
  userId: number;
  username: string;
  session: string;
}

const LMS = 'https://lms.demo.lookout.invalid';

/** isoformat() as Python writes it: microseconds, +00:00. */
export function trackingTime(d: Date, micros = 0): string {
  const base = d.toISOString().slice(0, 23);
  return `${base}${String(micros % 1000).padStart(3, '0')}+00:00`;
}

function envelope(opts: {
  actor: Actor;
  courseId: string;
  time: Date;
  micros?: number;
  name: string;
  eventType?: string;
  source: 'browser' | 'server' | 'mobile';
  page?: string | null;
  event: unknown;
  module?: { usage_key: string; display_name: string };
}): string {
  const org = opts.courseId.replace(/^course-v1:/, '').split('+')[0] ?? '';
  const context: Record<string, unknown> = {
    user_id: opts.actor.userId,
    org_id: org,
    course_id: opts.courseId,
    path: opts.source === 'browser' ? '/event' : `/courses/${opts.courseId}/xblock/handler`,
  };
  if (opts.module) context.module = opts.module;
  return JSON.stringify({
    username: opts.actor.username,
    event_type: opts.eventType ?? opts.name,
    name: opts.name,
    event_source: opts.source,
    time: trackingTime(opts.time, opts.micros),
    ip: '203.0.113.7',
    agent: 'Mozilla/5.0 (X11; Linux x86_64) Lookout demo',
    host: 'lms.demo.lookout.invalid',
    referer: `${LMS}/courses/${opts.courseId}/courseware/`,
    accept_language: 'en-US,en;q=0.9',
    session: opts.actor.session,
    page: opts.page === undefined ? `${LMS}/courses/${opts.courseId}/courseware/` : opts.page,
    context,
    // Browser payloads are JSON-encoded strings, as the LMS writes them.
    event: opts.source === 'browser' ? JSON.stringify(opts.event) : opts.event,
  });
}

type Common = { actor: Actor; courseId: string; time: Date; micros?: number };

export function enrollmentActivated(o: Common & { mode?: string }): string {
  return envelope({
    ...o,
    name: 'edx.course.enrollment.activated',
    source: 'server',
    page: null,
    event: { course_id: o.courseId, user_id: o.actor.userId, mode: o.mode ?? 'audit' },
  });
}

export function sequenceTabSelected(o: Common & { sequential: string; tab: number; tabCount: number }): string {
  return envelope({
    ...o,
    name: 'edx.ui.lms.sequence.tab_selected',
    eventType: 'seq_goto',
    source: 'browser',
    event: { current_tab: 1, tab_count: o.tabCount, target_tab: o.tab, id: o.sequential, widget_placement: 'top', old: 1, new: o.tab },
  });
}

export type VideoAction = 'load_video' | 'play_video' | 'pause_video' | 'stop_video';

export function videoEvent(o: Common & { action: VideoAction; videoId: string; position: number; duration: number }): string {
  return envelope({
    ...o,
    name: o.action,
    source: 'browser',
    event: { id: o.videoId, code: 'html5', currentTime: round(o.position), duration: o.duration },
  });
}

export function seekVideo(o: Common & { videoId: string; from: number; to: number; duration: number }): string {
  return envelope({
    ...o,
    name: 'seek_video',
    source: 'browser',
    event: { id: o.videoId, code: 'html5', old_time: round(o.from), new_time: round(o.to), type: 'onSlideSeek', duration: o.duration },
  });
}

export function problemCheck(
  o: Common & { problem: string; problemName: string; attempts: number; correct: boolean },
): string {
  const input = `${o.problem.split('@').pop()}_2_1`;
  return envelope({
    ...o,
    name: 'problem_check',
    source: 'server',
    page: 'x_module',
    module: { usage_key: o.problem, display_name: o.problemName },
    event: {
      problem_id: o.problem,
      attempts: o.attempts,
      success: o.correct ? 'correct' : 'incorrect',
      grade: o.correct ? 1 : 0,
      max_grade: 1,
      answers: { [input]: o.correct ? 'choice_1' : 'choice_2' },
      correct_map: { [input]: { correctness: o.correct ? 'correct' : 'incorrect', npoints: null, msg: '', hint: '', hintmode: null, queuestate: null } },
      state: { seed: 1, done: true },
    },
  });
}

/**
 * The browser's twin of a check (event_source browser, the answers as a URL query string, as the
 * LMS's problem JS posts them): activity, not an attempt (lib/events/activity.ts).
 */
export function problemCheckBrowser(o: Common & { problem: string }): string {
  const line = JSON.parse(envelope({ ...o, name: 'problem_check', source: 'browser', event: '' }));
  line.event = `input_${o.problem.split('@').pop()}_2_1=choice_1`;
  return JSON.stringify(line);
}

/**
 * A staff rescore (or, with `overridden`, a score override) of a learner's problem, as edx-platform
 * emits it (lms/djangoapps/grades/events.py grade_updated): the request is the instructor's
 * (`actor`, context.user_id), the learner is event.user_id, ids as strings.
 */
export function problemRescored(
  o: Common & { learnerId: number; problem: string; earned: number; possible: number; overridden?: boolean },
): string {
  const name = o.overridden ? 'edx.grades.problem.score_overridden' : 'edx.grades.problem.rescored';
  return envelope({
    ...o,
    name,
    source: 'server',
    page: 'x_module',
    event: {
      course_id: o.courseId,
      user_id: String(o.learnerId),
      problem_id: o.problem,
      new_weighted_earned: o.earned,
      new_weighted_possible: o.possible,
      only_if_higher: false,
      instructor_id: String(o.actor.userId),
      event_transaction_id: '0b3a5f1e-6a43-4d1f-9c33-5c1b6c0d2f10',
      event_transaction_type: name,
    },
  });
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function enrollmentDeactivated(o: Common & { mode?: string }): string {
  return envelope({
    ...o,
    name: 'edx.course.enrollment.deactivated',
    source: 'server',
    page: null,
    event: { course_id: o.courseId, user_id: o.actor.userId, mode: o.mode ?? 'audit' },
  });
}

/** The grades task's course grade for a learner (percent 0–1), as the LMS logs it. */
export function gradeCalculated(o: Common & { percent: number }): string {
  return envelope({
    ...o,
    name: 'edx.grades.course.grade_calculated',
    source: 'server',
    page: null,
    event: { user_id: String(o.actor.userId), course_id: o.courseId, percent_grade: o.percent, letter_grade: o.percent >= 0.5 ? 'Pass' : '', event_transaction_type: 'edx.grades.problem.submitted' },
  });
}

/** A block marked complete (or partly) for a learner. */
export function completionChanged(o: Common & { block: string; blockType: string; completion?: number }): string {
  return envelope({
    ...o,
    name: 'edx.completion.block_completion.changed',
    source: 'server',
    page: null,
    event: { user_id: o.actor.userId, course_id: o.courseId, context_key: o.courseId, block_id: o.block, block_type: o.blockType, completion: o.completion ?? 1, is_new: true },
  });
}
