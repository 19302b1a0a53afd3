import Link from 'next/link';
import { courseDisplayName } from '@/lib/courses';
import { DEFAULT_QUERY, parseAtRiskQuery } from '@/lib/export/atRiskQuery';
import { getServices } from '@/lib/services';
import { AtRiskList } from '@/components/risk/AtRiskList';
import { DrillProvider } from '@/components/dashboard/drill';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { AccessDenied } from '@/components/AccessDenied';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AtRiskPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<SearchParams> }) {
  const courseId = decodeURIComponent((await params).courseId);
  const access = await pageAccess(SITE_PAGES.atRisk.action, { courseId }, SITE_PAGES.atRisk.href(courseId));
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) for (const item of [v ?? []].flat()) search.append(k, item);
  const parsed = parseAtRiskQuery(search);
  const name = await courseDisplayName(getServices().lake, courseId).catch(() => undefined);
  return (
    <>
      <h1>At-risk learners · {name ?? courseId}</h1>
      <p className="subtitle">
        <Link href={`/courses/${encodeURIComponent(courseId)}`}>{courseId}</Link> · learners flagged by the early-warning rules, updated live.
        Thresholds: <Link href={`/admin/settings?scope=course&key=${encodeURIComponent(courseId)}`}>settings</Link>.
      </p>
      {!parsed.ok && <p className="error">Filter ignored: {parsed.errors.join('; ')}</p>}
      <DrillProvider courseId={courseId} range={{ from: '', to: '' }}>
        <AtRiskList courseId={courseId} initialQuery={parsed.ok ? parsed.value : DEFAULT_QUERY} syncUrl />
      </DrillProvider>
    </>
  );
}
