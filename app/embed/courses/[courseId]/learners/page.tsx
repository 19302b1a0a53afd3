import { getServices } from '@/lib/services';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { EMBED_BASE } from '@/lib/embed/paths';
import { AccessDenied } from '@/components/AccessDenied';
import { EmbedFrame } from '@/components/EmbedFrame';
import { LearnerListView, type SearchParams } from '@/components/learners/LearnerListView';

export const dynamic = 'force-dynamic';

/** The learners behind a count of the embedded dashboard, inside the LMS tab (the site page's view). */
export default async function EmbeddedLearnersPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<SearchParams> }) {
  const courseId = decodeURIComponent((await params).courseId);
  const { config } = getServices();
  const access = await pageAccess(SITE_PAGES.learners.action, { courseId }, null);
  const embed = { lmsUrl: config.auth.lmsUrl, parentOrigins: config.auth.embedOrigins };
  return (
    <EmbedFrame {...embed} signedIn={access.allowed || access.status !== 401}>
      {access.allowed ? (
        <LearnerListView courseId={courseId} search={await searchParams} principal={access.principal} base={EMBED_BASE} />
      ) : (
        <AccessDenied reason={access.reason} status={access.status} />
      )}
    </EmbedFrame>
  );
}
