import type { Lake } from '../lake/client';

/** What a widget is computed for: one course, at one instant, and the room's window when it has one. */
export interface WidgetContext {
  lake: Lake;
  courseId: string;
  now: Date;
  /** The window [from, to) of a windowed room; absent in a plain `course:<id>` room. */
  from?: Date;
  to?: Date;
}

/** A live widget: a small module with its SQL, its result type and its test. */
export interface Widget<T> {
  name: string;
  compute(ctx: WidgetContext): Promise<T>;
}
