/**
 * Builds the benchmark lake in the engine: LMS state tables, enrollment events, then learner
 * sessions, all by INSERT ... SELECT FROM numbers() through the normal `events` table, so every
 * materialized view fills exactly as ingest fills it. `raw` is '{}' (the columns carry the data).
 */
import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import { STAFF_USER_ID_BASE, type LakeShape } from './shape';
import { courseSql, episodeSql, h, hex32, learnerSql, sessionLength, u } from './sql';

const DAY = 86_400;
/** Stream B sessions are numbered from here, so no session number is shared with stream A. */
const OTHER_COURSES_FIRST_SESSION = 1_000_000_000;

const EVENT_COLUMNS = [
  'time', 'received_at', 'event_id', 'name', 'event_source', 'user_id', 'username', 'course_id', 'org',
  'block_id', 'video_id', 'problem_id', 'session', 'is_learner', 'video_position', 'video_old_time',
  'video_new_time', 'video_speed', 'video_duration', 'problem_success', 'problem_grade', 'problem_max_grade',
  'problem_attempts', 'grade_percent', 'completion', 'enrollment_mode', 'raw',
].join(', ');

const ms = (epochSecondsExpr: string) => `fromUnixTimestamp64Milli(toInt64((${epochSecondsExpr}) * 1000), 'UTC')`;
const micro = (epochSecondsExpr: string) => `toDateTime64(${epochSecondsExpr}, 6, 'UTC')`

export interface Progress {
  (line: string): void;
}

async function run(lake: Lake, query: string): Promise<void> {
  await lake.client.command({ query, clickhouse_settings: { max_threads: 2 } });
}

async function count(lake: Lake, query: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(lake, query);
  return Number(row?.n ?? 0);
}

