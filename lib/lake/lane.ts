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
 * between the others, and is never starved.
 */
export type LanePriority = 'interactive' | 'live' | 'background';

const ORDER: readonly LanePriority[] = ['interactive', 'live', 'background'];
export const BACKGROUND_MAX_WAIT_MS = 2_000;
const AGED_SPACING = 3;

const current = new AsyncLocalStorage<LanePriority>();

/** Runs fn with every lake statement it issues (directly or through promises it starts) at this priority. */
export function withLanePriority<T>(priority: LanePriority, fn: () => Promise<T>): Promise<T> {
  return current.run(priority, fn);
}

interface Waiting {
  since: number;
  start: (aged: boolean) => void;
}

export class Lane {
  private busy = false;
  private queues: Record<LanePriority, Waiting[]> = { interactive: [], live: [], background: [] };
  /** No aged background statement goes first before this (performance.now()). */
  private agedNotBefore = 0;

  run<T>(fn: () => Promise<T>): Promise<T> {
    const priority = current.getStore() ?? 'interactive';
    return new Promise<T>((resolve, reject) => {
      this.queues[priority].push({
        since: performance.now(),
        start: (aged) => {
          const started = performance.now();
          Promise.resolve()
            .then(fn)
            .then(resolve, reject)
            .finally(() => {
              if (aged) this.agedNotBefore = performance.now() + AGED_SPACING * (performance.now() - started);
              this.busy = false;
              this.next();
            });
        },
      });
      if (!this.busy) this.next();
    });
  }

  private next(): void {
    const now = performance.now();
    const background = this.queues.background[0];
    const aged = background !== undefined && now - background.since > BACKGROUND_MAX_WAIT_MS && now >= this.agedNotBefore;
    const priority = aged ? 'background' : ORDER.find((p) => this.queues[p].length > 0);
    if (!priority) return;
    this.busy = true;
    this.queues[priority].shift()!.start(aged);
  }
}
