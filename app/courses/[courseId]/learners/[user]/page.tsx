import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES, learnerHref } from '@/lib/nav/sitePages';
import { AccessDenied } from '@/components/AccessDenied';
import { LearnerProfileView } from '@/components/learners/LearnerProfileView';

export const dynamic = 'force-dynamic';

/** One learner of a course: activity, grades, units, videos, problems and the early warning's view. */
export default async function LearnerPage({ params }: { params: Promise<{ courseId: string; user: string }> }) {
  const p = await params;
  const courseId = decodeURIComponent(p.courseId);
  const user = decodeURIComponent(p.user);
  const access = await pageAccess(SITE_PAGES.learner.action, { courseId }, learnerHref(courseId, user));
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  return <LearnerProfileView courseId={courseId} user={user} principal={access.principal} base="" />;
}
