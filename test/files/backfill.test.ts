/** `lookout ingest backfill` against a real server (fresh chDB lake), in-process and as a CLI. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startTestLookout, TEST_TOKEN, waitFor } from '../helpers';
import { backfill } from '../../server/ingest/files/backfill';
import { CheckpointStore, defaultCheckpointPath } from '../../server/ingest/files/checkpoint';
import { countEvents, GARBAGE, trackingLines } from './lines';

const dir = mkdtempSync(join(tmpdir(), 'lookout-backfill-'));
const quiet = { progress: false as const, log: () => {} };

/** Good lines with the garbage spread in, some CRLF endings, and no newline after the last line. */
function writeLog(path: string, good: string[], gzip = false): void {
  const lines = [...good];
  GARBAGE.slice(0, 2).forEach((g, i) => lines.splice(Math.floor(((i + 1) * lines.length) / 3), 0, g));
  const text = lines.map((l, i) => (i % 10 === 0 ? l + '\r\n' : l + '\n')).join('').replace(/\n$/, '');
  writeFileSync(path, gzip ? gzipSync(text) : text);
}

function checkpointOf(path: string) {
  return JSON.parse(readFileSync(defaultCheckpointPath(path, dir), 'utf8')).files[path];
}

describe('ingest backfill', () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  before(async () => {
    lookout = await startTestLookout();
  });
  after(() => lookout.close());

  const plainCourse = 'course-v1:Files+Plain+2025';
  const gzCourse = 'course-v1:Files+Gzip+2025';
  const plain = join(dir, 'tracking.log');
  const gz = join(dir, 'tracking.log.1'); // gzip content without a .gz name: detected by magic bytes

  it('sends a plain and a gzipped file: good lines accepted, garbage rejected', async () => {
    writeLog(plain, trackingLines(plainCourse, 2500));
    writeLog(gz, trackingLines(gzCourse, 2000), true);
    const summary = await backfill({ files: [plain, gz], url: lookout.url, token: TEST_TOKEN, dataDir: dir, batchLines: 1000, ...quiet });
    assert.equal(summary.lines, 4504);
    assert.equal(summary.accepted, 4500);
    assert.equal(summary.duplicates, 0);
    assert.equal(summary.rejected, 4);
    assert.equal(summary.interrupted, false);
    assert.equal(summary.fatal, undefined);
    assert.deepEqual(summary.fileErrors, []);
    // Rejected lines are located in their file.
    const first = summary.rejectedLines[0]!;
    assert.equal(first.file, plain);
    assert.equal(readFileSync(plain, 'utf8').split('\n')[first.line - 1]!.replace(/\r$/, ''), GARBAGE[0]);
    assert.equal(await countEvents(lookout.lake, plainCourse), 2500);
    assert.equal(await countEvents(lookout.lake, gzCourse), 2000);
    // The checkpoints say "done", at the end of the content.
    const cpPlain = checkpointOf(plain);
    assert.deepEqual([cpPlain.offset, cpPlain.complete, cpPlain.gzip, cpPlain.lines], [statSync(plain).size, true, false, 2502]);
    const cpGz = checkpointOf(gz);
    assert.equal(cpGz.gzip, true);
    assert.equal(cpGz.complete, true);
  });

  it('a re-run resumes at the end (nothing sent); --from-start resends everything as duplicates', async () => {
    const resumed = await backfill({ files: [plain, gz], url: lookout.url, token: TEST_TOKEN, dataDir: dir, ...quiet });
    assert.equal(resumed.lines, 0);
    assert.equal(resumed.batches, 0);

    const again = await backfill({ files: [plain, gz], url: lookout.url, token: TEST_TOKEN, dataDir: dir, fromStart: true, ...quiet });
    assert.equal(again.lines, 4504);
    assert.equal(again.accepted, 0);
    assert.equal(again.duplicates, 4500);
    assert.equal(again.rejected, 4);
    assert.equal(await countEvents(lookout.lake, plainCourse), 2500);
    assert.equal(await countEvents(lookout.lake, gzCourse), 2000);
  });

  it('resumes after an interruption without losing or doubling a line', async () => {
    const course = 'course-v1:Files+Resume+2025';
    const path = join(dir, 'resume.log.gz');
    const good = trackingLines(course, 2000);
    writeFileSync(path, gzipSync(good.join('\n') + '\n'));
    const first = await backfill({ files: [path], url: lookout.url, token: TEST_TOKEN, dataDir: dir, batchLines: 100, stopAfterBatches: 5, ...quiet });
    assert.equal(first.interrupted, true);
    assert.equal(first.accepted, 500);
    const cp = checkpointOf(path);
    assert.equal(cp.lines, 500);
    assert.equal(cp.offset, Buffer.byteLength(good.slice(0, 500).join('\n') + '\n'));
    assert.equal(cp.complete, false);
    assert.equal(await countEvents(lookout.lake, course), 500);

    // Stop through the signal, as SIGINT does.
    const controller = new AbortController();
    let batches = 0;
    const second = await backfill({
      files: [path], url: lookout.url, token: TEST_TOKEN, dataDir: dir, batchLines: 100, signal: controller.signal, ...quiet,
      onBatch: () => {
        if (++batches === 3) controller.abort();
      },
    });
    assert.equal(second.interrupted, true);
    assert.equal(second.accepted, 300);
    assert.equal(second.duplicates, 0);
    const cp2 = checkpointOf(path);
    assert.ok(cp2.offset > cp.offset, 'checkpoint advanced');
    assert.equal(await countEvents(lookout.lake, course), cp2.lines);

    const last = await backfill({ files: [path], url: lookout.url, token: TEST_TOKEN, dataDir: dir, batchLines: 100, ...quiet });
    assert.equal(last.interrupted, false);
    assert.equal(last.duplicates, 0, 'nothing acknowledged is sent twice');
    assert.equal(first.accepted + second.accepted + last.accepted, 2000);
    assert.equal(await countEvents(lookout.lake, course), 2000);
    assert.equal(checkpointOf(path).complete, true);
  });

  it('retries a 503 (honouring Retry-After) and advances the checkpoint only after the 200', async () => {
    const course = 'course-v1:Files+Retry+2025';
    const path = join(dir, 'retry.log');
    writeFileSync(path, trackingLines(course, 30).join('\n') + '\n');
    const cpFile = join(dir, 'retry-checkpoint.json');
    const seen: { status: number; encoding?: string; checkpoint?: number }[] = [];
    const proxy: Server = createServer((req, res) => {
      const checkpoint = existsSync(cpFile) ? JSON.parse(readFileSync(cpFile, 'utf8')).files[path].offset : undefined;
      if (seen.filter((s) => s.status === 503).length < 2) {
        seen.push({ status: 503, checkpoint });
        req.resume();
        res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"error":"lake busy"}');
        return;
      }
      seen.push({ status: 200, encoding: req.headers['content-encoding'], checkpoint });
      const target = new URL(lookout.url);
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    const retries: number[] = [];
    try {
      const summary = await backfill({
        files: [path], url: `http://127.0.0.1:${port}`, token: TEST_TOKEN, checkpoint: cpFile, batchLines: 10,
        sender: { onRetry: (i) => retries.push(i.delayMs) }, ...quiet,
      });
      assert.equal(summary.accepted, 30);
      assert.equal(summary.retries, 2);
      assert.deepEqual(retries, [0, 0]);
      // Both refused attempts happened before any checkpoint; each 200 moved it one batch further.
      assert.deepEqual(seen.map((s) => s.status), [503, 503, 200, 200, 200]);
      assert.deepEqual(seen.slice(0, 3).map((s) => s.checkpoint), [undefined, undefined, undefined]);
      assert.ok(seen[3]!.checkpoint! > 0 && seen[4]!.checkpoint! > seen[3]!.checkpoint!);
      assert.equal(seen[2]!.encoding, 'gzip');
      const store = await new CheckpointStore(cpFile).load();
      assert.equal(store.get(path)!.offset, statSync(path).size);
      assert.equal(await countEvents(lookout.lake, course), 30);
    } finally {
      proxy.close();
    }
  });

  it('stops with a clear message on a wrong token, checkpoint untouched', async () => {
    const path = join(dir, 'token.log');
    writeFileSync(path, trackingLines('course-v1:Files+Token+2025', 5).join('\n'));
    const cpFile = join(dir, 'token-checkpoint.json');
    const summary = await backfill({ files: [path], url: lookout.url, token: 'wrong-token-0123456789', checkpoint: cpFile, ...quiet });
    assert.match(summary.fatal ?? '', /401.*--token/);
    assert.equal(summary.accepted, 0);
    assert.equal(existsSync(cpFile), false);
  });

  it('CLI: SIGINT finishes the batch in flight, saves the checkpoint, exits 130; a re-run completes exactly', async () => {
    const course = 'course-v1:Files+Cli+2025';
    const path = join(dir, 'cli.log');
    writeFileSync(path, trackingLines(course, 3000).join('\n') + '\n');
    const cpFile = join(dir, 'cli-checkpoint.json');
    const args = ['bin/lookout.js', 'ingest', 'backfill', path, '--url', lookout.url, '--checkpoint', cpFile, '--batch-lines', '25'];
    const env = { ...process.env, LOOKOUT_INGEST_TOKEN: TEST_TOKEN };

    const run = (extra: string[] = [], onStart?: (pid: number) => void) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [...args, ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        onStart?.(child.pid!);
      });

    const first = await run([], (pid) => {
      void waitFor(() => existsSync(cpFile), 20_000, 'first checkpoint').then(() => process.kill(pid, 'SIGINT'));
    });
    assert.equal(first.code, 130, first.stderr);
    assert.match(first.stdout, /interrupted \(SIGINT\)/);
    const cp = (await new CheckpointStore(cpFile).load()).get(path)!;
    assert.ok(cp.offset > 0 && cp.offset < statSync(path).size);
    assert.equal(await countEvents(lookout.lake, course), cp.lines);

    const second = await run(['--json']);
    assert.equal(second.code, 0, second.stderr);
    const summary = JSON.parse(second.stdout);
    assert.equal(summary.duplicates, 0);
    assert.equal(summary.accepted, 3000 - cp.lines);
    assert.equal(await countEvents(lookout.lake, course), 3000);
  });
});
