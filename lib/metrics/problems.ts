import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import type { ProblemsWidget } from './dashboardTypes';
import { NOT_STAFF_SQL, staffOf, windowParams, type DashboardQuery } from './scope';
import { courseStructureOf, fallbackName, UNKNOWN_POSITION } from './structure';
import { assertOnBucketEdges } from './timeSpent';
import { problemsFromTotals, type ProblemRow } from './problemTotals';
import { rescoreChanges } from './problemRescores';
import { formatMessage } from '../i18n';
import { missingMessages } from './missing.messages';

/**
 * DESIGN §5 problems, from problem_activity (server problem_check per 5-minute bucket, problem
 * and learner): attempts = checks; correct on first attempt = learners whose check with the
 * attempt counter at 1 was correct; % correct = learners who got it right at least once over
 * learners who tried; attempts per correct answer = checks / correct checks. A staff rescore or
 * override re-judges the learner's latest check before it, for all three (problemRescores.ts).
 */
const SQL = `
  SELECT problem_id, sum(checks) AS attempts, uniqExact(user_id) AS learners,
         uniqExactIf(user_id, first_attempt_correct > 0) AS first_ok_learners,
         uniqExactIf(user_id, correct > 0) AS learners_correct, sum(correct) AS correct_checks
  FROM problem_activity
  WHERE course_id = {courseId:String}
    AND bucket >= {from:DateTime64(3, 'UTC')} AND bucket < {to:DateTime64(3, 'UTC')}
    AND ${NOT_STAFF_SQL}
  GROUP BY problem_id`;

/** A window that holds all of the course's checks reads the all-time totals; any other, its buckets. */
async function problemRows(lake: Lake, q: DashboardQuery): Promise<ProblemRow[]> {
  return (await problemsFromTotals(lake, q, await staffOf(lake, q))) ?? (await queryRows<ProblemRow>(lake, SQL, await windowParams(lake, q)));
}

export async function problems(lake: Lake, q: DashboardQuery): Promise<ProblemsWidget> {
  assertOnBucketEdges(q);
  const [rows, structure, rescored] = await Promise.all([problemRows(lake, q), courseStructureOf(lake, q), windowParams(lake, q).then((p) => rescoreChanges(lake, p))]);
  const list = rows
    .map((r) => {
      const learners = Number(r.learners);
      const change = rescored.get(r.problem_id);
      const correct = Number(r.correct_checks) + (change?.correctChecks ?? 0);
      const block = structure.get(r.problem_id);
      return {
        position: block?.position ?? UNKNOWN_POSITION,
        problemId: r.problem_id,
        name: block?.name || fallbackName(r.problem_id),
        attempts: Number(r.attempts),
        learners,
        correctFirstAttempt: Number(r.first_ok_learners) + (change?.firstOkLearners ?? 0),
        pctCorrect: learners > 0 ? (Number(r.learners_correct) + (change?.learnersCorrect ?? 0)) / learners : 0,
        attemptsPerCorrect: correct > 0 ? Number(r.attempts) / correct : null,
      };
    })
    .sort((a, b) => a.position - b.position || a.problemId.localeCompare(b.problemId))
    .map(({ position: _, ...p }) => p);
  const result: ProblemsWidget = { problems: list };
  if (list.length === 0) result.missing = formatMessage(missingMessages.problems);
  return result;
}
