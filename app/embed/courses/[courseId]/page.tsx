import { getServices } from '@/lib/services';
import { courseTitle } from '@/lib/metrics/dashboard';
import { CourseDashboard } from '@/components/dashboard/CourseDashboard';
import { windowFromQuery } from '@/components/dashboard/dashboardWindow';
import { AccessDenied } from '@/components/AccessDenied';
import { EmbedFrame } from '@/components/EmbedFrame';
import { pageAccess } from '@/lib/auth/page';

export const dynamic = 'force-dynamic';

/**
 * The course dashboard as a tab of the LMS instructor dashboard: no site chrome, framed only
 * by LOOKOUT_EMBED_ORIGINS (the server sends the frame-ancestors policy), signed in by the
 * LMS JWT cookies. Tells the parent IFRAME_READY once rendered.
 */
export default async function EmbeddedCoursePage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
}) {
  const courseId = decodeURIComponent((await params).courseId);
  const { config } = getServices();
  const access = await pageAccess('course:view', { courseId }, null);
  const embed = { lmsUrl: config.auth.lmsUrl, parentOrigins: config.auth.embedOrigins };
  if (!access.allowed) {
    return (
      <EmbedFrame {...embed} signedIn={access.status !== 401}>
        <AccessDenied reason={access.reason} status={access.status} />
      </EmbedFrame>
    );
  }
  const { window, problem } = windowFromQuery(await searchParams, new Date());
  const name = (await courseTitle(getServices().lake, courseId).catch(() => undefined))?.displayName;
  return (
    <EmbedFrame {...embed} signedIn>
      <h1>{name ?? courseId}</h1>
      <p className="subtitle">{courseId}</p>
      <CourseDashboard courseId={courseId} initialWindow={window} windowNotice={problem} atRiskLimit={10} />
    </EmbedFrame>
  );
}
