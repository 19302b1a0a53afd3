/**
 * Open edX tracking events → LakeEvent rows (DESIGN §4, SCHEMA.md).
 *
 * Accepts, per line / object:
 *   A. the on-disk tracking.log shape {username, event_type, name, event_source, time, context, event},
 *      optionally behind a syslog / Python-logging prefix (everything before the first `{` is dropped);
 *   B. the in-process shape {name, timestamp, data, context{username, user_id, course_id, event_source, session, page…}};
 *   the hybrid (A envelope with `data` instead of `event`, or `timestamp` instead of `time`);
 *   C. the Segment API payload the mobile apps send ({messageId, type:'track', userId, timestamp,
 *      properties{name, data, context}}), as event_source 'mobile'.
 *
 * Never throws: anything unusable comes back as {ok:false, reason}.
 */
import { courseFromUrl, courseFromUsageKey, orgFromCourseKey } from './courseKey';
import { eventIdFor } from './eventId';
import { isLearnerEvent } from './learner';
import { extractMetrics, isActedUpon } from './metrics';
import { decodePayload, isPlainObject } from './payload';
import { formatLakeTime, parseEventTime } from './time';
import type { LakeEvent, ParseResult } from './types';
import { clip, str, toUserId } from './values';

/** Longer lines are rejected unread (event-tracking itself drops events over 50 000 chars by default). */
export const MAX_LINE_CHARS = 1_000_000;

function reject(reason: string): ParseResult {
  return { ok: false, reason };
}

