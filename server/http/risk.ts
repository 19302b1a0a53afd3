import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bus } from '../../lib/bus';
import { listActiveCourses } from '../../lib/courses';
import { atRiskCsv, crossCourseCsv, learnerPii, type LearnerPii } from '../../lib/export/atRiskCsv';
import { applyAtRiskQuery, atRiskQueryRecord, parseAtRiskQuery, type AtRiskQuery } from '../../lib/export/atRiskQuery';
import { ALL_COURSES, EXPORTS_MAX, listExports, recordExport, type ExportRecord } from '../../lib/export/audit';
import type { Lake } from '../../lib/lake/client';
import { currentAtRisk, type AtRiskWidget } from '../../lib/live/widgets/atRisk';
import { courseExists } from '../../lib/metrics/dashboard';
import { courseWeekStartSetting, FOLLOW_LOCALE, setCourseWeekStart } from '../../lib/metrics/courseWeekStart';
import { isWeekStart, WEEK_STARTS, type WeekStart } from '../../lib/metrics/weekStart';
import {
  InvalidThresholdsError,
  resolveScope,
  setThresholds,
  THRESHOLD_INFO,
  thresholdHistory,
  thresholdsSetAt,
  type ThresholdHistoryRow,
} from '../../lib/risk/thresholds';
import { previewThresholds, type ThresholdPreview } from '../../lib/risk/preview';
import { DEFAULT_THRESHOLDS, type LearnerRisk, type ThresholdScope } from '../../lib/risk/types';
import { callerOf, canSeePii, decide, isAdmin, requireAllowed, type Caller } from './caller';
import { HttpError, readBody, sendJson } from './respond';

/**
 * Early-warning API (issue 6):
 *   GET  /api/courses/<courseId>/at-risk[.csv]?rule=&severity=&sort=&order=
 *   GET  /api/risk/thresholds?scope=&key=          PUT /api/risk/thresholds {scope, key, values}
 *   POST /api/risk/thresholds/preview {scope, key, values}   (how many the change would flag)
 *   GET  /api/risk/thresholds/history?scope=&key=&limit=
 *   GET  /api/courses/<id>/week-start                 PUT /api/courses/<id>/week-start {weekStart} (admins; null: the viewer's locale)
 *   GET  /api/admin/exports?actor=&course=&limit=
 *   GET  /api/support/at-risk.csv?course=…&rule=&severity=&sort=&order=
 * Each route resolves its caller once (callerOf: 401 without credentials) and every decision
 * goes through lib/auth authorize(): course:view for the list, course:export for its CSV,
 * course:pii for emails and names, export:all for the cross-course export, admin for settings.
 */

export interface RiskDeps {
  lake: Lake;
  bus: Bus;
  now?: () => Date;
}

/** JSON body of GET /api/courses/<courseId>/at-risk. */
export interface AtRiskResponse extends Omit<AtRiskWidget, 'learners'> {
  courseId: string;
  query: AtRiskQuery;
  /** At-risk learners before the filter. */
  total: number;
  /** name and email are null unless the caller may see PII (and the LMS copy has them). */
  learners: (LearnerRisk & { name: string | null; email: string | null })[];
}

export interface ThresholdsResponse {
  scope: ThresholdScope;
  key: string;
  /** Set at exactly this scope. */
  set: Partial<Record<keyof typeof DEFAULT_THRESHOLDS, number>>;
  /** What applies at this scope (set here, or inherited). */
  effective: Awaited<ReturnType<typeof resolveScope>>['thresholds'];
  sources: Awaited<ReturnType<typeof resolveScope>>['sources'];
  defaults: typeof DEFAULT_THRESHOLDS;
  info: typeof THRESHOLD_INFO;
}

