import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAGE_REQUEST_HEADER, pageStatuses } from '../../lib/auth/pageStatus';

/** Tags a request handed to Next so that a page refusing it answers 401/403, not 200 (lib/auth/pageStatus.ts). */
export function trackPageStatus(req: IncomingMessage, res: ServerResponse): void {
  const id = randomUUID();
  req.headers[PAGE_REQUEST_HEADER] = id; // replaces whatever the client sent
  const statuses = pageStatuses();
  statuses.set(id, 0);
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const refused = statuses.get(id);
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, refused && status === 200 ? refused : status, ...rest);
  } as typeof res.writeHead;
  res.once('close', () => statuses.delete(id));
}
