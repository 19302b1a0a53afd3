'use client';
import type { ProblemsWidget } from '@/lib/metrics/dashboardTypes';
import { Card } from '../Card';
import { LearnersLink, TableCsv } from '../drill';
import { drillMessages } from '../drill.messages';
import { count, percent, ratio, shareOf } from '../format';
import { formatMessage } from '@/lib/i18n';
import { messages } from './cards.messages';
import styles from '../dashboard.module.css';

export function ProblemsCard({ problems }: { problems?: ProblemsWidget }) {
  const p = problems;
  const list = p?.problems ?? [];
  const missing = p?.missing ?? (p && list.length === 0 ? formatMessage(messages.problemsNone) : undefined);
  return (
    <Card id="problems" title={formatMessage(messages.problemsTitle)} note={formatMessage(messages.problemsNote)} span={12} loading={!p} missing={missing}>
      {p && (
        <div className={styles.scroll} role="region" aria-label={formatMessage(messages.problemsTitle)} tabIndex={0}>
          <TableCsv
            name="problems"
            what={formatMessage(drillMessages.problems)}
            header={['problem', 'problem_id', 'attempts', 'learners', 'correct_first_attempt', 'pct_correct', 'attempts_per_correct']}
            rows={list.map((x) => [x.name, x.problemId, x.attempts, x.learners, x.correctFirstAttempt, x.pctCorrect, x.attemptsPerCorrect])}
          />
          <table className={styles.table} data-testid="problems-table">
            <thead>
              <tr>
                <th>{formatMessage(messages.problem)}</th>
                <th className={styles.num}>{formatMessage(messages.attempts)}</th>
                <th className={styles.num}>{formatMessage(messages.learners)}</th>
                <th className={styles.num}>{formatMessage(messages.correctFirst)}</th>
                <th className={styles.num}>{formatMessage(messages.pctCorrect)}</th>
                <th className={styles.num}>{formatMessage(messages.attemptsPerCorrect)}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.problemId} data-testid="problem-row" data-problem-id={x.problemId}>
                  <td title={x.problemId}>{x.name || x.problemId}</td>
                  <td className={styles.num}>{count(x.attempts)}</td>
                  <td className={styles.num}>
                    <LearnersLink metric="problem" item={x.problemId} label={x.name || x.problemId} count={x.learners} what={formatMessage(drillMessages.triedProblem, { problem: x.name || x.problemId })}>
                      {count(x.learners)}
                    </LearnersLink>
                  </td>
                  <td className={styles.num}>
                    {count(x.correctFirstAttempt)} <span className={styles.kpiNote}>({shareOf(x.correctFirstAttempt, x.learners)})</span>
                  </td>
                  <td className={styles.num}>{percent(x.pctCorrect)}</td>
                  <td className={styles.num}>{ratio(x.attemptsPerCorrect)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
