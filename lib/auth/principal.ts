/**
 * Who is asking, and what the LMS says they may do. Roles come from the LMS
 * (student_courseaccessrole, auth_user flags, or the courses API), never from
 * Lookout's own tables, so the LMS stays the one place where access is granted.
 */

/** LMS course roles that give access to a course's analytics. Others (beta_testers,
 * ccx_coach, finance_admin…) give nothing. */
export const COURSE_STAFF_ROLES = ['instructor', 'staff', 'limited_staff'] as const;
export type CourseStaffRole = (typeof COURSE_STAFF_ROLES)[number];

/** Roles that can be granted PII (LOOKOUT_PII_ROLES). Course roles count on the courses they
 * cover, whether from a course row or an org-wide row. */
export const PII_ROLE_NAMES = ['admin', 'global_staff', 'support', ...COURSE_STAFF_ROLES] as const;
export type PiiRoleName = (typeof PII_ROLE_NAMES)[number];
export const DEFAULT_PII_ROLES: PiiRoleName[] = ['admin', 'support', 'instructor'];

export interface Roles {
  /** auth_user.is_superuser */
  admin: boolean;
  /** auth_user.is_staff */
  globalStaff: boolean;
  /** The LMS global `support` role (a student_courseaccessrole row with no org and no course). */
  support: boolean;
  /** course id → staff roles on that course. */
  courses: Record<string, CourseStaffRole[]>;
  /** org (lower case) → staff roles on every course of that org. */
  orgs: Record<string, CourseStaffRole[]>;
}

export type PrincipalSource = 'session' | 'lms-jwt' | 'api-token';

export interface Principal {
  username: string;
  userId?: number;
  /** The user's own email and name (their own, never anyone else's). */
  email?: string;
  name?: string;
  source: PrincipalSource;
  roles: Roles;
  /** For an API token: its id (for audit). */
  tokenId?: string;
  /** When the credential stops being valid (LMS JWT `exp`, session expiry), ms since the epoch; none for API tokens. */
  expiresAt?: number;
}

export const NO_ROLES: Roles = Object.freeze({ admin: false, globalStaff: false, support: false, courses: {}, orgs: {} }) as Roles;

export function isCourseStaffRole(role: string): role is CourseStaffRole {
  return (COURSE_STAFF_ROLES as readonly string[]).includes(role);
}

/** One LMS access-role row (student_courseaccessrole: empty org and course for global roles). */
export interface AccessRoleRow {
  org: string;
  course_id: string;
  role: string;
}

/** Roles from the LMS user flags and access-role rows. Unknown roles and beta testers give nothing. */
export function rolesFromRows(user: { is_staff: boolean; is_superuser: boolean }, rows: AccessRoleRow[]): Roles {
  const roles: Roles = { admin: user.is_superuser, globalStaff: user.is_staff, support: false, courses: {}, orgs: {} };
  for (const row of rows) {
    const role = row.role.trim();
    if (role === 'support' && !row.course_id && !row.org) {
      roles.support = true;
      continue;
    }
    if (!isCourseStaffRole(role)) continue;
    if (row.course_id) add(roles.courses, row.course_id, role);
    else if (row.org) add(roles.orgs, row.org.toLowerCase(), role);
  }
  return roles;
}

function add(map: Record<string, CourseStaffRole[]>, key: string, role: CourseStaffRole): void {
  const list = (map[key] ??= []);
  if (!list.includes(role)) list.push(role);
}

/** The app roles a principal holds, for display and the matrix test. */
export function appRoles(roles: Roles): string[] {
  const out: string[] = [];
  if (roles.admin) out.push('admin');
  if (roles.globalStaff) out.push('global_staff');
  if (roles.support) out.push('support');
  if (Object.keys(roles.orgs).length) out.push('org_staff');
  if (Object.keys(roles.courses).length) out.push('course_staff');
  return out;
}
