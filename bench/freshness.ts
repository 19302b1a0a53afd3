/**
 * Freshness: how long from POSTing events to the `update` reaching subscribed sockets.
 *
 *   npm run bench:freshness -- --rate 1000 --sockets 100 --courses 10 --seconds 30 [--platform 1]
 *
 * --platform 1 measures in one run, one phase after another on the same server: without, with an
 * admin watching /platform (the room `platform` with the page's window, the current week, and
 * that page's "right now" and window widgets recomputed as events arrive), and without again; each
 * phase prints its server CPU per event, then the ratio with / without (issue 21: ≤ 1.10).
 *
 * Starts `lookout start --no-web` on a fresh chDB lake in its own process, subscribes
 * the sockets (spread over the courses), posts learner events at a steady rate in
 * batches every 100 ms, and, for each POST and each socket watching its course,
 * measures when an update first shows that POST's events (the course's event total
 * in the last hour reaches the running total posted).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { videoEvent } from '../lib/demo/tracking';
import { PLATFORM_ROOM, type Snapshot, type Update } from '../lib/live/protocol';
import { defaultDashboardWindow } from '../lib/metrics/window';
import type { EventsPerMinute } from '../lib/live/widgets/eventsPerMinute';
import { childAdminToken, startChildLookout } from '../test/support/childServer';
import { numericArgs, summarize } from './stats';

const opts = numericArgs({ rate: 1000, sockets: 100, courses: 10, seconds: 30, batchMs: 100, platform: 0 });
const token = 'bench-freshness-token-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'lookout-bench-freshness-'));
const apiToken = childAdminToken(dataDir); // sockets subscribe as an admin (access control, DESIGN §8)
const server = await startChildLookout({ LOOKOUT_DATA_DIR: dataDir, LOOKOUT_INGEST_TOKEN: token });
const courses = Array.from({ length: opts.courses }, (_, i) => `course-v1:Bench+Fresh${i}+2026`);

interface Post {
  sentAt: number;
  /** Events posted to this course up to and including this POST. */
  cumulative: number;
  /** Sockets that have seen it. */
  seen: number;
}
const posts = new Map<string, Post[]>(courses.map((c) => [c, []]));
const latencies: number[] = [];
const ackLatencies: number[] = [];

function totalOf(widgets: Record<string, unknown>): number | undefined {
  const epm = widgets.eventsPerMinute as EventsPerMinute | undefined;
  return epm?.minutes.reduce((s, m) => s + m.events, 0);
}

const sockets: Socket[] = [];
await Promise.all(
  Array.from({ length: opts.sockets }, async (_, i) => {
    const course = courses[i % courses.length]!;
    const socket = io(server.url, { transports: ['websocket'], reconnection: false, auth: { token: apiToken } });
    sockets.push(socket);
    let seenUpTo = 0;
    const onTotal = (total: number | undefined) => {
      if (total === undefined) return;
      const now = performance.now();
      for (const p of posts.get(course)!) {
        if (p.cumulative > total) break;
        if (p.cumulative > seenUpTo) {
          latencies.push(now - p.sentAt);
          p.seen++;
        }
      }
      seenUpTo = Math.max(seenUpTo, total);
    };
    socket.on('update', (u: Update) => onTotal(totalOf(u.widgets)));
    await new Promise<void>((resolve) => {
      socket.once('snapshot', (s: Snapshot) => {
        onTotal(totalOf(s.widgets));
        resolve();
      });
      socket.emit('subscribe', { room: `course:${course}` });
    });
  }),
);

const perBatch = Math.round((opts.rate * opts.batchMs) / 1000);
let batch = 0;
let user = 0;
const cumulative = new Map(courses.map((c) => [c, 0]));
const ms = (v: number) => `${v.toFixed(0)} ms`;

