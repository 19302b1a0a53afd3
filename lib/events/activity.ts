/**
 * "Learner activity" (DESIGN §5), defined once, for every metric: engagement (active, watched,
 * tried), time spent, the live widgets and the early-warning rules all read it from here — the
 * queries through these SQL fragments, the lake's views through the same fragments, named as
 * migration macros (lib/lake/migrate.ts replaces `{{NAME}}` in a migration's text).
 *
 * - An event is activity when its `is_learner` column is 1: lib/events/learner.ts decides it at
 *   parse time (isLearnerEvent, and its SQL mirror in engineParse.ts). Enrolling, unenrolling and
 *   a staff member enrolling someone are not activity (edX's pipeline ignores enrollment events
 *   for activity too); the enrollment facts still say who is enrolled.
 * - "Watched a video" is a play under any of its names: browser `play_video`, mobile
 *   `edx.video.played` (event_type `play_video`), and the xAPI `played` statement (mapped to
 *   `play_video` by xapi.ts).
 * - "Tried a problem" is a server problem check (`problem_check`, or `save_problem_check`, its
 *   name before October 2013); the browser twin of a check is activity but not an attempt.
 *
 * A migration that used these macros keeps what they said when it ran: changing a definition
 * needs a new migration that recreates the views and rebuilds their tables (as 090 did).
 */
import { ENROLLMENT_EVENT_NAMES } from './metrics';

/** Every name an Open edX video action goes by, browser first then mobile (edx.video.*). */
export const VIDEO_ACTION_NAMES = {
  play: ['play_video', 'edx.video.played'],
  pause: ['pause_video', 'edx.video.paused'],
  stop: ['stop_video', 'edx.video.stopped'],
  seek: ['seek_video', 'edx.video.position.changed'],
  complete: ['complete_video', 'edx.video.completed'],
} as const;

/** Names of a server problem check (the attempt), current and pre-2013. */
export const PROBLEM_CHECK_NAMES = ['problem_check', 'save_problem_check'] as const;

const sqlList = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/** `AND`-able condition on an `events` row: a learner's activity in a course (staff are taken out at query time). */
export const LEARNER_ACTIVITY_SQL = `is_learner = 1 AND course_id != ''`;

/** Condition on an `events` row's `name`: a video play, whichever way it arrived. */
export const VIDEO_PLAY_SQL = `name IN (${sqlList(VIDEO_ACTION_NAMES.play)})`;

/** Condition on an `events` row: an attempt at a problem (a server check). */
export const PROBLEM_CHECK_SQL = `(name IN (${sqlList(PROBLEM_CHECK_NAMES)}) AND event_source = 'server')`;

/**
 * Condition on an `events` row: a learner enrolled, unenrolled or changed mode — not activity, but
 * news the live feed shows (the learner is the one enrolled, whoever made the request).
 */
export const ENROLLMENT_CHANGE_SQL = `(name IN (${sqlList([...ENROLLMENT_EVENT_NAMES])}) AND user_id > 0 AND course_id != '')`;

/**
 * Condition on an `events` row: one action, counted once. Two kinds of rows are a second row of an
 * action some other row counts: an xAPI statement stored before its actor was known (user 0, its
 * UUID as event_id; listed in xapi_unresolved) is stored again with its learner once the mapping
 * arrives (lib/xapiActors.ts), and that copy counts; a statement whose tracking-log twin counts
 * (event_source 'xapi-overlap', lib/xapiOverlap.ts). Which copy of a late statement the events
 * table still holds (it keeps the later one when it merges) changes nothing.
 */
export const COUNTED_ACTION_SQL = `NOT (user_id = 0 AND match(event_id, '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')) AND event_source != 'xapi-overlap'`;

/** The macros migrations may use, `{{NAME}}` in their text. */
export const MIGRATION_MACROS: Readonly<Record<string, string>> = {
  LEARNER_ACTIVITY: LEARNER_ACTIVITY_SQL,
  VIDEO_PLAY: VIDEO_PLAY_SQL,
  PROBLEM_CHECK: PROBLEM_CHECK_SQL,
  COUNTED_ACTION: COUNTED_ACTION_SQL,
};

