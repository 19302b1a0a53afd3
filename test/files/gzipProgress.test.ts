import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { fileLines } from '../../server/ingest/files/lineReader';

describe('progress through a .gz file', () => {
  it('follows the compressed bytes the lines came from, not those read ahead', async () => {
    // ~16 MiB of tracking-like lines compressing about 3:1.
    const lines = Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ name: 'play_video', i, session: randomBytes(48).toString('hex'), pad: 'x'.repeat(200) }));
    const file = join(mkdtempSync(join(tmpdir(), 'lookout-gz-')), 'tracking.log.gz');
    writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
    const size = statSync(file).size;
    const reader = fileLines(file, { gzip: true });
    let seen = 0;
    const fractions: [lines: number, bytes: number][] = [];
    for await (const chunk of reader.lines) {
      seen += chunk.length;
      fractions.push([seen / lines.length, reader.fileBytesRead() / size]);
    }
    assert.equal(seen, lines.length);
    assert.equal(reader.fileBytesRead(), size);
    // At every step the bytes shown are within 10 points of the lines done (read-ahead was 1 MiB of a ~5 MiB file: 20+ points).
    for (const [l, b] of fractions) assert.ok(Math.abs(b - l) < 0.1, `lines ${(l * 100).toFixed(1)} % but bytes ${(b * 100).toFixed(1)} %`);
  });
});
