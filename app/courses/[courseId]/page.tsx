import { courseDisplayName } from '@/lib/courses';
import { getServices } from '@/lib/services';
import { CourseDashboard } from '@/components/dashboard/CourseDashboard';
import { windowFromQuery } from '@/components/dashboard/dashboardWindow';

export const dynamic = 'force-dynamic';

export default async function CoursePage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
}) {
  const courseId = decodeURIComponent((await params).courseId);
  const { window, problem } = windowFromQuery(await searchParams, new Date());
  const name = await courseDisplayName(getServices().lake, courseId).catch(() => undefined);
  return (
    <>
      <h1>{name ?? courseId}</h1>
      <p className="subtitle">{courseId}</p>
      <CourseDashboard courseId={courseId} initialWindow={window} windowNotice={problem} />
    </>
  );
}
