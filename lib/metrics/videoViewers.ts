import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { windowParams, type DashboardQuery } from './scope';
import { videoLearnerSegmentsSql } from './videoSegments';

/**
 * The learners behind a video's "unique viewers" (videos.ts): learners with at least one watch
 * segment of a play in the window, from the same segments (videoLearnerSegmentsSql, read from the
 * events: the rolled-up days hold the same segments). Columns: user_id, watch (seconds).
 */
const SQL = `
  SELECT user_id, arraySum(s -> s.2 - s.1, segs) AS watch
  FROM (${videoLearnerSegmentsSql({ oneVideo: true })})
  WHERE length(segs) > 0
  ORDER BY user_id`;

export interface VideoViewer {
  userId: number;
  watchSeconds: number;
}

export async function videoViewers(lake: Lake, q: DashboardQuery, videoId: string): Promise<VideoViewer[]> {
  const rows = await queryRows<{ user_id: string | number; watch: number }>(lake, SQL, {
    ...(await windowParams(lake, q)),
    now: formatLakeTime(q.now),
    rolledDays: [],
    videoId,
  });
  return rows.map((r) => ({ userId: Number(r.user_id), watchSeconds: Math.round(Number(r.watch) * 10) / 10 }));
}
