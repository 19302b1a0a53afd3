import type { Config } from './config';
import type { Lake } from './lake/client';
import type { Bus } from './bus';
import type { Snapshot } from './live/protocol';
import type { Authenticator } from './auth/authenticator';

/**
 * What the long-running server owns, shared with Next.js pages rendered in the
 * same process. Next bundles its own copy of our modules, so the one instance
 * lives on globalThis rather than in a module variable.
 */
export interface Services {
  config: Config;
  lake: Lake;
  bus: Bus;
  live: { snapshot(room: string): Promise<Snapshot> };
  /** Who is asking (lib/auth): used by every route, page and socket through authorize(). */
  auth: Authenticator;
  health(): Promise<Health>;
}

export interface Health {
  /** Ready to take ingest: the lake answers and takes writes. The bus is reported, not part of it (ingest works without it). */
  ok: boolean;
  lake: {
    ok: boolean;
    kind: string;
    error?: string;
    /** The last write (or, after a failed one, a probe write) succeeded. */
    writable: boolean;
    lastWrite?: { ok: boolean; at: string; ageSeconds: number; error?: string };
    /** Courses whose derived tables wait for a rebuild after an interrupted write, and why the last rebuild failed. */
    derivedRepairPending: number;
    derivedRepairError?: string;
  };
  bus: { ok: boolean; kind: string };
  ingest: { accepted: number; duplicates: number; rejected: number; failures: number; repairs: number };
  live: { watchedRooms: number };
  /** The LMS state sync, when an LMS database is configured. */
  lms?: {
    ok: boolean;
    lastRunAt?: string;
    durationMs?: number;
    failedTables?: string[];
    error?: string;
    /** The course structure step of the last run (LMS REST API): courses synced, those the API refused (retried later). */
    structure?: { ok: boolean; courses: number; failedCourses: Array<{ courseId: string; error: string }> };
    /** With replicas: when this one last found another running the sync (it then ran none itself). */
    syncedByAnotherReplicaAt?: string;
  };
}

const KEY = Symbol.for('lookout.services');
type Holder = { [KEY]?: Services };

export function setServices(services: Services | undefined): void {
  (globalThis as Holder)[KEY] = services;
}

export function getServices(): Services {
  const services = (globalThis as Holder)[KEY];
  if (!services) {
    throw new Error('Lookout services are not running: start the app with `lookout start` (not `next dev`)');
  }
  return services;
}
