/**
 * The xAPI 1.0.3 statement resource, as far as openedx/event-routing-backends uses it as an
 * LRS client (TinCanPython's RemoteLRS: save_statement → PUT with statementId, save_statements
 * → POST of an array):
 *
 *   POST /xapi/statements                 one statement or an array → 200 ["<id>", …]
 *   PUT  /xapi/statements?statementId=<id> one statement            → 204
 *
 * HTTP Basic auth (LOOKOUT_XAPI_KEY / LOOKOUT_XAPI_SECRET), X-Experience-API-Version 1.0.x
 * required, every answer carries X-Experience-API-Version: 1.0.3. A request is all or nothing:
 * one invalid statement fails it with 400 (each invalid statement is kept as a dead letter,
 * source 'xapi'); an id already stored with other content fails it with 409; an id already
 * stored with the same content (a retry) is acknowledged and not stored again. Statements are
 * acknowledged only after they are written. Not served: GET (this LRS only receives),
 * attachments (multipart), the alternate request syntax, voiding semantics, the other resources.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../lib/config';
import { canonicalJson } from '../../lib/events/eventId';
import { boundedRaw, jsonDepthExceeds } from '../../lib/events/jsonDepth';
import { isPlainObject } from '../../lib/events/payload';
import { parseEventTime } from '../../lib/events/time';
import type { LakeEvent } from '../../lib/events/types';
import { actorKeyOf, statementToEvent } from '../../lib/events/xapi';
import type { Lake } from '../../lib/lake/client';
import { log } from '../../lib/log';
import { xapiActorResolver } from '../../lib/xapiActors';
import { leaveOverlapsUncounted } from '../../lib/xapiOverlap';
import { BackpressureError, LakeUnavailableError, unavailableAdvice, type IngestWriter, type RejectedRow } from '../ingest/writer';
import { HttpError, readBody, sendJson } from './respond';

export const XAPI_BODY_LIMIT = 16 * 1024 * 1024;
/** Real statements nest a dozen levels (extensions included); far deeper is refused before parsing. */
export const XAPI_MAX_DEPTH = 256;
export const XAPI_VERSION = '1.0.3';
export const XAPI_REALM = 'Lookout xAPI';
export const XAPI_SOURCE = 'xapi';
const RETRY_AFTER_SECONDS = '5';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface XapiDeps {
  writer: IngestWriter;
  lake: Lake;
  config: Pick<Config, 'xapiKey' | 'xapiSecret'>;
  draining: () => boolean;
}

type Statement = Record<string, unknown>;