/** LMS state: overviews and courses for every course, enrollments, users and profiles for every user, the rest for the large course. */
export async function generateLmsState(lake: Lake, shape: LakeShape): Promise<void> {
  const course = courseSql(shape);
  const learner = learnerSql(shape);
  const end = shape.endEpoch;
  const synced = micro(`${end}`);

  await run(lake, `INSERT INTO lms_course_overviews (course_id, display_name, org, start, end, enrollment_start, enrollment_end, lowest_passing_grade, created, modified, synced_at)
    SELECT ${course.courseId('c')}, ${course.displayName('c')}, ${course.org('c')},
      ${micro(course.courseStart('c'))}, ${micro(`${course.courseStart('c')} + (${course.spanDays('c')} + 30) * ${DAY}`)},
      ${micro(`${course.courseStart('c')} - 30 * ${DAY}`)}, NULL, ${course.passingGrade('c')},
      ${micro(`${course.courseStart('c')} - 60 * ${DAY}`)}, ${micro(`${course.courseStart('c')} - 40 * ${DAY}`)}, ${synced}
    FROM (SELECT number AS c FROM numbers(${shape.courses}))`);
  await run(lake, `INSERT INTO courses (course_id, display_name, org, start, end, updated_at)
    SELECT course_id, display_name, org, start, end, modified FROM lms_course_overviews`);

  // Large course outline: sections of 4 subsections.
  await run(lake, `INSERT INTO lms_course_sections (course_id, usage_key, title, ordering, hide_from_toc, visible_to_staff_only, synced_at)
    SELECT ${course.courseId('0')}, ${course.block('0', 'chapter', course.sectionId('0', 'n'))}, concat('Week ', toString(n + 1)), n, 0, 0, ${synced}
    FROM (SELECT number AS n FROM numbers(${Math.ceil(shape.largeSequences / 4)}))`);
  await run(lake, `INSERT INTO lms_course_sequences (course_id, usage_key, section_key, title, ordering, inaccessible_after_due, hide_from_toc, visible_to_staff_only, synced_at)
    SELECT ${course.courseId('0')}, ${course.block('0', 'sequential', course.sequenceId('0', 'q'))},
      ${course.block('0', 'chapter', course.sectionId('0', 'intDiv(q, 4)'))},
      concat('Week ', toString(intDiv(q, 4) + 1), ', lesson ', toString(q % 4 + 1)), q, 0, 0, 0, ${synced}
    FROM (SELECT number AS q FROM numbers(${shape.largeSequences}))`);

  // Units and leaf blocks with names and course order (course_blocks), as a structure sync writes them.
  const leaf = (b: string) => ({
    type: `arrayElement(['html', 'video', 'html', 'video', 'problem', 'html', 'problem', 'problem'], 1 + ${b})`,
    unit: `arrayElement([0, 0, 1, 1, 1, 2, 2, 2], 1 + ${b})`,
    position: `arrayElement([1, 2, 4, 5, 6, 8, 9, 10], 1 + ${b})`,
    id: `multiIf(${b} IN (0, 2, 5), ${course.htmlId('0', 'q', `intDiv(${b} + 1, 3)`)},
      ${b} = 1, ${course.videoId('0', 'q', '0')}, ${b} = 3, ${course.videoId('0', 'q', '1')},
      ${course.problemId('0', 'q', `(${b} = 4 ? 0 : (${b} = 6 ? 1 : 2))`)})`,
    name: `multiIf(${b} IN (0, 2, 5), concat('Reading ', toString(intDiv(${b} + 1, 3) + 1)),
      ${b} IN (1, 3), ${course.videoName('q', `intDiv(${b}, 2)`)}, ${course.problemName('q', `(${b} = 4 ? 0 : (${b} = 6 ? 1 : 2))`)})`,
  });
  const l = leaf('b');
  const unitKey = (j: string) => course.block('0', 'vertical', course.unitId('0', 'q', j));
  const outline = `concat('Week ', toString(intDiv(q, 4) + 1)), concat('Week ', toString(intDiv(q, 4) + 1), ', lesson ', toString(q % 4 + 1))`;
  await run(lake, `INSERT INTO course_blocks (course_id, block_id, block_type, parent, display_name, section, subsection, position, updated_at)
    SELECT ${course.courseId('0')}, ${unitKey('j')}, 'vertical', '', concat('Unit ', toString(j + 1)), ${outline},
      toUInt32(q * 11 + arrayElement([0, 3, 7], 1 + j)), ${synced}
    FROM (SELECT number AS q FROM numbers(${shape.largeSequences})) ARRAY JOIN range(3) AS j
    UNION ALL
    SELECT ${course.courseId('0')}, concat('block-v1:', ${course.courseKey('0')}, '+type@', ${l.type}, '+block@', ${l.id}), ${l.type},
      ${unitKey(l.unit)}, ${l.name}, ${outline}, toUInt32(q * 11 + ${l.position}), ${synced}
    FROM (SELECT number AS q FROM numbers(${shape.largeSequences})) ARRAY JOIN range(8) AS b`);

  await run(lake, `INSERT INTO lms_enrollments (course_id, user_id, id, mode, is_active, created, synced_at)
    SELECT ${course.courseId('c')}, ${learner.userId('c', 'k')}, c * 1000000 + k + 1, ${learner.mode('c', 'k')},
      toUInt8(NOT ${learner.unenrolled('c', 'k')}), ${micro(learner.enrolledAt('c', 'k'))}, ${synced}
    FROM (SELECT number AS c FROM numbers(${shape.courses})) ARRAY JOIN range(${course.learners('c')}) AS k`);

  const users = `(SELECT number + 1 AS id FROM numbers(${Math.max(shape.userPool, shape.largeLearners)})
    UNION ALL SELECT ${STAFF_USER_ID_BASE} + ${shape.largeLearners} + number FROM numbers(${shape.largeStaff}))`;
  await run(lake, `INSERT INTO lms_users (id, username, email, first_name, last_name, is_staff, is_superuser, is_active, date_joined, last_login, synced_at)
    SELECT id, ${learner.username('id')}, concat(${learner.username('id')}, '@example.invalid'), 'Bench', concat('User ', toString(id)),
      toUInt8(id % 40000 = 7), toUInt8(id = 1000), 1,
      ${micro(`${end} - (30 + ${h('id', "'joined'")} % 700) * ${DAY}`)}, ${micro(`${end} - ${h('id', "'login'")} % (30 * ${DAY})`)}, ${synced}
    FROM ${users}`);
  const pickGender = `multiIf(${h('id', "'g'")} % 100 < 47, 'm', ${h('id', "'g'")} % 100 < 86, 'f', ${h('id', "'g'")} % 100 < 88, 'o', '')`;
  const pickEducation = `arrayElement(['p', 'm', 'm', 'b', 'b', 'b', 'b', 'a', 'hs', 'hs', 'hs', 'jhs', 'el', 'none', 'other', ''], 1 + ${h('id', "'edu'")} % 16)`;
  const pickCountry = `arrayElement(['US', 'US', 'US', 'IN', 'IN', 'CN', 'GB', 'BR', 'MX', 'DE', 'FR', 'NG', 'EG', 'PK', 'CA', 'ES', 'CO', 'ID', 'PH', 'JP', ''], 1 + ${h('id', "'cc'")} % 21)`;
  const pickBirthYear = `if(${h('id', "'yob'")} % 100 < 12, NULL, toInt32(2008 - floor(pow(${u('id', "'age'")}, 1.8) * 55)))`;
  await run(lake, `INSERT INTO lms_profiles (user_id, id, name, gender, level_of_education, year_of_birth, country, synced_at)
    SELECT id, id, concat('Bench User ', toString(id)), ${pickGender}, ${pickEducation}, ${pickBirthYear}, ${pickCountry}, ${synced}
    FROM ${users}`);

  // Large course: grades and block completion follow each learner's progress (how far into the
  // course they kept coming) and skill.
  const progress = `greatest(0., least(1., (${learner.lastActiveAt('0', 'k')} - ${course.courseStart('0')}) / (${shape.largeCourseDays} * ${DAY})))`;
  await run(lake, `INSERT INTO lms_course_grades (course_id, user_id, percent_grade, letter_grade, passed_timestamp, created, modified, synced_at)
    SELECT ${course.courseId('0')}, ${learner.userId('0', 'k')}, grade, if(grade >= 0.5, 'Pass', ''),
      if(grade >= 0.5, ${micro(learner.lastActiveAt('0', 'k'))}, NULL),
      ${micro(learner.enrolledAt('0', 'k'))}, ${micro(learner.lastActiveAt('0', 'k'))}, ${synced}
    FROM (SELECT number AS k, round(least(1., ${progress} * ${learner.skill('0', 'k')} * 1.2), 2) AS grade
          FROM numbers(${shape.largeLearners}) WHERE ${h('k', "'graded'")} % 100 < 75)`);
  const done = leaf('lb');
  await run(lake, `INSERT INTO lms_block_completion (course_key, user_id, block_key, block_type, completion, created, modified, synced_at)
    SELECT ${course.courseId('0')}, ${learner.userId('0', 'k')}, concat('block-v1:', ${course.courseKey('0')}, '+type@', ${done.type}, '+block@', ${done.id}), ${done.type}, 1.,
      done_at, done_at, ${synced}
    FROM (
      SELECT k, b, intDiv(b, 8) AS q, b % 8 AS lb,
        ${micro(`${learner.enrolledAt('0', 'k')} + (b + 1) / (reach * 8 + 1) * (${learner.lastActiveAt('0', 'k')} - ${learner.enrolledAt('0', 'k')})`)} AS done_at
      FROM (SELECT number AS k, toUInt64(floor(${shape.largeSequences} * ${progress})) AS reach FROM numbers(${shape.largeLearners}))
      ARRAY JOIN range(reach * 8) AS b
      WHERE ${h('k', 'b', "'done'")} % 100 < 85
    )`);

  await run(lake, `INSERT INTO lms_course_access_roles (user_id, org, course_id, role, id, synced_at)
    SELECT ${STAFF_USER_ID_BASE} + ${shape.largeLearners} + number, '', ${course.courseId('0')}, if(number < 2, 'instructor', 'staff'), number + 1, ${synced}
    FROM numbers(${shape.largeStaff})`);
}

