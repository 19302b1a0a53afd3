/**
 * xAPI actor → LMS user. event-routing-backends anonymises the learner as
 * actor.account.name (a UUID from the LMS table external_user_id_externalid, type 'xapi');
 * the lake mirrors that table as `xapi_actors` (migration 004), filled by the LMS sync. With
 * ERB's XAPI_AGENT_IFI_TYPE = 'mbox' or 'mbox_sha1sum' the actor is the learner's email
 * (`mailto:…`) or its SHA-1, resolved through the synced LMS users' emails.
 *
 * The resolver keeps the account map in memory: loaded on first use, reloaded when a lookup
 * misses, at most once per `refreshMs` (so a stream of statements from actors the sync has
 * not brought yet does not reload it on every request), and at once after upsertXapiActors
 * in this process. Emails are looked up per missing actor (the users table is too big to hold),
 * a miss retried at most once per `refreshMs` too.
 *
 * A statement whose actor is not known yet is stored with user 0 and listed in
 * `xapi_unresolved` (migration 092); resolveLateStatements stores it again with its learner once
 * the mapping arrives (the LMS sync runs it after copying actors), so it counts from then on.
 */
import { createHash } from 'node:crypto';
import type { Lake } from './lake/client';
import { queryRows } from './lake/query';
import { formatLakeTime, parseLakeTime } from './lake/time';
import { isPlainObject } from './events/payload';
import { actorKeyOf, statementToEvent } from './events/xapi';
import type { LakeEvent } from './events/types';
import { leaveOverlapsUncounted } from './xapiOverlap';

export interface XapiActor {
  actorId: string;
  userId: number;
  username: string;
  /** Default: now. The latest row per actor wins. */
  updatedAt?: Date;
}

export interface ResolvedActor {
  user_id: number;
  username: string;
}

export const XAPI_ACTOR_REFRESH_MS = 5_000;

/** Bumped by upsertXapiActors so resolvers in this process reload without waiting. */
const GENERATION = Symbol.for('lookout.xapiActors.generation');
type Holder = { [GENERATION]?: number };
const generation = () => (globalThis as Holder)[GENERATION] ?? 0;

/** Writes actor rows (used by tests, and by the LMS sync). Account names are matched case-insensitively. */
export async function upsertXapiActors(lake: Lake, rows: XapiActor[]): Promise<void> {
  if (rows.length === 0) return;
  const now = new Date();
  await lake.client.insert({
    table: 'xapi_actors',
    values: rows.map((r) => ({
      actor_id: normalizeActorId(r.actorId),
      user_id: r.userId,
      username: r.username,
      updated_at: formatLakeTime(r.updatedAt ?? now),
    })),
    format: 'JSONEachRow',
  });
  (globalThis as Holder)[GENERATION] = generation() + 1;
}

export function normalizeActorId(name: string): string {
  return name.trim().toLowerCase();
}

const MAILTO = 'mailto:';
const SHA1 = 'sha1:';

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

/**
 * The keys an LMS email answers to: the mbox, the SHA-1 of the mailto IRI (what the xAPI spec
 * says mbox_sha1sum is) and the SHA-1 of the bare email (what ERB sends: event-routing-backends
 * processors/xapi/tests/test_xapi.py, test_xapi_agent_ifi_settings_mbox_sha1sum).
 */
function emailKeys(email: string): string[] {
  const e = email.trim();
  if (e === '') return [];
  return [MAILTO + e.toLowerCase(), SHA1 + sha1(MAILTO + e), SHA1 + sha1(e), SHA1 + sha1(e.toLowerCase())];
}

const isEmailKey = (key: string) => key.startsWith(MAILTO) || key.startsWith(SHA1);

export class XapiActorResolver {
  private map = new Map<string, ResolvedActor>();
  /** Email keys (mailto:/sha1:) found in the LMS users, and when each missing one was last looked for. */
  private byEmail = new Map<string, ResolvedActor>();
  private emailMissAt = new Map<string, number>();
  private loadedAt = -Infinity;
  private loadedGeneration = -1;
  private loading: Promise<void> | undefined;

