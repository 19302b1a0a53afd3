import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import type { Actor } from '../../lib/demo/tracking';
import { problemCheck, videoEvent } from '../../lib/demo/tracking';
import { COUNTED_ACTION_SQL } from '../../lib/events/activity';

const CHECKS = `is_learner = 1 AND problem_id != '' AND event_source = 'server' AND name IN ('problem_check', 'save_problem_check')`;
const VIDEO = `is_learner = 1 AND video_id != '' AND name IN ('play_video', 'edx.video.played', 'pause_video', 'edx.video.paused', 'stop_video',
  'edx.video.stopped', 'seek_video', 'edx.video.position.changed', 'complete_video', 'edx.video.completed')`;
const ENROLLMENT = `('edx.course.enrollment.activated', 'edx.course.enrollment.deactivated', 'edx.course.enrollment.mode_changed')`;

/** Each derived table's count of a course's events, beside the same count from `events` itself. */
const PAIRS: [table: string, derived: string, fromEvents: string][] = [
  ['course_minute_activity', 'SELECT sum(events) FROM course_minute_activity WHERE course_id = {c:String}', `countIf(${COUNTED_ACTION_SQL})`],
  ['learner_activity', 'SELECT sum(events) FROM learner_activity WHERE course_id = {c:String}', 'countIf(is_learner = 1)'],
  ['learner_activity_day_totals', 'SELECT sum(events) FROM learner_activity_day_totals WHERE course_id = {c:String}', 'countIf(is_learner = 1)'],
  ['learner_days', 'SELECT sum(events) FROM learner_days WHERE course_id = {c:String}', `countIf(is_learner = 1 AND name NOT IN ${ENROLLMENT})`],
  ['problem_activity', 'SELECT sum(checks) FROM problem_activity WHERE course_id = {c:String}', `countIf(${CHECKS})`],
  ['problem_totals', 'SELECT sum(checks) FROM problem_totals WHERE course_id = {c:String}', `countIf(${CHECKS})`],
  ['problem_checks', 'SELECT count() FROM problem_checks WHERE course_id = {c:String}', `countIf(${CHECKS})`],
  ['problem_learner_totals', 'SELECT sum(checks) FROM problem_learner_totals WHERE course_id = {c:String}', `countIf(${CHECKS})`],
  ['video_events', 'SELECT count() FROM video_events FINAL WHERE course_id = {c:String}', `countIf(${VIDEO})`],
];

/** { table: [derived, from events] } for a course, plus `events` itself: [rows, distinct event ids]. */
export async function derivedAgreement(lake: Lake, courseId: string): Promise<Record<string, [number, number]>> {
  const out: Record<string, [number, number]> = {};
  const [ev] = await queryRows<Record<string, string>>(
    lake,
    `SELECT count() AS rows, uniqExact(event_id) AS ids, ${PAIRS.map(([t, , e]) => `${e} AS ${t}`).join(', ')} FROM events WHERE course_id = {c:String}`,
    { c: courseId },
  );
  out.events = [Number(ev!.rows), Number(ev!.ids)];
  for (const [table, derived] of PAIRS) {
    const [row] = await queryRows<{ n: string | null }>(lake, `SELECT (${derived}) AS n`, { c: courseId });
    out[table] = [Number(row!.n ?? 0), Number(ev![table])];
  }
  return out;
}

/** Lines of `learners` learners, each a video play and a problem check, at `at` (distinct per `batch`). */
export function activityLines(courseId: string, batch: number, learners: number, at: Date): string[] {
  const lines: string[] = [];
  for (let i = 0; i < learners; i++) {
    const actor: Actor = { userId: 1 + i, username: `u${1 + i}`, session: `s${i}` };
    const time = new Date(at.getTime() + batch * 1000 + i);
    lines.push(videoEvent({ actor, courseId, time, action: 'play_video', videoId: 'v1', position: batch % 100, duration: 300 }));
    lines.push(
      problemCheck({ actor, courseId, time, micros: 1, problem: `block-v1:T+R+1+type@problem+block@p${batch % 3}`, problemName: 'P', attempts: 1 + (batch % 2), correct: i % 2 === 0 }),
    );
  }
  return lines;
}