export async function handleXapi(req: IncomingMessage, res: ServerResponse, deps: XapiDeps): Promise<void> {
  const versionHeader = { 'x-experience-api-version': XAPI_VERSION };
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const { xapiKey, xapiSecret } = deps.config;
    if (!xapiKey || !xapiSecret) {
      throw new HttpError(503, 'xAPI is not configured: set LOOKOUT_XAPI_KEY and LOOKOUT_XAPI_SECRET');
    }
    if (!basicAuthMatches(req.headers.authorization, xapiKey, xapiSecret)) {
      throw new HttpError(401, 'missing or wrong credentials: send HTTP Basic auth with the LRS key and secret', {
        'www-authenticate': `Basic realm="${XAPI_REALM}"`,
      });
    }
    if (url.pathname !== '/xapi/statements' && url.pathname !== '/xapi/statements/') {
      throw new HttpError(404, `no xAPI resource ${url.pathname}: this LRS serves only /xapi/statements (POST, PUT)`);
    }
    if (req.method !== 'POST' && req.method !== 'PUT') {
      throw new HttpError(405, 'use POST or PUT: this LRS only receives statements', { allow: 'POST, PUT' });
    }
    const version = req.headers['x-experience-api-version'];
    if (typeof version !== 'string' || version.trim() === '') {
      throw new HttpError(400, 'missing X-Experience-API-Version header: send 1.0.3');
    }
    if (!version.trim().startsWith('1.0.')) {
      throw new HttpError(400, `unsupported X-Experience-API-Version "${version.slice(0, 40)}": this LRS speaks 1.0.x`);
    }
    if (deps.draining()) throw new HttpError(503, unavailableAdvice(new BackpressureError('shutting down'), 'request'), { 'retry-after': RETRY_AFTER_SECONDS });
    if ((req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/')) {
      throw new HttpError(415, 'statements with attachments (multipart/mixed) are not supported: send application/json');
    }

    const statementId = url.searchParams.get('statementId');
    if (req.method === 'PUT') {
      if (!statementId) throw new HttpError(400, 'PUT needs the statementId parameter (or POST the statement)');
      if (!UUID_RE.test(statementId)) throw new HttpError(400, `statementId is not a UUID: ${JSON.stringify(statementId.slice(0, 60))}`);
    }

    const body = await readBody(req, XAPI_BODY_LIMIT);
    if (jsonDepthExceeds(body, XAPI_MAX_DEPTH)) {
      const reason = `body nests deeper than ${XAPI_MAX_DEPTH} levels`;
      await keepDeadLetters(deps.writer, [{ source: XAPI_SOURCE, reason, raw: boundedRaw(body) }]);
      throw new HttpError(400, reason);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (err) {
      const reason = `body is not JSON: ${(err as Error).message}`;
      await keepDeadLetters(deps.writer, [{ source: XAPI_SOURCE, reason, raw: boundedRaw(body) }]);
      throw new HttpError(400, reason);
    }

    if (req.method === 'PUT') {
      if (!isPlainObject(doc)) throw new HttpError(400, 'PUT takes one statement (a JSON object)');
      if (doc.id !== undefined && doc.id !== null) {
        if (typeof doc.id !== 'string' || doc.id.toLowerCase() !== statementId!.toLowerCase()) {
          throw new HttpError(400, `the statement's id ${JSON.stringify(doc.id)} does not match statementId ${statementId}`);
        }
      } else {
        doc = { ...doc, id: statementId };
      }
      await storeStatements([doc as Statement], false, deps);
      res.writeHead(204, { 'cache-control': 'no-store', ...versionHeader });
      res.end();
      return;
    }

    const batch = Array.isArray(doc);
    const statements = (batch ? (doc as unknown[]) : [doc]).map(withId);
    const ids = await storeStatements(statements, batch, deps);
    sendJson(res, 200, ids, versionHeader);
  } catch (err) {
    if (err instanceof HttpError) {
      return sendJson(res, err.status, { error: err.message, ...detailsOf(err) }, { ...err.headers, ...versionHeader });
    }
    if (err instanceof BackpressureError || err instanceof LakeUnavailableError) {
      return sendJson(res, 503, { error: unavailableAdvice(err, 'request') }, {
        'retry-after': RETRY_AFTER_SECONDS,
        ...versionHeader,
      });
    }
    log.error({ err }, 'xapi request failed');
    sendJson(res, 500, { error: `xAPI request failed: ${(err as Error).message}` }, versionHeader);
  }
}

/** A 4xx with a list of the statements at fault. */
class StatementsError extends HttpError {
  constructor(
    status: number,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(status, message);
  }
}

function detailsOf(err: HttpError): Record<string, unknown> {
  return err instanceof StatementsError ? err.details : {};
}

/** The spec: a statement without an id gets one (UUID v4) from the LRS. */
function withId(stmt: unknown): unknown {
  if (isPlainObject(stmt) && (stmt.id === undefined || stmt.id === null)) return { ...stmt, id: randomUUID() };
  return stmt;
}

/**
 * Validates, resolves actors, checks for conflicts and writes; all or nothing.
 * Returns the statements' ids in request order.
 */
async function storeStatements(statements: unknown[], batch: boolean, deps: XapiDeps): Promise<string[]> {
  if (statements.length === 0) return [];
  const receivedAt = new Date();
  const label = (i: number) => (batch ? `statements[${i}]: ` : '');

  const resolver = xapiActorResolver(deps.lake);
  try {
    await resolver.prepare(statements.map((s) => (isPlainObject(s) ? actorKeyOf(s.actor) : undefined)).filter((n): n is string => n !== undefined));
  } catch (err) {
    throw new LakeUnavailableError(`could not read xapi_actors: ${(err as Error).message}`);
  }

  const events: LakeEvent[] = [];
  const invalid: { index: number; reason: string }[] = [];
  const deadLetters: RejectedRow[] = [];
  statements.forEach((stmt, index) => {
    const raw = JSON.stringify(stmt) ?? String(stmt);
    const parsed = statementToEvent(stmt, { receivedAt, raw, resolveActor: (name) => resolver.lookup(name) });
    if (parsed.ok) {
      events.push(parsed.event);
    } else {
      invalid.push({ index, reason: parsed.reason });
      deadLetters.push({ source: XAPI_SOURCE, reason: parsed.reason, raw });
    }
  });
  if (invalid.length > 0) {
    await keepDeadLetters(deps.writer, deadLetters);
    const first = invalid[0]!;
    if (!batch) throw new HttpError(400, first.reason);
    throw new StatementsError(
      400,
      `${label(first.index)}${first.reason}; ${invalid.length} of ${statements.length} statements invalid, nothing in this request was stored`,
      { invalid },
    );
  }

  // Courses whose tracking logs Lookout also receives: their statements are stored, not counted twice.
  try {
    await leaveOverlapsUncounted(deps.lake, events);
  } catch (err) {
    throw new LakeUnavailableError(`could not read course_tracking_sources: ${(err as Error).message}`);
  }

  // The same id twice in one request: fine when it is the same statement, else the request is refused.
  const byId = new Map<string, { index: number; canonical: string }>();
  const unique: LakeEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const canonical = canonicalStatement(statements[i]);
    const seen = byId.get(e.event_id);
    if (!seen) {
      byId.set(e.event_id, { index: i, canonical });
      unique.push(e);
    } else if (seen.canonical !== canonical) {
      throw new HttpError(400, `statements[${seen.index}] and statements[${i}] have the same id ${e.event_id} but differ`);
    }
  }

  await withIdsLocked(deps.writer, [...byId.keys()], async () => {
    const stored = await storedStatements(deps.lake, [...byId.keys()]);
    const fresh: LakeEvent[] = [];
    const conflicts: { index: number; id: string }[] = [];
    for (const e of unique) {
      const previous = stored.get(e.event_id);
      if (!previous) fresh.push(e);
      else if (!previous.some((raw) => sameStatement(raw, byId.get(e.event_id)!.canonical))) {
        conflicts.push({ index: byId.get(e.event_id)!.index, id: e.event_id });
      }
    }
    if (conflicts.length > 0) {
      await keepDeadLetters(
        deps.writer,
        conflicts.map((c) => ({
          source: XAPI_SOURCE,
          reason: `conflict: statement id ${c.id} is already stored with different content`,
          raw: JSON.stringify(statements[c.index]),
        })),
      );
      const first = conflicts[0]!;
      throw new StatementsError(
        409,
        `${label(first.index)}statement id ${first.id} is already stored with different content` +
          (batch ? '; nothing in this request was stored' : ''),
        batch ? { conflicts } : {},
      );
    }
    await deps.writer.writeEvents(fresh);
  });

  return statements.map((s) => (s as Statement).id as string);
}

