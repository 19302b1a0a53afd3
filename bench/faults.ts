/**
 * Soak and fault bench (not in CI): steady ingest into a child server while it is killed
 * (kill -9), stopped (SIGTERM) and its disk filled, each round at random; every body not
 * acknowledged is sent again until it is. Then prints, per course: events acknowledged, stored,
 * and each derived table's count beside the same count from `events`, and the dashboard's
 * figures. Run as root, the lake lives on a tmpfs it mounts (so the disk can be filled);
 * otherwise in a temp folder, without the disk rounds.
 *
 *   node --import tsx bench/faults.ts --rounds 8 --tmpfs-mb 512 [--only-disk 1] [--request-timeout-s 120]
 *
 * A request not answered within --request-timeout-s is counted (and retried): there should be none.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrackingLine } from '../lib/events/parse';
import { openLake } from '../lib/lake/client';
import type { DashboardSnapshot } from '../lib/metrics/dashboardTypes';
import { childAdminToken, startChildLookout, type ChildLookout } from '../test/support/childServer';
import { activityLines, derivedAgreement } from '../test/support/derivedAgreement';
import { numericArgs } from './stats';

const opts = numericArgs({ rounds: 8, 'tmpfs-mb': 512, senders: 3, 'request-timeout-s': 120, 'only-disk': 0 });
const TOKEN = 'bench-faults-token-0123456789';
const courseId = 'course-v1:Bench+Faults+1';
const day = (offset: number) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + offset * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const base = mkdtempSync(join(tmpdir(), 'lookout-faults-'));
let mounted = false;
if (process.getuid?.() === 0) {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${opts['tmpfs-mb']}m`, 'tmpfs', base]);
    mounted = true;
  } catch (err) {
    console.log(`no tmpfs (${(err as Error).message.split('\n')[0]}): no disk-full rounds`);
  }
}
const dataDir = join(base, 'data');
const serverLog = `${base}.log`; // beside the tmpfs, not on it
console.log(`lake in ${dataDir}${mounted ? ` (tmpfs of ${opts['tmpfs-mb']} MiB)` : ''}; server log in ${serverLog}`);
const token = childAdminToken(dataDir);
const env = { LOOKOUT_DATA_DIR: dataDir, LOOKOUT_INGEST_TOKEN: TOKEN, LOG_LEVEL: 'info' };
const start = () => startChildLookout(env, serverLog);
let server: ChildLookout = await start();

const at = new Date(Date.now() - 30 * 60_000);
const acked = new Set<string>();
const pending: string[][] = [];
const tally = { bodies: 0, ok: 0, unavailable: 0, lost: 0, hung: 0, other: 0 };
/** 503 answers that do not say to retry (a client would give up on them). */
const noRetry: string[] = [];
let batch = 0;
let stop = false;

/** Sends a body; true when acknowledged. A request unanswered after --request-timeout-s is counted as hung. */
async function send(lines: string[]): Promise<boolean> {
  tally.bodies++;
  try {
    const res = await fetch(`${server.url}/api/ingest/tracking`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: lines.join('\n'),
      signal: AbortSignal.timeout(opts['request-timeout-s'] * 1000),
    });
    const text = await res.text();
    if (res.status === 503 && !/retry/.test(text)) noRetry.push(text);
    if (res.status === 200) {
      tally.ok++;
      for (const l of lines) {
        const p = parseTrackingLine(l);
        if (p.ok) acked.add(p.event.event_id);
      }
      return true;
    }
    if (res.status === 503) tally.unavailable++;
    else tally.other++;
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') {
      tally.hung++;
      console.log(`a request got no answer in ${opts['request-timeout-s']} s`);
    } else tally.lost++;
  }
  return false;
}

async function health(): Promise<{ status: number | string; writable?: boolean }> {
  try {
    const res = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(30_000) });
    return { status: res.status, writable: ((await res.json()) as { lake: { writable: boolean } }).lake.writable };
  } catch (err) {
    return { status: `no answer (${(err as Error).message})` };
  }
}

/** A client: sends a body again until it is acknowledged, then the next; one left unacknowledged at the end waits in `pending`. */
async function sender(): Promise<void> {
  while (!stop) {
    const n = batch++;
    const lines = activityLines(courseId, n, n % 4 === 0 ? 600 : 100, at); // every 4th body takes the staged path
    while (!(await send(lines))) {
      if (stop) {
        pending.push(lines);
        return;
      }
      await sleep(500);
    }
  }
}

