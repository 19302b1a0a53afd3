/**
 * DESIGN §5 "learner event": an event with a known learner (user_id > 0, not anonymous) in a
 * course, from browser/mobile, or a learner-caused server event. Staff, instructors and beta
 * testers are excluded later, at query time. This is the `is_learner` column, which every metric
 * reads as "learner activity" (lib/events/activity.ts).
 */
import { ENROLLMENT_EVENT_NAMES } from './metrics';

/**
 * Server events that a learner's own action causes. Everything else from the server is not a
 * learner event: enrollment changes (enrolling is not starting the course: edX's pipeline does not
 * count them as activity, and a staff batch enrollment is not the learner's doing), implicit
 * URL-path requests, celery/task echoes (edx.grades.*, edx.course.grade.*,
 * edx.completion.*, certificates), Studio/course-index events, settings changes, instructor actions
 * (problem_rescore, edx.grades.problem.rescored…), and anything with context.command (manage.py).
 */
export const LEARNER_SERVER_EVENTS = {
  names: [
    // CAPA problems (server side has the correctness; browser twins are learner events anyway)
    'problem_check',
    'save_problem_check', // pre-Oct-2013 name of problem_check
    'problem_check_fail',
    'problem_save',
    'save_problem_success',
    'save_problem_fail',
    'problem_reset',
    'reset_problem',
    'reset_problem_fail',
    'showanswer',
    // completion XBlock, polls and surveys
    'edx.done.toggled',
    'xblock.poll.submitted',
    'xblock.survey.submitted',
  ],
  /** Every event whose name starts with one of these. */
  prefixes: [
    'edx.forum.', // threads, responses, comments, votes, reports, views, searches
    'edx.bookmark.',
    'edx.drag_and_drop_v2.',
    'edx.problem.hint.',
    'edx.special_exam.', // timed / practice / proctored attempt created, started, submitted…
    'openassessmentblock.', // ORA submissions, peer and self assessments
    'openassessment.',
  ],
} as const;

const NAMES: ReadonlySet<string> = new Set(LEARNER_SERVER_EVENTS.names);

/** True for a server event name that a learner's own action causes. */
export function isLearnerServerEvent(name: string): boolean {
  return NAMES.has(name) || LEARNER_SERVER_EVENTS.prefixes.some((p) => name.startsWith(p));
}

export interface LearnerInputs {
  name: string;
  event_source: string;
  user_id: number;
  username: string;
  course_id: string;
  /** context.command is set (the event came from a management command). */
  fromCommand: boolean;
}

/** DESIGN §5: 1 when the event is a learner event. */
export function isLearnerEvent(e: LearnerInputs): 0 | 1 {
  if (!(e.user_id > 0) || e.username === 'anonymous' || e.course_id === '' || e.fromCommand) return 0;
  if (e.name.startsWith('/')) return 0; // implicit request log
  if (ENROLLMENT_EVENT_NAMES.has(e.name)) return 0;
  if (e.event_source === 'browser' || e.event_source === 'mobile') return 1;
  if (e.event_source === 'server' && isLearnerServerEvent(e.name)) return 1;
  return 0;
}
