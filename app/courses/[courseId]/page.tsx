import { getServices } from '@/lib/services';
import { AccessDenied } from '@/components/AccessDenied';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { courseTitle } from '@/lib/metrics/dashboard';
import { CourseDashboard } from '@/components/dashboard/CourseDashboard';
import { windowFromQuery } from '@/components/dashboard/dashboardWindow';
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
  const { window, problem } = windowFromQuery(await searchParams, new Date());
  // The events' course name, else the LMS's; the dashboard itself says when the lake cannot answer.
  const name = (await courseTitle(getServices().lake, courseId).catch(() => undefined))?.displayName;
  return (
    <>
      <h1>{name ?? courseId}</h1>
      <p className="subtitle">
        {courseId} · <Link href={`/courses/${encodeURIComponent(courseId)}/at-risk`}>all at-risk learners</Link>
      </p>
      <CourseDashboard courseId={courseId} initialWindow={window} windowNotice={problem} atRiskLimit={10} learnerLinks />
    </>
  );
}
