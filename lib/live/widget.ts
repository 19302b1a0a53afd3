import type { Lake } from '../lake/client';

/** What a widget is computed for: one course, at one instant. */
export interface WidgetContext {
  lake: Lake;
  courseId: string;
  now: Date;
}

/** A live widget: a small module with its SQL, its result type and its test. */
export interface Widget<T> {
  name: string;
  compute(ctx: WidgetContext): Promise<T>;
}
