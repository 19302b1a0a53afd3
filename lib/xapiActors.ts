/**
 * xAPI actor → LMS user. event-routing-backends anonymises the learner as
 * actor.account.name (a UUID from the LMS table external_user_id_externalid, type 'xapi');
 * the lake mirrors that table as `xapi_actors` (migration 004), filled by the LMS sync.
 *
 * The resolver keeps the whole map in memory: loaded on first use, reloaded when a lookup
 * misses, at most once per `refreshMs` (so a stream of statements from actors the sync has
 * not brought yet does not reload it on every request), and at once after upsertXapiActors
 * in this process.
 */
import type { Lake } from './lake/client';
import { queryRows } from './lake/query';
import { formatLakeTime } from './lake/time';

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

export class XapiActorResolver {
  private map = new Map<string, ResolvedActor>();
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
    for (const id of actorIds) {
      if (!this.map.has(normalizeActorId(id))) {
        missing = true;
        break;
      }
    }
    if (!stale && !(missing && this.now() - this.loadedAt >= this.refreshMs)) return;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  /** Synchronous lookup in the loaded map (call prepare first). */
  lookup(actorId: string): ResolvedActor | undefined {
    return this.map.get(normalizeActorId(actorId));
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
