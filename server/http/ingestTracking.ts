import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { parseTrackingLine } from '../../lib/events/parse';
import type { LakeEvent } from '../../lib/events/types';
import { BackpressureError, LakeUnavailableError, type IngestWriter, type RejectedRow } from '../ingest/writer';
import { bearerToken, HttpError, readBody, sendJson } from './respond';

export const INGEST_BODY_LIMIT = 64 * 1024 * 1024;
const RETRY_AFTER_SECONDS = '5';

export interface IngestResponse {
  accepted: number;
  duplicates: number;
  rejected: { line: number; reason: string }[];
}

/**
 * POST /api/ingest/tracking: NDJSON of tracking-log lines. Answers only after the
 * good lines are written; bad lines are rejected with their reason (and kept as
 * dead letters) without failing the rest of the body.
 */
export async function handleIngestTracking(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { writer: IngestWriter; token: string; draining: () => boolean },
): Promise<void> {
  try {
    if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
    if (!tokenMatches(bearerToken(req), deps.token)) {
      throw new HttpError(401, 'missing or wrong ingest token: send Authorization: Bearer <LOOKOUT_INGEST_TOKEN>', {
        'www-authenticate': 'Bearer',
      });
    }
    if (deps.draining()) throw new HttpError(503, 'shutting down', { 'retry-after': RETRY_AFTER_SECONDS });
    const body = await readBody(req, INGEST_BODY_LIMIT);
    const { events, rejected, rejectedRows } = parseBody(body);
    const written = await deps.writer.write(events, rejectedRows);
    const response: IngestResponse = { ...written, rejected };
    sendJson(res, 200, response);
  } catch (err) {
    if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message }, err.headers);
    if (err instanceof BackpressureError || err instanceof LakeUnavailableError) {
      return sendJson(res, 503, { error: `${err.message}; nothing in this body was stored, retry it` }, {
        'retry-after': RETRY_AFTER_SECONDS,
      });
    }
    sendJson(res, 500, { error: `ingest failed: ${(err as Error).message}` });
  }
}

export function parseBody(body: string, receivedAt = new Date()) {
  const events: LakeEvent[] = [];
  const rejected: IngestResponse['rejected'] = [];
  const rejectedRows: RejectedRow[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const parsed = parseTrackingLine(line, receivedAt);
    if (parsed.ok) {
      events.push(parsed.event);
    } else {
      rejected.push({ line: i + 1, reason: parsed.reason });
      rejectedRows.push({ source: 'tracking', reason: parsed.reason, raw: line });
    }
  }
  return { events, rejected, rejectedRows };
}

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
