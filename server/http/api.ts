import type { IncomingMessage, ServerResponse } from 'node:http';
import { listActiveCourses } from '../../lib/courses';
import { courseRoom } from '../../lib/live/protocol';
import type { Services } from '../../lib/services';
import { sendJson } from './respond';
import { DASHBOARD_PATH_RE, handleDashboard, VIDEO_TIMELINE_PATH_RE } from './dashboard';

/**
 * The JSON API served by the long-running process itself (no Next.js needed):
 * GET /api/health, GET /api/courses, GET /api/courses/<courseId>/live,
 * GET /api/courses/<courseId>/dashboard, GET /api/courses/<courseId>/videos/<videoId>/timeline.
 * Returns false when the path is not ours.
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, services: Services): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (!path.startsWith('/api/')) return false;

  if (path === '/api/health') {
    if (!allowGet(req, res)) return true;
    const health = await services.health();
    sendJson(res, health.ok ? 200 : 503, health);
    return true;
  }

  if (path === '/api/courses') {
    if (!allowGet(req, res)) return true;
    sendJson(res, 200, { courses: await listActiveCourses(services.lake) });
    return true;
  }

  const live = /^\/api\/courses\/([^/]+)\/live$/.exec(path);
  if (live) {
    if (!allowGet(req, res)) return true;
    let courseId: string;
    try {
      courseId = decodeURIComponent(live[1]!);
    } catch {
      sendJson(res, 400, { error: 'course id is not valid URL encoding' });
      return true;
    }
    try {
      sendJson(res, 200, await services.live.snapshot(courseRoom(courseId)));
    } catch (err) {
      sendJson(res, 503, { error: `live data unavailable: ${(err as Error).message}` }, { 'retry-after': '5' });
    }
    return true;
  }

  const dashboard = DASHBOARD_PATH_RE.exec(path) ?? VIDEO_TIMELINE_PATH_RE.exec(path);
  if (dashboard) {
    if (!allowGet(req, res)) return true;
    await handleDashboard(url, dashboard, res, services.lake);
    return true;
  }

  return false;
}

function allowGet(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  sendJson(res, 405, { error: 'use GET' }, { allow: 'GET' });
  return false;
}
