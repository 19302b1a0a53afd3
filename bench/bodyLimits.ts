/**
 * The worst bodies one request may send, each to a fresh server in its own process: the answer,
 * its size and time, and the server's peak resident memory (Linux VmHWM).
 *
 *   node --import tsx bench/bodyLimits.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startChildLookout } from '../test/support/childServer';
import { INGEST_MAX_LINES } from '../server/http/ingestTracking';

const TOKEN = 'bench-ingest-token-0123456789';
const lines = (n: number, line: (i: number) => string) => Buffer.from(Array.from({ length: n }, (_, i) => line(i)).join('\n'));
const cases: [string, () => { body: Buffer; gzip: boolean }][] = [
  ['63 MiB of one-byte lines, 64 KB gzip', () => ({ body: gzipSync(Buffer.alloc(63 * 2 ** 20, 'x\n'), { level: 9 }), gzip: true })],
  ['8 MiB of one-byte lines, plain', () => ({ body: Buffer.alloc(8 * 2 ** 20, 'x\n'), gzip: false })],
  [`${INGEST_MAX_LINES} one-byte lines`, () => ({ body: lines(INGEST_MAX_LINES, () => 'x'), gzip: false })],
  [`${INGEST_MAX_LINES} lines of 660 bytes, not JSON (64 MiB)`, () => ({ body: lines(INGEST_MAX_LINES, (i) => `${i} `.padEnd(660, 'y')), gzip: false })],
  [`${INGEST_MAX_LINES} lines "{}" (engine path, all declined)`, () => ({ body: lines(INGEST_MAX_LINES, () => '{}'), gzip: false })],
];

const only = process.argv[2] ? Number(process.argv[2]) : undefined; // run one case: its index
for (const [label, make] of only === undefined ? cases : [cases[only]!]) {
  const { body, gzip } = make();
  const server = await startChildLookout({ LOOKOUT_DATA_DIR: mkdtempSync(join(tmpdir(), 'lookout-bench-limits-')), LOOKOUT_INGEST_TOKEN: TOKEN });
  const started = performance.now();
  const res = await fetch(`${server.url}/api/ingest/tracking`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
    body: new Uint8Array(body),
  });
  const text = await res.text();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${res.status} in ${seconds.toFixed(1)} s, answer ${text.length} bytes, server peak RSS ${server.peakRssMiB()} MiB  ${text.slice(0, 100)}`);
  await server.stop();
}
process.exit(0);
