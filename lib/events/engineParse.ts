/**
 * The engine's half of tracking-log parsing: one SELECT that turns on-disk tracking
 * lines (shape A, the common case) into `events` columns inside ClickHouse, so that
 * ingest need not parse them in JavaScript.
 *
 * It mirrors parse.ts exactly, and only where mirroring is certain: every row comes
 * with `fast_ok`, and a line is fast only when the engine's reading of it provably
 * equals parse.ts's. Everything else (in-process and hybrid shapes, Segment payloads,
 * payloads that are not a JSON object, duplicate keys, a non-UTC or unusual time, a
 * course found only in a URL, blank usernames, legacy course keys, events whose learner is the
 * payload's user_id (enrollments, grades, completion),
 * values whose JSON type is ambiguous, surrounding whitespace…) has fast_ok = 0 and
 * goes back to parse.ts. test/events/engineParse.test.ts checks both agree on every
 * column for every fixture.
 *
 * Why each guard: ClickHouse's JSON functions read the FIRST of duplicate keys
 * (JSON.parse keeps the last); its String extraction of a number, bool or object
 * gives that value's text (parse.ts's str() gives ''); parse.ts trims with JS's
 * notion of whitespace.
 */
import { availableParallelism } from 'node:os';
import { LEARNER_SERVER_EVENTS } from './learner';
import { ACTED_UPON_NAMES, ENROLLMENT_EVENT_NAMES, VIDEO_EVENT_NAMES } from './metrics';
import { MAX_LINE_CHARS } from './parse';

/** JavaScript's \s and String.prototype.trim() whitespace, as an RE2 character class body. */
const JS_SPACE = String.raw`\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}`;

