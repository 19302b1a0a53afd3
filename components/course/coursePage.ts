import { notFound } from 'next/navigation';
import { getServices } from '@/lib/services';
import { courseTitle } from '@/lib/metrics/dashboard';

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