/** One activated event per enrollment, and a deactivated one after the last visit for those who left. */
export async function generateEnrollmentEvents(lake: Lake, shape: LakeShape): Promise<number> {
  const course = courseSql(shape);
  const learner = learnerSql(shape);
  const at = `if(kind = 0, ${learner.enrolledAt('c', 'k')} + (${h('c', 'k', "'s'")} % 1000) / 1000, least(${shape.endEpoch - 60}, ${learner.lastActiveAt('c', 'k')} + ${DAY}))`;
  await run(lake, `INSERT INTO events (${EVENT_COLUMNS})
    SELECT ${ms(at)}, ${ms(`${at} + 0.5`)}, ${hex32('c', 'k', 'kind', "'enrollment'")},
      if(kind = 0, 'edx.course.enrollment.activated', 'edx.course.enrollment.deactivated'), 'server',
      uid, ${learner.username('uid')}, ${course.courseId('c')}, ${course.org('c')}, '', '', '', '', 1,
      NULL, NULL, NULL, NULL, NULL, '', NULL, NULL, NULL, NULL, NULL, ${learner.mode('c', 'k')}, '{}'
    FROM (
      SELECT c, k, kind, ${learner.userId('c', 'k')} AS uid
      FROM (SELECT number AS c FROM numbers(${shape.courses}))
      ARRAY JOIN range(${course.learners('c')}) AS k
      ARRAY JOIN [0, 1] AS kind
      WHERE kind = 0 OR ${learner.unenrolled('c', 'k')}
    )`);
  return count(lake, `SELECT count() AS n FROM events WHERE name LIKE 'edx.course.enrollment.%'`);
}

