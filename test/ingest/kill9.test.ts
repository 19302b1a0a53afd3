import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLake } from '../../lib/lake/client';
import { parseTrackingLine } from '../../lib/events/parse';
import { videoEvent } from '../../lib/demo/tracking';
import { TEST_TOKEN } from '../helpers';
import { startChildLookout } from '../support/childServer';

describe('kill -9 during a steady stream', { timeout: 120_000 }, () => {
  it('loses nothing that was acknowledged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lookout-kill9-'));
    const server = await startChildLookout({ LOOKOUT_DATA_DIR: dataDir, LOOKOUT_INGEST_TOKEN: TEST_TOKEN });
    const { child, url } = server;
    const courseId = 'course-v1:Test+Kill9+1';
    const acked: string[] = [];
    let sent = 0;
    let stop = false;

    const sender = async (worker: number) => {
      for (let batch = 0; !stop; batch++) {
        const lines = Array.from({ length: 200 }, (_, i) =>
          videoEvent({
            actor: { userId: 1 + ((worker * 7 + i) % 500), username: 'u', session: 's' },
            courseId,
            time: new Date(Date.UTC(2026, 10, 1) + worker * 1e9 + batch * 1000 + i),
            action: 'play_video',
            videoId: 'v',
            position: i,
            duration: 300,
          }),
        );
        sent += lines.length;
        try {
          const res = await fetch(`${url}/api/ingest/tracking`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TEST_TOKEN}` },
            body: lines.join('\n'),
          });
          if (res.status !== 200) continue;
          const body = (await res.json()) as { accepted: number };
          assert.equal(body.accepted, lines.length);
          for (const l of lines) {
            const parsed = parseTrackingLine(l);
            if (parsed.ok) acked.push(parsed.event.event_id);
          }
        } catch {
          return; // the server is gone: this batch was not acknowledged
        }
      }
    };

    const senders = [0, 1, 2, 3].map(sender);
    while (acked.length < 4000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    stop = true;
    await Promise.all(senders);
    assert.ok(sent > acked.length, 'the kill should interrupt some unacknowledged batches');

    const lake = await openLake({ dataDir, database: 'lookout' });
    const result = await lake.client.query({
      query: `SELECT countIf(event_id IN {ids:Array(String)}) AS found, count() AS total FROM events WHERE course_id = {courseId:String}`,
      query_params: { ids: acked, courseId },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ found: string; total: string }>();
    assert.equal(Number(row!.found), acked.length, 'every acknowledged event is in the lake');
    assert.ok(Number(row!.total) >= acked.length);
  });
});
