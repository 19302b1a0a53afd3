'use client';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { GradesWidget } from '@/lib/metrics/dashboardTypes';
import { Card, Chart, Kpi } from '../Card';
import { LearnersLink, TableCsv } from '../drill';
import { drillMessages } from '../drill.messages';
import { count, percent } from '../format';
import { formatMessage } from '@/lib/i18n';
import { gradesMessages as m } from './cards.messages';
import styles from '../dashboard.module.css';

/** Bins may be given as 0–1 shares or 0–100 percents; labels are always percents. */
function binLabel(from: number, to: number): string {
  const scale = to <= 1 ? 100 : 1;
  return `${Math.round(from * scale)}–${Math.round(to * scale)}`;
}

export function GradesCard({ grades }: { grades?: GradesWidget }) {
  const g = grades;
  const missing = g?.missing ?? (g && g.graded === 0 ? formatMessage(m.none) : undefined);
  const passing = g?.passingGrade ?? null;
  const data = (g?.bins ?? []).map((b) => {
    const scale = b.to <= 1 ? 1 : 100;
    return { ...b, label: binLabel(b.from, b.to), passes: passing !== null && b.from / scale >= passing };
  });
  return (
    <Card id="grades" title={formatMessage(m.title)} note={formatMessage(m.note)} span={5} loading={!g} missing={missing}>
      {g && (
        <>
          <div className={styles.passRate}>
            <Kpi
              big
              label={formatMessage(m.passRate)}
              value={percent(g.passRate)}
              testId="grades-pass-rate"
              note={`${formatMessage(m.passed, { passed: count(g.passed), graded: count(g.graded) })}${passing === null ? '' : formatMessage(m.passingGrade, { grade: percent(passing, 0) })}`}
            />
          </div>
          <Chart
            name={formatMessage(m.chartName)}
            boxClassName={styles.chartBox}
            box={{ 'data-testid': 'grades-chart', 'data-graded': g.graded }}
            table={
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th>{formatMessage(m.gradeColumn)}</th>
                    <th className={styles.num}>{formatMessage(m.learnersColumn)}</th>
                    {passing !== null && <th>{formatMessage(m.passingColumn)}</th>}
                  </tr>
                </thead>
                <tbody>
                  {data.map((b) => (
                    <tr key={b.label}>
                      <td>{b.label}</td>
                      <td className={styles.num}>{count(b.learners)}</td>
                      {passing !== null && <td>{formatMessage(b.passes ? m.atOrAbove : m.below)}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          >
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
                  label={{ value: formatMessage(m.gradeAxis), position: 'insideBottom', offset: -22, fontSize: 12 }}
                />
                <YAxis allowDecimals={false} fontSize={12} label={{ value: formatMessage(m.learnersAxis), angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }} />
                <Tooltip labelFormatter={(l) => formatMessage(m.tooltipGrade, { bin: String(l) })} formatter={(v) => [count(Number(v)), formatMessage(m.learnersAxis)]} />
                <Bar dataKey="learners" isAnimationActive={false}>
                  {data.map((b) => (
                    // Passing bins: green and hatched (not told by hue alone).
                    <Cell key={b.label} fill={b.passes ? 'url(#lookout-passing)' : '#0a6ebd'} stroke={b.passes ? '#1a7f37' : undefined} />
                  ))}
                </Bar>
                <defs>
                  <pattern id="lookout-passing" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="6" height="6" fill="#1a7f37" />
                    <line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" strokeWidth="2" />
                  </pattern>
                </defs>
              </BarChart>
            </ResponsiveContainer>
          </Chart>
          {passing !== null && <div className={styles.kpiNote}>{formatMessage(m.hatched, { grade: percent(passing, 0) })}</div>}
          <details data-testid="grades-bins">
            <summary className={styles.kpiNote}>{formatMessage(drillMessages.gradeBins)}</summary>
            <TableCsv name="grades" what={formatMessage(drillMessages.grades)} header={['grade_from_pct', 'grade_to_pct', 'learners']} rows={data.map((b, i) => [i * 10, i * 10 + 10, b.learners])} />
            <table className={styles.table}>
              <tbody>
                {data.map((b, i) => (
                  <tr key={b.label}>
                    <td>{b.label} %</td>
                    <td className={styles.num}>
                      <LearnersLink metric="grade" item={String(i)} count={b.learners} what={formatMessage(drillMessages.gradeBin, { bin: `${b.label} %` })}>
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
