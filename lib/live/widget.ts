import type { Lake } from '../lake/client';
import type { WeekStart } from '../metrics/weekStart';

/** What a widget is computed for: one course, at one instant, and the room's window when it has one. */
export interface WidgetContext {
  lake: Lake;
  /** The course of a course room; '' in an institutional room (`platform`, `org:<org>`). */
  courseId: string;
  /** The org of an `org:<org>` room (as the room names it); absent elsewhere. */
  org?: string;
  now: Date;
  /** The window [from, to) of a windowed room; absent in a plain `course:<id>` room. */
  from?: Date;
  to?: Date;
  /** The viewers' week start of a course room whose key carries one; the course's setting wins over it. */
  weekStart?: WeekStart;
}

/** A live widget: a small module with its SQL, its result type and its test. */
export interface Widget<T> {
  name: string;
  compute(ctx: WidgetContext): Promise<T>;
  /**
   * compute for several courses at one instant (same `now`), in one statement rather than one per
   * course: the engine's live sweep computes every busy course's right-now widgets at once. Returns
   * the values in the order of the contexts.
   */
  computeMany?(ctxs: WidgetContext[]): Promise<T[]>;
  /**
   * A course that keeps changing recomputes this widget at most this often (default: on every
   * tick). For the heavier dashboard widgets: on the embedded engine queries run one at a time,
   * so recomputing them on every tick of every busy course would delay ingest and the fast
   * live widgets behind them.
   */
  minIntervalMs?: number;
  /**
   * A live widget (no minIntervalMs) of a room that keeps changing recomputed at most this often
   * rather than on every tick: the institutional rooms' "right now", whose room changes with every
   * course of the platform, while the course rooms follow each tick.
   */
  liveIntervalMs?: number;
  /** The rooms that carry it: course rooms (the default) or institutional rooms (`platform`, `org:<org>`). */
  scope?: 'course' | 'institution';
}
