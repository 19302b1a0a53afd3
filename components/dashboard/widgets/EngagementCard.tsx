'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EngagementWidget } from '@/lib/metrics/dashboardTypes';
import { Card, Chart, Kpi } from '../Card';
import { LearnersLink, TableCsv } from '../drill';
import { drillMessages } from '../drill.messages';
import { addDays, dayLabel, windowLabel, type DashboardWindow } from '../dashboardWindow';
import { count, duration, shareOf } from '../format';
import { formatMessage } from '@/lib/i18n';
import { engagementMessages, engagementMessages as m } from './cards.messages';
import styles from '../dashboard.module.css';

/** Told apart by dash pattern and dot shape as well as by hue (colour-blind viewers, print). */
const SERIES = [
  { key: 'enrolled', label: engagementMessages.seriesEnrolled, color: '#6b7385', dash: '6 3', dot: 'square' },
  { key: 'active', label: engagementMessages.seriesActive, color: '#0a6ebd', dash: undefined, dot: 'circle' },
  { key: 'watchedVideo', label: engagementMessages.seriesWatched, color: '#1a7f37', dash: '2 3', dot: 'triangle' },
  { key: 'triedProblem', label: engagementMessages.seriesTried, color: '#b35c00', dash: '10 3 2 3', dot: 'diamond' },
] as const;

/** A dot of the series' shape at (cx, cy). */
function SeriesDot(shape: (typeof SERIES)[number]['dot'], color: string) {
  return function Dot(props: { cx?: number; cy?: number; index?: number }) {
    const { cx, cy, index } = props;
    if (cx === undefined || cy === undefined) return <g key={index} />;
    const r = 3.5;
    const common = { key: index, fill: color, stroke: color };
    if (shape === 'square') return <rect {...common} x={cx - r} y={cy - r} width={2 * r} height={2 * r} />;
    if (shape === 'triangle') return <polygon {...common} points={`${cx},${cy - r - 1} ${cx - r - 1},${cy + r} ${cx + r + 1},${cy + r}`} />;
    if (shape === 'diamond') return <polygon {...common} points={`${cx},${cy - r - 1} ${cx + r + 1},${cy} ${cx},${cy + r + 1} ${cx - r - 1},${cy}`} />;
    return <circle {...common} cx={cx} cy={cy} r={r} />;
  };
}

