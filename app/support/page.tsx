import { ScrollRegion } from '@/components/ScrollRegion';
import Link from 'next/link';
import { getServices } from '@/lib/services';
import { listActiveCourses, type CourseSummary } from '@/lib/courses';
import { RuleOptions, SeverityOptions } from '@/components/risk/FilterOptions';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { authorize, filterVisible } from '@/lib/auth/authorize';
import { AccessDenied } from '@/components/AccessDenied';
import { formatMessage } from '@/lib/i18n';
import { messages as m } from './page.messages';
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
      <h1>{formatMessage(m.title)}</h1>
      <p className="subtitle">
        {formatMessage(m.intro)} {formatMessage(courses.every((c) => canSeePii(c.courseId)) ? m.piiAll : m.piiSome)} {formatMessage(m.recorded)}
      </p>
      <div className="panel">
        {error ? (
          <p className="error">{formatMessage(m.lakeError, { error })}</p>
        ) : courses.length === 0 ? (
          <p className="empty">{formatMessage(m.none)}</p>
        ) : (
          <form method="get" action="/api/support/at-risk.csv" className="risk-form" data-testid="support-export">
            <ScrollRegion label={formatMessage(m.coursesTable)}>
              <table className="list">
              <thead>
                <tr>
                  <th>{formatMessage(m.colInclude)}</th>
                  <th>{formatMessage(m.colCourse)}</th>
                  <th>{formatMessage(m.colOrg)}</th>
                  <th>
                    <span className="visually-hidden">{formatMessage(m.colLinks)}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {courses.map((c) => (
                  <tr key={c.courseId}>
                    <td>
                      <input type="checkbox" name="course" value={c.courseId} defaultChecked aria-label={formatMessage(m.include, { course: c.courseId })} />
                    </td>
                    <td>
                      {c.displayName}
                      <div className="kpi-note">{c.courseId}</div>
                    </td>
                    <td>{c.org}</td>
                    <td>
                      <Link href={`/courses/${encodeURIComponent(c.courseId)}/at-risk`}>{formatMessage(m.atRiskList)}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
              </table>
            </ScrollRegion>
            <p className="at-risk-filters">
              <label>
                {formatMessage(m.rule)}{' '}
                <select name="rule" defaultValue="">
                  <RuleOptions />
                </select>
              </label>
              <label>
                {formatMessage(m.severity)}{' '}
                <select name="severity" defaultValue="">
                  <SeverityOptions />
                </select>
              </label>
              <button type="submit" className="button">
                {formatMessage(m.download)}
              </button>
            </p>
          </form>
        )}
      </div>
    </>
  );
}