  constructor(
    private lake: Lake,
    private refreshMs = XAPI_ACTOR_REFRESH_MS,
    private now: () => number = Date.now,
  ) {}

  /**
   * Makes sure the map is loaded, reloading it when one of `actorIds` is unknown and the
   * last load is older than refreshMs. A failed load throws (the caller answers 503 rather
   * than store events without their learner) and leaves the previous map in place.
   */
  async prepare(actorIds: Iterable<string>): Promise<void> {
    const stale = this.loadedGeneration !== generation();
    let missing = false;
    const emails: string[] = [];
    for (const id of actorIds) {
      if (isEmailKey(id)) {
        if (!this.byEmail.has(id) && this.now() - (this.emailMissAt.get(id) ?? -Infinity) >= this.refreshMs) emails.push(id);
      } else if (!this.map.has(normalizeActorId(id))) {
        missing = true;
      }
    }
    if (emails.length > 0) await this.lookUpEmails(emails);
    if (!stale && !(missing && this.now() - this.loadedAt >= this.refreshMs)) return;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  /** Synchronous lookup in the loaded map (call prepare first): an account name or an actorKeyOf key. */
  lookup(actorId: string): ResolvedActor | undefined {
    return isEmailKey(actorId) ? this.byEmail.get(actorId) : this.map.get(normalizeActorId(actorId));
  }

  /** The LMS users (latest row, not deleted) answering to these mailto:/sha1: keys. */
  private async lookUpEmails(keys: string[]): Promise<void> {
    const at = this.now();
    const mailtos = keys.filter((k) => k.startsWith(MAILTO)).map((k) => k.slice(MAILTO.length));
    const sums = keys.filter((k) => k.startsWith(SHA1)).map((k) => k.slice(SHA1.length));
    const rows = await queryRows<{ id: string | number; username: string; email: string }>(
      this.lake,
      `SELECT id, username, email FROM lms_users FINAL
       WHERE lower(email) IN {mailtos:Array(String)}
          OR lower(hex(SHA1(email))) IN {sums:Array(String)} OR lower(hex(SHA1(lower(email)))) IN {sums:Array(String)}
          OR lower(hex(SHA1(concat('mailto:', email)))) IN {sums:Array(String)}`,
      { mailtos, sums },
    );
    for (const r of rows) for (const key of emailKeys(r.email)) this.byEmail.set(key, { user_id: Number(r.id), username: r.username });
    for (const key of keys) if (!this.byEmail.has(key)) this.emailMissAt.set(key, at);
  }

  get size(): number {
    return this.map.size;
  }

  private async load(): Promise<void> {
    const startedGeneration = generation();
    const startedAt = this.now();
    const rows = await queryRows<{ actor_id: string; user_id: string | number; username: string }>(
      this.lake,
      `SELECT actor_id, argMax(user_id, updated_at) AS user_id, argMax(username, updated_at) AS username
       FROM xapi_actors GROUP BY actor_id`,
    );
    const map = new Map<string, ResolvedActor>();
    for (const r of rows) map.set(r.actor_id, { user_id: Number(r.user_id), username: r.username });
    this.map = map;
    this.loadedAt = startedAt;
    this.loadedGeneration = startedGeneration;
  }
}

const RESOLVERS = new WeakMap<Lake, XapiActorResolver>();

/** The resolver shared by everything in this process that uses this lake. */
export function xapiActorResolver(lake: Lake): XapiActorResolver {
  let resolver = RESOLVERS.get(lake);
  if (!resolver) RESOLVERS.set(lake, (resolver = new XapiActorResolver(lake)));
  return resolver;
}

const LATE_BATCH = 5_000;

export interface LateResolution {
  /** Statements stored again with their learner. */
  resolved: number;
  /** Statements still waiting for their actor's mapping. */
  waiting: number;
}

/**
 * Stores again, with their learner, the statements of xapi_unresolved whose actor now resolves;
 * the views on events then count them (the user-0 copy counted as no learner's, and the events
 * table keeps the later copy when it merges). Never twice: a statement that already has a copy
 * with a learner (a run stopped between its two writes) is only marked resolved. Call it after
 * the actors or users changed (the LMS sync does); one process at a time.
 */
export async function resolveLateStatements(lake: Lake, resolver = xapiActorResolver(lake), now: () => Date = () => new Date()): Promise<LateResolution> {
  const out: LateResolution = { resolved: 0, waiting: 0 };
  let after = '';
  for (;;) {
    const pending = await queryRows<{ event_id: string }>(
      lake,
      `SELECT event_id FROM xapi_unresolved FINAL
       WHERE resolved_at = toDateTime64(0, 3, 'UTC') AND event_id > {after:String}
       ORDER BY event_id LIMIT ${LATE_BATCH}`,
      { after },
    );
    if (pending.length === 0) return out;
    after = pending[pending.length - 1]!.event_id;
    const ids = pending.map((r) => r.event_id);
    const rows = await queryRows<{ event_id: string; user_id: string | number; raw: string; received_at: string }>(
      lake,
      `SELECT event_id, user_id, raw, received_at FROM events WHERE event_id IN {ids:Array(String)}`,
      { ids },
    );
    const alreadyResolved = new Set(rows.filter((r) => Number(r.user_id) > 0).map((r) => r.event_id));
    const candidates = new Map<string, { stmt: Record<string, unknown>; raw: string; receivedAt: Date }>();
    for (const r of rows) {
      if (alreadyResolved.has(r.event_id) || candidates.has(r.event_id)) continue;
      try {
        const stmt = JSON.parse(r.raw) as unknown;
        if (isPlainObject(stmt)) candidates.set(r.event_id, { stmt, raw: r.raw, receivedAt: parseLakeTime(r.received_at) });
      } catch {
        // not a statement: stays waiting, and visible
      }
    }
    await resolver.prepare([...candidates.values()].map((c) => actorKeyOf(c.stmt.actor)).filter((k): k is string => k !== undefined));
    const events: LakeEvent[] = [];
    for (const c of candidates.values()) {
      const parsed = statementToEvent(c.stmt, { receivedAt: c.receivedAt, raw: c.raw, resolveActor: (key) => resolver.lookup(key) });
      if (parsed.ok && parsed.event.user_id > 0) events.push(parsed.event);
    }
    await leaveOverlapsUncounted(lake, events);
    if (events.length > 0) await lake.client.insert({ table: 'events', values: events, format: 'JSONEachRow' });
    const done = [...alreadyResolved, ...events.map((e) => e.event_id)];
    if (done.length > 0) {
      const at = formatLakeTime(now());
      const marks = await queryRows<{ event_id: string; course_id: string; actor: string; received_at: string }>(
        lake,
        `SELECT event_id, any(course_id) AS course_id, any(actor) AS actor, any(received_at) AS received_at
         FROM xapi_unresolved WHERE event_id IN {done:Array(String)} GROUP BY event_id`,
        { done },
      );
      await lake.client.insert({ table: 'xapi_unresolved', values: marks.map((m) => ({ ...m, resolved_at: at })), format: 'JSONEachRow' });
    }
    out.resolved += events.length;
    out.waiting += pending.length - done.length;
  }
}

export interface UnresolvedStatements {
  statements: number;
  actors: number;
  /** ISO time of the oldest waiting statement's arrival; null when none wait. */
  oldest: string | null;
}

/** The statements still waiting for their learner (shown to admins with the dead letters). */
export async function unresolvedStatements(lake: Lake): Promise<UnresolvedStatements> {
  const [row] = await queryRows<{ statements: string; actors: string; oldest: string }>(
    lake,
    `SELECT count() AS statements, uniqExact(actor) AS actors, min(received_at) AS oldest
     FROM xapi_unresolved FINAL WHERE resolved_at = toDateTime64(0, 3, 'UTC')`,
  );
  const statements = Number(row?.statements ?? 0);
  return { statements, actors: Number(row?.actors ?? 0), oldest: statements > 0 && row ? parseLakeTime(row.oldest).toISOString() : null };
}
