/**
 * SQL expressions of the generated lake. Everything is a pure function of small integers through
 * cityHash64, so the same requested size gives the same lake on every machine, and the engine
 * builds rows itself (INSERT ... SELECT FROM numbers()) instead of receiving them from JS.
 *
 *   c  course index (0 = the large course)      k  learner index within a course
 *   s  session number                           i  event index within a session
 */
import { LARGE_COURSE_ID, STAFF_USER_ID_BASE, type LakeShape } from './shape';

const TWO_POW_64 = '18446744073709551616.0';
const DAY = 86_400;

/** Uniform in [0, 1) from the hash of the parts. */
export const u = (...parts: (string | number)[]) => `(cityHash64(${parts.join(', ')}) / ${TWO_POW_64})`;
export const h = (...parts: (string | number)[]) => `cityHash64(${parts.join(', ')})`;
/** 32 lowercase hex characters, as Open edX block ids and session keys look. */
export const hex32 = (...parts: (string | number)[]) => `lower(concat(hex(${h(...parts, "'a'")}), hex(${h(...parts, "'b'")})))`;

const LARGE_KEY = LARGE_COURSE_ID.slice('course-v1:'.length);

export function courseSql(shape: LakeShape) {
  const end = shape.endEpoch;
  const courseKey = (c: string) => `if(${c} = 0, '${LARGE_KEY}', concat('Org', toString(${c} % 50), '+C', toString(${c}), '+2026'))`;
  const spanDays = (c: string) => `if(${c} = 0, ${shape.largeCourseDays}, 28 + ${h(c, "'span'")} % 92)`;
  const courseStart = (c: string) => `toInt64(${end} - ${spanDays(c)} * ${DAY})`;
  return {
    courseKey,
    courseId: (c: string) => `concat('course-v1:', ${courseKey(c)})`,
    org: (c: string) => `if(${c} = 0, 'BenchX', concat('Org', toString(${c} % 50)))`,
    displayName: (c: string) => `if(${c} = 0, 'Big 101: A Very Large Course', concat('Course ', toString(${c}), ' of Org', toString(${c} % 50)))`,
    spanDays,
    courseStart,
    /** Enrolled users (the large course's staff included, as the LMS enrolls them too). */
    learners: (c: string) =>
      `toUInt64(if(${c} = 0, ${shape.largeLearners + shape.largeStaff}, greatest(3, round((50 + ${h(c, "'n'")} % 700) * ${shape.scale}))))`,
    sequences: (c: string) => `toUInt64(if(${c} = 0, ${shape.largeSequences}, 8 + ${h(c, "'ns'")} % 24))`,
    passingGrade: (c: string) => `if(${c} = 0, 0.5, 0.4 + (${h(c, "'pass'")} % 31) / 100)`,
    /** Usage key of a block of the course. */
    block: (c: string, type: string, id: string) => `concat('block-v1:', ${courseKey(c)}, '+type@${type}+block@', ${id})`,
    sectionId: (c: string, section: string) => hex32(c, section, "'chapter'"),
    sequenceId: (c: string, q: string) => hex32(c, q, "'sequential'"),
    /** Each subsection: unit 0 = html + video 0; unit 1 = html + video 1 + problem 0; unit 2 = html + problems 1, 2. */
    unitId: (c: string, q: string, j: string) => hex32(c, q, j, "'vertical'"),
    videoId: (c: string, q: string, v: string) => hex32(c, q, v, "'video'"),
    problemId: (c: string, q: string, p: string) => hex32(c, q, p, "'problem'"),
    htmlId: (c: string, q: string, j: string) => hex32(c, q, j, "'html'"),
    videoName: (q: string, v: string) => `concat('Week ', toString(intDiv(${q}, 4) + 1), '.', toString(${q} % 4 + 1), ' video ', toString(${v} + 1))`,
    problemName: (q: string, p: string) => `concat('Week ', toString(intDiv(${q}, 4) + 1), '.', toString(${q} % 4 + 1), ' check ', toString(${p} + 1))`,
    videoDuration: (c: string, q: string, v: string) => `toFloat64(120 + ${h(c, q, v, "'dur'")} % 600)`,
    /** 0–1: how likely one try at the problem is right. */
    problemEase: (c: string, q: string, p: string) => `(0.35 + (${h(c, q, p, "'ease'")} % 55) / 100)`,
  };
}

