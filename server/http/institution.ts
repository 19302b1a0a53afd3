import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lake } from '../../lib/lake/client';
import { learnerPii } from '../../lib/export/atRiskCsv';
import { recordExport } from '../../lib/export/audit';
import { institutionSnapshot } from '../../lib/institution/snapshot';
import { orgLearners, orgLearnersCsv } from '../../lib/institution/learners';
import { scopeCourses } from '../../lib/institution/scope';
import { orgRoom, scopeOfRoom } from '../../lib/live/protocol';
import { parseDashboardWindow } from '../../lib/metrics/window';
import { allowed, guard } from './guard';
import { sendJson } from './respond';

const ORG_PATH_RE = /^\/api\/orgs\/([^/]+)\/(dashboard|learners|learners\.csv)$/;

/**
 * Institutional analytics (issue 21):
 *   GET /api/platform/dashboard?from=&to=      platform:view   every widget of /platform for the window
 *   GET /api/orgs/<org>/dashboard?from=&to=    org:view        the same for the org's courses
 *   GET /api/orgs/<org>/learners               org:view        the org's learners (usernames, no PII)
 *   GET /api/orgs/<org>/learners.csv           org:export      the list as CSV; names and emails with org:pii,
 *                                                              recorded in export_audit (kind 'org') before it is sent
 * Windows as the course dashboard's (lib/metrics/window.ts): 400 with the reason when bad.
 * Returns false when the path is not ours.
 */
export async function handleInstitution(req: IncomingMessage, res: ServerResponse, lake: Lake, now = new Date()): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const orgMatch = ORG_PATH_RE.exec(path);
  if (path !== '/api/platform/dashboard' && !orgMatch) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'use GET' }, { allow: 'GET' });
    return true;
  }
  let org: string | undefined;
  if (orgMatch) {
    try {
      org = decodeURIComponent(orgMatch[1]!);
    } catch {
      org = undefined;
    }
    if (!org || scopeOfRoom(orgRoom(org))?.kind !== 'org') {
      sendJson(res, 400, { error: 'not an org: expected the org part of a course key (no spaces, /, :, + or ?)' });
      return true;
    }
  }
  const what = orgMatch?.[2] ?? 'dashboard';
  const principal = org === undefined ? await guard(req, res, 'platform:view') : await guard(req, res, what === 'learners.csv' ? 'org:export' : 'org:view', { org });
  if (!principal) return true;
  try {
    if (what === 'dashboard') {
      const window = parseDashboardWindow(url.searchParams.get('from'), url.searchParams.get('to'), now);
      if ('error' in window) {
        sendJson(res, 400, { error: window.error });
        return true;
      }
      sendJson(res, 200, await institutionSnapshot(lake, { ...(org !== undefined && { org }), ...window, now }));
      return true;
    }
    const courses = await scopeCourses(lake, { org, now });
    const learners = await orgLearners(lake, courses);
    if (what === 'learners') {
      sendJson(res, 200, { org, asOf: now.toISOString(), courses: courses.map((c) => c.courseId), learners });
      return true;
    }
    const withPii = allowed(principal, 'org:pii', { org });
    const pii = withPii ? await learnerPii(lake, learners.map((l) => l.userId)) : undefined;
    const csv = orgLearnersCsv(learners, pii);
    // Recorded before it is sent: no export leaves without its record.
    const record = await recordExport(lake, {
      at: now,
      actor: principal.username,
      kind: 'org',
      courseId: `org:${org}`,
      courseIds: courses.map((c) => c.courseId),
      filter: {},
      rows: learners.length,
      pii: withPii,
    });
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-length': Buffer.byteLength(csv),
      'content-disposition': `attachment; filename="learners-${org!.replace(/[^A-Za-z0-9_.-]/g, '_')}-${now.toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
      'x-export-id': record.id,
      'x-export-rows': String(record.rows),
    });
    res.end(csv);
  } catch (err) {
    sendJson(res, 503, { error: `institutional data unavailable: ${(err as Error).message}` }, { 'retry-after': '5' });
  }
  return true;
}