export async function handleRiskApi(req: IncomingMessage, res: ServerResponse, deps: RiskDeps): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const course = /^\/api\/courses\/([^/]+)\/at-risk(\.csv)?$/.exec(path);
  const weekStart = /^\/api\/courses\/([^/]+)\/week-start$/.exec(path);
  const known =
    course ||
    weekStart ||
    path === '/api/risk/thresholds' ||
    path === '/api/risk/thresholds/history' ||
    path === '/api/risk/thresholds/preview' ||
    path === '/api/admin/exports' ||
    path === '/api/support/at-risk.csv';
  if (!known) return false;

  try {
    const caller = await callerOf(req.headers);
    const now = deps.now?.() ?? new Date();
    if (course) {
      allow(req, course[2] ? ['GET'] : ['GET', 'HEAD']);
      const courseId = decodeCourseId(course[1]!);
      const query = queryOf(url);
      if (course[2]) {
        const { csv, record } = await exportCourse(deps.lake, { courseId, query, caller, now });
        sendCsv(res, csv, `at-risk-${courseId}`, now, record);
      } else {
        sendJson(res, 200, await atRiskList(deps.lake, { courseId, query, caller, now }));
      }
    } else if (weekStart) {
      allow(req, ['GET', 'HEAD', 'PUT']);
      const courseId = decodeCourseId(weekStart[1]!);
      if (req.method === 'PUT') sendJson(res, 200, await changeWeekStart(deps.lake, { courseId, body: parseJson(await readBody(req, 4 * 1024)), caller, now }));
      else {
        requireAllowed(caller, 'course:view', courseId);
        sendJson(res, 200, { courseId, weekStart: (await lakeRead(() => courseWeekStartSetting(deps.lake, courseId))) ?? null });
      }
    } else if (path === '/api/risk/thresholds') {
      allow(req, ['GET', 'HEAD', 'PUT']);
      if (req.method === 'PUT') {
        const body = parseJson(await readBody(req, 64 * 1024));
        sendJson(res, 200, await changeThresholds(deps, { body, caller, now }));
      } else {
        const { scope, key } = scopeOf(url.searchParams);
        sendJson(res, 200, await readThresholds(deps.lake, { scope, key, caller }));
      }
    } else if (path === '/api/risk/thresholds/preview') {
      allow(req, ['POST']);
      const body = parseJson(await readBody(req, 64 * 1024));
      sendJson(res, 200, await previewChange(deps.lake, { body, caller, now }));
    } else if (path === '/api/risk/thresholds/history') {
      allow(req, ['GET', 'HEAD']);
      sendJson(res, 200, { history: await readHistory(deps.lake, { params: url.searchParams, caller }) });
    } else if (path === '/api/admin/exports') {
      allow(req, ['GET', 'HEAD']);
      sendJson(res, 200, { exports: await readExports(deps.lake, { params: url.searchParams, caller }) });
    } else {
      allow(req, ['GET']);
      const selected = url.searchParams.getAll('course').flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
      // An empty selection is a mistake (every box unchecked), never "every course": that is course=all.
      if (selected.length === 0) throw new HttpError(400, 'choose the courses to export: course=<id> (repeatable), or course=all');
      const courseIds = selected.includes(ALL_COURSES) ? [] : selected;
      const { csv, record } = await exportCrossCourse(deps.lake, { courseIds, query: queryOf(url), caller, now });
      sendCsv(res, csv, 'at-risk-all-courses', now, record);
    }
  } catch (err) {
    if (err instanceof HttpError && (err.status === 401 || err.status === 403)) {
      // Refusals read like the guard's (server/http/guard.ts): a short error and the reason.
      sendJson(res, err.status, { error: err.status === 401 ? 'not signed in' : 'forbidden', reason: err.message }, err.headers);
    } else if (err instanceof HttpError) sendJson(res, err.status, { error: err.message, ...(err instanceof HttpErrors && { errors: err.errors }) }, err.headers);
    else throw err;
  }
  return true;
}

/** A 4xx with every reason (the message joins them). */
class HttpErrors extends HttpError {
  constructor(status: number, readonly errors: string[]) {
    super(status, errors.join('; '));
  }
}

// ---- the handlers: caller identity as arguments ----

