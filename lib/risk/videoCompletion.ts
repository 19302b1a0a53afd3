import type { Lake } from '../lake/client';
import { NOT_STAFF_SQL } from '../metrics/scope';
import { COMPLETE_VIEW_SHARE } from '../metrics/videoTotals';
import { cohortParams, type Cohort } from './cohort';
import { compactRows } from './compactRows';

/** Videos of the course played by any learner, and per learner those they completed, at or before the evaluation time. */
export interface VideoCompletion {
  courseVideos: number;
  completed: Map<number, number>;
}

/**
 * A learner completed a video when the player said so (edx.video.completed / complete_video: the
 * edx-platform player's completion handler, xmodule/js/src/video/09_completion.js, fires it at
 * its completion percentage, 95 % by default; event-routing-backends lists the event) or when
 * a pause, stop or seek of theirs reached COMPLETE_VIEW_SHARE of the video's length. The
 * course's videos are those any learner played by then: what the course has released, as far
 * as the lake knows. video_events kinds: migration 010.
 */
const VIDEO_COMPLETION_SQL = `
  SELECT user_id, toUInt64(countIf(done)) AS completed, toUInt64((SELECT uniqExact(video_id) FROM video_events
    WHERE course_id = {courseId:String} AND time <= {at:DateTime64(3, 'UTC')} AND ${NOT_STAFF_SQL})) AS videos
  FROM (
    SELECT user_id, video_id,
           max(kind = 5) = 1 OR (max(ifNull(duration, 0)) > 0 AND max(ifNull(position, 0)) >= ${COMPLETE_VIEW_SHARE} * max(ifNull(duration, 0))) AS done
    FROM video_events
    WHERE course_id = {courseId:String} AND time <= {at:DateTime64(3, 'UTC')} AND ${NOT_STAFF_SQL}
    GROUP BY user_id, video_id
  )
  GROUP BY user_id`;

const cache = new WeakMap<Cohort, Promise<VideoCompletion>>();

/** Read once per evaluation. */
export function loadVideoCompletion(lake: Lake, cohort: Cohort): Promise<VideoCompletion> {
  let found = cache.get(cohort);
  if (!found) {
    found = compactRows<[number, number, number]>(lake, VIDEO_COMPLETION_SQL, cohortParams(cohort)).then((rows) => ({
      courseVideos: Number(rows[0]?.[2] ?? 0),
      completed: new Map(rows.map(([u, n]) => [Number(u), Number(n)])),
    }));
    cache.set(cohort, found);
  }
  return found;
}
