import { courseDisplayName } from '@/lib/courses';
import { getServices } from '@/lib/services';
import { LiveCourse } from '@/components/LiveCourse';
import { AccessDenied } from '@/components/AccessDenied';
import { pageAccess } from '@/lib/auth/page';

export const dynamic = 'force-dynamic';

export default async function CoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const courseId = decodeURIComponent((await params).courseId);
  const access = await pageAccess('course:view', { courseId }, `/courses/${encodeURIComponent(courseId)}`);
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const name = await courseDisplayName(getServices().lake, courseId).catch(() => undefined);
  return (
    <>
      <h1>{name ?? courseId}</h1>
      <p className="subtitle">{courseId}</p>
      <LiveCourse courseId={courseId} />
    </>
  );
}
