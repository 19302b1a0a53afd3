'use client';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { GradesWidget } from '@/lib/metrics/dashboardTypes';
import { Card, Kpi } from '../Card';
import { LearnersLink, TableCsv } from '../drill';
import { formatMessage } from '@/lib/i18n';
import { drillMessages } from '../drillMessages';
import { count, percent } from '../format';
import styles from '../dashboard.module.css';

/** Bins may be given as 0–1 shares or 0–100 percents; labels are always percents. */
function binLabel(from: number, to: number): string {
  const scale = to <= 1 ? 100 : 1;
  return `${Math.round(from * scale)}–${Math.round(to * scale)}`;
}

export function GradesCard({ grades }: { grades?: GradesWidget }) {
  const g = grades;
  const missing = g?.missing ?? (g && g.graded === 0 ? 'No learner has a grade yet.' : undefined);
  const passing = g?.passingGrade ?? null;
  const data = (g?.bins ?? []).map((b) => {
    const scale = b.to <= 1 ? 1 : 100;
    return { ...b, label: binLabel(b.from, b.to), passes: passing !== null && b.from / scale >= passing };
  });
  return (
    <Card id="grades" title="Grades" note="latest grade per enrolled learner" span={5} loading={!g} missing={missing}>
      {g && (
        <>
          <div className={styles.passRate}>
            <Kpi
              big
              label="Pass rate"
              value={percent(g.passRate)}
              testId="grades-pass-rate"
              note={`${count(g.passed)} of ${count(g.graded)} graded learners passed${passing === null ? '' : `; passing grade ${percent(passing, 0)}`}`}
            />
          </div>
          <div className={styles.chartBox} data-testid="grades-chart" data-graded={g.graded}>
            <ResponsiveContainer>
              <BarChart data={data} margin={{ top: 4, right: 8, bottom: 28, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis
                  dataKey="label"
                  fontSize={10}
                  interval={0}
                  angle={-35}
                  textAnchor="end"
                  height={36}
                  label={{ value: 'grade (%)', position: 'insideBottom', offset: -22, fontSize: 12 }}
                />
                <YAxis allowDecimals={false} fontSize={12} label={{ value: 'learners', angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }} />
                <Tooltip labelFormatter={(l) => `grade ${l} %`} formatter={(v) => [count(Number(v)), 'learners']} />
                <Bar dataKey="learners" isAnimationActive={false}>
                  {data.map((b) => (
                    <Cell key={b.label} fill={b.passes ? '#1a7f37' : '#0a6ebd'} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          {passing !== null && <div className={styles.kpiNote}>Green bars are at or above the passing grade.</div>}
          <details data-testid="grades-bins">
            <summary className={styles.kpiNote}>{formatMessage(drillMessages.gradeBins)}</summary>
            <TableCsv name="grades" what="grades" header={['grade_from_pct', 'grade_to_pct', 'learners']} rows={data.map((b, i) => [i * 10, i * 10 + 10, b.learners])} />
            <table className={styles.table}>
              <tbody>
                {data.map((b, i) => (
                  <tr key={b.label}>
                    <td>{b.label} %</td>
                    <td className={styles.num}>
                      <LearnersLink metric="grade" item={String(i)} count={b.learners} what={`grade ${b.label} %`}>
                        {count(b.learners)}
                      </LearnersLink>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </Card>
  );
}
