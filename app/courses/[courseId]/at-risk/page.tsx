import Link from 'next/link';
import { DEFAULT_QUERY, parseAtRiskQuery } from '@/lib/export/atRiskQuery';
import { AtRiskList } from '@/components/risk/AtRiskList';
import { searchQuery, type SearchParams } from '@/components/learners/LearnerListView';
import { DrillProvider } from '@/components/dashboard/drill';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { AccessDenied } from '@/components/AccessDenied';
import { knownCourse } from '@/components/course/coursePage';
import { messages } from '@/components/course/coursePage.messages';
import { formatMessage } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

export default async function AtRiskPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<SearchParams> }) {
  const courseId = decodeURIComponent((await params).courseId);
  const access = await pageAccess(SITE_PAGES.atRisk.action, { courseId }, SITE_PAGES.atRisk.href(courseId));
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const parsed = parseAtRiskQuery(searchQuery(await searchParams));
  const { displayName } = await knownCourse(courseId);
  return (
    <>
      <h1>{formatMessage(messages.atRiskTitle, { course: displayName })}</h1>
      <p className="subtitle">
        <Link href={`/courses/${encodeURIComponent(courseId)}`}>{courseId}</Link> · {formatMessage(messages.atRiskSubtitle)}{' '}
        {formatMessage(messages.thresholds)} <Link href={`/admin/settings?scope=course&key=${encodeURIComponent(courseId)}`}>{formatMessage(messages.settings)}</Link>.
      </p>
      {!parsed.ok && <p className="error">{formatMessage(messages.filterIgnored, { errors: parsed.errors.join('; ') })}</p>}
      <DrillProvider courseId={courseId} range={{ from: '', to: '' }}>
        <AtRiskList courseId={courseId} initialQuery={parsed.ok ? parsed.value : DEFAULT_QUERY} syncUrl />
      </DrillProvider>
    </>
  );
}
