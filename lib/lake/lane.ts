import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is waiting for a statement of the embedded lake. chDB runs one statement at a time per
 * process, in the order they are handed to it, so a burst of slow statements (a course's window
 * widgets, an at-risk evaluation) would hold back everything queued behind it. The lane hands
 * chDB one statement at a time and picks the next by priority:
 * - `interactive` (the default): ingest, page and API requests, a new viewer's snapshot;
 * - `live`: the live engine's right-now widgets;
 * - `background`: recomputations nobody waits for (window widgets, at-risk refreshes).
 * A background statement that has waited longer than BACKGROUND_MAX_WAIT_MS goes first, though
 * not sooner than AGED_SPACING times the previous such statement's duration after it: on a
 * saturated lake the background work gets about a quarter of the time, in statements spread out
 * between the others, and is never starved. Plain reads waiting together at the interactive or
 * live priority run as one statement (see JoinRunner); background ones run alone.
 */
export type LanePriority = 'interactive' | 'live' | 'background';

const ORDER: readonly LanePriority[] = ['interactive', 'live', 'background'];
export const BACKGROUND_MAX_WAIT_MS = 2_000;
const AGED_SPACING = 3;

const current = new AsyncLocalStorage<LanePriority>();

/** Told each statement's priority and seconds from queued to done (lib/telemetry.ts's histogram). */
let statementObserver: ((priority: LanePriority, seconds: number) => void) | undefined;
export function observeStatements(observer: typeof statementObserver): void {
  statementObserver = observer;
}

/** Runs fn with every lake statement it issues (directly or through promises it starts) at this priority. */
export function withLanePriority<T>(priority: LanePriority, fn: () => Promise<T>): Promise<T> {
  return current.run(priority, fn);
}

interface Waiting {
  since: number;
  start: (aged: boolean) => void;
  /** Set when the statement can run joined with others (see Lane's `join`). */
  joinable?: Joinable;
}

/** A statement that can share one engine statement with others waiting at its priority. */
export interface Joinable {
  payload: unknown;
  settle(result: { value: unknown } | { error: unknown }): void;
}

/**
 * Runs several joinable statements' payloads as one and returns each one's outcome, in order.
 * The engine then spreads their work over its threads (one statement alone rarely uses them
 * all) and the fixed cost of a statement is paid once.
 */
export type JoinRunner = (payloads: unknown[]) => Promise<({ value: unknown } | { error: unknown })[]>;

/** Most statements joined into one. */
const MAX_JOINED = 16;

export class Lane {
  constructor(private readonly join?: JoinRunner) {}

  private busy = false;
  /** The next joinable statement has waited one turn of the event loop for others to join it. */
  private gathered = false;
  /** The last statement started was a join. */
  private lastJoined = false;
  private queues: Record<LanePriority, Waiting[]> = { interactive: [], live: [], background: [] };
  /** No aged background statement goes first before this (performance.now()). */
  private agedNotBefore = 0;

  /**
   * Runs fn when the lane's turn comes. With `payload` (and a JoinRunner), the statement may
   * instead run joined with the other joinable statements waiting at its priority.
   */
  run<T>(fn: () => Promise<T>, payload?: unknown): Promise<T> {
    const priority = current.getStore() ?? 'interactive';
    const queued = performance.now();
    const done = () => statementObserver?.(priority, (performance.now() - queued) / 1000);
    return new Promise<T>((resolve, reject) => {
      const waiting: Waiting = { since: performance.now(), start: (aged) => this.exclusive(aged, () => Promise.resolve().then(fn).finally(done).then(resolve, reject)) };
      // Background statements run alone: joined, a dozen of them would hold the lane for seconds.
      if (payload !== undefined && this.join && priority !== 'background') {
        waiting.joinable = { payload, settle: (r) => (done(), 'error' in r ? reject(r.error) : resolve(r.value as T)) };
      }
      this.queues[priority].push(waiting);
      if (!this.busy) this.next();
    });
  }

  /** Holds the lane while work runs, then starts the next statement. */
  private exclusive(aged: boolean, work: () => Promise<unknown>): void {
    const started = performance.now();
    void work().finally(() => {
      if (aged) this.agedNotBefore = performance.now() + AGED_SPACING * (performance.now() - started);
      this.busy = false;
      this.next();
    });
  }

  /** The joinable statements waiting in `queue`, taken out of it (in order, at most MAX_JOINED). */
  private takeJoinable(queue: Waiting[]): Joinable[] {
    const taken: Joinable[] = [];
    for (let i = 0; i < queue.length && taken.length < MAX_JOINED; ) {
      const joinable = queue[i]!.joinable;
      if (joinable) {
        taken.push(joinable);
        queue.splice(i, 1);
      } else i++;
    }
    return taken;
  }

  private next(): void {
    const now = performance.now();
    const background = this.queues.background[0];
    const aged = background !== undefined && now - background.since > BACKGROUND_MAX_WAIT_MS && now >= this.agedNotBefore;
    const priority = aged ? 'background' : ORDER.find((p) => this.queues[p].length > 0);
    if (!priority) return;
    this.busy = true;
    const queue = this.queues[priority];
    if (queue[0]!.joinable && this.join && !this.gathered) {
      // Statements issued together reach the lane a few promise steps apart: let them all
      // arrive (the current turn of the event loop ends) before choosing what to join.
      this.gathered = true;
      setImmediate(() => {
        this.busy = false;
        this.next();
      });
      return;
    }
    this.gathered = false;
    // After a join, a statement that cannot join goes first (a snapshot's roster, an ingest
    // flush): what it unblocks can then join the next one. Alternating, neither kind starves.
    const command = this.lastJoined ? queue.findIndex((w) => !w.joinable) : -1;
    const first = command > 0 ? command : 0;
    if (!queue[first]!.joinable || !this.join || queue.filter((w) => w.joinable).length < 2) {
      this.lastJoined = false;
      queue.splice(first, 1)[0]!.start(aged);
      return;
    }
    this.lastJoined = true;
    const joined = this.takeJoinable(queue);
    const join = this.join;
    this.exclusive(aged, async () => {
      try {
        const results = await join(joined.map((j) => j.payload));
        joined.forEach((j, i) => j.settle(results[i] ?? { error: new Error('a joined statement got no result') }));
      } catch (error) {
        for (const j of joined) j.settle({ error });
      }
    });
  }
}
