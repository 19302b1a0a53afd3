import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import type { VideosWidget } from './dashboardTypes';
import { windowParams, type DashboardQuery } from './scope';
import { blockIdOfKey, courseStructureOf, fallbackName, STRUCTURE_VIDEO_LENGTHS_SQL, UNKNOWN_POSITION } from './structure';
import { CLOSE_LOOKAHEAD_HOURS, videoLearnerSegmentsSql } from './videoSegments';
import { rollUpVideoDays, splitVideoDays } from './videoDays';
import { NOT_STAFF_SQL } from './scope';
import { skippableDays } from './window';
import { settledLater, totalsFor } from './closedDayTotals';
import { completeViewSql, coveredLengthSql, dayNumber, VIDEO_TOTALS, VIDEOS_FROM_TOTALS_SQL } from './videoTotals';
import { formatMessage } from '../i18n';
import { missingMessages } from './missing.messages';

/**
 * Per video, from the watch segments of plays in the window: unique viewers (learners with a
 * segment), watch time (sum of segment lengths), complete views (learners whose segments
 * together cover ≥ 95 % of the video's length). Overlapping segments of one learner count
 * once towards coverage: the union length is the sum, over segments sorted by start, of what
 * each adds past the furthest end before it (one fold carrying the sum and that end).
 */
const videosSql = ({ events = true } = {}) => `
  SELECT video_id, max(dur) AS video_duration, count() AS viewers, sum(watch) AS watch_seconds,
         countIf(${completeViewSql('dur', 'covered')}) AS complete_views
  FROM (
    SELECT video_id, user_id, max(learner_dur) AS dur,
           arraySort(arrayFlatten(groupArray(learner_segs))) AS s,
           arraySum(x -> x.2 - x.1, s) AS watch,
           ${coveredLengthSql('s')} AS covered
    FROM (${
      events
        ? `
      SELECT video_id, user_id, dur AS learner_dur, segs AS learner_segs FROM (${videoLearnerSegmentsSql({ skipRolled: true })})
      UNION ALL`
        : ''
    }
      SELECT video_id, user_id, dur AS learner_dur, segs AS learner_segs FROM video_day_segments FINAL
      WHERE course_id = {courseId:String} AND day IN {rolled:Array(Date)} AND ${NOT_STAFF_SQL}
    )
    GROUP BY video_id, user_id
    HAVING length(s) > 0
  ) AS learner LEFT JOIN (${STRUCTURE_VIDEO_LENGTHS_SQL}) AS structure USING (video_id)
  GROUP BY video_id`;
const SQL = videosSql();
/**
 * The same when every day of the window is rolled up (a past window on day edges): the rollups
 * hold every play's segments, with the lengths its player reported, and no event is read. The
 * events' half would add nothing, yet costs more to plan than the rollups' half to run.
 */
const ROLLED_SQL = videosSql({ events: false });

export async function videos(lake: Lake, q: DashboardQuery): Promise<VideosWidget> {
  // Both at once: the totals' status need not wait for the days.
  const split = settledLater(splitVideoDays(lake, q.courseId, q.from, q.to, q.now));
  // A window holding the whole course reads the learners' totals of its first closed days.
  const totals = await totalsFor(lake, VIDEO_TOTALS, q, () => split);
  const days = await split;
  // Closed days not rolled up yet (or with late events): computed in the background, read from events meanwhile.
  if (days.stale.length > 0) void rollUpVideoDays(lake, q.courseId, days.stale, days.seen, q.now).catch(() => undefined);
  const from = totals?.through ?? q.from;
  const rolled = totals ? days.rolled.filter((d) => Date.parse(`${d}T00:00:00Z`) >= from.getTime()) : days.rolled;
  const allRolled = days.stale.length === 0 && isMidnight(q.from) && isMidnight(q.to) && days.openFrom.getTime() >= q.to.getTime();
  const [rows, structure] = await Promise.all([
    queryRows<{ video_id: string; video_duration: number; viewers: string; watch_seconds: number; complete_views: string }>(lake, totals ? VIDEOS_FROM_TOTALS_SQL : allRolled ? ROLLED_SQL : SQL, {
      ...(await windowParams(lake, q, { from, to: q.to })),
      ...skipParams(skippableDays(from, q.to, days.stale, days.openFrom)),
      now: formatLakeTime(q.now),
      rolled,
      rolledDays: rolled.map(dayNumber),
      ...(totals && { version: totals.version }),
    }),
    courseStructureOf(lake, q),
  ]);
  const videoBlocks = new Map([...structure.values()].filter((b) => b.type === 'video').map((b) => [blockIdOfKey(b.blockId), b]));
  const list = rows
    .map((r) => {
      const block = videoBlocks.get(r.video_id);
      const viewers = Number(r.viewers);
      const watch = Number(r.watch_seconds);
      const duration = Number(r.video_duration) > 0 ? Number(r.video_duration) : block?.duration || null;
      return {
        position: block?.position ?? UNKNOWN_POSITION,
        videoId: r.video_id,
        name: block?.name || fallbackName(r.video_id, 'video'),
        durationSeconds: duration,
        uniqueViewers: viewers,
        watchSeconds: round1(watch),
        avgWatchSecondsPerViewer: viewers > 0 ? round1(watch / viewers) : 0,
        completeViews: duration ? Number(r.complete_views) : null, // "length unknown", not 0
      };
    })
    .sort((a, b) => a.position - b.position || a.videoId.localeCompare(b.videoId))
    .map(({ position: _, ...v }) => v);
  const result: VideosWidget = { videos: list };
  if (list.length === 0) result.missing = formatMessage(missingMessages.videos);
  return result;
}

/**
 * The rolled days' video events need no reading, except in a run's first hours, which may close
 * plays of the day before it. Params {skipFrom}/{skipTo} of videoLearnerSegmentsSql.
 */
function skipParams({ skipFrom, skipTo }: { skipFrom: Date; skipTo: Date }): Record<string, string> {
  const from = Math.min(skipFrom.getTime() + CLOSE_LOOKAHEAD_HOURS * 3_600_000, skipTo.getTime());
  return { skipFrom: formatLakeTime(new Date(from)), skipTo: formatLakeTime(skipTo) };
}

const isMidnight = (d: Date) => d.getTime() % 86_400_000 === 0;

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
