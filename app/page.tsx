import { ScrollRegion } from '@/components/ScrollRegion';
import Link from 'next/link';
import { formatMessage } from '@/lib/i18n';
import { homeMessages } from '@/components/pages/home.messages';
import { LocalTime } from '@/components/LocalTime';
import { listActiveCourses, type CourseSummary } from '@/lib/courses';
import { getServices } from '@/lib/services';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { filterVisible, seesAllCourses } from '@/lib/auth/authorize';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const access = await pageAccess(SITE_PAGES.courses.action, {}, SITE_PAGES.courses.href());
  const principal = access.principal!;
  let courses: CourseSummary[] = [];
  let error: string | undefined;
  try {
    // Only the courses the caller's LMS roles cover (the same rule as GET /api/courses).
    const all = seesAllCourses(principal);
    const active = await listActiveCourses(getServices().lake, new Date(), 30, all ? 500 : 1_000_000);
    courses = all ? active : filterVisible(principal, active).slice(0, 500);
  } catch (err) {
    error = (err as Error).message;
  }
  return (
    <>
      <h1>{formatMessage(homeMessages.title)}</h1>
      <p className="subtitle">{formatMessage(homeMessages.subtitle)}</p>
      <div className="panel">
        {error ? (
          <p className="error">{formatMessage(homeMessages.lakeError, { error })}</p>
        ) : courses.length === 0 ? (
          <p className="empty" data-testid="no-courses">
            {formatMessage(homeMessages.none)}
          </p>
        ) : (
          <ScrollRegion label={formatMessage(homeMessages.title)}>
            <table className="list" data-testid="course-list">
            <thead>
              <tr>
                <th>{formatMessage(homeMessages.course)}</th>
                <th>{formatMessage(homeMessages.org)}</th>
                <th className="num">{formatMessage(homeMessages.events)}</th>
                <th>{formatMessage(homeMessages.lastActivity)}</th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.courseId}>
                  <td>
                    <Link href={`/courses/${encodeURIComponent(c.courseId)}`}>{c.displayName}</Link>
                    <div className="kpi-note">{c.courseId}</div>
                  </td>
                  <td>{c.org}</td>
                  <td className="num">{c.learnerEvents.toLocaleString('en-US')}</td>
                  <td>
                    <LocalTime iso={c.lastActivity} />
                  </td>
                </tr>
              ))}
            </tbody>
            </table>
          </ScrollRegion>
        )}
      </div>
    </>
  );
}
