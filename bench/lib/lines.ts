import { problemCheck, sequenceTabSelected, videoEvent, type Actor } from '../../lib/demo/tracking';

/**
 * Real-shaped tracking-log lines of about 1 KB (browser video and navigation events,
 * server problem checks), in time order, spread over `courses` and `learners`.
 */
export function* benchLines(count: number, opts: { courses?: number; learners?: number; start?: number } = {}): Generator<string> {
  const courses = opts.courses ?? 20;
  const learners = opts.learners ?? 20_000;
  const start = opts.start ?? Date.UTC(2026, 9, 1);
  const pad = 'x'.repeat(24);
  for (let i = 0; i < count; i++) {
    const u = (i * 7919) % learners;
    const actor: Actor = { userId: 10_000 + u, username: `learner_${u}_${pad}`, session: `a1b2c3d4e5f60718293a4b5c6d${String(u).padStart(6, '0')}` };
    const courseId = `course-v1:BenchX+Course${i % courses}+2026`;
    const key = courseId.slice('course-v1:'.length);
    const time = new Date(start + i * 11);
    switch (i % 4) {
      case 0:
      case 1:
        yield videoEvent({ actor, courseId, time, micros: i, action: i % 4 ? 'pause_video' : 'play_video', videoId: '0b9e39477cf34507a7a48f74be381fdd', position: i % 600, duration: 600 });
        break;
      case 2:
        yield problemCheck({ actor, courseId, time, micros: i, problem: `block-v1:${key}+type@problem+block@${(i % 97).toString(16).padStart(32, '0')}`, problemName: 'Knowledge check', attempts: 1 + (i % 3), correct: i % 5 !== 0 });
        break;
      default:
        yield sequenceTabSelected({ actor, courseId, time, micros: i, sequential: `block-v1:${key}+type@sequential+block@${(i % 13).toString(16).padStart(32, '0')}`, tab: 1 + (i % 5), tabCount: 6 });
    }
  }
}