export function EngagementCard(props: { engagement?: EngagementWidget; range: DashboardWindow; onShowTrend?: () => void }) {
  const { engagement, range, onShowTrend } = props;
  const e = engagement;
  // weekStart may be a day or a full ISO time: the chart and table show the day.
  const weeks = (e?.weeks ?? []).map((w) => ({ ...w, weekStart: w.weekStart.slice(0, 10) }));
  return (
    <Card id="engagement" title={formatMessage(m.title)} note={windowLabel(range)} span={12} loading={!e} missing={e?.missing}>
      {e && (
        <>
          <div className={styles.kpis}>
            <Kpi label={formatMessage(m.enrolled)} value={count(e.enrolled)} testId="engagement-enrolled" note={formatMessage(m.enrolledNote)} />
            <Kpi label={formatMessage(m.active)} value={<LearnersLink metric="active" count={e.active} what={formatMessage(drillMessages.active)}>{count(e.active)}</LearnersLink>} testId="engagement-active" note={formatMessage(m.ofEnrolled, { share: shareOf(e.active, e.enrolled) })} />
            <Kpi label={formatMessage(m.watched)} value={<LearnersLink metric="watched" count={e.watchedVideo} what={formatMessage(drillMessages.watched)}>{count(e.watchedVideo)}</LearnersLink>} testId="engagement-watched" note={formatMessage(m.ofActive, { share: shareOf(e.watchedVideo, e.active) })} />
            <Kpi label={formatMessage(m.tried)} value={<LearnersLink metric="tried" count={e.triedProblem} what={formatMessage(drillMessages.tried)}>{count(e.triedProblem)}</LearnersLink>} testId="engagement-tried" note={formatMessage(m.ofActive, { share: shareOf(e.triedProblem, e.active) })} />
            <Kpi label={formatMessage(m.time)} value={duration(e.avgTimeSpentSeconds)} testId="engagement-time" note={formatMessage(m.perActive)} />
          </div>
          {weeks.length >= 2 ? (
            <Chart name={formatMessage(m.chartName)} boxClassName={styles.chartBox} box={{ 'data-testid': 'engagement-trend', 'data-weeks': weeks.length }}>
              <ResponsiveContainer>
                <LineChart data={weeks} margin={{ top: 4, right: 12, bottom: 18, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis
                    dataKey="weekStart"
                    tickFormatter={(d) => dayLabel(String(d), false)}
                    fontSize={12}
                    label={{ value: formatMessage(m.weekAxis), position: 'insideBottom', offset: -10, fontSize: 12 }}
                  />
                  <YAxis allowDecimals={false} fontSize={12} label={{ value: formatMessage(m.learnersAxis), angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }} />
                  <Tooltip labelFormatter={(d) => formatMessage(m.weekOf, { day: dayLabel(String(d)) })} formatter={(v, name) => [count(Number(v)), name]} />
                  <Legend verticalAlign="top" height={24} iconType="plainline" />
                  {SERIES.map((s) => (
                    <Line
                      key={s.key}
                      dataKey={s.key}
                      name={formatMessage(s.label)}
                      stroke={s.color}
                      strokeWidth={2}
                      strokeDasharray={s.dash}
                      dot={SeriesDot(s.dot, s.color)}
                      isAnimationActive={false}
                    />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </Chart>
          ) : (
            <p className={styles.kpiNote}>
              {formatMessage(m.needsTwoWeeks)}{' '}
              {onShowTrend && (
                <button type="button" className={styles.button} onClick={onShowTrend} data-testid="show-trend">
                  {formatMessage(m.showTrend)}
                </button>
              )}
            </p>
          )}
          {weeks.length > 0 && (
            <div className={styles.scroll} role="region" aria-label={formatMessage(m.tableCaption)} tabIndex={0}>
              <TableCsv
                name="engagement-weeks"
                what={formatMessage(drillMessages.engagement)}
                header={['week_start', 'enrolled', 'active', 'watched_video', 'tried_problem', 'avg_time_spent_seconds']}
                rows={weeks.map((w) => [w.weekStart, w.enrolled, w.active, w.watchedVideo, w.triedProblem, w.avgTimeSpentSeconds])}
              />
              <table className={styles.table} data-testid="engagement-weeks">
                <caption className={styles.visuallyHidden}>{formatMessage(m.tableCaption)}</caption>
                <thead>
                  <tr>
                    <th>{formatMessage(e?.weekStartsOn === 'sunday' ? m.weekSunday : m.week)}</th>
                    <th className={styles.num}>{formatMessage(m.enrolled)}</th>
                    <th className={styles.num}>{formatMessage(m.active2)}</th>
                    <th className={styles.num}>{formatMessage(m.watched)}</th>
                    <th className={styles.num}>{formatMessage(m.tried)}</th>
                    <th className={styles.num}>{formatMessage(m.avgTime)}</th>
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((w) => (
                    <tr key={w.weekStart}>
                      <td>{dayLabel(w.weekStart)}</td>
                      <td className={styles.num}>{count(w.enrolled)}</td>
                      <td className={styles.num}>
                        <LearnersLink metric="active" count={w.active} what={formatMessage(drillMessages.activeInWeek, { week: w.weekStart })} range={{ from: w.weekStart, to: addDays(w.weekStart, 7) }}>
                          {count(w.active)}
                        </LearnersLink>
                      </td>
                      <td className={styles.num}>
                        <LearnersLink metric="watched" count={w.watchedVideo} what={formatMessage(drillMessages.watchedInWeek, { week: w.weekStart })} range={{ from: w.weekStart, to: addDays(w.weekStart, 7) }}>
                          {count(w.watchedVideo)}
                        </LearnersLink>
                      </td>
                      <td className={styles.num}>
                        <LearnersLink metric="tried" count={w.triedProblem} what={formatMessage(drillMessages.triedInWeek, { week: w.weekStart })} range={{ from: w.weekStart, to: addDays(w.weekStart, 7) }}>
                          {count(w.triedProblem)}
                        </LearnersLink>
                      </td>
                      <td className={styles.num}>{duration(w.avgTimeSpentSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
