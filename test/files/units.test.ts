/** Line splitting, gzip detection, checkpoints, retry parsing and progress: no server. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LineSplitter, fileLines, isGzipFile, type Line } from '../../server/ingest/files/lineReader';
import {
  CheckpointStore,
  defaultCheckpointPath,
  fileIdentity,
  resumePoint,
  type FileCheckpoint,
} from '../../server/ingest/files/checkpoint';
import { ingestEndpoint, parseRetryAfter } from '../../server/ingest/files/sender';
import { Progress, formatProgress } from '../../server/ingest/files/progress';

const dir = mkdtempSync(join(tmpdir(), 'lookout-files-units-'));

async function allLines(path: string, gzip: boolean, start = 0): Promise<Line[]> {
  const out: Line[] = [];
  for await (const chunk of fileLines(path, { gzip, start }).lines) out.push(...chunk);
  return out;
}

describe('LineSplitter', () => {
  it('splits on \\n, strips \\r\\n, holds a partial line across chunks and reports byte offsets', () => {
    const s = new LineSplitter();
    const out: Line[] = [];
    s.push(Buffer.from('ab\r\ncd'), out);
    assert.deepEqual(out.map((l) => l.text), ['ab']);
    assert.equal(s.pendingBytes, 2);
    s.push(Buffer.from('e\nfg\n\nh'), out);
    assert.deepEqual(out.map((l) => l.text), ['ab', 'cde', 'fg', '']);
    assert.deepEqual(out.map((l) => [l.start, l.end]), [[0, 4], [4, 8], [8, 11], [11, 12]]);
    assert.equal(s.completeUpTo, 12);
    const last = s.flush();
    assert.deepEqual(last && [last.text, last.start, last.end], ['h', 12, 13]);
    assert.equal(s.flush(), undefined);
  });

  it('keeps a multi-byte character split between chunks intact', () => {
    const bytes = Buffer.from('é→x\n', 'utf8');
    const s = new LineSplitter();
    const out: Line[] = [];
    for (const b of bytes) s.push(Buffer.from([b]), out);
    assert.deepEqual(out.map((l) => l.text), ['é→x']);
    assert.equal(out[0]!.end, bytes.length);
  });

  it('a \\r\\n split between chunks', () => {
    const s = new LineSplitter();
    const out = s.push(Buffer.from('abc\r'));
    s.push(Buffer.from('\nd\n'), out);
    assert.deepEqual(out.map((l) => l.text), ['abc', 'd']);
  });

  it('cuts a runaway line at maxLineBytes and keeps counting its bytes', () => {
    const s = new LineSplitter(0, 8);
    const out = s.push(Buffer.from('0123456789'));
    s.push(Buffer.from('abcdef\nok\n'), out);
    assert.deepEqual(out.map((l) => [l.text, l.truncated, l.end]), [['01234567', true, 17], ['ok', false, 20]]);
  });
});

describe('file reading', () => {
  const text = 'one\r\ntwo\n\nthree\nlast without newline';
  const plain = join(dir, 'plain.log');
  const gz = join(dir, 'looks-plain.log'); // gzip content, misleading name
  const gzNamed = join(dir, 'not-gzip.log.gz'); // plain content, misleading name
  writeFileSync(plain, text);
  writeFileSync(gz, gzipSync(text));
  writeFileSync(gzNamed, text);

  it('detects gzip by magic bytes, not by name', async () => {
    assert.equal(await isGzipFile(plain), false);
    assert.equal(await isGzipFile(gz), true);
    assert.equal(await isGzipFile(gzNamed), false);
  });

  it('reads plain and gzip alike, with the last line at EOF, and resumes from an offset', async () => {
    for (const [path, gzip] of [[plain, false], [gz, true]] as const) {
      const lines = await allLines(path, gzip);
      assert.deepEqual(lines.map((l) => l.text), ['one', 'two', '', 'three', 'last without newline']);
      assert.equal(lines.at(-1)!.end, Buffer.byteLength(text));
      const from = lines[2]!.end; // after the blank line
      const rest = await allLines(path, gzip, from);
      assert.deepEqual(rest.map((l) => l.text), ['three', 'last without newline']);
      assert.equal(rest[0]!.start, from);
    }
  });

  it('reads a file larger than a chunk without splitting lines wrongly', async () => {
    const big = join(dir, 'big.log');
    const lines = Array.from({ length: 40_000 }, (_, i) => `{"n":${i},"pad":"${'x'.repeat(i % 97)}"}`);
    writeFileSync(big, lines.join('\n') + '\n');
    const got = await allLines(big, false);
    assert.equal(got.length, lines.length);
    assert.equal(got[12_345]!.text, lines[12_345]);
    assert.equal(got.at(-1)!.end, statSync(big).size);
  });
});

describe('checkpoints', () => {
  it('puts the default checkpoint under the data dir, named by the sha256 of the absolute path', () => {
    const p = defaultCheckpointPath('some/tracking.log', '/srv/lookout-data');
    assert.match(p, /^\/srv\/lookout-data\/checkpoints\/[0-9a-f]{64}\.json$/);
  });

  it('writes atomically and reads back', async () => {
    const file = join(dir, 'cp', 'a.json');
    const store = await new CheckpointStore(file).load();
    assert.equal(store.get('/x/tracking.log'), undefined);
    await store.save({ path: '/x/tracking.log', inode: 1, size: 10, gzip: false, firstLineHash: 'h', offset: 5, lines: 1, complete: false });
    await store.save({ path: '/x/tracking.log', inode: 1, size: 20, gzip: false, firstLineHash: 'h', offset: 15, lines: 2, complete: false });
    assert.deepEqual(readdirSync(join(dir, 'cp')), ['a.json']); // no temp file left behind
    const again = await new CheckpointStore(file).load();
    assert.equal(again.get('/x/tracking.log')!.offset, 15);
    writeFileSync(join(dir, 'cp', 'bad.json'), '{"version":1,');
    await assert.rejects(new CheckpointStore(join(dir, 'cp', 'bad.json')).load(), /not valid JSON.*--from-start/);
  });

  it('resumes only the same file: inode, first line and size decide', async () => {
    const path = join(dir, 'id.log');
    writeFileSync(path, 'first\nsecond\n');
    const id = await fileIdentity(path);
    const cp: FileCheckpoint = { ...id, path, offset: 6, lines: 1, complete: false, updatedAt: '' };
    assert.deepEqual(resumePoint(cp, id), { offset: 6, lines: 1, complete: false });
    assert.match(resumePoint(cp, { ...id, inode: id.inode + 1 }).restartReason!, /inode/);
    assert.match(resumePoint(cp, { ...id, firstLineHash: 'other' }).restartReason!, /first line/);
    assert.match(resumePoint(cp, { ...id, size: 3 }).restartReason!, /truncated/);
    assert.equal(resumePoint({ ...cp, offset: id.size, complete: true }, id).complete, true);
    // A plain file that grew since it was completed is resumed, not skipped.
    assert.equal(resumePoint({ ...cp, complete: true }, { ...id, size: id.size + 10 }).complete, false);
  });
});

describe('sender helpers', () => {
  it('parses Retry-After as seconds or a date', () => {
    assert.equal(parseRetryAfter('0'), 0);
    assert.equal(parseRetryAfter('5'), 5000);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now), 10_000);
  });

  it('builds the ingest endpoint from a base URL', () => {
    assert.equal(ingestEndpoint('http://localhost:3000'), 'http://localhost:3000/api/ingest/tracking');
    assert.equal(ingestEndpoint('http://h:1/lookout/'), 'http://h:1/lookout/api/ingest/tracking');
    assert.equal(ingestEndpoint('http://h:1/api/ingest/tracking'), 'http://h:1/api/ingest/tracking');
  });
});

describe('progress', () => {
  it('formats percent, lines, rate and ETA from bytes', () => {
    const text = formatProgress({ total: 1000, bytes: 500, startBytes: 0, lines: 2000, elapsedMs: 2000, bar: true });
    assert.match(text, /^\[█{12}░{12}\] +50\.0%  2,000 lines  1,000 lines\/s  ETA 2s$/);
    assert.match(formatProgress({ total: undefined, bytes: 2048, startBytes: 0, lines: 3, elapsedMs: 0, bar: false }), /3 lines .*read 2\.0 KB/);
  });

  it('redraws one line with \\r on a TTY and writes plain lines elsewhere', () => {
    const tty: string[] = [];
    const p = new Progress(100, { stream: { write: (s: string) => tty.push(s), isTTY: true, columns: 200 }, ttyIntervalMs: 0 });
    p.update({ bytes: 10, lines: 1 });
    p.update({ bytes: 20, lines: 2 });
    p.log('note');
    p.done();
    assert.ok(tty.every((s) => s.startsWith('\r') || s === 'note\n' || s === '\n'));
    assert.ok(tty.includes('note\n'));
    const plain: string[] = [];
    const q = new Progress(100, { stream: { write: (s: string) => plain.push(s) }, plainIntervalMs: 0, label: 'backfill' });
    q.update({ bytes: 10, lines: 1 });
    q.done();
    assert.ok(plain.every((s) => s.startsWith('backfill: ') && s.endsWith('\n') && !s.includes('\r')));
  });
});
