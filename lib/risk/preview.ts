/**
 * The settings page's preview: how many learners a change of thresholds would flag, before it is
 * saved. Each course in the scope is assessed twice by the live list's own code (assessCourse),
 * with the thresholds that apply now and with those that would apply after the change, resolved
 * by the same course → org → global → default chain (resolveScope with the change pending).
 */
import { orgFromCourseKey } from '../events/courseKey';
import type { Lake } from '../lake/client';
import { listActiveCourses } from '../courses';
import { assessCourse } from './evaluate';
import { checkScope, InvalidThresholdsError, resolveScope, validateThresholds, type ThresholdChanges } from './thresholds';
import type { ThresholdScope } from './types';

/** An org or global preview assesses at most this many of its most recently active courses. */
export const PREVIEW_MAX_COURSES = 20;

export interface ThresholdPreview {
  courses: { courseId: string; flaggedNow: number; flaggedAfter: number; evaluated: number }[];
  flaggedNow: number;
  flaggedAfter: number;
  /** Courses of the scope left out of the preview (beyond PREVIEW_MAX_COURSES). */
  coursesLeftOut: number;
}

export async function previewThresholds(
  lake: Lake,
  change: { scope: ThresholdScope; key: string; values: unknown },
  now = new Date(),
): Promise<ThresholdPreview> {
  const scopeError = checkScope(change.scope, change.key);
  const checked = validateThresholds(change.values);
  if (scopeError || !checked.ok) throw new InvalidThresholdsError([...(scopeError ? [scopeError] : []), ...(checked.ok ? [] : checked.errors)]);
  const values: ThresholdChanges = checked.value;
  const { scope, key } = change;

  let courseIds: string[];
  if (scope === 'course') courseIds = [key];
  else {
    const active = (await listActiveCourses(lake, now)).map((c) => c.courseId);
    courseIds = scope === 'org' ? active.filter((c) => orgFromCourseKey(c).toLowerCase() === key.toLowerCase()) : active;
  }
  const assessed = courseIds.slice(0, PREVIEW_MAX_COURSES);
  const courses = [];
  for (const courseId of assessed) {
    const [before, after] = await Promise.all([resolveScope(lake, 'course', courseId), resolveScope(lake, 'course', courseId, { scope, key, values })]);
    const a = await assessCourse(lake, { courseId, at: now, thresholds: before.thresholds });
    const b = await assessCourse(lake, { courseId, at: now, thresholds: after.thresholds });
    courses.push({ courseId, flaggedNow: a.learners.length, flaggedAfter: b.learners.length, evaluated: a.evaluated });
  }
  return {
    courses,
    flaggedNow: courses.reduce((n, c) => n + c.flaggedNow, 0),
    flaggedAfter: courses.reduce((n, c) => n + c.flaggedAfter, 0),
    coursesLeftOut: courseIds.length - assessed.length,
  };
}
