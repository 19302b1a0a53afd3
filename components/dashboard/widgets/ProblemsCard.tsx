'use client';
import type { ProblemsWidget } from '@/lib/metrics/dashboardTypes';
import { Card } from '../Card';
import { LearnersLink, TableCsv } from '../drill';
import { count, percent, ratio, shareOf } from '../format';
import styles from '../dashboard.module.css';

export function ProblemsCard({ problems }: { problems?: ProblemsWidget }) {
  const p = problems;
  const list = p?.problems ?? [];
  const missing = p?.missing ?? (p && list.length === 0 ? 'No problem was submitted in this date range.' : undefined);
  return (
    <Card id="problems" title="Problems" note="submitted answers in the chosen date range" span={12} loading={!p} missing={missing}>
      {p && (
        <div className={styles.scroll}>
          <TableCsv
            name="problems"
            what="problems"
            header={['problem', 'problem_id', 'attempts', 'learners', 'correct_first_attempt', 'pct_correct', 'attempts_per_correct']}
            rows={list.map((x) => [x.name, x.problemId, x.attempts, x.learners, x.correctFirstAttempt, x.pctCorrect, x.attemptsPerCorrect])}
          />
          <table className={styles.table} data-testid="problems-table">
            <thead>
              <tr>
                <th>Problem</th>
                <th className={styles.num}>Attempts</th>
                <th className={styles.num}>Learners</th>
                <th className={styles.num}>Correct on 1st attempt</th>
                <th className={styles.num}>% correct</th>
                <th className={styles.num}>Attempts per correct</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.problemId} data-testid="problem-row" data-problem-id={x.problemId}>
                  <td title={x.problemId}>{x.name || x.problemId}</td>
                  <td className={styles.num}>{count(x.attempts)}</td>
                  <td className={styles.num}>
                    <LearnersLink metric="problem" item={x.problemId} label={x.name || x.problemId} count={x.learners} what={`tried ${x.name || x.problemId}`}>
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
