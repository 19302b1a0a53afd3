import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is waiting for a statement of the embedded lake. chDB runs one statement at a time per
 * process, in the order they are handed to it, so a burst of slow statements (a course's window
 * widgets, an at-risk evaluation) would hold back everything queued behind it. The lane hands
 * chDB one statement at a time and picks the next by priority:
 * - `interactive` (the default): ingest, page and API requests, a new viewer's snapshot;
 * - `live`: the live engine's right-now widgets;
 * - `background`: recomputations nobody waits for (window widgets, at-risk refreshes).
 * A background statement that has waited longer than BACKGROUND_MAX_WAIT_MS is served every other
 * turn, so a saturated lake slows the background work down without starving it.
 */
export type LanePriority = 'interactive' | 'live' | 'background';

const ORDER: readonly LanePriority[] = ['interactive', 'live', 'background'];
export const BACKGROUND_MAX_WAIT_MS = 2_000;

const current = new AsyncLocalStorage<LanePriority>();

/** Runs fn with every lake statement it issues (directly or through promises it starts) at this priority. */
export function withLanePriority<T>(priority: LanePriority, fn: () => Promise<T>): Promise<T> {
  return current.run(priority, fn);
}

interface Waiting {
  since: number;
  start: () => void;
}

export class Lane {
  private busy = false;
  private queues: Record<LanePriority, Waiting[]> = { interactive: [], live: [], background: [] };
  private lastWasAged = false;

  run<T>(fn: () => Promise<T>): Promise<T> {
    const priority = current.getStore() ?? 'interactive';
    return new Promise<T>((resolve, reject) => {
      this.queues[priority].push({
        since: performance.now(),
        start: () => {
          Promise.resolve()
            .then(fn)
            .then(resolve, reject)
            .finally(() => {
              this.busy = false;
              this.next();
            });
        },
      });
      if (!this.busy) this.next();
    });
  }

  private next(): void {
    const waiting = this.pick();
    if (!waiting) return;
    this.busy = true;
    waiting.start();
  }

  private pick(): Waiting | undefined {
    const background = this.queues.background[0];
    const aged = background !== undefined && performance.now() - background.since > BACKGROUND_MAX_WAIT_MS;
    if (aged && !this.lastWasAged) {
      this.lastWasAged = true;
      return this.queues.background.shift();
    }
    this.lastWasAged = false;
    for (const p of ORDER) if (this.queues[p].length > 0) return this.queues[p].shift();
    return undefined;
  }
}
