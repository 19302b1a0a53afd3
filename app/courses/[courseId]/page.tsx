import { courseDisplayName } from '@/lib/courses';
import { getServices } from '@/lib/services';
import { LiveCourse } from '@/components/LiveCourse';

export const dynamic = 'force-dynamic';

export default async function CoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const courseId = decodeURIComponent((await params).courseId);
  const name = await courseDisplayName(getServices().lake, courseId).catch(() => undefined);
  return (
    <>
      <h1>{name ?? courseId}</h1>
      <p className="subtitle">{courseId}</p>
      <LiveCourse courseId={courseId} />
    </>
  );
}
