'use client';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VideosWidget } from '@/lib/metrics/dashboardTypes';
import { Card, Chart } from '../Card';
import { LearnersLink, TableCsv } from '../drill';
import { drillMessages } from '../drill.messages';
import type { DashboardWindow } from '../dashboardWindow';
import { clock, count, duration } from '../format';
import { useVideoTimeline } from '../useDashboard';
import { formatMessage } from '@/lib/i18n';
import { messages, timelineMessages } from './cards.messages';
import styles from '../dashboard.module.css';

export function VideosCard({ courseId, videos, range }: { courseId: string; videos?: VideosWidget; range: DashboardWindow }) {
  const v = videos;
  const list = v?.videos ?? [];
  const missing = v?.missing ?? (v && list.length === 0 ? formatMessage(messages.videosNone) : undefined);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  // The chosen video, else the most watched one.
  const selected = list.find((x) => x.videoId === chosen) ?? [...list].sort((a, b) => b.uniqueViewers - a.uniqueViewers)[0];

  return (
    <Card id="videos" title={formatMessage(messages.videosTitle)} note={formatMessage(messages.videosNote)} span={12} loading={!v} missing={missing}>
      {v && (
        <>
          <div className={styles.scroll} role="region" aria-label={formatMessage(messages.videosTitle)} tabIndex={0}>
            <TableCsv
              name="videos"
              what={formatMessage(drillMessages.videos)}
              header={['video', 'video_id', 'duration_seconds', 'unique_viewers', 'watch_seconds', 'avg_watch_seconds_per_viewer', 'complete_views']}
              rows={list.map((x) => [x.name, x.videoId, x.durationSeconds, x.uniqueViewers, x.watchSeconds, x.avgWatchSecondsPerViewer, x.completeViews])}
            />
            <table className={styles.table} data-testid="videos-table">
              <thead>
                <tr>
                  <th>{formatMessage(messages.video)}</th>
                  <th className={styles.num}>{formatMessage(messages.length)}</th>
                  <th className={styles.num}>{formatMessage(messages.uniqueViewers)}</th>
                  <th className={styles.num}>{formatMessage(messages.totalWatch)}</th>
                  <th className={styles.num}>{formatMessage(messages.avgPerViewer)}</th>
                  <th className={styles.num}>{formatMessage(messages.completeViews)}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((x) => (
                  <tr
                    key={x.videoId}
                    data-testid="video-row"
                    data-video-id={x.videoId}
                    className={`${styles.selectable} ${x.videoId === selected?.videoId ? styles.selected : ''}`}
                    onClick={() => setChosen(x.videoId)}
                    aria-selected={x.videoId === selected?.videoId}
                  >
                    <td title={x.videoId}>{x.name || x.videoId}</td>
                    <td className={styles.num}>{x.durationSeconds === null ? '–' : clock(x.durationSeconds)}</td>
                    <td className={styles.num}>
                      <LearnersLink metric="video" item={x.videoId} label={x.name || x.videoId} count={x.uniqueViewers} what={formatMessage(drillMessages.viewersOf, { video: x.name || x.videoId })}>
                        {count(x.uniqueViewers)}
                      </LearnersLink>
                    </td>
                    <td className={styles.num}>{duration(x.watchSeconds)}</td>
                    <td className={styles.num}>{duration(x.avgWatchSecondsPerViewer)}</td>
                    <td className={styles.num}>{x.completeViews === null ? formatMessage(messages.lengthUnknown) : count(x.completeViews)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected && (
            <VideoTimelineChart
              courseId={courseId}
              range={range}
              videos={list.map((x) => ({ id: x.videoId, name: x.name || x.videoId }))}
              videoId={selected.videoId}
              onChoose={setChosen}
              // A live change of this video's figures fetches its timeline again.
              revision={`${selected.uniqueViewers}|${selected.watchSeconds}|${selected.completeViews}`}
            />
          )}
        </>
      )}
    </Card>
  );
}

function VideoTimelineChart(props: {
  courseId: string;
  range: DashboardWindow;
  videos: { id: string; name: string }[];
  videoId: string;
  onChoose(id: string): void;
  revision: string;
}) {
  const { timeline, loading, error } = useVideoTimeline(props.courseId, props.videoId, props.range, props.revision);
  const seconds = timeline?.seconds ?? [];
  const peak = seconds.reduce((max, s) => Math.max(max, s.viewers), 0);
  return (
    <div style={{ marginTop: '1rem' }} data-testid="video-timeline" data-video-id={props.videoId} data-peak-viewers={timeline ? peak : undefined}>
      <label className={styles.cardNote}>
        {formatMessage(timelineMessages.secondBySecond)}{' '}
        <select className={styles.videoSelect} value={props.videoId} onChange={(e) => props.onChoose(e.target.value)} aria-label={formatMessage(timelineMessages.video)}>
          {props.videos.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {loading ? (
        <div className={styles.skeletonBlock} style={{ marginTop: '0.75rem' }} role="status" aria-label={formatMessage(timelineMessages.loading)} />
      ) : error ? (
        <p className={styles.warning}>{formatMessage(timelineMessages.failed, { error })}</p>
      ) : timeline?.missing ? (
        <p className={styles.empty}>{timeline.missing}</p>
      ) : seconds.length === 0 ? (
        <p className={styles.empty}>{formatMessage(timelineMessages.nobody)}</p>
      ) : (
        <>
          <Chart
            name={formatMessage(timelineMessages.chartName)}
            boxClassName={styles.chartBox}
            table={
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th>{formatMessage(timelineMessages.position)}</th>
                    <th className={styles.num}>{formatMessage(timelineMessages.watching)}</th>
                    <th className={styles.num}>{formatMessage(timelineMessages.views)}</th>
                  </tr>
                </thead>
                <tbody>
                  {seconds.map((s) => (
                    <tr key={s.second}>
                      <td>{clock(s.second)}</td>
                      <td className={styles.num}>{count(s.viewers)}</td>
                      <td className={styles.num}>{count(s.views)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          >
            <ResponsiveContainer>
              <LineChart data={seconds} margin={{ top: 8, right: 12, bottom: 18, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis
                  dataKey="second"
                  type="number"
                  domain={[0, timeline?.durationSeconds ?? 'dataMax']}
                  tickFormatter={(s) => clock(Number(s))}
                  fontSize={12}
                  label={{ value: formatMessage(timelineMessages.positionAxis), position: 'insideBottom', offset: -10, fontSize: 12 }}
                />
                <YAxis allowDecimals={false} fontSize={12} label={{ value: formatMessage(timelineMessages.countAxis), angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }} />
                <Tooltip labelFormatter={(s) => formatMessage(timelineMessages.at, { position: clock(Number(s)) })} formatter={(v, name) => [count(Number(v)), name]} />
                <Legend verticalAlign="top" height={24} iconType="plainline" />
                <Line dataKey="viewers" name={formatMessage(timelineMessages.watchingSeries)} stroke="#0a6ebd" dot={false} strokeWidth={2} isAnimationActive={false} />
                <Line dataKey="views" name={formatMessage(timelineMessages.viewsSeries)} stroke="#b35c00" strokeDasharray="6 3" dot={false} strokeWidth={1.5} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </Chart>
          <div className={styles.kpiNote}>{formatMessage(timelineMessages.peak, { count: count(peak) })}</div>
        </>
      )}
    </div>
  );
}
