import Link from 'next/link';
import { headers } from 'next/headers';
import { courseDisplayName } from '@/lib/courses';
import { DEFAULT_QUERY, parseAtRiskQuery } from '@/lib/export/atRiskQuery';
import { getServices } from '@/lib/services';
import { AtRiskList } from '@/components/risk/AtRiskList';
import { callerOf, canSeeCourse } from '@/server/http/caller';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

// The socket subscribe must be guarded too (access helper): the live list arrives through it.
export default async function AtRiskPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<SearchParams> }) {
  const courseId = decodeURIComponent((await params).courseId);
  const caller = await callerOf(await headers());
  if (!canSeeCourse(caller, courseId)) {
    return (
      <>
        <h1>At-risk learners</h1>
        <p className="error">You may not see this course.</p>
      </>
    );
  }
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