export async function atRiskList(
  lake: Lake,
  { courseId, query, caller, now }: { courseId: string; query: AtRiskQuery; caller: Caller; now: Date },
): Promise<AtRiskResponse> {
  requireAllowed(caller, 'course:view', courseId);
  const widget = await evaluate(lake, courseId, now);
  const learners = applyAtRiskQuery(widget.learners, query);
  // Emails and names leave as an export does: only to a role that may export the course
  // (never limited_staff, whatever LOOKOUT_PII_ROLES says) and recorded like a CSV.
  const withPii = canSeePii(caller, courseId) && decide(caller, 'course:export', courseId).allowed;
  const pii = withPii ? await lakeRead(() => learnerPii(lake, learners.map((l) => l.userId))) : undefined;
  if (withPii && learners.length > 0) {
    await lakeRead(() =>
      recordExport(lake, { at: now, actor: caller.actor, kind: 'api', courseId, courseIds: [courseId], filter: atRiskQueryRecord(query), rows: learners.length, pii: true }),
    );
  }
  return {
    courseId,
    evaluatedAt: widget.evaluatedAt,
    thresholds: widget.thresholds,
    sources: widget.sources,
    evaluated: widget.evaluated,
    enrolled: widget.enrolled,
    budget: widget.budget,
    excluded: widget.excluded,
    model: widget.model,
    silent: widget.silent,
    ...(widget.error && { error: widget.error }),
    query,
    total: widget.learners.length,
    learners: learners.map((l) => ({ ...l, name: pii?.get(l.userId)?.name || null, email: pii?.get(l.userId)?.email || null })),
  };
}

/** The CSV of one course's filtered list; recorded in the audit before it is returned. */
export async function exportCourse(
  lake: Lake,
  { courseId, query, caller, now }: { courseId: string; query: AtRiskQuery; caller: Caller; now: Date },
): Promise<{ csv: string; record: ExportRecord }> {
  requireAllowed(caller, 'course:export', courseId);
  const withPii = canSeePii(caller, courseId);
  const learners = applyAtRiskQuery((await evaluate(lake, courseId, now)).learners, query);
  const pii = withPii ? await lakeRead(() => learnerPii(lake, learners.map((l) => l.userId))) : undefined;
  const csv = atRiskCsv(learners, pii);
  const record = await lakeRead(() =>
    recordExport(lake, {
      at: now,
      actor: caller.actor,
      kind: 'course',
      courseId,
      courseIds: [courseId],
      filter: atRiskQueryRecord(query),
      rows: learners.length,
      pii: withPii,
    }),
  );
  return { csv, record };
}

/**
 * Support staff's export over several courses (anyone's, over the courses they may export):
 * the given ones (each must be exportable by the caller), or else every course the caller may see that had learner activity in the last 30 days.
 */
export async function exportCrossCourse(
  lake: Lake,
  { courseIds, query, caller, now }: { courseIds: string[]; query: AtRiskQuery; caller: Caller; now: Date },
): Promise<{ csv: string; record: ExportRecord }> {
  if (courseIds.length > 500) throw new HttpError(400, 'at most 500 courses per export');
  const mayExport = (c: string) => decide(caller, 'course:export', c).allowed;
  const hidden = courseIds.filter((c) => !mayExport(c));
  if (hidden.length > 0) throw new HttpError(403, `not allowed to export ${hidden.join(', ')}`);
  let courses = [...new Set(courseIds)];
  if (courses.length === 0) {
    const active = (await lakeRead(() => listActiveCourses(lake, now))).map((c) => c.courseId);
    courses = active.filter(mayExport);
    // Refused, not an empty file: the caller may export none of the courses there are.
    if (active.length > 0 && courses.length === 0) throw new HttpError(403, 'you may export none of the active courses (needs staff or instructor on a course, or support)');
  }
  const lists: { courseId: string; learners: LearnerRisk[]; pii: Map<number, LearnerPii> | undefined }[] = [];
  for (const courseId of courses) {
    const learners = applyAtRiskQuery((await evaluate(lake, courseId, now)).learners, query);
    const pii = canSeePii(caller, courseId) ? await lakeRead(() => learnerPii(lake, learners.map((l) => l.userId))) : undefined;
    lists.push({ courseId, learners, pii });
  }
  const rows = lists.reduce((n, l) => n + l.learners.length, 0);
  const record = await lakeRead(() =>
    recordExport(lake, {
      at: now,
      actor: caller.actor,
      kind: 'cross-course',
      courseId: ALL_COURSES,
      courseIds: courses,
      filter: { ...atRiskQueryRecord(query), course: courseIds },
      rows,
      pii: lists.some((l) => l.pii !== undefined),
    }),
  );
  return { csv: crossCourseCsv(lists), record };
}

