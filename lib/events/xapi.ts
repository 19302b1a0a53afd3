/**
 * xAPI 1.0.3 statements, as openedx/event-routing-backends emits them (SCHEMA §8), → LakeEvent rows.
 *
 * `name` is the Open edX event the statement was made from, found with XAPI_EVENT_MAP (verb +
 * activity type, plus an object-id or extension test where one verb covers several events).
 * Pinned against the tracking/erb twin of every xapi/ fixture.
 *
 * event_source is 'xapi', except for problem checks, whose source the metrics depend on
 * ("tried a problem" = server problem_check): `evaluated` → 'server', `attempted` (cmi.interaction)
 * → 'browser'. The per-question statements ERB adds after the first one for a multi-question problem
 * (their parent activity is the problem, not the course) stay 'xapi', so one check counts once.
 */
import { blockIdOf, courseFromUrl, courseFromUsageKey, orgFromCourseKey, usageKeyIn } from './courseKey';
import { isLearnerEvent } from './learner';
import { isPlainObject } from './payload';
import { formatLakeTime, parseEventTime } from './time';
import type { LakeEvent, ParseResult } from './types';
import { clip, num, str } from './values';
import { xapiViolation } from './xapiSchema';

export interface XapiOptions {
  receivedAt?: Date;
  /** Maps the actor (its actorKeyOf key: the anonymised account name, or mailto:/sha1: of an email) back to the LMS user. */
  resolveActor?: (actorKey: string) => { user_id: number; username: string } | undefined;
  /** The statement's original text, kept as `raw`; defaults to JSON.stringify(stmt). */
  raw?: string;
}

const EXT = {
  sessionId: 'https://w3id.org/xapi/openedx/extensions/session-id',
  videoTime: 'https://w3id.org/xapi/video/extensions/time',
  videoTimeFrom: 'https://w3id.org/xapi/video/extensions/time-from',
  videoTimeTo: 'https://w3id.org/xapi/video/extensions/time-to',
  videoLength: 'https://w3id.org/xapi/video/extensions/length',
  ccEnabled: 'https://w3id.org/xapi/video/extensions/cc-enabled',
  speedTo: 'https://w3id.org/xapi/openedx/extension/speed-to',
  endingPoint: 'http://id.tincanapi.com/extension/ending-point',
  attemptId: 'http://id.tincanapi.com/extension/attempt-id',
  progress: 'https://w3id.org/xapi/cmi5/result/extensions/progress',
  enrollmentMode: 'https://w3id.org/xapi/acrossx/extensions/type',
} as const;

/** What a mapping rule can look at. */
interface StatementView {
  verb: string; // last path segment of verb.id: 'played', 'evaluated'…
  type: string; // last path segment of object.definition.type: 'video', 'cmi.interaction'…
  objectId: string;
  resultExt: Record<string, unknown>;
  contextExt: Record<string, unknown>;
}

/** Where the Open edX event came from: decides is_learner like the tracking parser does. */
type Origin = 'browser' | 'server' | 'task';

interface XapiRule {
  verb: string;
  /** Activity type (last path segment); omitted = any. */
  type?: string | RegExp;
  when?: (s: StatementView) => boolean;
  name: string | ((s: StatementView) => string);
  origin: Origin;
  /** Stored event_source when it matters for metrics; default 'xapi'. */
  source?: string;
}

const isThread = (s: StatementView) => s.objectId.includes('/threads/');
const forum = (action: string) => (s: StatementView) => `edx.forum.${isThread(s) ? 'thread' : 'response'}.${action}`;
const examKind = (s: StatementView) => s.type.replace(/-assessment$/, '');

