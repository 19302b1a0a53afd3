/**
 * One learner of one course (the learner page): activity per day, last activity, course grade
 * over time, units completed, videos and problems, and the early warning's view of them. Each
 * part reads the table its dashboard metric reads (learner_activity, learner_facts and the LMS
 * grade rows, the completion facts, video_events, problem_activity, the live at-risk list).
 */
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import { currentAtRisk } from '../live/widgets/atRisk';
import type { LearnerRisk } from '../risk/types';
import { blockIdOfKey, courseStructure, fallbackName, type BlockInfo } from './structure';
import { COMPLETED_SQL } from './unitCompletion';

export interface LearnerProfile {
  userId: number;
  username: string;
  /** Learner events and time with events, per UTC day with activity (oldest first). */
  days: { day: string; events: number }[];
  lastActivity: string | null;
  /** Course grade (0–1) each time it was computed, oldest first. */
  grades: { at: string; percent: number }[];
  /** Units in course order, and whether the learner completed each (the unit, or all its blocks). */
  units: { blockId: string; name: string; completed: boolean }[];
  videos: { videoId: string; name: string; plays: number; lastPlayed: string; furthestSecond: number | null }[];
  problems: { problemId: string; name: string; attempts: number; correct: number; lastAttempt: string }[];
  /** On the at-risk list now: the score, reasons, rules and when first flagged; null when not flagged. */
  risk: LearnerRisk | null;
  /** Why the at-risk list has no entry for them (passed, new, staff, not evaluated…). */
  riskNote: string | null;
}

/** The learner's user id in the course: a number as is, else the username (LMS copy, then the course's events). */
export async function findLearner(lake: Lake, courseId: string, user: string): Promise<{ userId: number; username: string } | undefined> {
  const rows = await queryRows<{ user_id: string | number; username: string }>(
    lake,
    `SELECT user_id, argMax(username, t) AS username FROM (
       SELECT id AS user_id, username, toDateTime64('2100-01-01 00:00:00', 3, 'UTC') AS t FROM lms_users FINAL
       WHERE username = {user:String} OR toString(id) = {user:String}
       UNION ALL
       SELECT user_id, username, time FROM events
       WHERE course_id = {courseId:String} AND (username = {user:String} OR toString(user_id) = {user:String}) AND user_id > 0
     ) GROUP BY user_id ORDER BY user_id = toUInt64OrZero({user:String}) DESC LIMIT 1`,
    { courseId, user },
  );
  return rows[0] && { userId: Number(rows[0].user_id), username: rows[0].username };
}

