/** Realistic, distinct tracking-log lines for the file-ingest tests. */
import type { Lake } from '../../lib/lake/client';
import { problemCheck, sequenceTabSelected, videoEvent, type Actor } from '../../lib/demo/tracking';

const actor = (id: number): Actor => ({ userId: id, username: `learner${id}`, session: `sess${id}` });

/** `n` distinct good lines for a course, one second apart from `from`. */
export function trackingLines(courseId: string, n: number, from = new Date('2025-03-03T08:00:00Z'), seed = 0): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const time = new Date(from.getTime() + i * 1000);
    const who = actor(1 + ((i + seed) % 37));
    const micros = (i * 7 + seed) % 1000;
    const kind = i % 3;
    if (kind === 0) {
      lines.push(videoEvent({ actor: who, courseId, time, micros, action: 'play_video', videoId: `v${i % 5}`, position: i % 300, duration: 300 }));
    } else if (kind === 1) {
      lines.push(
        problemCheck({ actor: who, courseId, time, micros, problem: `block-v1:X+Y+Z+type@problem+block@p${i % 9}`, problemName: `P${i % 9}`, attempts: 1 + (i % 3), correct: i % 2 === 0 }),
      );
    } else {
      lines.push(sequenceTabSelected({ actor: who, courseId, time, micros, sequential: `seq${i % 4}`, tab: 1 + (i % 6), tabCount: 6 }));
    }
  }
  return lines;
}

export const GARBAGE = ['this is not json at all', '{"truncated": ', '[1,2,3]'];

export async function countEvents(lake: Lake, courseId: string): Promise<number> {
  const r = await lake.client.query({
    query: 'SELECT count() AS n FROM events WHERE course_id = {c:String}',
    query_params: { c: courseId },
    format: 'JSONEachRow',
  });
  const rows = await r.json<{ n: string | number }>();
  return Number(rows[0]?.n ?? 0);
}
