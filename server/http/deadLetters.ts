import type { IncomingMessage, ServerResponse } from 'node:http';
import { countDeadLetters, recentDeadLetters, RECENT_DEFAULT, RECENT_MAX, type DeadLetterFilter } from '../../lib/deadLetters';
import type { Lake } from '../../lib/lake/client';
import { unresolvedStatements, type UnresolvedStatements } from '../../lib/xapiActors';
import { overlapCounts } from '../../lib/xapiOverlap';
import { HttpError, sendJson } from './respond';
import { guard } from './guard';

export const DEAD_LETTERS_PATH = '/api/admin/dead-letters';

export interface DeadLettersResponse {
  counts: Awaited<ReturnType<typeof countDeadLetters>>;
  recent: Awaited<ReturnType<typeof recentDeadLetters>>;
  /** Stored xAPI statements whose actor is not (yet) a known learner: counted once it is. */
  xapiWaiting: UnresolvedStatements;
  /** Stored xAPI statements not counted because the course's tracking logs count the same actions. */
  xapiOverlap: Awaited<ReturnType<typeof overlapCounts>>;
}

/**
 * GET /api/admin/dead-letters?source=&reason=&limit= → {counts, recent, xapiWaiting, xapiOverlap}.
 * counts: every (source, normalized reason) with its count and last time, most frequent first
 * (not filtered); recent: the latest `limit` (default 50, max 500) dead letters, raw cut at
 * 2,000 characters, filtered by source and/or reason (normalized) when given. xapiWaiting and
 * xapiOverlap: statements stored but not (yet) counted (lib/xapiActors.ts, lib/xapiOverlap.ts).
 */
// Admin only: refused raw input may hold PII.
export async function handleDeadLetters(req: IncomingMessage, res: ServerResponse, deps: { lake: Lake }): Promise<void> {
  if (!(await guard(req, res, 'admin'))) return;
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET', { allow: 'GET' });
    const filter = parseFilter(new URL(req.url ?? '/', 'http://localhost').searchParams);
    let body: DeadLettersResponse;
    try {
      const [counts, recent, xapiWaiting, xapiOverlap] = await Promise.all([
        countDeadLetters(deps.lake),
        recentDeadLetters(deps.lake, filter),
        unresolvedStatements(deps.lake),
        overlapCounts(deps.lake),
      ]);
      body = { counts, recent, xapiWaiting, xapiOverlap };
    } catch (err) {
      throw new HttpError(503, `dead letters unavailable: ${(err as Error).message}`, { 'retry-after': '5' });
    }
    sendJson(res, 200, body);
  } catch (err) {
    if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message }, err.headers);
    throw err;
  }
}

export function parseFilter(params: URLSearchParams): DeadLetterFilter {
  const filter: DeadLetterFilter = {};
  const source = params.get('source');
  if (source) {
    if (source.length > 100) throw new HttpError(400, 'source is longer than 100 characters');
    filter.source = source;
  }
  const reason = params.get('reason');
  if (reason) {
    if (reason.length > 1_000) throw new HttpError(400, 'reason is longer than 1000 characters');
    filter.reason = reason;
  }
  const limit = params.get('limit');
  if (limit) {
    if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > RECENT_MAX) {
      throw new HttpError(400, `limit must be a whole number from 1 to ${RECENT_MAX} (default ${RECENT_DEFAULT})`);
    }
    filter.limit = Number(limit);
  }
  return filter;
}
