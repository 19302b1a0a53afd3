import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { AccessDenied } from '@/components/AccessDenied';
import { LearnerListView, searchQuery, type SearchParams } from '@/components/learners/LearnerListView';

export const dynamic = 'force-dynamic';

/** The learners behind one count of the dashboard (?metric=&item=&from=&to=), with a CSV of the list. */
export default async function LearnersPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<SearchParams> }) {
  const courseId = decodeURIComponent((await params).courseId);
  const search = await searchParams;
  const access = await pageAccess(SITE_PAGES.learners.action, { courseId }, `${SITE_PAGES.learners.href(courseId)}?${searchQuery(search)}`);
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  return <LearnerListView courseId={courseId} search={search} principal={access.principal} base="" />;
}
