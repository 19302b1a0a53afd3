'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EngagementWidget } from '@/lib/metrics/dashboardTypes';
import { Card, Kpi } from '../Card';
import { LearnersLink, TableCsv } from '../drill';
import { addDays, dayLabel, windowLabel, type DashboardWindow } from '../dashboardWindow';
import { count, duration, shareOf } from '../format';
import styles from '../dashboard.module.css';

const SERIES = [
  { key: 'enrolled', label: 'enrolled', color: '#9aa3b2' },
  { key: 'active', label: 'active', color: '#0a6ebd' },
  { key: 'watchedVideo', label: 'watched a video', color: '#1a7f37' },
  { key: 'triedProblem', label: 'tried a problem', color: '#b35c00' },
] as const;

export function EngagementCard(props: { engagement?: EngagementWidget; range: DashboardWindow; onShowTrend?: () => void }) {
  const { engagement, range, onShowTrend } = props;
  const e = engagement;
  // weekStart may be a day or a full ISO time: the chart and table show the day.
  const weeks = (e?.weeks ?? []).map((w) => ({ ...w, weekStart: w.weekStart.slice(0, 10) }));
  return (
    <Card id="engagement" title="Engagement" note={windowLabel(range)} span={12} loading={!e} missing={e?.missing}>
      {e && (
        <>
          <div className={styles.kpis}>
            <Kpi label="Enrolled" value={count(e.enrolled)} testId="engagement-enrolled" note="active enrollments at the end of the range" />
            <Kpi label="Active learners" value={<LearnersLink metric="active" count={e.active} what="active learners">{count(e.active)}</LearnersLink>} testId="engagement-active" note={`${shareOf(e.active, e.enrolled)} of enrolled`} />
            <Kpi label="Watched a video" value={<LearnersLink metric="watched" count={e.watchedVideo} what="watched a video">{count(e.watchedVideo)}</LearnersLink>} testId="engagement-watched" note={`${shareOf(e.watchedVideo, e.active)} of active`} />
            <Kpi label="Tried a problem" value={<LearnersLink metric="tried" count={e.triedProblem} what="tried a problem">{count(e.triedProblem)}</LearnersLink>} testId="engagement-tried" note={`${shareOf(e.triedProblem, e.active)} of active`} />
            <Kpi label="Average time spent" value={duration(e.avgTimeSpentSeconds)} testId="engagement-time" note="per active learner" />
          </div>
          {weeks.length >= 2 ? (
            <div className={styles.chartBox} data-testid="engagement-trend" data-weeks={weeks.length}>
              <ResponsiveContainer>
                <LineChart data={weeks} margin={{ top: 4, right: 12, bottom: 18, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis
                    dataKey="weekStart"
                    tickFormatter={(d) => dayLabel(String(d), false)}
                    fontSize={12}
                    label={{ value: 'week starting Monday (UTC)', position: 'insideBottom', offset: -10, fontSize: 12 }}
                  />
                  <YAxis allowDecimals={false} fontSize={12} label={{ value: 'learners', angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }} />
                  <Tooltip labelFormatter={(d) => `week of ${dayLabel(String(d))}`} formatter={(v, name) => [count(Number(v)), name]} />
                  <Legend verticalAlign="top" height={24} iconType="plainline" />
                  {SERIES.map((s) => (
                    <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </div>
          ) : (
            <p className={styles.kpiNote}>
              The week-by-week trend needs a range of two weeks or more.{' '}
              {onShowTrend && (
                <button type="button" className={styles.button} onClick={onShowTrend} data-testid="show-trend">
                  Show the last 12 weeks
                </button>
              )}
            </p>
          )}
          {weeks.length > 0 && (
            <div className={styles.scroll}>
              <TableCsv
                name="engagement-weeks"
                what="engagement"
                header={['week_start', 'enrolled', 'active', 'watched_video', 'tried_problem', 'avg_time_spent_seconds']}
                rows={weeks.map((w) => [w.weekStart, w.enrolled, w.active, w.watchedVideo, w.triedProblem, w.avgTimeSpentSeconds])}
              />
              <table className={styles.table} data-testid="engagement-weeks">
                <caption className={styles.visuallyHidden}>Engagement week by week</caption>
                <thead>
                  <tr>
                    <th>Week (Monday, UTC)</th>
                    <th className={styles.num}>Enrolled</th>
                    <th className={styles.num}>Active</th>
                    <th className={styles.num}>Watched a video</th>
                    <th className={styles.num}>Tried a problem</th>
                    <th className={styles.num}>Avg time spent</th>
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((w) => (
                    <tr key={w.weekStart}>
                      <td>{dayLabel(w.weekStart)}</td>
                      <td className={styles.num}>{count(w.enrolled)}</td>
                      <td className={styles.num}>
                        <LearnersLink metric="active" count={w.active} what={`active in the week of ${w.weekStart}`} range={{ from: w.weekStart, to: addDays(w.weekStart, 7) }}>
                          {count(w.active)}
                        </LearnersLink>
                      </td>
                      <td className={styles.num}>
                        <LearnersLink metric="watched" count={w.watchedVideo} what={`watched a video in the week of ${w.weekStart}`} range={{ from: w.weekStart, to: addDays(w.weekStart, 7) }}>
                          {count(w.watchedVideo)}
                        </LearnersLink>
                      </td>
                      <td className={styles.num}>
                        <LearnersLink metric="tried" count={w.triedProblem} what={`tried a problem in the week of ${w.weekStart}`} range={{ from: w.weekStart, to: addDays(w.weekStart, 7) }}>
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
