/**
 * Sends batches of tracking-log lines to a running Lookout server
 * (POST /api/ingest/tracking, gzip NDJSON) and waits for its acknowledgement.
 *
 * Retries, with backoff and honouring Retry-After, what may succeed later: 503 (lake
 * busy, server draining), 408, 429, other 5xx, timeouts and connection errors. Stops
 * with a FatalSendError on what will not: other 4xx (wrong token, body too large...).
 * The server dedupes by event id, so resending a batch whose answer was lost is safe.
 */
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';

const gzip = promisify(gzipCb);

export interface IngestResult {
  accepted: number;
  duplicates: number;
  /** `line` is 1-based within the batch. */
  rejected: { line: number; reason: string }[];
  /** Every rejected line; `rejected` lists the first ones only. */
  rejectedCount: number;
}

/** The server refused the batch in a way retrying will not fix. */
export class FatalSendError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A stop was requested while the batch was waiting to be retried: it was not acknowledged. */
export class SendAbortedError extends Error {}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface SenderOptions {
  /** Server base URL (http://host:port) or the full ingest endpoint URL. */
  url: string;
  token: string;
  /** Stop requested: an in-flight request still completes, but no retry is waited for. */
  signal?: AbortSignal;
  /** Gzip the body (default true). */
  gzip?: boolean;
  /** Retries before giving up with a FatalSendError (default: unlimited, until stopped). */
  maxRetries?: number;
  /** First backoff delay when the server gives no Retry-After (default 500 ms), doubled up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Longest Retry-After honoured (default 5 min). */
  retryAfterMaxMs?: number;
  /** One request's time limit (default 5 min): then it counts as a connection error and is retried. */
  requestTimeoutMs?: number;
  onRetry?: (info: RetryInfo) => void;
}

export function ingestEndpoint(url: string): string {
  const u = new URL(url);
  if (!/\/api\/ingest\/tracking\/?$/.test(u.pathname)) {
    u.pathname = u.pathname.replace(/\/+$/, '') + '/api/ingest/tracking';
  }
  return u.toString();
}

export class IngestSender {
  readonly endpoint: string;
  /** Requests made, retries included. */
  requests = 0;
  retries = 0;

  constructor(private readonly options: SenderOptions) {
    this.endpoint = ingestEndpoint(options.url);
  }

  /** Sends the lines as one batch; resolves only with the server's 200 answer. */
  async send(lines: string[]): Promise<IngestResult> {
    const text = lines.join('\n') + '\n';
    const useGzip = this.options.gzip !== false;
    const body = useGzip ? await gzip(text, { level: 1 }) : Buffer.from(text, 'utf8');
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token}`,
      'content-type': 'application/x-ndjson',
    };
    if (useGzip) headers['content-encoding'] = 'gzip';

    const maxRetries = this.options.maxRetries ?? Infinity;
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      let retryAfterMs: number | undefined;
      this.requests++;
      try {
        const res = await fetch(this.endpoint, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 300_000),
        });
        const answer = await res.text();
        if (res.status === 200) return parseAnswer(answer);
        const message = errorMessage(answer);
        if (res.status >= 300 && res.status < 400) {
          throw new FatalSendError(
            `${this.endpoint} redirected (${res.status}) to ${res.headers.get('location') ?? '?'}: pass that address as --url`,
            res.status,
          );
        }
        if (isRetryable(res.status)) {
          reason = `server answered ${res.status}${message ? `: ${message}` : ''}`;
          retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        } else {
          throw new FatalSendError(fatalMessage(res.status, message, this.endpoint), res.status);
        }
      } catch (err) {
        if (err instanceof FatalSendError) throw err;
        const cause = (err as { cause?: { message?: string } }).cause;
        if (cause?.message === 'bad port') {
          throw new FatalSendError(`fetch refuses the port of ${this.endpoint} (a blocked port): use another port`);
        }
        reason = describeNetworkError(err, this.endpoint);
      }

      if (attempt > maxRetries) throw new FatalSendError(`giving up after ${attempt} attempts: ${reason}`);
      if (this.options.signal?.aborted) throw new SendAbortedError(`stopped while retrying: ${reason}`);
      const backoff = Math.min(
        (this.options.retryBaseMs ?? 500) * 2 ** Math.min(attempt - 1, 20),
        this.options.retryMaxMs ?? 30_000,
      );
      const delayMs =
        retryAfterMs !== undefined
          ? Math.min(retryAfterMs, this.options.retryAfterMaxMs ?? 300_000)
          : Math.round(backoff * (0.75 + Math.random() * 0.5));
      this.retries++;
      this.options.onRetry?.({ attempt, delayMs, reason });
      if (!(await sleep(delayMs, this.options.signal))) throw new SendAbortedError(`stopped while retrying: ${reason}`);
    }
  }
}

export function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function parseAnswer(text: string): IngestResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new FatalSendError(`the server answered 200 with something that is not JSON: ${text.slice(0, 200)}`);
  }
  const b = body as Partial<IngestResult> | null;
  if (!b || typeof b.accepted !== 'number' || typeof b.duplicates !== 'number' || !Array.isArray(b.rejected)) {
    throw new FatalSendError(`unexpected answer from the server (is --url a Lookout server?): ${text.slice(0, 200)}`);
  }
  return { accepted: b.accepted, duplicates: b.duplicates, rejected: b.rejected, rejectedCount: typeof b.rejectedCount === 'number' ? b.rejectedCount : b.rejected.length };
}

function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 200);
}

function fatalMessage(status: number, message: string, endpoint: string): string {
  const detail = message ? `: ${message}` : '';
  switch (status) {
    case 401:
    case 403:
      return `the server refused the ingest token (${status})${detail}. Pass --token, set LOOKOUT_INGEST_TOKEN, or point LOOKOUT_DATA_DIR at the server's data folder (its ingest-token file).`;
    case 404:
      return `${endpoint} not found (404): is --url the Lookout server?`;
    case 413:
      return `the server refused a batch as too large (413)${detail}. Use a smaller --batch-lines.`;
    default:
      return `the server refused the batch (${status})${detail}`;
  }
}

function describeNetworkError(err: unknown, endpoint: string): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer from ${endpoint} in time`;
  const cause = e?.cause;
  if (cause?.code === 'ECONNREFUSED') return `cannot connect to ${endpoint} (connection refused): is the server running?`;
  if (cause?.code) return `${cause.code} from ${endpoint}${cause.message ? ` (${cause.message})` : ''}`;
  return `${e?.message ?? String(err)}${cause?.message ? `: ${cause.message}` : ''} (${endpoint})`;
}