export async function learnerProfile(lake: Lake, courseId: string, learner: { userId: number; username: string }, now = new Date()): Promise<LearnerProfile> {
  const params = { courseId, userId: learner.userId, at: formatLakeTime(now) };
  const [days, grades, completed, videos, problems, structure, atRisk] = await Promise.all([
    queryRows<{ day: string; events: string | number; last: string }>(
      lake,
      `SELECT toString(toDate(bucket)) AS day, sum(events) AS events, max(last_time) AS last
       FROM learner_activity WHERE course_id = {courseId:String} AND user_id = {userId:UInt64}
       GROUP BY day ORDER BY day`,
      params,
    ),
    queryRows<{ at: string; percent: number }>(
      lake,
      `SELECT at, percent FROM (
         SELECT time AS at, value AS percent FROM learner_facts
         WHERE course_id = {courseId:String} AND kind = 'grade' AND user_id = {userId:UInt64}
         UNION ALL
         SELECT toDateTime64(modified, 3, 'UTC'), percent_grade FROM lms_course_grades FINAL
         WHERE course_id = {courseId:String} AND user_id = {userId:UInt64}
       ) ORDER BY at`,
      params,
    ),
    queryRows<{ block: string }>(lake, `SELECT block FROM (${COMPLETED_SQL}) WHERE user_id = {userId:UInt64}`, params),
    queryRows<{ video_id: string; plays: string | number; last: string; furthest: number | null }>(
      lake,
      `SELECT video_id, countIf(kind = 1) AS plays, max(time) AS last, max(position) AS furthest
       FROM video_events WHERE course_id = {courseId:String} AND user_id = {userId:UInt64}
       GROUP BY video_id HAVING plays > 0 ORDER BY last DESC`,
      params,
    ),
    queryRows<{ problem_id: string; attempts: string | number; correct: string | number; last: string }>(
      lake,
      `SELECT problem_id, sum(checks) AS attempts, sum(correct) AS correct, max(bucket) AS last
       FROM problem_activity WHERE course_id = {courseId:String} AND user_id = {userId:UInt64}
       GROUP BY problem_id ORDER BY last DESC`,
      params,
    ),
    courseStructure(lake, courseId),
    currentAtRisk(lake, courseId, now).catch(() => undefined),
  ]);
  const done = new Set(completed.map((r) => r.block));
  // One pass over the structure: each unit's blocks, and each block by its key and by its bare id
  // (the first block either way, as a scan in structure order would find it).
  const blocksOf = new Map<string, string[]>();
  const byId = new Map<string, BlockInfo>();
  for (const b of structure.values()) {
    if (b.parent) blocksOf.set(b.parent, [...(blocksOf.get(b.parent) ?? []), b.blockId]);
    for (const id of [b.blockId, blockIdOfKey(b.blockId)]) if (!byId.has(id)) byId.set(id, b);
  }
  const units = [...structure.values()]
    .filter((b) => b.type === 'vertical')
    .sort((a, b) => a.position - b.position)
    .map((u) => {
      const blocks = blocksOf.get(u.blockId) ?? [];
      return { blockId: u.blockId, name: u.name || fallbackName(u.blockId), completed: done.has(u.blockId) || (blocks.length > 0 && blocks.every((b) => done.has(b))) };
    });
  const nameOf = (id: string, type: string) => byId.get(id)?.name || fallbackName(id, type);
  const risk = atRisk?.learners.find((l) => l.userId === learner.userId) ?? null;
  const last = days.length ? days.map((d) => parseLakeTime(d.last).getTime()).reduce((a, b) => Math.max(a, b)) : null;
  return {
    ...learner,
    days: days.map((d) => ({ day: d.day, events: Number(d.events) })),
    lastActivity: last === null ? null : new Date(last).toISOString(),
    grades: grades.map((g) => ({ at: parseLakeTime(g.at).toISOString(), percent: Number(g.percent) })),
    units,
    videos: videos.map((v) => ({ videoId: v.video_id, name: nameOf(v.video_id, 'video'), plays: Number(v.plays), lastPlayed: parseLakeTime(v.last).toISOString(), furthestSecond: v.furthest === null ? null : Number(v.furthest) })),
    problems: problems.map((p) => ({ problemId: p.problem_id, name: nameOf(p.problem_id, 'problem'), attempts: Number(p.attempts), correct: Number(p.correct), lastAttempt: parseLakeTime(p.last).toISOString() })),
    risk,
    riskNote: risk ? null : atRisk ? `not on the at-risk list (${atRisk.evaluated} of ${atRisk.enrolled} enrolled learners evaluated; the list flags ${atRisk.budget.count})` : 'the at-risk list could not be evaluated',
  };
}

/** The courses (among `visible`) in which a learner (username, or user id) has enrollments or activity. */
export async function coursesOfLearner(lake: Lake, user: string): Promise<{ userId: number; username: string; courseId: string }[]> {
  const rows = await queryRows<{ user_id: string | number; username: string; course_id: string }>(
    lake,
    `WITH ids AS (
       SELECT DISTINCT user_id FROM (
         SELECT id AS user_id FROM lms_users FINAL WHERE username = {user:String} OR toString(id) = {user:String}
         UNION ALL SELECT user_id FROM events WHERE username = {user:String} AND user_id > 0 LIMIT 100
       ))
     SELECT user_id, course_id, '' AS username FROM (
       SELECT user_id, course_id FROM learner_facts WHERE kind = 'enrollment' AND user_id IN ids
       UNION ALL SELECT user_id, course_id FROM lms_enrollments FINAL WHERE user_id IN ids
       UNION ALL SELECT user_id, course_id FROM learner_activity WHERE user_id IN ids
     ) GROUP BY user_id, course_id ORDER BY course_id`,
    { user },
  );
  return rows.map((r) => ({ userId: Number(r.user_id), username: user, courseId: r.course_id }));
}
