import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export type Unsubscribe = () => void;

/**
 * Fan-out of small JSON messages between the parts of Lookout (and between
 * replicas when Redis is used). At-most-once by design: the live engine also
 * refreshes watched rooms on a timer, so a lost message only delays a widget.
 */
export interface Bus {
  readonly kind: 'memory' | 'redis';
  publish<T>(topic: string, message: T): Promise<void>;
  subscribe<T>(topic: string, handler: (message: T) => void): Promise<Unsubscribe>;
  ping(): Promise<boolean>;
  /**
   * Work that one replica at a time may do (alert runs: two would send every email twice). The
   * lease is held until released, renewed while its holder lives, and lapses ttlMs after a holder
   * dies. Undefined when another replica holds it.
   */
  lease(name: string, ttlMs: number): Promise<Lease | undefined>;
  close(): Promise<void>;
}

/**
 * The name of a lease on work for one lake (`work`: 'alerts', 'lms-sync', 'live'…): replicas on
 * the same lake share it; Lookouts on other lakes sharing the Redis do not.
 */
export function lakeLeaseName(lake: { location: string; database: string }, work: string): string {
  return `${work}:${lake.location}#${lake.database}`;
}

export interface Lease {
  /** False once a renewal found the lease gone (it lapsed, e.g. Redis was unreachable, and may be another's). */
  held(): boolean;
  release(): Promise<void>;
}

/** The topic ingest publishes on after each written batch. */
export const COURSES_CHANGED = 'courses-changed';
export interface CoursesChanged {
  courseIds: string[];
  /** ms since epoch when the batch was written */
  writtenAt: number;
}

export function createBus(redisUrl?: string): Bus {
  return redisUrl ? new RedisBus(redisUrl) : new MemoryBus();
}

export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private emitter = new EventEmitter().setMaxListeners(0);

  async publish<T>(topic: string, message: T): Promise<void> {
    // Delivered on a later tick so that publishers never run subscribers' code inline.
    queueMicrotask(() => this.emitter.emit(topic, message));
  }

  async subscribe<T>(topic: string, handler: (message: T) => void): Promise<Unsubscribe> {
    this.emitter.on(topic, handler);
    return () => this.emitter.off(topic, handler);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  /** One process: its work is already one at a time. */
  async lease(): Promise<Lease> {
    return { held: () => true, release: async () => {} };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  private pub: Redis;
  private sub: Redis;
  private handlers = new Map<string, Set<(message: unknown) => void>>();
  private prefix = 'lookout:';

  constructor(url: string) {
    const options = { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true };
    this.pub = new Redis(url, options);
    // ioredis 5.8.2+ may send its handshake (CLIENT SETINFO, the INFO ready check) after a SUBSCRIBE
    // queued while connecting, and the subscriber connection then fails with "Connection in
    // subscriber mode" (redis/ioredis#2037). The subscriber needs neither.
    this.sub = new Redis(url, { ...options, enableReadyCheck: false, disableClientInfo: true });
    // Connection errors surface through ping() and health; ioredis reconnects by itself.
    this.pub.on('error', () => {});
    this.sub.on('error', () => {});
    this.sub.on('message', (channel: string, payload: string) => {
      const set = this.handlers.get(channel.slice(this.prefix.length));
      if (!set) return;
      let message: unknown;
      try {
        message = JSON.parse(payload);
      } catch {
        return;
      }
      for (const handler of set) handler(message);
    });
  }

  async publish<T>(topic: string, message: T): Promise<void> {
    await this.pub.publish(this.prefix + topic, JSON.stringify(message));
  }

  async subscribe<T>(topic: string, handler: (message: T) => void): Promise<Unsubscribe> {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
      await this.sub.subscribe(this.prefix + topic);
    }
    set.add(handler as (message: unknown) => void);
    return () => {
      set.delete(handler as (message: unknown) => void);
    };
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.pub.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async lease(name: string, ttlMs: number): Promise<Lease | undefined> {
    const key = `${this.prefix}lease:${name}`;
    const holder = randomUUID();
    if ((await this.pub.set(key, holder, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
    // Only the holder may renew or release: a lease that lapsed and went to another replica stays theirs.
    let held = true;
    const renew = setInterval(() => {
      this.pub.eval(RENEW_IF_HELD, 1, key, holder, ttlMs).then(
        (renewed) => {
          if (renewed !== 0) return;
          held = false;
          clearInterval(renew);
        },
        () => undefined, // Redis unreachable: the lease lapses by itself if this lasts, and the next renewal says so
      );
    }, ttlMs / 3);
    renew.unref();
    return {
      held: () => held,
      release: async () => {
        held = false;
        clearInterval(renew);
        await this.pub.eval(RELEASE_IF_HELD, 1, key, holder).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

const RENEW_IF_HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_IF_HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
