import { authorize } from '../auth/authorize';
import { lmsUserFromLake, type LmsUser } from '../auth/lakeRoles';
import type { PiiRoleName, Principal } from '../auth/principal';
import { orgFromCourseKey } from '../events/courseKey';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import type { Audience } from './names';

export interface Recipient {
  userId: number;
  username: string;
  email: string;
  /** Whether the digest may name learners by email (the same decision as the pages' and exports'). */
  pii: boolean;
}

/**
 * The LMS's course team is "Course Staff" and "Instructors" (openedx/edx-platform
 * docs/en_us/course_authors/source/running_course/course_staffing.rst), stored as
 * student_courseaccessrole rows with role 'staff' / 'instructor' (course_id set, or org-wide
 * with only org), and the global 'support' role as a row with neither (lib/auth/principal.ts).
 * Course staff are the instructors and staff of the course (course rows or org-wide rows;
 * limited_staff are left out by default, as they are for exports); support are the holders of
 * the LMS global support role, who cover every course; admins are LMS superusers. Every
 * candidate is checked again through authorize() with their current roles: someone who may not
 * view the course receives nothing about it.
 */
const CANDIDATES_SQL = `
  SELECT DISTINCT user_id FROM lms_course_access_roles FINAL
  WHERE ({courseStaff:UInt8} = 1 AND role IN ('instructor', 'staff')
           AND (course_id = {courseId:String} OR (course_id = '' AND lower(org) = lower({org:String}) AND org != '')))
     OR ({support:UInt8} = 1 AND role = 'support' AND course_id = '' AND org = '')
  UNION DISTINCT
  SELECT id FROM lms_users FINAL WHERE {admins:UInt8} = 1 AND is_superuser = 1 AND is_active = 1`;

export async function recipientsFor(lake: Lake, courseId: string, audience: readonly Audience[], piiRoles?: readonly PiiRoleName[]): Promise<Recipient[]> {
  const ids = await queryRows<{ user_id: string }>(lake, CANDIDATES_SQL, {
    courseId,
    org: courseId ? orgFromCourseKey(courseId) : '',
    courseStaff: audience.includes('courseStaff') ? 1 : 0,
    support: audience.includes('support') ? 1 : 0,
    admins: audience.includes('admins') ? 1 : 0,
  });
  const out: Recipient[] = [];
  for (const { user_id } of ids) {
    const user = await lmsUserFromLake(lake, { id: Number(user_id) });
    if (!user) continue;
    const principal = principalOf(user);
    // Platform alerts (no course) are for admins only.
    const allowed = courseId ? authorize(principal, 'course:view', { courseId }).allowed : authorize(principal, 'admin').allowed;
    if (!allowed) continue;
    const pii = courseId ? authorize(principal, 'course:pii', { courseId, piiRoles }).allowed : false;
    out.push({ userId: user.id, username: user.username, email: user.email, pii });
  }
  return out.sort((a, b) => a.userId - b.userId);
}

/** The LMS user as a signed-in principal with their current roles, for authorize(). */
export function principalOf(user: LmsUser): Principal {
  return { username: user.username, userId: user.id, source: 'session', roles: user.roles };
}
