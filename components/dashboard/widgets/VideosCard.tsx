'use client';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VideosWidget } from '@/lib/metrics/dashboardTypes';
import { Card } from '../Card';
import { LearnersLink, TableCsv } from '../drill';
import type { DashboardWindow } from '../dashboardWindow';
import { clock, count, duration } from '../format';
import { useVideoTimeline } from '../useDashboard';
import styles from '../dashboard.module.css';

export function VideosCard({ courseId, videos, range }: { courseId: string; videos?: VideosWidget; range: DashboardWindow }) {
  const v = videos;
  const list = v?.videos ?? [];
  const missing = v?.missing ?? (v && list.length === 0 ? 'Nobody watched a video in this date range.' : undefined);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  // The chosen video, else the most watched one.
  const selected = list.find((x) => x.videoId === chosen) ?? [...list].sort((a, b) => b.uniqueViewers - a.uniqueViewers)[0];

  return (
    <Card id="videos" title="Videos" note="in the chosen date range; click a video for its second-by-second chart" span={12} loading={!v} missing={missing}>
      {v && (
        <>
          <div className={styles.scroll}>
            <TableCsv
              name="videos"
              what="videos"
              header={['video', 'video_id', 'duration_seconds', 'unique_viewers', 'watch_seconds', 'avg_watch_seconds_per_viewer', 'complete_views']}
              rows={list.map((x) => [x.name, x.videoId, x.durationSeconds, x.uniqueViewers, x.watchSeconds, x.avgWatchSecondsPerViewer, x.completeViews])}
            />
            <table className={styles.table} data-testid="videos-table">
              <thead>
                <tr>
                  <th>Video</th>
                  <th className={styles.num}>Length</th>
                  <th className={styles.num}>Unique viewers</th>
                  <th className={styles.num}>Total watch time</th>
                  <th className={styles.num}>Avg per viewer</th>
                  <th className={styles.num}>Complete views</th>
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
                      <LearnersLink metric="video" item={x.videoId} label={x.name || x.videoId} count={x.uniqueViewers} what={`viewers of ${x.name || x.videoId}`}>
                        {count(x.uniqueViewers)}
                      </LearnersLink>
                    </td>
                    <td className={styles.num}>{duration(x.watchSeconds)}</td>
                    <td className={styles.num}>{duration(x.avgWatchSecondsPerViewer)}</td>
                    <td className={styles.num}>{x.completeViews === null ? 'length unknown' : count(x.completeViews)}</td>
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
        Second by second:{' '}
        <select className={styles.videoSelect} value={props.videoId} onChange={(e) => props.onChoose(e.target.value)} aria-label="video">
          {props.videos.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {loading ? (
        <div className={styles.skeletonBlock} style={{ marginTop: '0.75rem' }} aria-label="loading" />
      ) : error ? (
        <p className={styles.warning}>Could not load this video&apos;s timeline: {error}</p>
      ) : timeline?.missing ? (
        <p className={styles.empty}>{timeline.missing}</p>
      ) : seconds.length === 0 ? (
        <p className={styles.empty}>Nobody watched this video in the chosen date range.</p>
      ) : (
        <>
          <div className={styles.chartBox}>
            <ResponsiveContainer>
              <LineChart data={seconds} margin={{ top: 8, right: 12, bottom: 18, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis
                  dataKey="second"
                  type="number"
                  domain={[0, timeline?.durationSeconds ?? 'dataMax']}
                  tickFormatter={(s) => clock(Number(s))}
                  fontSize={12}
                  label={{ value: 'position in the video (m:ss)', position: 'insideBottom', offset: -10, fontSize: 12 }}
                />
                <YAxis allowDecimals={false} fontSize={12} label={{ value: 'count', angle: -90, position: 'insideLeft', offset: 12, fontSize: 12 }} />
                <Tooltip labelFormatter={(s) => `at ${clock(Number(s))}`} formatter={(v, name) => [count(Number(v)), name]} />
                <Legend verticalAlign="top" height={24} iconType="plainline" />
                <Line dataKey="viewers" name="learners watching" stroke="#0a6ebd" dot={false} strokeWidth={2} isAnimationActive={false} />
                <Line dataKey="views" name="views (segments)" stroke="#b35c00" dot={false} strokeWidth={1.5} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <div className={styles.kpiNote}>At most {count(peak)} learners watched the same second.</div>
        </>
      )}
    </div>
  );
}
