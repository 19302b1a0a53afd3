import { Worker } from 'node:worker_threads';
import { log } from '../../lib/log';
import { parseBody, type ParsedBody } from './parseBody';
import { BackpressureError } from './writer';
import type { ParseRequest } from './parseWorkerMain';

/** Bodies smaller than this are parsed on the calling thread: a worker round trip would cost more. */
const INLINE_BYTES = 64 * 1024;

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (r: ParsedBody) => void; reject: (e: Error) => void }>;
}

/**
 * Parses ingest bodies on worker threads, so that parsing uses every core while
 * the main thread serves HTTP and writes to the lake.
 */
export class ParsePool {
  private slots: Slot[] = [];
  private nextId = 0;
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  parse(body: string, receivedAt = new Date()): Promise<ParsedBody> {
    if (this.slots.length === 0 || body.length < INLINE_BYTES) return Promise.resolve(parseBody(body, receivedAt));
    // The least busy worker: bodies differ in size, so round robin would queue behind a big one.
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      const request: ParseRequest = { id, body, receivedAt: receivedAt.getTime() };
      slot.worker.postMessage(request);
    });
  }

  /**
   * Stops the workers. A parse still running is refused as a stop is (the request answers 503,
   * nothing stored): left pending, its request would never be answered, and the HTTP server's
   * close would wait for it.
   */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    for (const slot of slots) {
      for (const waiting of slot.pending.values()) waiting.reject(new BackpressureError('shutting down'));
      slot.pending.clear();
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./parseWorker.js', import.meta.url), { execArgv: [] });
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (m: { id: number; result?: ParsedBody; error?: string }) => {
      const waiting = slot.pending.get(m.id);
      if (!waiting) return;
      slot.pending.delete(m.id);
      if (m.result) waiting.resolve(m.result);
      else waiting.reject(new Error(`parse failed: ${m.error}`));
    });
    const fail = (err: Error) => {
      for (const w of slot.pending.values()) w.reject(err);
      slot.pending.clear();
      const index = this.slots.indexOf(slot);
      if (this.closed || index === -1) return;
      log.error({ err: err.message }, 'parse worker died; starting another');
      this.slots[index] = this.spawn();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`parse worker exited with code ${code}`));
    });
    return slot;
  }
}
