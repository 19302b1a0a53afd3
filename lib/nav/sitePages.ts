/**
 * The site's pages and who may open each: ONE list, read by the pages themselves (their
 * pageAccess() call takes the page's action from here) and by the header (which shows a link
 * only when authorize() allows that same action). A page added elsewhere joins the header by
 * adding an entry here and calling pageAccess(SITE_PAGES.x.action, …) in its page.
 */
import { authorize, type Action } from '../auth/authorize';
import type { Principal } from '../auth/principal';
import type { MessageDescriptor, MessageValues } from '../i18n';
import { navMessages } from './nav.messages';

export interface SitePage {
  /** The page's path; for a course page, built from the course id. */
  href: (courseId: string) => string;
  label: MessageDescriptor;
  /** What the page asks authorize() for (undefined: any signed-in caller). */
  action: Action | undefined;
  /** A page of one course: shown in the header only while a course is open. */
  perCourse?: boolean;
  /** A page of one org (href takes the org): the header links each org the person holds an org-wide role on. */
  perOrg?: boolean;
  /** Reached from other pages (a count, a list), not from the header. */
  notInHeader?: boolean;
  /** In the header only for people who hold a staff role somewhere (the page has nothing for learners). */
  staffOnly?: boolean;
}

const course = (id: string) => `/courses/${encodeURIComponent(id)}`;

/** One learner's page in a course (SITE_PAGES.learner). */
export const learnerHref = (courseId: string, username: string) => `${course(courseId)}/learners/${encodeURIComponent(username)}`;

export const SITE_PAGES = {
  courses: { href: () => '/', label: navMessages.courses, action: undefined },
  course: { href: course, label: navMessages.course, action: 'course:view', perCourse: true },
  atRisk: { href: (id) => `${course(id)}/at-risk`, label: navMessages.atRisk, action: 'course:view', perCourse: true },
  learners: { href: (id) => `${course(id)}/learners`, label: navMessages.learners, action: 'course:view', perCourse: true, notInHeader: true },
  // One learner's page: learnerHref(courseId, user); reached from the lists, never from the header.
  learner: { href: (id) => `${course(id)}/learners`, label: navMessages.learner, action: 'course:view', perCourse: true, notInHeader: true },
  support: { href: () => '/support', label: navMessages.support, action: 'export:all' },
  learnerLookup: { href: () => '/support/learners', label: navMessages.learnerLookup, action: 'export:all' },
  settings: { href: () => '/admin/settings', label: navMessages.settings, action: 'admin' },
  exports: { href: () => '/admin/exports', label: navMessages.exports, action: 'admin' },
  deadLetters: { href: () => '/admin/dead-letters', label: navMessages.deadLetters, action: 'admin' },
  platform: { href: () => '/platform', label: navMessages.platform, action: 'platform:view' },
  org: { href: (org) => `/orgs/${encodeURIComponent(org)}`, label: navMessages.org, action: 'org:view', perOrg: true },
  alerts: { href: () => '/admin/alerts', label: navMessages.alerts, action: 'admin' },
  notifications: { href: () => '/notifications', label: navMessages.notifications, action: undefined, staffOnly: true },
} satisfies Record<string, SitePage>;

export type SitePageName = keyof typeof SITE_PAGES;

/** The course a path is about (/courses/<id>/…), or undefined. */
export function courseOfPath(path: string | null | undefined): string | undefined {
  const m = /^\/courses\/([^/?#]+)/.exec(path ?? '');
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
}

/** Whether the principal may open the page (for a course page, that course). */
export function mayOpen(principal: Principal, page: SitePage, courseId?: string, org?: string): boolean {
  if (!page.action) return true;
  if (page.perCourse && !courseId) return false;
  if (page.perOrg && !org) return false;
  return authorize(principal, page.action, { courseId, org }).allowed;
}

export interface NavLink {
  name: SitePageName;
  href: string;
  label: MessageDescriptor;
  /** Values of the label's placeholders (an org page's org). */
  values?: MessageValues;
}

function holdsStaffRole({ roles }: Principal): boolean {
  return roles.admin || roles.globalStaff || roles.support || Object.keys(roles.orgs).length > 0 || Object.keys(roles.courses).length > 0;
}

/** The header's links for this principal on this path, in the list's order. */
export function navLinks(principal: Principal, path: string | null | undefined): NavLink[] {
  const courseId = courseOfPath(path);
  const out: NavLink[] = [];
  for (const [name, page] of Object.entries(SITE_PAGES) as [SitePageName, SitePage][]) {
    if (page.notInHeader || (page.staffOnly && !holdsStaffRole(principal))) continue;
    if (page.perOrg) {
      for (const org of Object.keys(principal.roles.orgs).sort()) {
        if (mayOpen(principal, page, undefined, org)) out.push({ name, href: page.href(org), label: page.label, values: { org } });
      }
      continue;
    }
    if (!mayOpen(principal, page, courseId)) continue;
    out.push({ name, href: page.href(courseId ?? ''), label: page.label });
  }
  return out;
}

/**
 * Where sign-in lands each role (when no page was asked for): support on the support page,
 * the staff of exactly one course on its dashboard, the org-wide staff of one org on its page,
 * everyone else on the course list.
 */
export function landingPath(principal: Principal): string {
  const r = principal.roles;
  if (r.support && !r.admin) return SITE_PAGES.support.href();
  const own = Object.keys(r.courses);
  if (!r.admin && !r.globalStaff && Object.keys(r.orgs).length === 0 && own.length === 1) return SITE_PAGES.course.href(own[0]!);
  const orgs = Object.keys(r.orgs);
  if (!r.admin && !r.globalStaff && orgs.length === 1) return SITE_PAGES.org.href(orgs[0]!);
  return SITE_PAGES.courses.href();
}
