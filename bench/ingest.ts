/**
 * Ingest throughput: real-shaped ~1 KB tracking-log lines POSTed over HTTP in NDJSON
 * batches, each acknowledged after the write, against the engine's own bulk load of
 * the same lines from a file.
 *
 *   npm run bench:ingest -- --events 1000000 --batch 10000 --concurrency 4
 */
import { createWriteStream, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLake } from '../lib/lake/client';
import { migrate } from '../lib/lake/migrate';
import { startChildLookout } from '../test/support/childServer';
import { benchLines } from './lib/lines';
import { engineLoadFromFile } from './lib/engineLoad';
import { numericArgs } from './stats';

// --engine 0 skips the engine's own load (quick A/B runs of the HTTP side only).
const opts = numericArgs({ events: 1_000_000, batch: 10_000, concurrency: 4, engine: 1 });
const dir = mkdtempSync(join(tmpdir(), 'lookout-bench-ingest-'));
const file = join(dir, 'tracking.log');

// Generate once: the same lines go to a file for the engine's own load and into
// NDJSON bodies for HTTP (kept apart: one string of them all would pass V8's limit).
const out = createWriteStream(file);
const bodies: string[] = [];
let batchLines: string[] = [];
let lineCount = 0;
for (const line of benchLines(opts.events)) {
  if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  batchLines.push(line);
  lineCount++;
  if (batchLines.length === opts.batch) {
    bodies.push(batchLines.join('\n'));
    batchLines = [];
  }
}
if (batchLines.length > 0) bodies.push(batchLines.join('\n'));
await new Promise<void>((r) => out.end(r));
const bytes = statSync(file).size;
console.log(`${lineCount} lines, ${(bytes / 2 ** 20).toFixed(0)} MiB (${Math.round(bytes / lineCount)} bytes/line)`);

// 1. Over HTTP, acknowledged after the write.
const token = 'bench-ingest-token-0123456789ab';
const profileFile = join(dir, 'flush-profile.json');
const server = await startChildLookout({ LOOKOUT_DATA_DIR: join(dir, 'lake-http'), LOOKOUT_INGEST_TOKEN: token, LOOKOUT_INGEST_PROFILE_FILE: profileFile });
// CPU seconds of the server process (all its threads, the engine's included), from /proc:
// a figure that a busy machine distorts much less than events per second.
const serverCpu = () => {
  const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
};
let next = 0;
let accepted = 0;
const cpuBefore = serverCpu();
const started = performance.now();
await Promise.all(
  Array.from({ length: opts.concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const res = await fetch(`${server.url}/api/ingest/tracking`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
      const answer = (await res.json()) as { accepted: number; rejected: unknown[] };
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(answer)}`);
      accepted += answer.accepted;
    }
  }),
);
const httpSeconds = (performance.now() - started) / 1000;
const httpRate = accepted / httpSeconds;
const httpCpuUs = ((serverCpu() - cpuBefore) * 1e6) / lineCount;
const peak = server.peakRssMiB();
await server.stop();
if (accepted !== lineCount) throw new Error(`accepted ${accepted} of ${lineCount}`);

const k = (v: number) => `${Math.round(v).toLocaleString('en-US')}/s`;
console.log(`HTTP ingest:  ${accepted} events in ${httpSeconds.toFixed(2)} s = ${k(httpRate)} (batches of ${opts.batch}, ${opts.concurrency} concurrent), server peak RSS ${peak} MiB, server CPU ${httpCpuUs.toFixed(1)} µs/event`);

// 2. The engine's own bulk load of the same file, in this process (its own lake).
if (opts.engine) {
  const lake = await openLake({ dataDir: join(dir, 'lake-engine'), database: 'lookout' });
  await migrate(lake);
  const engineStarted = performance.now();
  const engineCpu = process.cpuUsage();
  await engineLoadFromFile(lake, file);
  const engineSeconds = (performance.now() - engineStarted) / 1000;
  const { user, system } = process.cpuUsage(engineCpu);
  const engineCpuUs = (user + system) / lineCount;
  const engineRate = lineCount / engineSeconds;
  console.log(`engine load:  ${lineCount} lines in ${engineSeconds.toFixed(2)} s = ${k(engineRate)}`);
  console.log(`CPU per event: HTTP server ${httpCpuUs.toFixed(1)} µs, engine load ${engineCpuUs.toFixed(1)} µs (ratio ${(engineCpuUs / httpCpuUs).toFixed(2)}; on 2 idle cores the rates would be at most ${k(2e6 / httpCpuUs)} and ${k(2e6 / engineCpuUs)})`);
  console.log(`ratio HTTP / engine: ${(httpRate / engineRate).toFixed(2)}   targets: ≥ 100,000/s ${httpRate >= 100_000 ? 'met' : 'NOT met'}, ratio ≥ 0.8 ${httpRate / engineRate >= 0.8 ? 'met' : 'NOT met'}`);
}

// Where the server's time went, per event (wall and whole-process CPU between the flush's steps;
// "between flushes" is the engine idle while bodies arrive).
const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as Record<string, { wallMs: number; cpuMs: number; count: number }>;
const per = (ms: number) => `${((ms * 1000) / lineCount).toFixed(1)} µs`.padStart(9);
console.log(`server flush steps (${profile['insert events']?.count ?? 0} flushes, ${Math.round(lineCount / (profile['insert events']?.count ?? 1))} events each), per event:`);
for (const [name, p] of Object.entries(profile)) console.log(`  ${name.padEnd(18)} wall ${per(p.wallMs)}  CPU ${per(p.cpuMs)}`);
process.exit(0);
