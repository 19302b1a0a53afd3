import { courseDisplayName } from '@/lib/courses';
import { getServices } from '@/lib/services';
import { LiveCourse } from '@/components/LiveCourse';
import { AccessDenied } from '@/components/AccessDenied';
import { EmbedFrame } from '@/components/EmbedFrame';
import { pageAccess } from '@/lib/auth/page';

export const dynamic = 'force-dynamic';

/**
 * The course dashboard as a tab of the LMS instructor dashboard: no site chrome, framed only
 * by LOOKOUT_EMBED_ORIGINS (the server sends the frame-ancestors policy), signed in by the
 * LMS JWT cookies. Tells the parent IFRAME_READY once rendered.
 */
export default async function EmbeddedCoursePage({ params }: { params: Promise<{ courseId: string }> }) {
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
  const name = await courseDisplayName(getServices().lake, courseId).catch(() => undefined);
  return (
    <EmbedFrame {...embed} signedIn>
      <h1>{name ?? courseId}</h1>
      <p className="subtitle">{courseId}</p>
      <LiveCourse courseId={courseId} />
    </EmbedFrame>
  );
}