/** Posts for opts.seconds at opts.rate, then prints the phase's figures; returns its server CPU per event (ms). */
async function phase(label: string): Promise<number> {
  latencies.length = 0;
  ackLatencies.length = 0;
  const postsBefore = [...posts.values()].reduce((a, l) => a + l.length, 0);
  const eventsBefore = [...cumulative.values()].reduce((a, b) => a + b, 0);
  const cpuBefore = server.cpuSeconds();
  console.log(`\n[${label}] server ${server.url}; ${opts.sockets} sockets on ${opts.courses} courses; posting ${opts.rate} events/s for ${opts.seconds} s`);
  const started = performance.now();
  const first = batch;
  const inflight: Promise<void>[] = [];
  while (performance.now() - started < opts.seconds * 1000) {
    const course = courses[batch % courses.length]!;
    const now = new Date();
    const lines = Array.from({ length: perBatch }, (_, i) =>
      videoEvent({
        actor: { userId: 1 + (user++ % 5000), username: 'bench', session: 's' },
        courseId: course,
        time: now,
        micros: i,
        action: 'play_video',
        videoId: 'v',
        position: batch,
        duration: 600,
      }),
    );
    const total = cumulative.get(course)! + lines.length;
    cumulative.set(course, total);
    const post: Post = { sentAt: performance.now(), cumulative: total, seen: 0 };
    posts.get(course)!.push(post);
    inflight.push(
      fetch(`${server.url}/api/ingest/tracking`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: lines.join('\n') })
        .then(async (res) => {
          const body = (await res.json()) as { accepted: number };
          if (res.status !== 200 || body.accepted !== lines.length) throw new Error(`ingest answered ${res.status} ${JSON.stringify(body)}`);
          ackLatencies.push(performance.now() - post.sentAt);
        }),
    );
    batch++;
    const next = started + (batch - first) * opts.batchMs;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await Promise.all(inflight);
  await new Promise((r) => setTimeout(r, 2000)); // let the last updates arrive

  const events = [...cumulative.values()].reduce((a, b) => a + b, 0) - eventsBefore;
  const expected = ([...posts.values()].reduce((s, list) => s + list.length, 0) - postsBefore) * (opts.sockets / opts.courses);
  const fresh = summarize(latencies);
  const ack = summarize(ackLatencies);
  console.log(`events posted: ${events} in ${batch - first} POSTs`);
  console.log(`POST → ack      p50 ${ms(ack.p50)}  p95 ${ms(ack.p95)}  p99 ${ms(ack.p99)}  max ${ms(ack.max)}`);
  console.log(`POST → update   p50 ${ms(fresh.p50)}  p95 ${ms(fresh.p95)}  p99 ${ms(fresh.p99)}  max ${ms(fresh.max)}  (${fresh.n} of ${expected} post×socket observations)`);
  const cpu = server.cpuSeconds() - cpuBefore;
  const perEvent = (cpu * 1000) / events;
  console.log(`server peak RSS ${server.peakRssMiB()} MiB; server CPU ${cpu.toFixed(1)} s while posting (${perEvent.toFixed(2)} ms per event)`);
  console.log(`target p99 ≤ 1000 ms: ${fresh.p99 <= 1000 ? 'met' : 'NOT met'}`);
  return perEvent;
}

/** An admin's /platform page: the room `platform` with the page's default window (the current week). */
async function watchPlatform(): Promise<{ socket: Socket; updates: () => number }> {
  const socket = io(server.url, { transports: ['websocket'], reconnection: false, auth: { token: apiToken } });
  let updates = 0;
  socket.on('update', () => updates++);
  const week = defaultDashboardWindow(new Date());
  const day = (d: Date) => d.toISOString().slice(0, 10);
  await new Promise<void>((resolve, reject) => {
    socket.once('snapshot', () => resolve());
    socket.once('subscribe_error', (e: { error: string }) => reject(new Error(e.error)));
    socket.emit('subscribe', { room: PLATFORM_ROOM, from: day(week.from), to: day(week.to) });
  });
  return { socket, updates: () => updates };
}

if (opts.platform) {
  const without = await phase('without /platform');
  const watcher = await watchPlatform();
  const withPlatform = await phase('an admin watching /platform');
  console.log(`/platform updates received: ${watcher.updates()}`);
  watcher.socket.close();
  const againWithout = await phase('without /platform, again');
  const base = (without + againWithout) / 2;
  console.log(
    `\nserver CPU per event: without ${without.toFixed(3)} / ${againWithout.toFixed(3)} ms (mean ${base.toFixed(3)}), with /platform watched ${withPlatform.toFixed(3)} ms: ` +
      `×${(withPlatform / base).toFixed(3)} (target ≤ ×1.10: ${withPlatform / base <= 1.1 ? 'met' : 'NOT met'})`,
  );
} else {
  await phase('freshness');
}
for (const s of sockets) s.close();
await server.stop();
