import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { ParsePool } from '../ingest/parsePool';
import { BackpressureError, LakeUnavailableError, unavailableAdvice, type IngestWriter } from '../ingest/writer';
import { withoutEngine } from '../ingest/rawBody';
import { receiveBody, removeBody } from '../ingest/receiveBody';
import { parseOtherLines } from '../ingest/windowedParse';
import { bearerToken, HttpError, sendJson } from './respond';

export const INGEST_BODY_LIMIT = 64 * 1024 * 1024;
/** Lines per body (blank ones included): bounds the work and the memory of one request. */
export const INGEST_MAX_LINES = 100_000;
/** Rejected lines listed in the answer (all are counted in `rejectedCount`; the first REJECTED_KEPT_PER_BODY are kept as dead letters). */
export const REJECTED_LISTED = 100;
const RETRY_AFTER_SECONDS = '5';

export interface IngestResponse {
  accepted: number;
  duplicates: number;
  /** The first REJECTED_LISTED rejected lines, in line order. */
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
}

function answer(written: { accepted: number; duplicates: number }, rejected: { line: number; reason: string }[], rejectedCount: number): IngestResponse {
  return { accepted: written.accepted, duplicates: written.duplicates, rejected: rejected.slice(0, REJECTED_LISTED), rejectedCount };
}

/**
 * POST /api/ingest/tracking: NDJSON of tracking-log lines. Answers only after the
 * good lines are written; bad lines are rejected with their reason (and kept as
 * dead letters) without failing the rest of the body.
 */
export async function handleIngestTracking(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { writer: IngestWriter; parser: ParsePool; token: string; draining: () => boolean },
): Promise<void> {
  let queued: (() => void) | undefined;
  let receivedFile: string | undefined;
  try {
    if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
    if (!tokenMatches(bearerToken(req), deps.token)) {
      throw new HttpError(401, 'missing or wrong ingest token: send Authorization: Bearer <LOOKOUT_INGEST_TOKEN>', {
        'www-authenticate': 'Bearer',
      });
    }
    if (deps.draining()) throw new HttpError(503, unavailableAdvice(new BackpressureError('shutting down'), 'body'), { 'retry-after': RETRY_AFTER_SECONDS });
    if (Number(req.headers['content-length'] ?? 0) >= LARGE_BODY_BYTES) queued = deps.writer.expectBody();
    // The body is split into lines as it arrives, and past a window goes to a scratch file, never gathered whole.
    const received = await receiveBody(req, INGEST_BODY_LIMIT, INGEST_MAX_LINES).catch((err: unknown) => {
      if (err instanceof LakeUnavailableError) deps.writer.stagingFailed(err);
      throw err;
    });
    // Removed when answered, unless the flush moved it (it then removes it itself).
    receivedFile = received.source.file;
    const receivedAt = new Date();
    // Large bodies on the embedded lake: the engine parses the bare-object lines from the bytes,
    // parse.ts the others (and those the engine declines, during the write). Else parse.ts all.
    const staged = deps.writer.takesRawBodies && received.lineCount > STAGED_MIN_LINES;
    const split = staged ? received : withoutEngine(received);
    const others = await parseOtherLines(deps.parser, split, receivedAt);
    if (!staged) {
      const writing = deps.writer.write(others.events, others.rejectedRows);
      queued?.();
      const written = await writing;
      return sendJson(res, 200, answer(written, others.rejected, others.rejectedCount));
    }
    const writing = deps.writer.writeRaw(split, receivedAt, others.events, others.rejectedRows);
    queued?.();
    const written = await writing;
    const rejected = [...others.rejected, ...written.rejected].sort((a, b) => a.line - b.line);
    sendJson(res, 200, answer(written, rejected, others.rejectedCount + (written.rejectedCount ?? written.rejected.length)));
  } catch (err) {
    if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message }, err.headers);
    if (err instanceof BackpressureError || err instanceof LakeUnavailableError) {
      return sendJson(res, 503, { error: unavailableAdvice(err, 'body') }, {
        'retry-after': RETRY_AFTER_SECONDS,
      });
    }
    sendJson(res, 500, { error: `ingest failed: ${(err as Error).message}` });
  } finally {
    queued?.();
    await removeBody(receivedFile);
  }
}

/** Bodies from this size on make a due flush wait for them (IngestWriter.expectBody); small, live bodies never do. */
const LARGE_BODY_BYTES = 256 * 1024;

/**
 * Bodies shorter than this are parsed in JS and written directly: the engine's staged parse has a
 * fixed cost per flush (scratch file, two extra statements) that only large bodies amortize, and
 * live freshness is made of small bodies.
 */
const STAGED_MIN_LINES = 1_000;

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