interface Stream {
  label: string;
  firstSession: number;
  /** SQL of the course index of session `s`. */
  course: string;
  events: number;
}

/** How many sessions from `firstSession` make `events` events, and how many events of the last one to keep. */
async function sessionsFor(lake: Lake, stream: Stream): Promise<{ sessions: number; keepInLast: number }> {
  const room = Math.ceil((stream.events / 21.5) * 1.05) + 1000;
  const [row] = await queryRows<{ s: string; cum: string; len: string }>(
    lake,
    `SELECT s, cum, len FROM (
       SELECT number AS s, ${sessionLength('number')} AS len, sum(len) OVER (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum
       FROM numbers(${stream.firstSession}, ${room}))
     WHERE cum >= ${stream.events} ORDER BY s LIMIT 1`,
  );
  if (!row) throw new Error(`${stream.label}: ${room} sessions do not make ${stream.events} events`);
  return { sessions: Number(row.s) - stream.firstSession + 1, keepInLast: Number(row.len) - (Number(row.cum) - stream.events) };
}

async function generateSessions(lake: Lake, shape: LakeShape, stream: Stream, progress: Progress, skipSessions = 0): Promise<void> {
  const course = courseSql(shape);
  const learner = learnerSql(shape);
  const episode = episodeSql(shape);
  const end = shape.endEpoch;
  const { sessions, keepInLast } = await sessionsFor(lake, stream);
  const lastSession = stream.firstSession + sessions - 1;

  const name = `multiIf(
      i % 9 = 0, if(i = 0, 'edx.ui.lms.sequence.tab_selected', 'edx.ui.lms.sequence.next_selected'),
      i % 9 = 1, 'load_video',
      i % 9 IN (2, 4), 'play_video',
      i % 9 = 3, if(${episode.seeks('i')}, 'seek_video', 'pause_video'),
      i % 9 = 5, if(${episode.p5('i')} >= ${episode.duration('i')} - 0.5, 'stop_video', 'pause_video'),
      i % 9 IN (6, 7), 'problem_check',
      'edx.grades.course.grade_calculated')`;
  const isVideo = `i % 9 BETWEEN 1 AND 5`;
  // The browser's problem_check carries only the answers (a query string): no problem id.
  const isServerCheck = `i % 9 = 7`;
  const videoKey = course.block('c', 'video', course.videoId('c', 'q', episode.video('i')));
  const problemKey = course.block('c', 'problem', course.problemId('c', 'q', episode.problem('i')));
  const position = `multiIf(i % 9 = 1, 0., i % 9 = 2, ${episode.p0('i')}, i % 9 = 3, if(${episode.seeks('i')}, NULL, ${episode.p3('i')}),
      i % 9 = 4, ${episode.p4('i')}, i % 9 = 5, ${episode.p5('i')}, NULL)`;
  const isSeek = `(i % 9 = 3 AND ${episode.seeks('i')})`;
  const gradePercent = `round(least(1., ${learner.skill('c', 'k')} * (q + 1) / ${course.sequences('c')} * (0.7 + 0.3 * ${u('s', 'i', "'gp'")})), 4)`;

  for (let first = skipSessions; first < sessions; first += shape.sessionsPerChunk) {
    const n = Math.min(shape.sessionsPerChunk, sessions - first);
    const started = performance.now();
    await run(lake, `INSERT INTO events (${EVENT_COLUMNS})
    SELECT
      ${ms('start + off')} AS time,
      ${ms(`start + off + 0.2 + (${h('s', 'i', "'recv'")} % 1800) / 1000`)},
      ${hex32('s', 'i', "'event'")},
      ${name},
      if(i % 9 >= 7, 'server', 'browser'),
      uid, ${learner.username('uid')}, course_id, org,
      multiIf(i % 9 = 0, ${course.block('c', 'sequential', course.sequenceId('c', 'q'))}, ${isVideo}, ${videoKey}, ${isServerCheck}, ${problemKey}, ''),
      if(${isVideo}, ${course.videoId('c', 'q', episode.video('i'))}, ''),
      if(${isServerCheck}, ${problemKey}, ''),
      session,
      toUInt8(i % 9 != 8),
      ${position},
      if(${isSeek}, ${episode.p3('i')}, NULL),
      if(${isSeek}, ${episode.p4('i')}, NULL),
      NULL,
      if(${isVideo}, ${episode.duration('i')}, NULL),
      if(${isServerCheck}, if(${episode.correct('i')}, 'correct', 'incorrect'), ''),
      if(${isServerCheck}, toFloat64(${episode.correct('i')}), NULL),
      if(${isServerCheck}, 1., NULL),
      if(${isServerCheck}, ${episode.attempts('i')}, NULL),
      if(i % 9 = 8, ${gradePercent}, NULL),
      NULL, '',
      if(${isServerCheck}, concat('{"context":{"module":{"display_name":"', ${course.problemName('q', episode.problem('i'))}, '"}}}'), '{}')
    FROM (
      SELECT s, c, k, q, uid, course_id, org, session, len, offs,
        least(toFloat64(start_wanted), ${end} - ceil(offs[len]) - 1) AS start
      FROM (
        SELECT
          number AS s,
          ${stream.course} AS c,
          toUInt64(floor(${course.learners('c')} * pow(${u('s', "'learner'")}, 1.5))) AS k,
          ${learner.userId('c', 'k')} AS uid,
          ${course.courseId('c')} AS course_id,
          ${course.org('c')} AS org,
          ${hex32('s', "'session'")} AS session,
          ${learner.enrolledAt('c', 'k')} + 120 AS from_time,
          -- 1 % of sessions are in the last two hours, so the live widgets have learners to show
          toInt64(if(${u('s', "'live'")} < 0.01, ${end - 7200} + ${u('s', "'start'")} * 7200,
            from_time + ${u('s', "'start'")} * greatest(0, ${learner.lastActiveAt('c', 'k')} - from_time))) AS start_wanted,
          toUInt64(greatest(0., least(toFloat64(${course.sequences('c')} - 1),
            floor(${course.sequences('c')} * (start_wanted - ${course.courseStart('c')}) / (${course.spanDays('c')} * ${DAY}) + (${u('s', "'q'")} - 0.7) * 3)))) AS q,
          ${sessionLength('s')} AS len,
          arrayCumSum(arrayMap(i -> ${episode.gap('i')}, range(len))) AS offs
        FROM numbers(${stream.firstSession + first}, ${n})
      )
    )
    ARRAY JOIN offs AS off, range(len) AS i
    WHERE s < ${lastSession} OR i < ${keepInLast}`);
    const seconds = (performance.now() - started) / 1000;
    progress(`  ${stream.label}: sessions ${first + n}/${sessions} (${Math.round((n * 21.5) / seconds).toLocaleString('en-US')} events/s)`);
  }
}

/**
 * The large course's sessions, then the other courses' (skewed: a few big courses, many small ones).
 * `resumeOtherSessions` > 0 continues an interrupted build after that many sessions of the other
 * courses (a multiple of the chunk size, as the progress lines print them).
 */
export async function generateSessionEvents(lake: Lake, shape: LakeShape, otherEvents: number, progress: Progress, resumeOtherSessions = 0): Promise<void> {
  if (resumeOtherSessions === 0) {
    await generateSessions(lake, shape, { label: 'large course', firstSession: 0, course: 'toUInt64(0)', events: shape.largeEvents }, progress);
  }
  if (otherEvents <= 0) return;
  await generateSessions(
    lake,
    shape,
    {
      label: 'other courses',
      firstSession: OTHER_COURSES_FIRST_SESSION,
      course: `toUInt64(1 + floor(${shape.courses - 1} * pow(${u('s', "'course'")}, 1.7)))`,
      events: otherEvents,
    },
    progress,
    resumeOtherSessions,
  );
}