/** Dead letters are best effort next to the 4xx that already tells the client. */
async function keepDeadLetters(writer: IngestWriter, rows: RejectedRow[]): Promise<void> {
  try {
    await writer.writeEvents([], rows);
  } catch (err) {
    log.warn({ err, rows: rows.length }, 'could not keep xapi dead letters');
  }
}

/** raw of events already stored under these ids (one id may have several rows before a merge). */
async function storedStatements(lake: Lake, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  let rows: { event_id: string; raw: string }[];
  try {
    // By id alone: a conflicting statement may name another course or time than the stored one.
    // Ids are validated UUIDs; they go in the body, not the URL, like the writer's lookup.
    const result = await lake.client.query({
      query: `SELECT event_id, raw FROM events WHERE event_id IN (${ids.map((id) => `'${id.replace(/[^0-9a-fA-F-]/g, '')}'`).join(',')})`,
      clickhouse_settings: { max_query_size: '104857600' },
      format: 'JSONEachRow',
    });
    rows = await result.json<{ event_id: string; raw: string }>();
  } catch (err) {
    throw new LakeUnavailableError(`could not check for stored statements: ${(err as Error).message}`);
  }
  for (const r of rows) {
    const list = out.get(r.event_id) ?? [];
    list.push(r.raw);
    out.set(r.event_id, list);
  }
  return out;
}

function sameStatement(storedRaw: string, canonical: string): boolean {
  try {
    return canonicalStatement(JSON.parse(storedRaw)) === canonical;
  } catch {
    return false; // not a statement (another source's event with this id): a conflict
  }
}

/**
 * A statement as text for comparison, ignoring what the spec says is not a difference:
 * property order, `stored`, `authority`, `version`, the id's case and the timestamp's
 * format (compared as an instant, sub-millisecond digits kept).
 */
export function canonicalStatement(stmt: unknown): string {
  if (!isPlainObject(stmt)) return canonicalJson(stmt);
  const { stored: _stored, authority: _authority, version: _version, ...rest } = stmt;
  if (typeof rest.id === 'string') rest.id = rest.id.toLowerCase();
  if (typeof rest.timestamp === 'string') rest.timestamp = instant(rest.timestamp);
  return canonicalJson(rest);
}

function instant(timestamp: string): string {
  const t = parseEventTime(timestamp);
  if ('error' in t) return timestamp;
  const fraction = /[.,](\d+)/.exec(timestamp)?.[1] ?? '';
  return `${new Date(t.ms).toISOString()}${fraction.slice(3).replace(/0+$/, '')}`;
}


/**
 * Runs `fn` while no other xAPI request of this process holds any of these ids, so that
 * "is it stored? then write it" cannot interleave for one id (two different statements
 * with one id sent at once: the second waits, then gets 409). Other ids go in parallel.
 */
const IN_FLIGHT = new WeakMap<IngestWriter, Map<string, Promise<void>>>();

async function withIdsLocked<T>(writer: IngestWriter, ids: string[], fn: () => Promise<T>): Promise<T> {
  let held = IN_FLIGHT.get(writer);
  if (!held) IN_FLIGHT.set(writer, (held = new Map()));
  for (;;) {
    const waits = ids.map((id) => held.get(id)).filter((p): p is Promise<void> => p !== undefined);
    if (waits.length === 0) break;
    await Promise.allSettled(waits);
  }
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  for (const id of ids) held.set(id, mine);
  try {
    return await fn();
  } finally {
    for (const id of ids) if (held.get(id) === mine) held.delete(id);
    release();
  }
}

/** HTTP Basic credentials compared in constant time (digests, so lengths do not leak either). */
export function basicAuthMatches(header: string | undefined, key: string, secret: string): boolean {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null;
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const keyOk = safeEqual(decoded.slice(0, colon), key);
  const secretOk = safeEqual(decoded.slice(colon + 1), secret);
  return keyOk && secretOk;
}

function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
