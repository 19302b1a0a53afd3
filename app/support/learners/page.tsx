import Link from 'next/link';
import { getServices } from '@/lib/services';
import { pageAccess } from '@/lib/auth/page';
import { visibleCourseIds } from '@/lib/auth/authorize';
import { formatMessage } from '@/lib/i18n';
import { SITE_PAGES, learnerHref } from '@/lib/nav/sitePages';
import { coursesOfLearner } from '@/lib/metrics/learnerProfile';
import { AccessDenied } from '@/components/AccessDenied';
import { learnerLookupMessages as m } from './page.messages';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

/** Support: one learner across the courses the caller may see. */
export default async function LearnerLookupPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await pageAccess(SITE_PAGES.learnerLookup.action, {}, SITE_PAGES.learnerLookup.href());
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const raw = (await searchParams).user;
  const user = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  let found: { userId: number; courseId: string }[] = [];
  let error: string | undefined;
  if (user) {
    try {
      const all = await coursesOfLearner(getServices().lake, user);
      const visible = new Set(visibleCourseIds(access.principal, all.map((r) => r.courseId)));
      found = all.filter((r) => visible.has(r.courseId));
    } catch (err) {
      error = (err as Error).message;
    }
  }
  return (
    <>
      <h1>{formatMessage(m.title)}</h1>
      <p className="subtitle">{formatMessage(m.intro)}</p>
      <form method="get" className="scope-picker panel" data-testid="learner-lookup">
        <label>
          {formatMessage(m.label)} <input name="user" defaultValue={user} autoComplete="off" data-testid="learner-lookup-input" />
        </label>
        <button type="submit" className="button">
          {formatMessage(m.search)}
        </button>
      </form>
      {error && <p className="error">{error}</p>}
      {user && !error && (
        <div className="panel" data-testid="learner-lookup-results">
          {found.length === 0 ? (
            <p className="empty">{formatMessage(m.none, { user })}</p>
          ) : (
            <table className="list">
              <thead>
                <tr>
                  <th>{formatMessage(m.colCourse)}</th>
                  <th>{formatMessage(m.colLearner)}</th>
                </tr>
              </thead>
              <tbody>
                {found.map((r) => (
                  <tr key={`${r.userId}:${r.courseId}`}>
                    <td>
                      <Link href={SITE_PAGES.course.href(r.courseId)}>{r.courseId}</Link>
                    </td>
                    <td>
                      <Link href={learnerHref(r.courseId, String(r.userId))} data-testid="learner-lookup-link">
                        {user} ({r.userId})
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </>
  );
}