function errorMessage(e: unknown): string {
  return clip(e instanceof Error ? e.message : String(e));
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Parse the JSON object in a line, dropping any logger prefix before the first `{`. */
function parseJsonText(text: string): { value: unknown; json: string } | { error: string } {
  const first = text[0];
  if (first === '{' || first === '[') {
    try {
      return { value: JSON.parse(text), json: text };
    } catch (e) {
      return { error: `not JSON: ${errorMessage(e)}` };
    }
  }
  const brace = text.indexOf('{');
  if (brace < 0) {
    try {
      return { value: JSON.parse(text), json: text }; // a bare number / string / null: "not an object" below
    } catch {
      return { error: 'not JSON: no "{" in the line' };
    }
  }
  try {
    const json = text.slice(brace);
    return { value: JSON.parse(json), json };
  } catch (e) {
    return { error: `not JSON: ${errorMessage(e)}` };
  }
}

/** One tracking.log line (or a whole pretty-printed JSON file) → a LakeEvent. */
export function parseTrackingLine(line: string, receivedAt?: Date): ParseResult {
  try {
    if (typeof line !== 'string') return reject(`not a string: got ${describe(line)}`);
    if (line.length > MAX_LINE_CHARS) return reject(`line too long: ${line.length} chars (max ${MAX_LINE_CHARS})`);
    const raw = line.trim();
    if (raw === '') return reject('empty line');
    const parsed = parseJsonText(raw);
    if ('error' in parsed) return reject(parsed.error);
    return normalize(parsed.value, raw, parsed.json, receivedAt);
  } catch (e) {
    return reject(`could not process: ${errorMessage(e)}`);
  }
}

/**
 * An already-parsed tracking object → a LakeEvent. `raw` is kept (trimmed) as the row's raw text;
 * the id is that of the object's JSON text as JSON.stringify writes it.
 */
export function normalizeTrackingObject(obj: unknown, raw: string, receivedAt?: Date): ParseResult {
  try {
    return normalize(obj, typeof raw === 'string' ? raw.trim() : '', JSON.stringify(obj) ?? '', receivedAt);
  } catch (e) {
    return reject(`could not process: ${errorMessage(e)}`);
  }
}

/** The fields every shape provides, once the shape is known. */
interface Envelope {
  name: string;
  time: unknown;
  payload: unknown;
  context: Record<string, unknown>;
  event_source: string;
  username: string;
  session: string;
  page: string;
  /** Segment payloads name the user at the top level. */
  userId?: unknown;
}

/** Shape C: a Segment API track call (mobile app → Segment → /segmentio/event). */
function isSegmentPayload(o: Record<string, unknown>): boolean {
  return isPlainObject(o.properties) && typeof o.properties.name === 'string' && (o.type === 'track' || 'messageId' in o);
}

function envelopeOf(o: Record<string, unknown>): Envelope {
  if (isSegmentPayload(o)) {
    const props = o.properties as Record<string, unknown>;
    const context = isPlainObject(props.context) ? props.context : {};
    return {
      name: str(props.name),
      time: o.timestamp ?? o.originalTimestamp,
      payload: props.data,
      context,
      event_source: 'mobile',
      username: str(context.username),
      session: '',
      page: str(context.open_in_browser_url),
      userId: o.userId,
    };
  }
  const context = isPlainObject(o.context) ? o.context : {};
  return {
    // `name` supersedes `event_type` when present (SCHEMA §2).
    name: str(o.name) || str(o.event_type),
    time: o.time ?? o.timestamp,
    payload: o.event ?? o.data,
    context,
    // event-tracking's shim writes "server" when no source is given; do the same for shape B.
    event_source: str(o.event_source) || str(context.event_source) || 'server',
    username: typeof o.username === 'string' ? o.username : str(context.username),
    session: str(o.session) || str(context.session),
    page: str(o.page) || str(context.page),
  };
}

function normalize(obj: unknown, raw: string, json: string, receivedAt?: Date): ParseResult {
  if (!isPlainObject(obj)) return reject(`not an object: got ${describe(obj)}`);
  const env = envelopeOf(obj);
  if (!env.name) return reject('no event name (name / event_type)');
  if (env.time === undefined || env.time === null || env.time === '') return reject('no timestamp');
  const t = parseEventTime(env.time);
  if ('error' in t) return reject(`time not parseable: ${t.error}`);

  const ctx = env.context;
  const p = decodePayload(env.payload).fields;
  const name = env.name;

  // --- identity (SCHEMA §3, §6a, §6f) ---
  let username = env.username.replace(/\n+$/, '').trim();
  const anonymousRequest = username === 'anonymous'; // the request had no user (e.g. manage.py)
  if (anonymousRequest) username = '';
  const contextUser = toUserId(ctx.user_id ?? env.userId);
  const payloadUser = toUserId(p.user_id);
  let user_id: number;
  if (isActedUpon(name)) {
    // Staff enroll, rescore and override, tasks grade and complete: the learner is event.user_id.
    user_id = payloadUser || contextUser;
    username = str(p.username) || (contextUser > 0 && contextUser === user_id ? username : '');
  } else if (name === 'problem_rescore' && p.student !== undefined) {
    // An instructor action: `username` is the instructor, `event.student` the learner.
    user_id = toUserId(p.student);
    username = user_id > 0 ? '' : str(p.student);
  } else {
    user_id = contextUser || payloadUser;
  }

  // --- course (SCHEMA §3: context, then the payload, then the page URL or a URL-path event_type) ---
  const moduleKey = isPlainObject(ctx.module) ? str(ctx.module.usage_key) : '';
  const course_id =
    str(ctx.course_id) ||
    str(p.course_id) ||
    courseFromUrl(env.page) ||
    (name.startsWith('/') ? courseFromUrl(name) : '') ||
    courseFromUsageKey(moduleKey);
  const org = str(ctx.org_id) || orgFromCourseKey(course_id);

  const metrics = extractMetrics({ name, event_source: env.event_source, course_id, moduleKey, p });

  const event: LakeEvent = {
    event_id: eventIdFor(json),
    time: formatLakeTime(new Date(t.ms)),
    received_at: formatLakeTime(validDate(receivedAt) ?? new Date()),
    name,
    event_source: env.event_source,
    user_id,
    username,
    course_id,
    org,
    session: env.session,
    is_learner: isLearnerEvent({
      name,
      event_source: env.event_source,
      user_id,
      username: anonymousRequest ? 'anonymous' : username,
      course_id,
      fromCommand: str(ctx.command) !== '',
    }),
    ...metrics,
    raw,
  };
  return { ok: true, event };
}

function validDate(d: Date | undefined): Date | undefined {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d : undefined;
}
