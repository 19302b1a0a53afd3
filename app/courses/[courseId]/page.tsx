import { getServices } from '@/lib/services';
import { courseTitle } from '@/lib/metrics/dashboard';
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
  // The events' course name, else the LMS's; the dashboard itself says when the lake cannot answer.
  const name = (await courseTitle(getServices().lake, courseId).catch(() => undefined))?.displayName;
  return (
    <>
      <h1>{name ?? courseId}</h1>
      <p className="subtitle">{courseId}</p>
      <CourseDashboard courseId={courseId} initialWindow={window} windowNotice={problem} />
    </>
  );
}
