import { orgOfCourse } from './courseKey';
import { formatMessage } from '../i18n';
import { refusals } from './authorize.messages';
import { DEFAULT_PII_ROLES, type CourseStaffRole, type PiiRoleName, type Principal } from './principal';

/**
 * The one authorization function (DESIGN §8). Every page, route handler, socket
 * subscribe, export and admin action asks it; nothing else decides access.
 *
 *   course:view    the course's dashboards, live room, PII-free data
 *   course:pii     emails and full names of the course's learners
 *   course:export  downloads of the course's data (PII in them only with course:pii too)
 *   export:all     cross-course exports (support, admin)
 *   admin          settings, API tokens, dead letters
 *   platform:view  the platform's institutional analytics (/platform, room `platform`)
 *   org:view       an org's institutional analytics (/orgs/<org>, room `org:<org>`)
 *   org:export     an org's learner list as CSV (PII in it only with org:pii too)
 *   org:pii        emails and full names of an org's learners
 */
export type Action = 'course:view' | 'course:pii' | 'course:export' | 'export:all' | 'admin' | 'platform:view' | 'org:view' | 'org:export' | 'org:pii';
export const ACTIONS: Action[] = ['course:view', 'course:pii', 'course:export', 'export:all', 'admin', 'platform:view', 'org:view', 'org:export', 'org:pii'];

export interface AuthorizeOptions {
  courseId?: string;
  /** The org of an org:* action (compared without case, as the LMS's org-wide roles are). */
  org?: string;
  /** Roles allowed PII (LOOKOUT_PII_ROLES); default admin, support and course instructors. */
  piiRoles?: readonly PiiRoleName[];
}

export type Decision = { allowed: true } | { allowed: false; status: 401 | 403; reason: string };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, status: 403, reason });

export function authorize(principal: Principal | undefined, action: Action, options: AuthorizeOptions = {}): Decision {
  if (!principal) return { allowed: false, status: 401, reason: formatMessage(refusals.signInFirst) };
  const roles = principal.roles;
  const piiRoles = options.piiRoles ?? DEFAULT_PII_ROLES;

  if (action === 'admin') return roles.admin ? ALLOW : deny(formatMessage(refusals.adminOnly));
  if (action === 'export:all') return roles.admin || roles.support ? ALLOW : deny(formatMessage(refusals.crossCourseExports));
  if (action === 'platform:view') return roles.admin || roles.globalStaff || roles.support ? ALLOW : deny(formatMessage(refusals.platformView));
  if (action.startsWith('org:')) return authorizeOrg(principal, action, options.org, piiRoles);

  const courseId = options.courseId;
  if (!courseId) return deny(formatMessage(refusals.needsCourse, { action }));
  const held = courseRoles(principal, courseId);
  const global = roles.admin || roles.globalStaff || roles.support;
  if (!global && held.length === 0) return deny(formatMessage(refusals.noCourseRole, { courseId }));

  if (action === 'course:view') return ALLOW;
  if (action === 'course:export') {
    if (global || held.includes('instructor') || held.includes('staff')) return ALLOW;
    return deny(formatMessage(refusals.courseExport, { courseId }));
  }
  // course:pii
  const names: PiiRoleName[] = [...held];
  if (roles.admin) names.push('admin');
  if (roles.globalStaff) names.push('global_staff');
  if (roles.support) names.push('support');
  if (names.some((n) => piiRoles.includes(n))) return ALLOW;
  return deny(formatMessage(refusals.coursePii, { courseId, roles: piiRoles.join(', ') }));
}

/**
 * An org's institutional view: global roles, and the LMS's org-wide course roles on that org (a
 * student_courseaccessrole row with the org and no course). A role on one course of the org is
 * not enough: the org's view covers every course of it.
 */
function authorizeOrg(principal: Principal, action: Action, org: string | undefined, piiRoles: readonly PiiRoleName[]): Decision {
  if (!org) return deny(formatMessage(refusals.needsOrg, { action }));
  const roles = principal.roles;
  const held = roles.orgs[org.toLowerCase()] ?? [];
  const global = roles.admin || roles.globalStaff || roles.support;
  if (!global && held.length === 0) return deny(formatMessage(refusals.noOrgRole, { org }));
  if (action === 'org:view') return ALLOW;
  if (action === 'org:export') {
    if (global || held.includes('instructor') || held.includes('staff')) return ALLOW;
    return deny(formatMessage(refusals.orgExport, { org }));
  }
  const names: PiiRoleName[] = [...held];
  if (roles.admin) names.push('admin');
  if (roles.globalStaff) names.push('global_staff');
  if (roles.support) names.push('support');
  if (names.some((n) => piiRoles.includes(n))) return ALLOW;
  return deny(formatMessage(refusals.orgPii, { org, roles: piiRoles.join(', ') }));
}

/** The staff roles a principal holds on a course, from course rows and org-wide rows. */
export function courseRoles(principal: Principal, courseId: string): CourseStaffRole[] {
  const roles = principal.roles;
  const out = new Set<CourseStaffRole>(roles.courses[courseId] ?? []);
  const org = orgOfCourse(courseId)?.toLowerCase();
  if (org) for (const r of roles.orgs[org] ?? []) out.add(r);
  return [...out];
}

/** Whether the principal may view every course (no per-course filter needed). */
export function seesAllCourses(principal: Principal | undefined): boolean {
  const r = principal?.roles;
  return Boolean(r && (r.admin || r.globalStaff || r.support));
}

/** The course ids among `candidates` that the principal may view, in the same order. */
export function visibleCourseIds(principal: Principal | undefined, candidates: readonly string[]): string[] {
  return candidates.filter((courseId) => authorize(principal, 'course:view', { courseId }).allowed);
}

/** Keeps the items of visible courses only. */
export function filterVisible<T extends { courseId: string }>(principal: Principal | undefined, items: readonly T[]): T[] {
  return items.filter((item) => authorize(principal, 'course:view', { courseId: item.courseId }).allowed);
}
