import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lake } from '../../lib/lake/client';
import { courseExists } from '../../lib/metrics/dashboard';
import { isLearnerListMetric, LEARNER_LIST_METRICS, learnerList, learnerListCsv } from '../../lib/metrics/learnerList';
import { courseRequestWindow } from '../../lib/metrics/courseWeekStart';
import { guard, allowed } from './guard';
import { sendJson } from './respond';

export const LEARNERS_PATH_RE = /^\/api\/courses\/([^/]+)\/learners(\.csv)?$/;

/**
 * The learners behind a count (lib/metrics/learnerList.ts):
 *   GET /api/courses/<courseId>/learners?metric=&item=&from=&to=       JSON (course:view)
 *   GET /api/courses/<courseId>/learners.csv?metric=&item=&from=&to=   CSV (course:export)
 * metric: active, watched, tried, grade (item = bin 0–9), unit, video, problem (item = its id), atRisk.
 * Names and emails as the at-risk exports give them: to a caller with course:pii who may export
 * the course; such an answer is recorded in export_audit.
 */
export async function handleLearners(req: IncomingMessage, url: URL, match: RegExpExecArray, res: ServerResponse, lake: Lake, now = new Date()): Promise<void> {
  let courseId: string;
  try {
    courseId = decodeURIComponent(match[1]!);
    if (courseId.length === 0 || courseId.length > 255) throw new Error('length');
  } catch {
    return sendJson(res, 400, { error: 'course id is not valid URL encoding' });
  }
  const csv = Boolean(match[2]);
  const principal = await guard(req, res, csv ? 'course:export' : 'course:view', { courseId });
  if (!principal) return;
  const metric = url.searchParams.get('metric');
  if (!isLearnerListMetric(metric)) return sendJson(res, 400, { error: `metric must be one of ${LEARNER_LIST_METRICS.join(', ')}` });
  const parsed = await courseRequestWindow(lake, { courseId, from: url.searchParams.get('from'), to: url.searchParams.get('to'), now, acceptLanguage: req.headers['accept-language'] });
  if ('error' in parsed) return sendJson(res, 400, { error: parsed.error });
  const q = { courseId, ...parsed.window, now };
  const pii = allowed(principal, 'course:pii', { courseId }) && allowed(principal, 'course:export', { courseId });
  try {
    if (!(await courseExists(lake, q))) return sendJson(res, 404, { error: `unknown course: ${courseId}` });
    const list = await learnerList(lake, q, { metric, item: url.searchParams.get('item') ?? undefined }, { allowed: pii, actor: principal.username, kind: csv ? 'csv' : 'page' });
    if (!csv) return sendJson(res, 200, { courseId, from: q.from.toISOString(), to: q.to.toISOString(), ...list });
    const text = learnerListCsv(list);
    const file = `${courseId}-${metric}${list.item ? `-${list.item}` : ''}-${q.from.toISOString().slice(0, 10)}`.replace(/[^A-Za-z0-9._+-]+/g, '_');
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'content-disposition': `attachment; filename="${file}.csv"`,
      'cache-control': 'no-store',
    });
    res.end(text);
  } catch (err) {
    if (err instanceof RangeError) return sendJson(res, 400, { error: err.message });
    sendJson(res, 503, { error: `learners unavailable: ${(err as Error).message}` }, { 'retry-after': '5' });
  }
}
