import type { Lake } from '../../lake/client';
import type { WidgetContext } from '../widget';

/** What a computeMany reads from its contexts: one lake, one instant, their courses (in order). */
export function sameInstant(ctxs: WidgetContext[]): { lake: Lake; now: Date; courseIds: string[] } {
  const first = ctxs[0];
  if (!first) throw new Error('computeMany needs at least one context');
  if (ctxs.some((c) => c.now.getTime() !== first.now.getTime())) throw new Error('computeMany: contexts must share one instant');
  return { lake: first.lake, now: first.now, courseIds: ctxs.map((c) => c.courseId) };
}
