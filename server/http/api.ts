import type { IncomingMessage, ServerResponse } from 'node:http';
import { listActiveCourses } from '../../lib/courses';
import { courseRoom } from '../../lib/live/protocol';
import type { Health, Services } from '../../lib/services';
import { sendJson } from './respond';
import { guard } from './guard';
import { authorize, filterVisible, seesAllCourses } from '../../lib/auth/authorize';
import { appRoles } from '../../lib/auth/principal';
import { DASHBOARD_PATH_RE, handleDashboard, VIDEO_TIMELINE_PATH_RE } from './dashboard';
import { courseExists } from '../../lib/metrics/dashboard';
import { handleLearners, LEARNERS_PATH_RE } from './learners';
import { registry } from '../../lib/telemetry';

/**
 * The JSON API served by the long-running process itself (no Next.js needed):
 * GET /api/health, GET /api/metrics (Prometheus, admins), GET /api/me, GET /api/courses, GET /api/courses/<courseId>/live,
 * GET /api/courses/<courseId>/dashboard, GET /api/courses/<courseId>/videos/<videoId>/timeline,
 * GET /api/courses/<courseId>/learners[.csv] (the learners behind a count).
 * Every route but health goes through guard() (lib/auth: 401/403 with a reason).
 * Returns false when the path is not ours.
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, services: Services): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (!path.startsWith('/api/')) return false;

  if (path === '/api/health') {
    if (!allowGet(req, res)) return true;
    const health = await services.health();
    // Error texts can name the LMS or ClickHouse host and user: for admins only.
    const caller = await services.auth.authenticate({ cookie: req.headers.cookie, authorization: req.headers.authorization }).catch(() => undefined);
    const admin = caller?.principal && authorize(caller.principal, 'admin').allowed;
    sendJson(res, health.ok ? 200 : 503, admin ? health : withoutDetails(health));
    return true;
  }

  // Prometheus scrapes with an admin's API token (bearer_token); same figures as health, as metrics.
  if (path === '/api/metrics') {
    if (!allowGet(req, res)) return true;
    if (!(await guard(req, res, 'admin'))) return true;
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
    return true;
  }

  if (path === '/api/me') {
    if (!allowGet(req, res)) return true;
    const principal = await guard(req, res);
    if (!principal) return true;
    const { username, name, email, source, roles } = principal;
    sendJson(res, 200, { username, name, email, source, appRoles: appRoles(roles), roles });
    return true;
  }

  if (path === '/api/courses') {
    if (!allowGet(req, res)) return true;
    const principal = await guard(req, res);
    if (!principal) return true;
    // A filtered list reads every active course first, so that the limit never hides one of the caller's.
    const all = seesAllCourses(principal);
    const courses = await listActiveCourses(services.lake, new Date(), 30, all ? 500 : 1_000_000);
    sendJson(res, 200, { courses: all ? courses : filterVisible(principal, courses).slice(0, 500) });
    return true;
  }

  const live = /^\/api\/courses\/([^/]+)\/live$/.exec(path);
  if (live) {
    if (!allowGet(req, res)) return true;
    let courseId: string;
    try {
      courseId = decodeURIComponent(live[1]!);
      if (courseId.length === 0 || courseId.length > 255) throw new Error('length');
    } catch {
      sendJson(res, 400, { error: 'course id is not valid URL encoding' });
      return true;
    }
    if (!(await guard(req, res, 'course:view', { courseId }))) return true;
    try {
      if (!(await courseExists(services.lake, { courseId }))) {
        sendJson(res, 404, { error: `unknown course: ${courseId}` });
        return true;
      }
      sendJson(res, 200, await services.live.snapshot(courseRoom(courseId)));
    } catch (err) {
      sendJson(res, 503, { error: `live data unavailable: ${(err as Error).message}` }, { 'retry-after': '5' });
    }
    return true;
  }

  const learners = LEARNERS_PATH_RE.exec(path);
  if (learners) {
    if (!allowGet(req, res)) return true;
    await handleLearners(req, url, learners, res, services.lake);
    return true;
  }

  const dashboard = DASHBOARD_PATH_RE.exec(path) ?? VIDEO_TIMELINE_PATH_RE.exec(path);
  if (dashboard) {
    if (!allowGet(req, res)) return true;
    await handleDashboard(req, url, dashboard, res, services.lake);
    return true;
  }

  return false;
}

function allowGet(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  sendJson(res, 405, { error: 'use GET' }, { allow: 'GET' });
  return false;
}

/** Health for anonymous callers: states and counters, no error texts. */
function withoutDetails(health: Health): Health {
  const { lake, lms } = health;
  return {
    ...health,
    // Whether it can take ingest, without the error texts (they name paths, hosts and users).
    lake: {
      ok: lake.ok,
      kind: lake.kind,
      writable: lake.writable,
      ...(lake.lastWrite && { lastWrite: { ok: lake.lastWrite.ok, at: lake.lastWrite.at, ageSeconds: lake.lastWrite.ageSeconds } }),
      derivedRepairPending: lake.derivedRepairPending,
    },
    ...(lms && { lms: { ok: lms.ok, lastRunAt: lms.lastRunAt, durationMs: lms.durationMs, failedTables: lms.failedTables } }),
  };
}
