import { getServices } from '@/lib/services';
import { AccessDenied } from '@/components/AccessDenied';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { CourseDashboard } from '@/components/dashboard/CourseDashboard';
import { windowFromQuery } from '@/components/dashboard/dashboardWindow';
import { knownCourse, courseWeekStartForViewer } from '@/components/course/coursePage';
import { firstViewSnapshot } from '@/lib/live/firstView';
import { formatMessage } from '@/lib/i18n';
import { messages } from '@/components/course/coursePage.messages';
import Link from 'next/link';

export const dynamic = 'force-dynamic';

export default async function CoursePage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
}) {
  const courseId = decodeURIComponent((await params).courseId);
  const access = await pageAccess(SITE_PAGES.course.action, { courseId }, SITE_PAGES.course.href(courseId));
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  // The events' course name, else the LMS's; the dashboard itself says when the lake cannot answer.
  const [{ displayName }, weekStart] = await Promise.all([knownCourse(courseId), courseWeekStartForViewer(courseId)]);
  const { window, problem } = windowFromQuery(await searchParams, new Date(), weekStart);
  const initialSnapshot = await firstViewSnapshot(getServices().live, courseId, window, getServices().config.firstViewMs, weekStart);
  return (
    <>
      <h1>{displayName}</h1>
      <p className="subtitle">
        {courseId} · <Link href={`/courses/${encodeURIComponent(courseId)}/at-risk`}>{formatMessage(messages.allAtRisk)}</Link>
      </p>
      <CourseDashboard courseId={courseId} initialWindow={window} windowNotice={problem} atRiskLimit={10} learnerLinks initialSnapshot={initialSnapshot} weekStart={weekStart} />
    </>
  );
}
