import type { Logger } from 'pino';
import { dailyActivityChance, demoLearners, studySession, type TimedLine } from '../../lib/demo/learners';
import { rng } from '../../lib/demo/random';
import type { DemoState } from './seed';

const DAY = 86_400_000;

export interface SimulatorOptions extends DemoState {
  ingestUrl: string;
  token: string;
  log: Logger;
  /** Study sessions running at once. */
  concurrentSessions?: number;
  intervalMs?: number;
}

/**
 * Live simulated learners: keeps a few dozen study sessions running and posts
 * their events, as they fall due, through the real ingest endpoint.
 */
export function startSimulator(o: SimulatorOptions): { stop(): void } {
  const random = rng(Date.now() % 2 ** 31);
  const learners = demoLearners();
  const target = o.concurrentSessions ?? 25;
  let sessions: TimedLine[][] = [];
  let posting = false;

  const tick = async () => {
    if (posting) return;
    const now = Date.now();
    const day = Math.floor((now - o.courseStart.getTime()) / DAY);
    const startsWanted = Math.max(0, target - sessions.length);
    for (let i = 0; i < startsWanted; i++) {
      if (random() > 0.15) continue; // stagger starts
      const learner = learners[Math.floor(random() * learners.length)]!;
      if (random() >= dailyActivityChance(learner, day) * 2) continue;
      sessions.push(studySession(o.course, learner, now, random, o.courseStart.getTime()));
    }
    const due: string[] = [];
    sessions = sessions
      .map((s) => {
        while (s.length > 0 && s[0]!.at <= now) due.push(s.shift()!.line);
        return s;
      })
      .filter((s) => s.length > 0);
    if (due.length === 0) return;
    posting = true;
    try {
      const res = await fetch(o.ingestUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/x-ndjson' },
        body: due.join('\n'),
      });
      if (!res.ok) o.log.warn({ status: res.status, body: await res.text() }, 'demo simulator: ingest refused a batch');
    } catch (err) {
      o.log.warn({ err: (err as Error).message }, 'demo simulator: ingest unreachable');
    } finally {
      posting = false;
    }
  };

  const timer = setInterval(() => void tick(), o.intervalMs ?? 1000);
  return { stop: () => clearInterval(timer) };
}
