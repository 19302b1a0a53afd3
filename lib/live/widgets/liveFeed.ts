import { ENROLLMENT_CHANGE_SQL, LEARNER_ACTIVITY_SQL } from '../../events/activity';
import { formatLakeTime, parseLakeTime } from '../../lake/time';
import { queryRows } from '../../lake/query';
import { orgFromCourseKey } from '../../events/courseKey';
import { coursesParams, NOT_STAFF_OF_COURSES_SQL, NOT_STAFF_SQL, staffOf } from '../../metrics/scope';
import { blockIdOfKey, courseStructure, courseStructureOf, fallbackName, type BlockInfo } from '../../metrics/structure';
import type { LiveFeedWidget } from '../../metrics/dashboardTypes';
import type { Lake } from '../../lake/client';
import type { Widget } from '../widget';
import { sameInstant } from './many';
import { formatMessage } from '../../i18n';
import { missingMessages } from '../../metrics/missing.messages';

export const FEED_ITEMS = 20;
export const FEED_SPAN_MINUTES = 60;

/**
 * The most recent learner actions of the last hour, newest first (staff left out): learner
 * activity (lib/events/activity.ts) and, as news though not activity, enrollment changes. Reads the
 * course's last hour of events only: the events table is ordered by (course_id, time).
 */
const SQL = `
  SELECT time, event_id, user_id, username, name, problem_success, block_id, video_id, problem_id
  FROM events
  WHERE course_id = {courseId:String}
    AND time > {now:DateTime64(3, 'UTC')} - INTERVAL ${FEED_SPAN_MINUTES} MINUTE
    AND time <= {now:DateTime64(3, 'UTC')}
    AND (${LEARNER_ACTIVITY_SQL} OR ${ENROLLMENT_CHANGE_SQL})
    AND ${NOT_STAFF_SQL}
  ORDER BY time DESC, event_id DESC
  LIMIT ${FEED_ITEMS}`;

const MANY_SQL = `
  SELECT course_id, time, event_id, user_id, username, name, problem_success, block_id, video_id, problem_id
  FROM events
  WHERE course_id IN {courseIds:Array(String)}
    AND time > {now:DateTime64(3, 'UTC')} - INTERVAL ${FEED_SPAN_MINUTES} MINUTE
    AND time <= {now:DateTime64(3, 'UTC')}
    AND (${LEARNER_ACTIVITY_SQL} OR ${ENROLLMENT_CHANGE_SQL})
    AND ${NOT_STAFF_OF_COURSES_SQL}
  ORDER BY time DESC, event_id DESC
  LIMIT ${FEED_ITEMS} BY course_id`;

interface Row {
  time: string;
  event_id: string;
  user_id: string | number;
  username: string;
  name: string;
  problem_success: string;
  block_id: string;
  video_id: string;
  problem_id: string;
}

const VERBS: Record<string, string> = {
  play_video: 'played',
  'edx.video.played': 'played',
  pause_video: 'paused',
  'edx.video.paused': 'paused',
  seek_video: 'skipped in',
  'edx.video.position.changed': 'skipped in',
  stop_video: 'finished',
  'edx.video.stopped': 'finished',
  complete_video: 'completed',
  'edx.video.completed': 'completed',
  load_video: 'opened',
  'edx.video.loaded': 'opened',
  'edx.course.enrollment.activated': 'enrolled in the course',
  'edx.course.enrollment.deactivated': 'left the course',
  'edx.course.enrollment.mode_changed': 'changed enrollment mode',
  'edx.ui.lms.sequence.tab_selected': 'opened a unit',
  seq_goto: 'opened a unit',
  'edx.ui.lms.sequence.next_selected': 'moved to the next unit',
  'edx.ui.lms.sequence.previous_selected': 'went back a unit',
  'edx.ui.lms.outline.selected': 'opened the outline',
  showanswer: 'revealed the answer to',
  problem_reset: 'reset',
  reset_problem: 'reset',
};

/** What the learner did, in words. */
export function verbOf(name: string, success: string): string {
  if (name === 'problem_check') return success === 'correct' ? 'answered correctly' : success === 'incorrect' ? 'answered incorrectly' : 'submitted';
  if (VERBS[name]) return VERBS[name];
  if (name.startsWith('edx.forum.')) return `forum: ${name.slice('edx.forum.'.length).replaceAll('.', ' ')}`;
  return name.replaceAll('_', ' ').replace(/^edx\./, '');
}

export const liveFeed: Widget<LiveFeedWidget> = {
  name: 'liveFeed',
  async compute(ctx) {
    const { lake, courseId, now } = ctx;
    const [rows, structure] = await Promise.all([
      staffOf(lake, ctx).then((staff) => queryRows<Row>(lake, SQL, { courseId, org: orgFromCourseKey(courseId), staff, now: formatLakeTime(now) })),
      courseStructureOf(lake, ctx),
    ]);
    return feedOf(rows, structure);
  },
  async computeMany(ctxs) {
    const { lake, now, courseIds } = sameInstant(ctxs);
    const [rows, structures] = await Promise.all([
      queryRows<Row & { course_id: string }>(lake, MANY_SQL, { ...coursesParams(courseIds), now: formatLakeTime(now) }),
      structuresOf(lake, courseIds),
    ]);
    return ctxs.map((c) => feedOf(rows.filter((r) => r.course_id === c.courseId), structures.get(c.courseId)!));
  },
};

async function structuresOf(lake: Lake, courseIds: string[]): Promise<Map<string, Map<string, BlockInfo>>> {
  const unique = [...new Set(courseIds)];
  const structures = await Promise.all(unique.map((id) => courseStructure(lake, id)));
  return new Map(unique.map((id, i) => [id, structures[i]!]));
}

function feedOf(rows: Row[], structure: Map<string, BlockInfo>): LiveFeedWidget {
  const videoNames = new Map([...structure.values()].filter((b) => b.type === 'video').map((b) => [blockIdOfKey(b.blockId), b.name]));
  const items = rows.map((r) => {
    const block = r.problem_id || r.block_id;
    const target = r.video_id
      ? videoNames.get(r.video_id) || fallbackName(r.video_id, 'video')
      : block
        ? structure.get(block)?.name || fallbackName(block)
        : '';
    return {
      time: parseLakeTime(r.time).toISOString(),
      eventId: r.event_id,
      userId: Number(r.user_id),
      username: r.username,
      name: r.name,
      verb: verbOf(r.name, r.problem_success),
      target,
    };
  });
  const result: LiveFeedWidget = { items };
  if (items.length === 0) result.missing = formatMessage(missingMessages.liveFeed, { minutes: FEED_SPAN_MINUTES });
  return result;
}
