import { ScrollRegion } from '@/components/ScrollRegion';
import Link from 'next/link';
import { getServices } from '@/lib/services';
import { listActiveCourses, type CourseSummary } from '@/lib/courses';
import { RuleOptions, SeverityOptions } from '@/components/risk/FilterOptions';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { authorize, filterVisible } from '@/lib/auth/authorize';
import { AccessDenied } from '@/components/AccessDenied';
import '@/components/risk/risk.css';

export const dynamic = 'force-dynamic';

/** Support staff: the at-risk lists of the courses they may see, exported together (with emails when allowed). */
export default async function SupportPage() {
  const access = await pageAccess(SITE_PAGES.support.action, {}, SITE_PAGES.support.href());
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const piiRoles = getServices().config.auth.piiRoles;
  const canSeePii = (courseId: string) => authorize(access.principal, 'course:pii', { courseId, piiRoles }).allowed;
  let courses: CourseSummary[] = [];
  let error: string | undefined;
  try {
    courses = filterVisible(access.principal, await listActiveCourses(getServices().lake));
  } catch (err) {
    error = (err as Error).message;
  }

  return (
    <>
      <h1>At-risk learners across courses</h1>
      <p className="subtitle">
        One CSV of the at-risk learners of the courses you support (courses with learner activity in the last 30 days), with a
        course column. {courses.every((c) => canSeePii(c.courseId)) ? 'Emails and names are included.' : 'Emails and names are included only for courses where your role allows them; elsewhere those columns stay empty.'}{' '}
        Every export is recorded.
      </p>
      <div className="panel">
        {error ? (
          <p className="error">Could not read the lake: {error}</p>
        ) : courses.length === 0 ? (
          <p className="empty">No course you may see had learner activity in the last 30 days.</p>
        ) : (
          <form method="get" action="/api/support/at-risk.csv" className="risk-form" data-testid="support-export">
            <ScrollRegion label="Courses you support">
              <table className="list">
              <thead>
                <tr>
                  <th>Include</th>
                  <th>Course</th>
                  <th>Org</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {courses.map((c) => (
                  <tr key={c.courseId}>
                    <td>
                      <input type="checkbox" name="course" value={c.courseId} defaultChecked aria-label={`include ${c.courseId}`} />
                    </td>
                    <td>
                      {c.displayName}
                      <div className="kpi-note">{c.courseId}</div>
                    </td>
                    <td>{c.org}</td>
                    <td>
                      <Link href={`/courses/${encodeURIComponent(c.courseId)}/at-risk`}>at-risk list</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
              </table>
            </ScrollRegion>
            <p className="at-risk-filters">
              <label>
                Rule{' '}
                <select name="rule" defaultValue="">
                  <RuleOptions />
                </select>
              </label>
              <label>
                Severity{' '}
                <select name="severity" defaultValue="">
                  <SeverityOptions />
                </select>
              </label>
              <button type="submit" className="button">
                Download CSV
              </button>
            </p>
          </form>
        )}
      </div>
    </>
  );
}
