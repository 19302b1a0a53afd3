import { currentPrincipal } from '@/lib/auth/page';
import { formatMessage } from '@/lib/i18n';
import { navMessages } from '@/lib/nav/nav.messages';
import { navLinks, SITE_PAGES } from '@/lib/nav/sitePages';
import { CourseNav } from '@/components/CourseNav';

/**
 * A course's pages share a bar of the course's own pages from the one list (lib/nav/sitePages.ts),
 * shown only where authorize() lets the person open them: rendered here, on the server, where the
 * course is known, so the browser never receives the person's other courses.
 */
export default async function CourseLayout({ children, params }: { children: React.ReactNode; params: Promise<{ courseId: string }> }) {
  const courseId = decodeURIComponent((await params).courseId);
  const principal = await currentPrincipal();
  const links = principal
    ? navLinks(principal, SITE_PAGES.course.href(courseId))
        .filter((l) => (SITE_PAGES[l.name] as { perCourse?: boolean }).perCourse)
        .map((l) => ({ name: l.name, href: l.href, label: formatMessage(l.label) }))
    : [];
  return (
    <>
      <CourseNav links={links} label={formatMessage(navMessages.courseNavLabel)} />
      {children}
    </>
  );
}
