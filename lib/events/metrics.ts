/**
 * The metric columns of a tracking event (SCHEMA §6, DESIGN §5), from its decoded payload.
 */
import { blockIdOf, usageKeyIn, videoUsageKey } from './courseKey';
import { num, str } from './values';

/** Browser `event_type`s of video events; mobile and newer ones are all `edx.video.*`. */
export const VIDEO_EVENT_NAMES: ReadonlySet<string> = new Set([
  'load_video',
  'play_video',
  'pause_video',
  'seek_video',
  'stop_video',
  'complete_video',
  'speed_change_video',
  'show_transcript',
  'hide_transcript',
  'video_show_cc_menu',
  'video_hide_cc_menu',
]);

export const ENROLLMENT_EVENT_NAMES: ReadonlySet<string> = new Set([
  'edx.course.enrollment.activated',
  'edx.course.enrollment.deactivated',
  'edx.course.enrollment.mode_changed',
]);

/**
 * Events about a learner that someone or something else causes: staff enroll learners, rescore and
 * override their scores; celery tasks grade and complete for them. The learner is the payload's
 * `user_id` (context.user_id is whoever made the request), as event-routing-backends makes the
 * statement's actor. Payloads: edx-platform lms/djangoapps/grades/events.py (grades, rescore,
 * override; user_id as a string), openedx/completion (block_completion.changed), common/djangoapps/
 * student/models (enrollment).
 */
export const ACTED_UPON_NAMES: ReadonlySet<string> = new Set([
  ...ENROLLMENT_EVENT_NAMES,
  'edx.completion.block_completion.changed',
  'edx.grades.problem.submitted',
  'edx.grades.problem.rescored',
  'edx.grades.problem.score_overridden',
  'edx.grades.problem.state_deleted',
  'edx.grades.subsection.grade_calculated',
  'edx.grades.subsection.score_overridden',
  'edx.grades.course.grade_calculated',
  'edx.course.grade.passed.first_time',
  'edx.course.grade.now_passed',
  'edx.course.grade.now_failed',
]);

export function isActedUpon(name: string): boolean {
  return ACTED_UPON_NAMES.has(name);
}

/** Names whose context.module / payload identify a CAPA problem. */
const PROBLEM_NAME_RE = /^(?:problem_|save_problem|reset_problem|showanswer|edx\.problem\.|edx\.grades\.problem\.)/;

export function isVideoEvent(name: string): boolean {
  return VIDEO_EVENT_NAMES.has(name) || name.startsWith('edx.video.');
}

export interface MetricFields {
  block_id: string;
  video_id: string;
  problem_id: string;
  video_position: number | null;
  video_old_time: number | null;
  video_new_time: number | null;
  video_speed: number | null;
  video_duration: number | null;
  problem_success: string;
  problem_grade: number | null;
  problem_max_grade: number | null;
  problem_attempts: number | null;
  grade_percent: number | null;
  completion: number | null;
  enrollment_mode: string;
}

export interface MetricInputs {
  name: string;
  event_source: string;
  course_id: string;
  /** context.module.usage_key */
  moduleKey: string;
  /** The payload's members ({} unless it is or decodes to a JSON object). */
  p: Record<string, unknown>;
}

export function extractMetrics({ name, event_source, course_id, moduleKey, p }: MetricInputs): MetricFields {
  const out: MetricFields = {
    block_id: '',
    video_id: '',
    problem_id: '',
    video_position: null,
    video_old_time: null,
    video_new_time: null,
    video_speed: null,
    video_duration: null,
    problem_success: '',
    problem_grade: null,
    problem_max_grade: null,
    problem_attempts: null,
    grade_percent: null,
    completion: null,
    enrollment_mode: '',
  };

  let videoBlock = '';
  if (isVideoEvent(name)) {
    // Browser: `id` is the bare block id; mobile: `module_id` is the full usage key.
    const mobileKey = usageKeyIn(p.module_id);
    // A legacy i4x://org/course/category/name module id is the i4x-org-course-category-name id the LMS
    // writes for the same video (edx-platform track/views/segmentio.py, test_segmentio.py test_video_event).
    const legacyModule = /^i4x:\/\/[^\s?#]+$/.test(str(p.module_id)) ? str(p.module_id).replace('i4x://', 'i4x-').replace(/\//g, '-') : '';
    out.video_id = str(p.id) || (mobileKey ? blockIdOf(mobileKey) : legacyModule);
    out.video_position = num(p.currentTime ?? p.current_time);
    out.video_old_time = num(p.old_time);
    out.video_new_time = num(p.new_time);
    out.video_speed = num(p.new_speed);
    const duration = num(p.duration);
    out.video_duration = duration !== null && duration > 0 ? duration : null; // 0 = not known yet
    videoBlock = mobileKey || (out.video_id ? videoUsageKey(course_id, out.video_id) : '');
  }

  if (PROBLEM_NAME_RE.test(name)) {
    const problem = str(p.problem_id) || usageKeyIn(p.problem) || (moduleKey.includes('type@problem') ? moduleKey : '');
    out.problem_id = problem;
  }

  // Only the server problem_check carries correctness (SCHEMA §6c).
  if ((name === 'problem_check' || name === 'save_problem_check') && event_source === 'server') {
    const success = str(p.success);
    out.problem_success = success === 'correct' || success === 'incorrect' ? success : '';
    out.problem_grade = num(p.grade);
    out.problem_max_grade = num(p.max_grade);
    // The column is UInt32: anything else would fail the whole batch's insert.
    const attempts = num(p.attempts);
    out.problem_attempts = attempts !== null && Number.isInteger(attempts) && attempts >= 0 && attempts <= 0xffffffff ? attempts : null;
  }

  // A staff rescore or override: the learner's new score on the problem (edx-platform grades/events.py).
  if (name === 'edx.grades.problem.rescored' || name === 'edx.grades.problem.score_overridden') {
    out.problem_grade = num(p.new_weighted_earned);
    out.problem_max_grade = num(p.new_weighted_possible);
    if (out.problem_grade !== null && out.problem_max_grade !== null && out.problem_max_grade > 0) {
      out.problem_success = out.problem_grade >= out.problem_max_grade ? 'correct' : 'incorrect';
    }
  }

  if (name === 'edx.grades.course.grade_calculated') out.grade_percent = num(p.percent_grade ?? p.percent);
  if (name === 'edx.completion.block_completion.changed') out.completion = num(p.completion);
  if (ENROLLMENT_EVENT_NAMES.has(name)) out.enrollment_mode = str(p.mode);

  const payloadId = str(p.id);
  out.block_id =
    str(p.block_id) ||
    (name.startsWith('edx.grades.course.') ? '' : moduleKey) || // a course grade is not about the triggering problem
    str(p.component_usage_id) ||
    (usageKeyIn(payloadId) === payloadId ? payloadId : '') ||
    videoBlock ||
    out.problem_id;
  return out;
}