/** verb + activity type → Open edX event name. First matching row wins. */
export const XAPI_EVENT_MAP: readonly XapiRule[] = [
  // video (browser)
  { verb: 'initialized', type: 'video', name: 'load_video', origin: 'browser' },
  { verb: 'played', type: 'video', name: 'play_video', origin: 'browser' },
  { verb: 'paused', type: 'video', name: 'pause_video', origin: 'browser' },
  { verb: 'seeked', type: 'video', name: 'seek_video', origin: 'browser' },
  { verb: 'terminated', type: 'video', name: 'stop_video', origin: 'browser' },
  { verb: 'completed', type: 'video', name: 'complete_video', origin: 'browser' },
  { verb: 'interacted', type: 'video', when: (s) => EXT.speedTo in s.resultExt, name: 'speed_change_video', origin: 'browser' },
  { verb: 'interacted', type: 'video', when: (s) => s.resultExt[EXT.ccEnabled] === false, name: 'hide_transcript', origin: 'browser' },
  { verb: 'interacted', type: 'video', name: 'show_transcript', origin: 'browser' },
  // problems
  { verb: 'evaluated', type: 'cmi.interaction', name: 'problem_check', origin: 'server', source: 'server' },
  { verb: 'attempted', type: 'cmi.interaction', name: 'problem_check', origin: 'browser', source: 'browser' },
  { verb: 'attempted', type: 'question', name: 'edx.grades.problem.submitted', origin: 'task' },
  { verb: 'completed', type: 'cmi.interaction', name: 'edx.problem.completed', origin: 'task' },
  { verb: 'asked', type: 'solution', name: 'showanswer', origin: 'server' },
  { verb: 'asked', type: 'supplemental-info', name: 'edx.problem.hint.demandhint_displayed', origin: 'server' },
  // enrollment, grades, completion
  { verb: 'registered', type: 'course', name: 'edx.course.enrollment.activated', origin: 'server' },
  { verb: 'unregistered', type: 'course', name: 'edx.course.enrollment.deactivated', origin: 'server' },
  { verb: 'earned', type: 'course', name: 'edx.grades.course.grade_calculated', origin: 'task' },
  { verb: 'earned', name: 'edx.grades.subsection.grade_calculated', origin: 'task' },
  { verb: 'passed', type: 'course', name: 'edx.course.grade.now_passed', origin: 'task' },
  { verb: 'failed', type: 'course', name: 'edx.course.grade.now_failed', origin: 'task' },
  { verb: 'progressed', name: 'edx.completion.block_completion.changed', origin: 'task' },
  // navigation (browser)
  { verb: 'navigated', type: 'link', name: 'edx.ui.lms.link_clicked', origin: 'browser' },
  { verb: 'navigated', type: 'module', name: 'edx.ui.lms.outline.selected', origin: 'browser' },
  { verb: 'navigated', when: (s) => s.contextExt[EXT.endingPoint] === 'next unit', name: 'edx.ui.lms.sequence.next_selected', origin: 'browser' },
  { verb: 'navigated', when: (s) => s.contextExt[EXT.endingPoint] === 'previous unit', name: 'edx.ui.lms.sequence.previous_selected', origin: 'browser' },
  { verb: 'navigated', name: 'edx.ui.lms.sequence.tab_selected', origin: 'browser' },
  // forum (threads are /threads/<id>; responses and comments are both /comments/<id>)
  { verb: 'posted', type: 'discussion', name: forum('created'), origin: 'server' },
  { verb: 'edited', type: 'discussion', name: forum('edited'), origin: 'server' },
  { verb: 'deleted', type: 'discussion', name: forum('deleted'), origin: 'server' },
  { verb: 'reported', type: 'discussion', name: forum('reported'), origin: 'server' },
  { verb: 'unreported', type: 'discussion', name: forum('unreported'), origin: 'server' },
  { verb: 'voted', type: 'discussion', name: forum('voted'), origin: 'server' },
  { verb: 'viewed', type: 'discussion', name: 'edx.forum.thread.viewed', origin: 'server' },
  // special exams: type is practice-assessment / proctored-assessment / timed-assessment
  { verb: 'initialized', type: /-assessment$/, name: (s) => `edx.special_exam.${examKind(s)}.attempt.created`, origin: 'server' },
  { verb: 'terminated', type: /-assessment$/, name: (s) => `edx.special_exam.${examKind(s)}.attempt.submitted`, origin: 'server' },
];

/**
 * Open edX events whose xAPI statement is identical to another event's: a statement can only be
 * mapped back to the name on the right. (Event name → the name statementToEvent gives it.)
 */
