import { ScrollRegion } from '@/components/ScrollRegion';
import Link from 'next/link';
import { listActiveCourses, type CourseSummary } from '@/lib/courses';
import { getServices } from '@/lib/services';
import { pageAccess } from '@/lib/auth/page';
import { filterVisible, seesAllCourses } from '@/lib/auth/authorize';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const access = await pageAccess(undefined, {}, '/');
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
      <h1>Courses</h1>
      <p className="subtitle">Courses with learner activity in the last 30 days, most recently active first.</p>
      <div className="panel">
        {error ? (
          <p className="error">Could not read the lake: {error}</p>
        ) : courses.length === 0 ? (
          <p className="empty" data-testid="no-courses">
            No learner activity yet in the courses your LMS role covers. Events sent to /api/ingest/tracking appear here.
          </p>
        ) : (
          <ScrollRegion label="Courses">
            <table className="list" data-testid="course-list">
            <thead>
              <tr>
                <th>Course</th>
                <th>Org</th>
                <th className="num">Learner events (30 days)</th>
                <th>Last activity (UTC)</th>
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
                  <td>{c.lastActivity.slice(0, 16).replace('T', ' ')}</td>
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
