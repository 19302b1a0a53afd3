import { getServices } from '@/lib/services';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { EMBED_BASE } from '@/lib/embed/paths';
import { AccessDenied } from '@/components/AccessDenied';
import { EmbedFrame } from '@/components/EmbedFrame';
import { LearnerProfileView } from '@/components/learners/LearnerProfileView';

export const dynamic = 'force-dynamic';

/** One learner's page inside the LMS tab (the site page's view). */
export default async function EmbeddedLearnerPage({ params }: { params: Promise<{ courseId: string; user: string }> }) {
  const p = await params;
  const courseId = decodeURIComponent(p.courseId);
  const { config } = getServices();
  const access = await pageAccess(SITE_PAGES.learner.action, { courseId }, null);
  const embed = { lmsUrl: config.auth.lmsUrl, parentOrigins: config.auth.embedOrigins };
  return (
    <EmbedFrame {...embed} signedIn={access.allowed || access.status !== 401}>
      {access.allowed ? (
        <LearnerProfileView courseId={courseId} user={decodeURIComponent(p.user)} principal={access.principal} base={EMBED_BASE} />
      ) : (
        <AccessDenied reason={access.reason} status={access.status} />
      )}
    </EmbedFrame>
  );
}