export async function readThresholds(
  lake: Lake,
  { scope, key, caller }: { scope: ThresholdScope; key: string; caller: Caller },
): Promise<ThresholdsResponse> {
  if (scope === 'course') requireCourse(caller, key);
  else requireAdmin(caller, 'read org and global thresholds');
  const [set, resolved] = await lakeRead(() => Promise.all([thresholdsSetAt(lake, scope, key), resolveScope(lake, scope, key)]));
  return { scope, key, set, effective: resolved.thresholds, sources: resolved.sources, defaults: DEFAULT_THRESHOLDS, info: THRESHOLD_INFO };
}

/** PUT body: {scope, key, values: {name: number | null}}; null clears the value at that scope. */
export async function changeThresholds(
  deps: RiskDeps,
  { body, caller, now }: { body: unknown; caller: Caller; now: Date },
): Promise<{ changes: ThresholdHistoryRow[] } & ThresholdsResponse> {
  requireAdmin(caller, 'change thresholds');
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'send {"scope", "key", "values"} as a JSON object');
  const { scope, key = '', values } = body as { scope?: unknown; key?: unknown; values?: unknown };
  let changes: ThresholdHistoryRow[];
  try {
    changes = await setThresholds(deps.lake, { scope: scope as ThresholdScope, key: key as string, values, actor: caller.actor, bus: deps.bus, now });
  } catch (err) {
    if (err instanceof InvalidThresholdsError) throw new HttpErrors(400, err.errors);
    throw new HttpError(503, `thresholds could not be stored: ${(err as Error).message}`, { 'retry-after': '5' });
  }
  return { changes, ...(await readThresholds(deps.lake, { scope: scope as ThresholdScope, key: key as string, caller })) };
}

/**
 * PUT /api/courses/<id>/week-start {weekStart}: the first day of the course's weeks, or null (or
 * "locale") to clear it so each viewer's locale decides (lib/metrics/weekStart.ts). Admins only, as
 * the other course settings (thresholds).
 */
export async function changeWeekStart(
  lake: Lake,
  { courseId, body, caller, now }: { courseId: string; body: unknown; caller: Caller; now: Date },
): Promise<{ courseId: string; weekStart: WeekStart | null }> {
  requireAdmin(caller, 'set a course’s week start');
  const value = body && typeof body === 'object' && !Array.isArray(body) ? (body as { weekStart?: unknown }).weekStart : undefined;
  if (!isWeekStart(value) && value !== null && value !== FOLLOW_LOCALE) {
    throw new HttpError(400, `send {"weekStart": one of ${WEEK_STARTS.map((w) => `"${w}"`).join(', ')}, or null to follow the viewer's locale}`);
  }
  try {
    return { courseId, weekStart: (await setCourseWeekStart(lake, { courseId, weekStart: value, actor: caller.actor, now })) ?? null };
  } catch (err) {
    throw new HttpError(503, `the week start could not be stored: ${(err as Error).message}`, { 'retry-after': '5' });
  }
}

/** POST /api/risk/thresholds/preview {scope, key, values}: what the change would flag, nothing stored. */
export async function previewChange(lake: Lake, { body, caller, now }: { body: unknown; caller: Caller; now: Date }): Promise<ThresholdPreview> {
  requireAdmin(caller, 'preview thresholds');
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'send {"scope", "key", "values"} as a JSON object');
  const { scope, key = '', values } = body as { scope?: unknown; key?: unknown; values?: unknown };
  try {
    return await previewThresholds(lake, { scope: scope as ThresholdScope, key: key as string, values }, now);
  } catch (err) {
    if (err instanceof InvalidThresholdsError) throw new HttpErrors(400, err.errors);
    throw new HttpError(503, `preview unavailable: ${(err as Error).message}`, { 'retry-after': '5' });
  }
}

