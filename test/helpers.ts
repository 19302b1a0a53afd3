import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../lib/config';
import { startLookout, type StartOptions } from '../server/app';
import type { Snapshot, Update } from '../lib/live/protocol';
import type { Lake } from '../lib/lake/client';
import { createApiToken } from '../lib/auth/apiTokens';
import { seedLmsUsers, type SeedUser } from '../server/demo/seedUsers';

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
    // Tests watch the window widgets follow events: no 15 s hold-back.
    LOOKOUT_LIVE_WINDOW_MS: '200',
    LOOKOUT_INGEST_FLUSH_MS: '5',
    // Alert runs (issue 22) only when a test drives them (lookout.alerts.run(at)): none in the background.
    LOOKOUT_ALERTS_INTERVAL_MS: '0',
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

/** An LMS superuser for tests that are not about access. */
export const TEST_ADMIN: SeedUser = { id: 880001, username: 'test_admin', email: 'admin@test.lookout', firstName: 'Test', lastName: 'Admin', isStaff: true, isSuperuser: true };

/** Seeds the user into the synced LMS tables and returns an API token acting as them. */
export async function tokenFor(lookout: { lake: Lake }, user: SeedUser = TEST_ADMIN): Promise<string> {
  await seedLmsUsers(lookout.lake, [user]);
  return (await createApiToken(lookout.lake, { username: user.username, createdBy: 'test' })).token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A socket client (signed in with an API token) subscribed to a room, collecting what it is sent. */
export async function subscribe(baseUrl: string, room: string, token?: string) {
  const socket: Socket = io(baseUrl, { transports: ['websocket'], reconnection: false, auth: token ? { token } : {} });
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

/** waitFor with an async check (a request, a query), polled every `everyMs`. */
export async function waitForAsync<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition', everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
