import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lake } from '../../lib/lake/client';
import { courseExists, dashboardSnapshot } from '../../lib/metrics/dashboard';
import { videoTimeline } from '../../lib/metrics/videoTimeline';
import { courseRequestWindow } from '../../lib/metrics/courseWeekStart';
import { guard } from './guard';
import { sendJson } from './respond';

export const DASHBOARD_PATH_RE = /^\/api\/courses\/([^/]+)\/dashboard$/;
export const VIDEO_TIMELINE_PATH_RE = /^\/api\/courses\/([^/]+)\/videos\/([^/]+)\/timeline$/;

/**
 * GET /api/courses/<courseId>/dashboard?from=&to= → DashboardSnapshot (lib/metrics/dashboardTypes.ts);
 * GET /api/courses/<courseId>/videos/<videoId>/timeline?from=&to= → VideoTimeline.
 * `match` is the path's match of one of the two patterns. 400 with a reason on a bad window or
 * id, 404 for a course the lake does not know, 503 when the lake fails.
 * The caller needs course:view on the course (401/403 with the reason), checked before anything is read.
 */
export async function handleDashboard(req: IncomingMessage, url: URL, match: RegExpExecArray, res: ServerResponse, lake: Lake, now = new Date()): Promise<void> {
  const ids = match.slice(1).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return undefined;
    }
  });
  if (ids.some((id) => id === undefined || id.length === 0 || id.length > 255)) {
    sendJson(res, 400, { error: 'course or video id is not valid URL encoding' });
    return;
  }
  const [courseId, videoId] = ids as string[];
  if (!(await guard(req, res, 'course:view', { courseId }))) return;
  // The viewer's weeks (the course's setting, else their locale's): the weekly table's, and with no from/to the current week.
  const request = { courseId: courseId!, from: url.searchParams.get('from'), to: url.searchParams.get('to'), now, acceptLanguage: req.headers['accept-language'] };
  const parsed = await courseRequestWindow(lake, request);
  if ('error' in parsed) {
    sendJson(res, 400, { error: parsed.error });
    return;
  }
  try {
    const q = { courseId: courseId!, ...parsed.window, now, ...(parsed.weekStart && { weekStart: parsed.weekStart }) };
    if (!(await courseExists(lake, q))) {
      sendJson(res, 404, { error: `unknown course: ${courseId}` });
      return;
    }
    sendJson(res, 200, videoId === undefined ? await dashboardSnapshot(lake, q) : await videoTimeline(lake, { ...q, videoId }));
  } catch (err) {
    sendJson(res, 503, { error: `dashboard unavailable: ${(err as Error).message}` }, { 'retry-after': '5' });
  }
}
