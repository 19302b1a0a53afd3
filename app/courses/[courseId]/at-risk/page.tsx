import Link from 'next/link';
import { courseDisplayName } from '@/lib/courses';
import { DEFAULT_QUERY, parseAtRiskQuery } from '@/lib/export/atRiskQuery';
import { getServices } from '@/lib/services';
import { AtRiskList } from '@/components/risk/AtRiskList';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

// TODO(access): course staff of this course only (the socket subscribe and the API check it too).
export default async function AtRiskPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<SearchParams> }) {
  const courseId = decodeURIComponent((await params).courseId);
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
      <AtRiskList courseId={courseId} initialQuery={parsed.ok ? parsed.value : DEFAULT_QUERY} syncUrl />
    </>
  );
}