function lit(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function list(values: Iterable<string>): string {
  return [...values].map(lit).join(', ');
}

/**
 * The fields read with parse.ts's str(): each must be a string with nothing to trim, or
 * absent, null or ''. Checked in one regular expression over the fields joined by \x01:
 * a field that is a number, true, false, an object or an array (their extracted text),
 * or that starts or ends with JS whitespace, matches. (A \x01 inside a field can only
 * add matches, never hide one: such a line just goes to parse.ts.)
 */
const STRING_FIELDS = ['_name1', '_name2', '_es1', '_es2', '_user', '_s1', '_s2', '_module_key', '_command', '_c1', '_p_course_id',
  '_org', '_p_id', '_p_block_id', '_p_component_usage_id', '_p_problem_id', '_p_success'];
const NOT_A_STRING_OR_PADDED = String.raw`\x01(?:-?[0-9][0-9.eE+-]*\x01|true\x01|false\x01|[\[{]|[${JS_SPACE}])|[${JS_SPACE}]\x01`;
const strsOk = (fields: readonly string[]) =>
  `NOT match(concat(char(1), ${fields.map((f) => `${f}, char(1)`).join(', ')}), ${lit(NOT_A_STRING_OR_PADDED)})`;

/** \uD800 to \uDBFF escapes, by their first three digits: several needles cost a third of a regular expression over the line. */
const SURROGATE_ESCAPES = ['d', 'D'].flatMap((d) => ['8', '9', 'a', 'b', 'A', 'B'].map((x) => `\\u${d}${x}`));

/** num(v) in parse.ts, for texts numOk accepts. */
const NUMBER_RE = lit('^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$');
const numOk = (t: string) =>
  `(${t} = '' OR (match(${t}, ${NUMBER_RE}) AND isFinite(toFloat64OrZero(${t})) AND NOT (toFloat64OrZero(${t}) = 0 AND startsWith(${t}, '-'))))`;
const num = (t: string) => `if(${t} = '', NULL, toFloat64OrNull(${t}))`;
/** toUserId(v) in parse.ts, for texts userOk accepts. */
const userOk = (t: string) => `(${t} = '' OR match(${t}, '^[0-9]{1,15}$'))`;
const userId = (t: string) => `if(${t} = '', toUInt64(0), toUInt64OrZero(${t}))`;
/**
 * A tuple's element by name: tupleElement() rather than `t.a.b`, which the engine's analyzer
 * resolves as a compound identifier first (with ~50 of them, ~30 ms more per statement).
 */
const el = (tuple: string, ...path: string[]) => path.reduce((t, name) => `tupleElement(${t}, '${name}')`, tuple);
const firstOf = (...xs: string[]) => xs.reduceRight((rest, x) => `if(${x} != '', ${x}, ${rest})`);

const TOP = `Tuple(name String, event_type String, event_source String, username String, session String, time String,
  event String, data String,
  context Tuple(user_id String, course_id String, org_id String, event_source String, session String, command String, username String,
    module Tuple(usage_key String)))`;
const PAYLOAD_FIELDS = ['course_id', 'user_id', 'id', 'module_id', 'currentTime', 'current_time', 'old_time', 'new_time',
  'new_speed', 'duration', 'problem_id', 'problem', 'success', 'grade', 'max_grade', 'attempts', 'percent_grade', 'percent',
  'completion', 'block_id', 'component_usage_id'] as const;
const PAYLOAD = `Tuple(${PAYLOAD_FIELDS.map((f) => `${f} String`).join(', ')})`;

const TIME_RE = lit('^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]{1,9})?(\\+00:00|Z)$');
const USAGE_KEY_RE = lit(`^(ccx-)?block-v1:[^/?#${JS_SPACE}]+\\+type@[^/?#+${JS_SPACE}]+\\+block@[^/?#${JS_SPACE}]+$`);
const LEGACY_KEY_RE = lit(`^[^/:?#${JS_SPACE}]+/[^/:?#${JS_SPACE}]+/[^/?#${JS_SPACE}]+$`);
/** metrics.ts PROBLEM_NAME_RE as prefixes. */
const PROBLEM_PREFIXES = ['problem_', 'save_problem', 'reset_problem', 'showanswer', 'edx.problem.', 'edx.grades.problem.'];

/**
 * Settings for engineParseQuery: evaluate every branch eagerly. Lazily evaluated AND / if
 * arguments re-run the shared JSON parses per branch (ten times slower); the guards are
 * cheap and nothing here throws, so eager is both safe and fast.
 */
export const ENGINE_PARSE_SETTINGS = { short_circuit_function_evaluation: 'disable' } as const;

/** An INSERT … SELECT runs its SELECT in one stream unless told to insert from several. */
export const PARALLEL_INSERT_SETTINGS = { max_insert_threads: String(availableParallelism()) } as const;

/**
 * An INSERT into `events` feeds a dozen materialized views, one after another unless told to
 * feed them in parallel (200k events in batches of 40k: the INSERTs took 8.5 instead of 11.7 µs
 * per event of wall time, with no more CPU).
 */
export const PARALLEL_VIEWS_SETTINGS = { parallel_view_processing: 1 } as const;

/**
 * A query over `source` (a table expression with `seq`, `received_at DateTime64(3, 'UTC')`
 * and `line String`, the JSON text, first byte `{`) giving `seq`, `fast_ok` and the
 * `events` columns, in one SELECT: the JSON is parsed once per line (the shared calls are
 * computed once under ENGINE_PARSE_SETTINGS' eager evaluation). One SELECT, not a parsing
 * subquery under a comparing one: the engine analyzes each statement anew, and the
 * subquery made that take ~100 ms per flush instead of ~60 (fixed, whatever the rows).
 */
export function engineParseQuery(source: string): string {
  const learnerNames = list(LEARNER_SERVER_EVENTS.names);
  const learnerPrefixes = LEARNER_SERVER_EVENTS.prefixes.map((p) => `startsWith(name, ${lit(p)})`).join(' OR ');
  return `SELECT seq, received_at, event_id, line AS raw,
  ${firstOf('_name1', '_name2')} AS name,
  ${firstOf('_es1', '_es2', "'server'")} AS event_source,
  -- the time's parts, at fixed places once TIME_RE matched; the fraction, truncated to ms
  substring(_t, 1, 10) AS _date,
  substring(_t, 12, 8) AS _clock,
  if(substring(_t, 20, 1) = '.', rightPad(substring(_t, 21, least(3, length(_t) - 20 - if(endsWith(_t, 'Z'), 1, 6))), 3, '0'), '000') AS _ms,
  if(_user = 'anonymous', '', _user) AS username,
  ${firstOf('_s1', '_s2')} AS session,
  ${userId('_ctx_user')} AS _uc, ${userId('_p_user_id')} AS _up,
  if(_uc > 0, _uc, _up) AS user_id,
  ${firstOf('_c1', '_p_course_id')} AS course_id,
  -- orgFromCourseKey: 'course-v1:' or 'ccx-v1:' then at least one character before the first '+'; else the legacy form
  if(startsWith(course_id, 'course-v1:'), 10, if(startsWith(course_id, 'ccx-v1:'), 7, 0)) AS _key_prefix,
  if(_org != '', _org,
     if(_key_prefix > 0,
        if(position(course_id, '+') > _key_prefix + 1, substring(course_id, _key_prefix + 1, position(course_id, '+') - _key_prefix - 1), ''),
        if(match(course_id, ${LEGACY_KEY_RE}), splitByChar('/', course_id)[1], ''))) AS org,
  -- metrics (metrics.ts)
  name IN (${list(VIDEO_EVENT_NAMES)}) OR startsWith(name, 'edx.video.') AS _video,
  if(_video, _p_id, '') AS video_id,
  if(_video, ${num(firstOf('_p_currentTime', '_p_current_time'))}, NULL) AS video_position,
  if(_video, ${num('_p_old_time')}, NULL) AS video_old_time,
  if(_video, ${num('_p_new_time')}, NULL) AS video_new_time,
  if(_video, ${num('_p_new_speed')}, NULL) AS video_speed,
  if(_video AND ${num('_p_duration')} > 0, ${num('_p_duration')}, NULL) AS video_duration,
  if(_video AND video_id != '' AND _key_prefix > 0 AND length(course_id) > _key_prefix AND match(video_id, '^[A-Za-z0-9_.-]+$') AND NOT startsWith(video_id, 'i4x-'),
     concat(if(startsWith(course_id, 'course-v1:'), 'block-v1:', 'ccx-block-v1:'),
            substring(course_id, position(course_id, ':') + 1), '+type@video+block@', video_id), '') AS _video_block,
  ${PROBLEM_PREFIXES.map((p) => `startsWith(name, ${lit(p)})`).join(' OR ')} AS _problem_name,
  if(_problem_name, ${firstOf('_p_problem_id', "if(position(_module_key, 'type@problem') > 0, _module_key, '')")}, '') AS problem_id,
  name IN ('problem_check', 'save_problem_check') AND event_source = 'server' AS _check,
  if(_check AND _p_success IN ('correct', 'incorrect'), _p_success, '') AS problem_success,
  if(_check, ${num('_p_grade')}, NULL) AS problem_grade,
  if(_check, ${num('_p_max_grade')}, NULL) AS problem_max_grade,
  if(_check, if(_p_attempts = '', NULL, toUInt32OrNull(_p_attempts)), NULL) AS problem_attempts,
  if(name = 'edx.grades.course.grade_calculated', ${num(firstOf('_p_percent_grade', '_p_percent'))}, NULL) AS grade_percent,
  if(name = 'edx.completion.block_completion.changed', ${num('_p_completion')}, NULL) AS completion,
  '' AS enrollment_mode,
  ${firstOf(
    '_p_block_id',
    "if(startsWith(name, 'edx.grades.course.'), '', _module_key)",
    '_p_component_usage_id',
    `if(match(_p_id, ${USAGE_KEY_RE}), _p_id, '')`,
    '_video_block',
    'problem_id',
  )} AS block_id,
  toUInt8(user_id > 0 AND _user != 'anonymous' AND course_id != '' AND _command = '' AND NOT startsWith(name, '/')
    AND name NOT IN (${list(ENROLLMENT_EVENT_NAMES)})
    AND (event_source IN ('browser', 'mobile') OR (event_source = 'server' AND (name IN (${learnerNames}) OR ${learnerPrefixes})))) AS is_learner,
  toDateTime64OrZero(concat(_date, ' ', _clock, '.', _ms), 3, 'UTC') AS time,
  -- the line is fast only when all of this holds
  toUInt8(
    length(line) <= ${MAX_LINE_CHARS} AND _utf8 AND NOT _surrogate_escape
    AND ${strsOk(STRING_FIELDS)}
    AND length(_top_keys) = length(arrayDistinct(_top_keys)) AND NOT has(_top_keys, 'properties')
    AND length(_ctx_keys) > 0 AND length(_ctx_keys) = length(arrayDistinct(_ctx_keys))
    AND (length(_mod_keys) > 0 OR _module_key = '') AND length(_mod_keys) = length(arrayDistinct(_mod_keys))
    AND ((_ev = '' AND _data = '') OR _ev = '{}'
         OR (startsWith(_ev, '{') AND endsWith(_ev, '}') AND _ev_valid AND length(_p_keys) = length(arrayDistinct(_p_keys))))
    AND name != ''
    AND match(_t, ${TIME_RE}) AND toInt32OrZero(substring(_t, 1, 4)) BETWEEN 1900 AND 2299 AND toInt32OrZero(substring(_t, 12, 2)) <= 23
    AND toInt32OrZero(substring(_t, 15, 2)) <= 59 AND toInt32OrZero(substring(_t, 18, 2)) <= 59
    AND toString(toDate32OrZero(_date)) = _date
    AND (_user != '' OR _ctx_username = '')
    AND ${userOk('_ctx_user')} AND (_uc > 0 OR ${userOk('_p_user_id')})
    AND course_id != '' AND NOT multiSearchAny(course_id, ['\\r', '\\n', '\u2028', '\u2029'])
    AND name NOT IN (${list(ACTED_UPON_NAMES)}) AND name != 'problem_rescore'
    AND position(_p_id, '%') = 0
    AND (NOT _video OR (_p_module_id = '' AND NOT (_p_currentTime = '' AND _p_current_time != '')
         AND ${numOk('_p_currentTime')} AND ${numOk('_p_current_time')} AND ${numOk('_p_old_time')} AND ${numOk('_p_new_time')}
         AND ${numOk('_p_new_speed')} AND ${numOk('_p_duration')}))
    AND (NOT _problem_name OR _p_problem_id != '' OR _p_problem = '')
    AND (NOT _check OR (${numOk('_p_grade')} AND ${numOk('_p_max_grade')} AND (_p_attempts = '' OR match(_p_attempts, '^[0-9]{1,9}$'))))
    AND (name != 'edx.grades.course.grade_calculated' OR (NOT (_p_percent_grade = '' AND _p_percent != '')
         AND ${numOk('_p_percent_grade')} AND ${numOk('_p_percent')}))
    AND (name != 'edx.completion.block_completion.changed' OR ${numOk('_p_completion')})
  ) AS fast_ok,
    JSONExtract(line, '${TOP}') AS _j,
    JSONExtractKeys(line) AS _top_keys,
    JSONExtractKeys(line, 'context') AS _ctx_keys,
    JSONExtractKeys(line, 'context', 'module') AS _mod_keys,
    ${el('_j', 'event')} AS _ev, ${el('_j', 'data')} AS _data,
    isValidJSON(_ev) AS _ev_valid,
    JSONExtract(_ev, '${PAYLOAD}') AS _p,
    JSONExtractKeys(_ev) AS _p_keys,
    ${el('_j', 'name')} AS _name1, ${el('_j', 'event_type')} AS _name2, ${el('_j', 'event_source')} AS _es1, ${el('_j', 'context', 'event_source')} AS _es2, ${el('_j', 'time')} AS _t,
    ${el('_j', 'username')} AS _user, ${el('_j', 'context', 'username')} AS _ctx_username, ${el('_j', 'session')} AS _s1, ${el('_j', 'context', 'session')} AS _s2,
    ${el('_j', 'context', 'module', 'usage_key')} AS _module_key, ${el('_j', 'context', 'command')} AS _command, ${el('_j', 'context', 'user_id')} AS _ctx_user,
    ${el('_j', 'context', 'course_id')} AS _c1, ${el('_j', 'context', 'org_id')} AS _org,
    ${PAYLOAD_FIELDS.map((f) => `${el('_p', f)} AS _p_${f}`).join(', ')},
    isValidUTF8(line) AS _utf8,
    multiSearchAny(line, [${list(SURROGATE_ESCAPES)}]) AS _surrogate_escape,
    substring(lower(hex(SHA256(line))), 1, 32) AS event_id
FROM ${source}`;
}