export async function readHistory(lake: Lake, { params, caller }: { params: URLSearchParams; caller: Caller }): Promise<ThresholdHistoryRow[]> {
  const scopeParam = params.get('scope');
  const key = params.get('key') ?? undefined;
  let scope: ThresholdScope | undefined;
  if (scopeParam) scope = scopeOf(params).scope;
  if (scope === 'course' && key !== undefined) requireCourse(caller, key);
  else requireAdmin(caller, 'read the threshold history');
  return lakeRead(() => thresholdHistory(lake, { scope, key, limit: limitOf(params, 1_000) }));
}

export async function readExports(lake: Lake, { params, caller }: { params: URLSearchParams; caller: Caller }): Promise<ExportRecord[]> {
  requireAdmin(caller, 'read the export audit');
  return lakeRead(() =>
    listExports(lake, { actor: params.get('actor') || undefined, courseId: params.get('course') || undefined, limit: limitOf(params, EXPORTS_MAX) }),
  );
}

// ---- helpers ----

function requireCourse(caller: Caller, courseId: string): void {
  requireAllowed(caller, 'course:view', courseId);
}

function requireAdmin(caller: Caller, what: string): void {
  if (!isAdmin(caller)) throw new HttpError(403, `only admins may ${what}`);
}

/** A course the lake does not know is a 404, as for the dashboard (asked once access is settled). */
async function evaluate(lake: Lake, courseId: string, now: Date): Promise<AtRiskWidget> {
  return lakeRead(async () => {
    if (!(await courseExists(lake, { courseId }))) throw new HttpError(404, `unknown course: ${courseId}`);
    return currentAtRisk(lake, courseId, now);
  });
}

/** A lake failure is a 503 the client may retry, not a 500. */
async function lakeRead<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(503, `at-risk data unavailable: ${(err as Error).message}`, { 'retry-after': '5' });
  }
}

function allow(req: IncomingMessage, methods: string[]): void {
  if (!methods.includes(req.method ?? 'GET')) throw new HttpError(405, `use ${methods.join(' or ')}`, { allow: methods.join(', ') });
}

function decodeCourseId(raw: string): string {
  try {
    const id = decodeURIComponent(raw);
    if (id.length === 0 || id.length > 255) throw new Error();
    return id;
  } catch {
    throw new HttpError(400, 'course id is not valid URL encoding');
  }
}

function queryOf(url: URL): AtRiskQuery {
  const parsed = parseAtRiskQuery(url.searchParams);
  if (!parsed.ok) throw new HttpErrors(400, parsed.errors);
  return parsed.value;
}

function scopeOf(params: URLSearchParams): { scope: ThresholdScope; key: string } {
  const scope = params.get('scope') ?? 'global';
  const key = params.get('key') ?? '';
  if (scope !== 'global' && scope !== 'org' && scope !== 'course') throw new HttpError(400, `scope "${scope.slice(0, 40)}" is not one of global, org, course`);
  if (scope === 'global' && key !== '') throw new HttpError(400, 'the global scope has no key');
  if (scope !== 'global' && key.trim() === '') throw new HttpError(400, `the ${scope} scope needs a key (${scope === 'org' ? 'the org' : 'the course id'})`);
  return { scope, key };
}

function limitOf(params: URLSearchParams, max: number): number | undefined {
  const limit = params.get('limit');
  if (limit === null || limit === '') return undefined;
  if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > max) throw new HttpError(400, `limit must be a whole number from 1 to ${max}`);
  return Number(limit);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `body is not JSON: ${(err as Error).message}`);
  }
}

function sendCsv(res: ServerResponse, csv: string, name: string, now: Date, record: ExportRecord): void {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const file = `${name.replace(/[^A-Za-z0-9._+-]+/g, '_')}-${stamp}.csv`;
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-length': Buffer.byteLength(csv),
    'content-disposition': `attachment; filename="${file}"`,
    'cache-control': 'no-store',
    'x-export-id': record.id,
    'x-export-rows': String(record.rows),
  });
  res.end(csv);
}
