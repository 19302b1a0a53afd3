import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import type { VideoTimeline } from './dashboardTypes';
import { windowParams, type CourseWindow } from './scope';
import { videoSegmentsSql } from './videoSegments';
import { formatMessage } from '../i18n';
import { missingMessages } from './missing.messages';

/** Longest timeline drawn (a wrong duration must not ask for millions of seconds). */
export const MAX_TIMELINE_SECONDS = 6 * 3600;

/**
 * DESIGN §5, second by second for one video: for each second s, the distinct learners and the
 * segments covering it (a segment [a, b) covers s when it overlaps [s, s + 1)).
 */
const SQL = `
  SELECT second, uniqExact(user_id) AS viewers, count() AS views, max(duration) AS video_duration
  FROM (${videoSegmentsSql(true)})
  ARRAY JOIN range(toUInt32(floor(start)), toUInt32(least(ceil(end), ${MAX_TIMELINE_SECONDS}))) AS second
  GROUP BY second
  ORDER BY second`;

export interface VideoTimelineQuery extends CourseWindow {
  videoId: string;
  now: Date;
}

export async function videoTimeline(lake: Lake, q: VideoTimelineQuery): Promise<VideoTimeline> {
  const params = { ...(await windowParams(lake, q)), now: formatLakeTime(q.now), videoId: q.videoId, rolledDays: [] };
  const rows = await queryRows<{ second: number; viewers: string; views: string; video_duration: number }>(lake, SQL, params);
  const longest = Math.max(0, ...rows.map((r) => Number(r.video_duration)));
  const duration = longest > 0 ? longest : null;
  const bySecond = new Map(rows.map((r) => [Number(r.second), r]));
  const last = Math.min(MAX_TIMELINE_SECONDS, duration !== null ? Math.ceil(duration) : rows.length > 0 ? Number(rows[rows.length - 1]!.second) + 1 : 0);
  const seconds = Array.from({ length: last }, (_, s) => ({ second: s, viewers: Number(bySecond.get(s)?.viewers ?? 0), views: Number(bySecond.get(s)?.views ?? 0) }));
  const result: VideoTimeline = { videoId: q.videoId, durationSeconds: duration, seconds };
  if (rows.length === 0) result.missing = formatMessage(missingMessages.videoTimeline);
  return result;
}
