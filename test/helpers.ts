import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../lib/config';
import { startLookout, type StartOptions } from '../server/app';
import type { Snapshot, Update } from '../lib/live/protocol';

export const TEST_TOKEN = 'test-ingest-token-0123456789';

let dataDir: string | undefined;
/** One fresh lake directory per test process (chDB holds one per process). */
export function testDataDir(): string {
  dataDir ??= mkdtempSync(join(tmpdir(), 'lookout-test-'));
  return dataDir;
}

// Pages built for tests go to their own folder, apart from the app's own build.
process.env.LOOKOUT_NEXT_DIST_DIR ??= '.next-test';

export function startTestLookout(env: Record<string, string> = {}, options: StartOptions = { web: false }) {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOOKOUT_DATA_DIR: testDataDir(),
    LOOKOUT_INGEST_TOKEN: TEST_TOKEN,
    LOOKOUT_DEMO: '0',
    LOOKOUT_LIVE_TICK_MS: '100',
    LOOKOUT_INGEST_FLUSH_MS: '5',
    ...env,
  });
  return startLookout(config, options);
}

export async function postLines(baseUrl: string, lines: string[], token = TEST_TOKEN) {
  const res = await fetch(`${baseUrl}/api/ingest/tracking`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: lines.join('\n'),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A socket client subscribed to a room, collecting what it is sent. */
export async function subscribe(baseUrl: string, room: string) {
  const socket: Socket = io(baseUrl, { transports: ['websocket'], reconnection: false });
  const updates: Update[] = [];
  socket.on('update', (u: Update) => updates.push(u));
  const snapshot = await new Promise<Snapshot>((resolve, reject) => {
    socket.once('snapshot', resolve);
    socket.once('subscribe_error', (e) => reject(new Error(e.error)));
    socket.once('connect_error', reject);
    socket.emit('subscribe', { room });
  });
  return { socket, snapshot, updates };
}

export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