export function learnerSql(shape: LakeShape) {
  const course = courseSql(shape);
  const end = shape.endEpoch;
  // Most learners enroll around the start; the window runs from two weeks before it.
  const enrolledAt = (c: string, k: string) =>
    `toInt64(${course.courseStart(c)} - 14 * ${DAY} + pow(${u(c, k, "'enr'")}, 2) * (${course.spanDays(c)} + 14) * ${DAY} * 0.8)`;
  return {
    userId: (c: string, k: string) =>
      `toUInt64(if(${c} = 0, if(${k} < ${shape.largeLearners}, 1 + ${k}, ${STAFF_USER_ID_BASE} + ${k} - ${shape.largeLearners}), 1 + ${h(c, k, "'user'")} % ${shape.userPool}))`,
    enrolledAt,
    /** Last day the learner keeps coming back (drop-out), at or before the end. */
    lastActiveAt: (c: string, k: string) => `toInt64(${enrolledAt(c, k)} + (${end} - ${enrolledAt(c, k)}) * pow(${u(c, k, "'persist'")}, 0.7))`,
    skill: (c: string, k: string) => `(0.4 + 0.6 * ${u(c, k, "'skill'")})`,
    unenrolled: (c: string, k: string) => `(${h(c, k, "'unenroll'")} % 100 < 8)`,
    mode: (c: string, k: string) => `if(${h(c, k, "'mode'")} % 100 < 22, 'verified', 'audit')`,
    username: (user: string) => `if(${user} >= ${STAFF_USER_ID_BASE}, concat('staff', toString(${user})), concat('learner', toString(${user})))`,
  };
}

/** Events per session: 3..40 (≈ 21.5 on average). */
export const sessionLength = (s: string) => `toUInt64(3 + ${h(s, "'len'")} % 38)`;

/**
 * One session = episodes of 9 events, a learner working through one subsection:
 *   0 sequence navigation · 1 load_video · 2 play_video (at p0) · 3 pause_video or seek_video
 *   (after watching w1 s) · 4 play_video · 5 pause_video, or stop_video at the end (after w2 s)
 *   · 6 problem_check (browser) · 7 problem_check (server, with success and attempts)
 *   · 8 edx.grades.course.grade_calculated (server, not a learner event).
 * A session may stop in the middle of an episode, as learners do. Gaps between events follow
 * the story (watching a video takes its seconds), with the occasional long pause before a problem.
 */
export function episodeSql(shape: LakeShape) {
  const course = courseSql(shape);
  const ep = (i: string) => `intDiv(${i}, 9)`;
  const video = (i: string) => `((${ep(i)} + q) % 2)`;
  const duration = (i: string) => course.videoDuration('c', 'q', video(i));
  const p0 = (i: string) => `if(${h('s', ep(i), "'p0'")} % 10 < 6, 0., floor(${u('s', ep(i), "'p0x'")} * ${duration(i)} * 0.6))`;
  const w1 = (i: string) => `least(${duration(i)} - ${p0(i)}, toFloat64(15 + ${h('s', ep(i), "'w1'")} % 240))`;
  const p3 = (i: string) => `(${p0(i)} + ${w1(i)})`;
  const seeks = (i: string) => `(${h('s', ep(i), "'seek'")} % 10 < 3)`;
  const p4 = (i: string) => `if(${seeks(i)}, greatest(0., least(${duration(i)} - 1, ${p3(i)} + toFloat64(${h('s', ep(i), "'jump'")} % 160) - 50)), ${p3(i)})`;
  const w2 = (i: string) => `least(${duration(i)} - ${p4(i)}, toFloat64(20 + ${h('s', ep(i), "'w2'")} % 400))`;
  const p5 = (i: string) => `(${p4(i)} + ${w2(i)})`;
  const jitter = (i: string) => `(${h('s', i, "'ms'")} % 1000) / 1000`;
  const gap = (i: string) => `multiIf(
      ${i} = 0, 0.,
      ${i} % 9 = 0, toFloat64(5 + ${h('s', i, "'g'")} % 55),
      ${i} % 9 = 1, toFloat64(3 + ${h('s', i, "'g'")} % 30),
      ${i} % 9 = 2, toFloat64(1 + ${h('s', i, "'g'")} % 4),
      ${i} % 9 = 3, ${w1(i)},
      ${i} % 9 = 4, toFloat64(2 + ${h('s', i, "'g'")} % 20),
      ${i} % 9 = 5, ${w2(i)},
      ${i} % 9 = 6, toFloat64(if(${h('s', i, "'g'")} % 10 = 0, 300 + ${h('s', i, "'g2'")} % 900, 10 + ${h('s', i, "'g'")} % 170)),
      ${i} % 9 = 7, 0.3,
      0.2) + ${jitter(i)}`;
  const problem = (i: string) => `((${ep(i)} + q) % 3)`;
  const attempts = (i: string) => `toUInt32(multiIf(${h('s', ep(i), "'att'")} % 10 < 6, 1, ${h('s', ep(i), "'att'")} % 10 < 9, 2, 3))`;
  const correct = (i: string) => `(${u('s', ep(i), "'ok'")} < ${course.problemEase('c', 'q', problem(i))} + 0.1 * (${attempts(i)} - 1))`;
  return { ep, video, duration, p0, p3, seeks, p4, p5, gap, problem, attempts, correct };
}
