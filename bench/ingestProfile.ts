/**
 * Where a staged ingest flush spends its time, without HTTP: the benchmark's ~1 KB
 * lines, split and flushed in-process exactly as the server does, with wall and CPU
 * milliseconds per step (CPU is the whole process's, engine threads included, so it
 * stays meaningful on a busy machine).
 *
 *   node --import tsx bench/ingestProfile.ts --events 200000 --batch 10000 --bodies 4
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLake } from '../lib/lake/client';
import { migrate } from '../lib/lake/migrate';
import { queryRows } from '../lib/lake/query';
import { emptyPrepared } from '../server/ingest/prepared';
import { splitBody } from '../server/ingest/rawBody';
import { clearScratch, flushProfile, removeScratchDir, stagedFlush } from '../server/ingest/stagedFlush';
import { benchLines } from './lib/lines';
import { numericArgs } from './stats';

const opts = numericArgs({ events: 200_000, batch: 10_000, bodies: 4 });
const lake = await openLake({ dataDir: mkdtempSync(join(tmpdir(), 'lookout-bench-profile-')), database: 'lookout' });
await migrate(lake);

const bodies: Buffer[] = [];
let lines: string[] = [];
for (const line of benchLines(opts.events)) {
  lines.push(line);
  if (lines.length === opts.batch) {
    bodies.push(Buffer.from(lines.join('\n')));
    lines = [];
  }
}
if (lines.length > 0) bodies.push(Buffer.from(lines.join('\n')));

let splitMs = 0;
const cpu0 = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < bodies.length; i += opts.bodies) {
  const t = performance.now();
  const parts = bodies.slice(i, i + opts.bodies).map((body) => ({ events: emptyPrepared(), raw: { split: splitBody(body), receivedAt: new Date() } }));
  splitMs += performance.now() - t;
  await stagedFlush(lake, parts);
  await clearScratch(lake);
}
const wall = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const us = (ms: number) => `${((ms * 1000) / opts.events).toFixed(1)} µs/event`;
console.log(`${opts.events} events in ${wall.toFixed(2)} s = ${Math.round(opts.events / wall).toLocaleString('en-US')}/s, process CPU ${us((cpu.user + cpu.system) / 1000)}`);
console.log(`${'split bodies'.padEnd(18)} wall ${us(splitMs)}`);
for (const [step, p] of Object.entries(flushProfile)) console.log(`${step.padEnd(18)} wall ${us(p.wallMs)}, CPU ${us(p.cpuMs)}`);
// Background merges of the flushes' parts run on the engine's own threads, inside the CPU figures
// above; the engine's one-statement bulk load (bench/ingest.ts) hardly pays them.
const [merges] = await queryRows<{ ms: string; rows: string }>(
  lake,
  "SELECT sumIf(value, event = 'MergeTotalMilliseconds') AS ms, sumIf(value, event = 'MergedRows') AS rows FROM system.events",
);
console.log(`${'merges (so far)'.padEnd(18)} ${us(Number(merges!.ms))} of merge threads' time, ${(Number(merges!.rows) / opts.events).toFixed(1)} rows merged per event`);
await removeScratchDir();
process.exit(0);
