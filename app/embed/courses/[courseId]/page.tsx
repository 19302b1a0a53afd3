import { getServices } from '@/lib/services';
import { CourseDashboard } from '@/components/dashboard/CourseDashboard';
import { windowFromQuery } from '@/components/dashboard/dashboardWindow';
import { AccessDenied } from '@/components/AccessDenied';
import { EmbedFrame } from '@/components/EmbedFrame';
import { knownCourse, courseWeekStartForViewer } from '@/components/course/coursePage';
import { messages } from '@/components/course/coursePage.messages';
import { pageAccess } from '@/lib/auth/page';
import { coursePath, EMBED_BASE } from '@/lib/embed/paths';
import { firstViewSnapshot } from '@/lib/live/firstView';
import { formatMessage } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

/**
 * The course dashboard as a tab of the LMS instructor dashboard: no site chrome, framed only
 * by LOOKOUT_EMBED_ORIGINS (the server sends the frame-ancestors policy), signed in by the
 * LMS JWT cookies. Speaks the hosts' iframe protocols (EmbedFrame); its links stay on /embed/….
 */
export default async function EmbeddedCoursePage({
  params,
  searchParams,
}: {
  params: Promise<{ courseId: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
}) {
  const courseId = decodeURIComponent((await params).courseId);
  const { config, live } = getServices();
  const access = await pageAccess('course:view', { courseId }, null);
  const embed = { lmsUrl: config.auth.lmsUrl, parentOrigins: config.auth.embedOrigins };
  if (!access.allowed) {
    return (
      <EmbedFrame {...embed} signedIn={access.status !== 401}>
        <AccessDenied reason={access.reason} status={access.status} />
      </EmbedFrame>
    );
  }
  const [{ displayName }, weekStart] = await Promise.all([knownCourse(courseId), courseWeekStartForViewer(courseId)]);
  const { window, problem } = windowFromQuery(await searchParams, new Date(), weekStart);
  const initialSnapshot = await firstViewSnapshot(live, courseId, window, config.firstViewMs, weekStart);
  return (
    <EmbedFrame {...embed} signedIn>
      <h1>{displayName}</h1>
      <p className="subtitle">
        {courseId} · <a href={coursePath(EMBED_BASE, courseId, '/at-risk')}>{formatMessage(messages.allAtRisk)}</a>
      </p>
      <CourseDashboard courseId={courseId} initialWindow={window} windowNotice={problem} atRiskLimit={10} learnerLinks initialSnapshot={initialSnapshot} weekStart={weekStart} />
    </EmbedFrame>
  );
}
