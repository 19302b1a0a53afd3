import { queryRows } from '../../lake/query';
import { formatLakeTime, parseLakeTime } from '../../lake/time';
import { cohortParams, DAY_MS, type Cohort } from '../cohort';
import { formatDay, plural, type Rule } from '../rule';
import { dueExtensions, extensionKey } from '../../lms/structure';
import type { RiskFlag } from '../types';

/** Graded subsections of the course with a due date in [{from}, {at}). */
const DUE_SQL = `
  SELECT usage_key, title, due
  FROM block_schedule FINAL
  WHERE course_id = {courseId:String} AND block_type = 'sequential' AND graded = 1
    AND due IS NOT NULL AND due >= {from:DateTime64(3, 'UTC')} AND due < {at:DateTime64(3, 'UTC')}
  ORDER BY due, usage_key`;

/**
 * Learners who attempted each of {keys} at or before {at}: a server problem_check on a problem
 * of the subsection, or the LMS subsection grade's first_attempted.
 */
const ATTEMPTED_SQL = `
  SELECT DISTINCT user_id, subsection_key FROM (
    SELECT e.user_id AS user_id, b.subsection_key AS subsection_key
    FROM (
      SELECT user_id, problem_id FROM events
      WHERE course_id = {courseId:String} AND name = 'problem_check' AND event_source = 'server'
        AND user_id > 0 AND time <= {at:DateTime64(3, 'UTC')}
    ) AS e
    INNER JOIN (
      SELECT usage_key, subsection_key FROM block_schedule FINAL
      WHERE course_id = {courseId:String} AND block_type = 'problem' AND subsection_key IN {keys:Array(String)}
    ) AS b ON e.problem_id = b.usage_key
    UNION ALL
    SELECT user_id, usage_key FROM lms_subsection_grades FINAL
    WHERE course_id = {courseId:String} AND usage_key IN {keys:Array(String)}
      AND first_attempted IS NOT NULL AND first_attempted <= {at:DateTime64(3, 'UTC')}
  )`;

/**
 * missed deadline: a graded subsection due in the last missedDeadlineDays with no attempt.
 * Due dates come from block_schedule (LMS sync or demo seed); without any the rule is silent.
 * A subsection due before the learner enrolled does not count, nor one whose due date the
 * learner's extension (edx_when, lms_due_extensions) moves to {at} or later.
 */
export const missedDeadline: Rule = {
  name: 'missedDeadline',
  async evaluate(lake, cohort: Cohort) {
    const flags = new Map<number, RiskFlag>();
    const from = new Date(cohort.at.getTime() - cohort.thresholds.missedDeadlineDays * DAY_MS);
    const params = { ...cohortParams(cohort), from: formatLakeTime(from) };
    const due = await queryRows<{ usage_key: string; title: string; due: string }>(lake, DUE_SQL, params);
    if (!due.length) {
      const [any] = await queryRows<{ n: string }>(
        lake,
        `SELECT count() AS n FROM block_schedule FINAL WHERE course_id = {courseId:String} AND block_type = 'sequential' AND graded = 1 AND due IS NOT NULL`,
        params,
      );
      return { flags, silent: Number(any?.n ?? 0) === 0 ? 'no due dates known' : undefined };
    }
    const keys = due.map((d) => d.usage_key);
    const rows = await queryRows<{ user_id: string; subsection_key: string }>(lake, ATTEMPTED_SQL, { ...params, keys });
    const attempted = new Set(rows.map((r) => `${r.user_id}\u0000${r.subsection_key}`));
    const extended = await dueExtensions(lake, cohort.courseId);
    const subsections = due.map((d) => ({ key: d.usage_key, title: d.title || d.usage_key, due: parseLakeTime(d.due) }));
    for (const l of cohort.eligible) {
      const missed = subsections.filter(
        (s) =>
          (!l.enrolledAt || l.enrolledAt < s.due) &&
          !attempted.has(`${l.userId}\u0000${s.key}`) &&
          !((extended.get(extensionKey(l.userId, s.key))?.getTime() ?? 0) >= cohort.at.getTime()),
      );
      if (!missed.length) continue;
      const list = missed.map((s) => `“${s.title}” (due ${formatDay(s.due)})`).join(', ');
      flags.set(l.userId, {
        rule: 'missedDeadline',
        severity: 'yellow',
        reason: `no attempt at ${plural(missed.length, 'graded subsection')} past due in the last ${cohort.thresholds.missedDeadlineDays} days: ${list}`,
        since: missed[0]!.due.toISOString(),
      });
    }
    return { flags };
  },
};
