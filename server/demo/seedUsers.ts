import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { DEMO_COURSE_ID } from '../../lib/demo/course';
import { orgFromCourseKey } from '../../lib/events/courseKey';

/** An LMS user as the sync would copy it, with access-role rows (student_courseaccessrole). */
export interface SeedUser {
  id: number;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  isStaff?: boolean;
  isSuperuser?: boolean;
  isActive?: boolean;
  roles?: Array<{ role: string; courseId?: string; org?: string }>;
  /** What the sign-in page says about this user. */
  description?: string;
}

/** The demo's users: roles resolve from the same lake tables as with a real LMS. */
export const DEMO_USERS: SeedUser[] = [
  { id: 990001, username: 'demo_admin', email: 'admin@demo.lookout', firstName: 'Ada', lastName: 'Admin', isStaff: true, isSuperuser: true, description: 'admin: every course, settings, tokens, dead letters' },
  { id: 990002, username: 'demo_instructor', email: 'instructor@demo.lookout', firstName: 'Ines', lastName: 'Instructor', roles: [{ role: 'instructor', courseId: DEMO_COURSE_ID }], description: 'instructor of the demo course, with learners’ emails' },
  { id: 990003, username: 'demo_support', email: 'support@demo.lookout', firstName: 'Sam', lastName: 'Support', roles: [{ role: 'support' }], description: 'support: every course, learners’ emails, cross-course exports' },
  { id: 990005, username: 'demo_org_staff', email: 'orgstaff@demo.lookout', firstName: 'Olu', lastName: 'Org', roles: [{ role: 'staff', org: orgFromCourseKey(DEMO_COURSE_ID) }], description: 'org-wide staff of the demo course’s org: its org page and courses' },
  { id: 990004, username: 'demo_learner', email: 'learner@demo.lookout', firstName: 'Lee', lastName: 'Learner', description: 'a learner: sees nothing' },
];

/** Writes users and their access roles into lms_users / lms_course_access_roles (latest write wins). */
export async function seedLmsUsers(lake: Lake, users: SeedUser[], now = new Date()): Promise<void> {
  const at = formatLakeTime(now);
  await lake.client.insert({
    table: 'lms_users',
    values: users.map((u) => ({
      id: u.id,
      username: u.username,
      email: u.email,
      first_name: u.firstName,
      last_name: u.lastName,
      is_staff: u.isStaff ? 1 : 0,
      is_superuser: u.isSuperuser ? 1 : 0,
      is_active: u.isActive === false ? 0 : 1,
      date_joined: at,
      last_login: null,
      synced_at: at,
    })),
    format: 'JSONEachRow',
  });
  const roles = users.flatMap((u, i) =>
    (u.roles ?? []).map((r, j) => ({ user_id: u.id, org: r.org ?? '', course_id: r.courseId ?? '', role: r.role, id: 9_000_000 + i * 100 + j, synced_at: at })),
  );
  if (roles.length) await lake.client.insert({ table: 'lms_course_access_roles', values: roles, format: 'JSONEachRow' });
}
