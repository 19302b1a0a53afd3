import type { Services } from '../services';
import { courseRoom, roomKey, type Snapshot } from './protocol';
import type { WeekStart } from '../metrics/weekStart';

/**
 * The snapshot a course page renders on the server: the live engine's snapshot of the very room
 * and window the page's socket subscribes to next (one function computes both; the subscription
 * adopts the room computed here), as the socket would send it (JSON: instants as ISO strings).
 * The room key carries the viewer's week start as the subscription will (lib/live/protocol roomKey).
 * Undefined when it cannot be had in time: the page then waits for the socket as before.
 */
export async function firstViewSnapshot(
  live: Services['live'],
  courseId: string,
  window: { from: string; to: string },
  timeoutMs: number,
  weekStart?: WeekStart,
): Promise<Snapshot | undefined> {
  // LOOKOUT_FIRST_VIEW_MS: past it, the page is sent without figures and the socket fills them in.
  if (timeoutMs <= 0) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    const snapshot = await Promise.race([live.snapshot(roomKey(courseRoom(courseId), window.from, window.to, weekStart)), late]);
    return snapshot && { ...(JSON.parse(JSON.stringify(snapshot)) as Snapshot), from: window.from, to: window.to };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