export const XAPI_COLLAPSED_NAMES: Readonly<Record<string, string>> = {
  'edx.video.closed_captions.shown': 'show_transcript',
  video_show_cc_menu: 'show_transcript',
  'edx.video.closed_captions.hidden': 'hide_transcript',
  video_hide_cc_menu: 'hide_transcript',
  'edx.forum.comment.created': 'edx.forum.response.created',
  'edx.forum.comment.edited': 'edx.forum.response.edited',
  'edx.forum.comment.deleted': 'edx.forum.response.deleted',
  'edx.forum.comment.reported': 'edx.forum.response.reported',
  'edx.forum.comment.unreported': 'edx.forum.response.unreported',
  'edx.forum.comment.voted': 'edx.forum.response.voted',
  'edx.course.enrollment.mode_changed': 'edx.course.enrollment.activated',
  'edx.course.grade.passed.first_time': 'edx.course.grade.now_passed',
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function lastSegment(iri: unknown): string {
  const s = str(iri);
  return s.slice(s.lastIndexOf('/') + 1);
}

function hasIdentifiedActor(actor: Record<string, unknown>): boolean {
  if (isPlainObject(actor.account) && str(actor.account.name) !== '') return true;
  if (str(actor.mbox) || str(actor.mbox_sha1sum) || str(actor.openid)) return true;
  return Array.isArray(actor.member) && actor.member.length > 0; // anonymous Group
}

/**
 * The key a statement's actor is resolved by (lib/xapiActors.ts): its account name (trimmed, lowercased), `mailto:<email>`
 * (lowercased) for an mbox, `sha1:<hex>` for an mbox_sha1sum; undefined for anything else.
 */
export function actorKeyOf(actor: unknown): string | undefined {
  if (!isPlainObject(actor)) return undefined;
  if (isPlainObject(actor.account) && typeof actor.account.name === 'string' && actor.account.name.trim() !== '') {
    return actor.account.name.trim().toLowerCase();
  }
  if (typeof actor.mbox === 'string' && actor.mbox.trim() !== '') {
    const email = actor.mbox.trim().replace(/^mailto:/i, '');
    return email === '' ? undefined : `mailto:${email.toLowerCase()}`;
  }
  if (typeof actor.mbox_sha1sum === 'string' && /^[0-9a-f]{40}$/i.test(actor.mbox_sha1sum.trim())) {
    return `sha1:${actor.mbox_sha1sum.trim().toLowerCase()}`;
  }
  return undefined;
}

/** Why a statement is unusable, or null when it is fine. */
export function validateStatement(stmt: unknown): string | null {
  if (!isPlainObject(stmt)) return `not an object: got ${stmt === null ? 'null' : Array.isArray(stmt) ? 'an array' : typeof stmt}`;
  if (stmt.id === undefined || stmt.id === null || stmt.id === '') return 'no statement id';
  if (typeof stmt.id !== 'string' || !UUID_RE.test(stmt.id)) return `statement id is not a UUID: ${clip(JSON.stringify(stmt.id) ?? '', 60)}`;
  if (!isPlainObject(stmt.actor)) return 'no actor';
  if (!hasIdentifiedActor(stmt.actor)) return 'actor has no account, mbox or openid';
  if (!isPlainObject(stmt.verb)) return 'no verb';
  if (str(stmt.verb.id) === '') return 'verb has no id';
  if (!isPlainObject(stmt.object)) return 'no object';
  // The rest of xAPI 1.0.3 (xapiSchema.ts), with the deviations of ERB's own output accepted.
  if (stmt.timestamp !== undefined) {
    const t = parseEventTime(stmt.timestamp);
    if ('error' in t) return `timestamp not parseable: ${t.error}`;
  }
  const violation = xapiViolation(stmt);
  return violation === null ? null : `not valid xAPI 1.0.3: ${violation}`;
}

function ext(o: unknown): Record<string, unknown> {
  return isPlainObject(o) && isPlainObject(o.extensions) ? o.extensions : {};
}

function activityIds(list: unknown): string[] {
  return Array.isArray(list) ? list.map((a) => (isPlainObject(a) ? str(a.id) : '')).filter(Boolean) : [];
}

function findCourse(objectId: string, parents: string[], grouping: string[]): string {
  const ids = [...parents, objectId, ...grouping];
  for (const id of ids) {
    const c = courseFromUrl(id);
    if (c) return c;
  }
  for (const id of ids) {
    const c = courseFromUsageKey(usageKeyIn(id));
    if (c) return c;
  }
  return '';
}

/** '1.25x' → 1.25 */
function speed(v: unknown): number | null {
  return num(typeof v === 'string' ? v.replace(/x$/i, '') : v);
}

/** One xAPI statement → a LakeEvent. Never throws. */
export function statementToEvent(stmt: unknown, opts: XapiOptions = {}): ParseResult {
  try {
    const invalid = validateStatement(stmt);
    if (invalid) return { ok: false, reason: invalid };
    return { ok: true, event: toEvent(stmt as Record<string, unknown>, opts) };
  } catch (e) {
    return { ok: false, reason: `could not process: ${clip(e instanceof Error ? e.message : String(e))}` };
  }
}

function toEvent(stmt: Record<string, unknown>, opts: XapiOptions): LakeEvent {
  const verb = stmt.verb as Record<string, unknown>;
  const object = stmt.object as Record<string, unknown>;
  const actor = stmt.actor as Record<string, unknown>;
  const context = isPlainObject(stmt.context) ? stmt.context : {};
  const result = isPlainObject(stmt.result) ? stmt.result : {};
  const definition = isPlainObject(object.definition) ? object.definition : {};
  const activities = isPlainObject(context.contextActivities) ? context.contextActivities : {};

  const view: StatementView = {
    verb: lastSegment(verb.id),
    type: lastSegment(definition.type),
    objectId: str(object.id),
    resultExt: ext(result),
    contextExt: ext(context),
  };
  const rule = XAPI_EVENT_MAP.find(
    (r) =>
      r.verb === view.verb &&
      (r.type === undefined || (typeof r.type === 'string' ? r.type === view.type : r.type.test(view.type))) &&
      (r.when === undefined || r.when(view)),
  );
  const name = rule ? (typeof rule.name === 'string' ? rule.name : rule.name(view)) : `xapi.${view.verb}.${view.type || 'activity'}`;

  // identity
  const actorKey = actorKeyOf(actor);
  const who = actorKey && opts.resolveActor ? opts.resolveActor(actorKey) : undefined;
  const user_id = who && Number.isSafeInteger(who.user_id) && who.user_id > 0 ? who.user_id : 0;
  const username = who && typeof who.username === 'string' ? who.username : '';

  // where
  const parents = activityIds(activities.parent);
  const course_id = findCourse(view.objectId, parents, activityIds(activities.grouping));
  const block = usageKeyIn(view.objectId);

  // a multi-question problem: ERB's extra per-question statements have the problem as parent
  const perQuestion = parents.length > 0 && !parents.some((p) => courseFromUrl(p) !== '');
  let event_source = rule?.source ?? 'xapi';
  if (perQuestion && name === 'problem_check') event_source = 'xapi';

  const isVideo = view.type === 'video';
  const isCheck = name === 'problem_check' && view.verb === 'evaluated';
  const score = isPlainObject(result.score) ? result.score : {};
  const time = parseEventTime(stmt.timestamp ?? stmt.stored);
  const received = opts.receivedAt instanceof Date && !Number.isNaN(opts.receivedAt.getTime()) ? opts.receivedAt : new Date();

  return {
    event_id: (stmt.id as string).toLowerCase(),
    time: formatLakeTime('ms' in time ? new Date(time.ms) : received),
    received_at: formatLakeTime(received),
    name,
    event_source,
    user_id,
    username,
    course_id,
    org: orgFromCourseKey(course_id),
    block_id: block,
    video_id: isVideo && block.includes('+type@video+') ? blockIdOf(block) : '',
    problem_id: block.includes('+type@problem+') ? block : '',
    session: str(view.contextExt[EXT.sessionId]),
    is_learner: isLearnerEvent({
      name,
      event_source: rule?.origin ?? 'xapi',
      user_id,
      username,
      course_id,
      fromCommand: false,
    }),
    video_position: isVideo ? num(view.resultExt[EXT.videoTime]) : null,
    video_old_time: isVideo ? num(view.resultExt[EXT.videoTimeFrom]) : null,
    video_new_time: isVideo ? num(view.resultExt[EXT.videoTimeTo]) : null,
    video_speed: isVideo ? speed(view.resultExt[EXT.speedTo]) : null,
    video_duration: isVideo ? positive(num(view.contextExt[EXT.videoLength])) : null,
    problem_success: isCheck && typeof result.success === 'boolean' ? (result.success ? 'correct' : 'incorrect') : '',
    problem_grade: isCheck ? num(score.raw) : null,
    problem_max_grade: isCheck ? num(score.max) : null,
    problem_attempts: isCheck ? num(ext(definition)[EXT.attemptId]) : null,
    grade_percent: name === 'edx.grades.course.grade_calculated' ? num(score.scaled) : null,
    completion: name === 'edx.completion.block_completion.changed' ? completionOf(result, view.resultExt) : null,
    enrollment_mode: name.startsWith('edx.course.enrollment.') ? str(ext(definition)[EXT.enrollmentMode]) : '',
    raw: typeof opts.raw === 'string' ? opts.raw.trim() : JSON.stringify(stmt),
  };
}

function positive(n: number | null): number | null {
  return n !== null && n > 0 ? n : null;
}

/** cmi5 progress is a percentage; fall back to result.completion (true → 1). */
function completionOf(result: Record<string, unknown>, resultExt: Record<string, unknown>): number | null {
  const progress = num(resultExt[EXT.progress]);
  if (progress !== null) return progress / 100;
  return typeof result.completion === 'boolean' ? (result.completion ? 1 : 0) : null;
}