const senders = Array.from({ length: opts.senders }, sender);
const faults: string[] = [];
for (let round = 0; round < opts.rounds; round++) {
  await sleep(1000 + Math.random() * 3000);
  const kinds = mounted ? (opts['only-disk'] ? ['disk'] : ['kill9', 'sigterm', 'disk']) : ['kill9', 'sigterm'];
  const kind = kinds[round % kinds.length]!; // each kind in turn, at random times
  faults.push(kind);
  if (kind === 'disk') {
    const { bavail, bsize } = statfsSync(base);
    const filler = join(base, 'filler');
    try {
      writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 256 * 1024)));
    } catch {
      // full already
    }
    await sleep(3000);
    const full = await health();
    rmSync(filler, { force: true });
    // Once space is back, ingest works again without a restart: health says so when a write succeeds.
    const freed = Date.now();
    let after = await health();
    while (after.writable !== true && Date.now() - freed < 60_000) {
      await sleep(500);
      after = await health();
    }
    console.log(
      `round ${round}: disk full for 3 s (health ${full.status}, writable=${full.writable}); freed: health ${after.status}, writable=${after.writable} after ${((Date.now() - freed) / 1000).toFixed(1)} s`,
    );
  } else {
    await server.stop(kind === 'kill9' ? 'SIGKILL' : 'SIGTERM');
    console.log(`round ${round}: ${kind}`);
    server = await start();
  }
}
stop = true;
await Promise.all(senders);
// Every body not acknowledged, again until it is (a client's retries); a server that died is started again.
const deadline = Date.now() + 180_000;
while (pending.length > 0) {
  if (Date.now() > deadline) {
    console.log(`gave up: ${pending.length} bodies still not acknowledged after 3 minutes`);
    await server.stop('SIGKILL');
    if (mounted) execFileSync('umount', ['-l', base]);
    process.exit(1);
  }
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    console.log(`the server died (exit ${server.child.exitCode ?? server.child.signalCode}); starting it again`);
    server = await start();
  }
  const lines = pending.shift()!;
  if (!(await send(lines))) {
    pending.push(lines);
    await sleep(500);
  }
}

const res = await fetch(`${server.url}/api/courses/${encodeURIComponent(courseId)}/dashboard?from=${day(-1)}&to=${day(2)}`, { headers: { authorization: `Bearer ${token}` } });
const snap = (await res.json()) as DashboardSnapshot;
await server.stop();
const lake = await openLake({ dataDir, database: 'lookout' });
const agreement = await derivedAgreement(lake, courseId);
const ids = [...acked];
const found = await lake.client.query({ query: 'SELECT count() AS n FROM events WHERE course_id = {c:String} AND event_id IN (SELECT arrayJoin({ids:Array(String)}))', query_params: { ids, c: courseId }, format: 'JSONEachRow' });
const n = Number((await found.json<{ n: string }>())[0]?.n ?? 0);
await lake.close();

console.log(`\nfaults: ${faults.join(', ')}; bodies sent ${tally.bodies}: 200 ${tally.ok}, 503 ${tally.unavailable}, connection lost ${tally.lost}, no answer ${tally.hung}, other ${tally.other}`);
if (noRetry.length > 0) console.log(`503 answers without "retry": ${noRetry.length}, e.g. ${noRetry[0]}`);
console.log(`events acknowledged ${acked.size}, of them stored ${n}; events rows ${agreement.events![0]}, distinct ids ${agreement.events![1]}`);
console.log('table                         derived   from events');
for (const [table, [derived, fromEvents]] of Object.entries(agreement)) {
  if (table === 'events') continue;
  console.log(`${table.padEnd(28)} ${String(derived).padStart(8)}   ${String(fromEvents).padStart(8)}${derived === fromEvents ? '' : '   DIFFERS'}`);
}
const checks = snap.widgets.problems.problems.reduce((s, p) => s + p.attempts, 0);
console.log(`dashboard: problem attempts ${checks}, active learners ${snap.widgets.engagement.active}, video viewers ${snap.widgets.videos.videos.map((v) => v.uniqueViewers).join(', ')}`);
// This process still holds the lake open (chDB): unmount lazily, when it exits.
if (mounted) execFileSync('umount', ['-l', base]);
else rmSync(base, { recursive: true, force: true });
process.exit(0);
