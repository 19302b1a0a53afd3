import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getServices } from '@/lib/services';
import { courseTitle } from '@/lib/metrics/dashboard';
import { viewerCourseWeekStart } from '@/lib/metrics/courseWeekStart';
import type { WeekStart } from '@/lib/metrics/weekStart';

/**
 * The course a course page shows, or the "no such course" page (404) when the lake knows nothing
 * of the id: no course row, no LMS overview, no event. A lake that does not answer is not a 404: the
 * page renders, and its dashboard says why it cannot load.
 */
export async function knownCourse(courseId: string): Promise<{ displayName: string }> {
  const title = await courseTitle(getServices().lake, courseId).catch(() => undefined);
  if (title && !title.known) notFound();
  return { displayName: title?.displayName ?? courseId };
}

/**
 * The first day of the weeks this viewer sees on a course page (the course's setting, else their
 * browser's language). Resolved once on the server, so the page's current week, its first view and
 * its socket subscription all use the same weeks (no flicker).
 */
export async function courseWeekStartForViewer(courseId: string): Promise<WeekStart> {
  return viewerCourseWeekStart(getServices().lake, courseId, (await headers()).get('accept-language'));
}
