import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGunzip } from 'node:zlib';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The request body as text, gunzipped when sent gzip-encoded, refused past `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBodyBytes(req, limit)).toString('utf8');
}

/**
 * The request body as bytes, gunzipped when sent gzip-encoded, refused (413) past `limit` bytes
 * (inflated) or past `maxLines` lines, as soon as the reading gets there.
 */
export async function readBodyBytes(req: IncomingMessage, limit: number, maxLines = Infinity): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await readBodyChunks(req, limit, maxLines, (chunk) => {
    chunks.push(chunk);
  });
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * Feeds the request body to `take` chunk by chunk (awaited: the reading waits for it), gunzipped
 * when sent gzip-encoded, refused (413) past `limit` bytes (inflated) or past `maxLines` lines, as
 * soon as the reading gets there.
 */
export async function readBodyChunks(req: IncomingMessage, limit: number, maxLines: number, take: (chunk: Buffer) => void | Promise<void>): Promise<void> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new HttpError(415, `unsupported content-encoding "${encoding}": send identity or gzip`);
  }
  const stream = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
  let size = 0;
  let lines = 1;
  let taking = false;
  try {
    // Leaving the loop early must not destroy the request: the rest is drained and the answer goes out on the same connection.
    for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new HttpError(413, `body larger than ${limit} bytes${encoding === 'gzip' ? ' once inflated' : ''}: send smaller batches`);
      if (maxLines !== Infinity) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
          if (++lines > maxLines) throw new HttpError(413, `body of more than ${maxLines} lines: send smaller batches`);
        }
      }
      taking = true;
      await take(chunk);
      taking = false;
    }
  } catch (err) {
    // Stop reading (and inflating) at once; an answer still goes out.
    if (stream !== req) (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
    req.unpipe();
    req.resume();
    if (err instanceof HttpError || taking) throw err;
    throw new HttpError(400, `could not read body: ${(err as Error).message}`);
  }
}

/** Bearer token from the Authorization header, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}
