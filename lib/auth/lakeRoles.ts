import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { NO_ROLES, rolesFromRows, type AccessRoleRow, type Roles } from './principal';

export interface LmsUser {
  id: number;
  username: string;
  email: string;
  name: string;
  roles: Roles;
}

/**
 * The user and their roles from the synced LMS tables (lms_users, lms_course_access_roles,
 * migration 005), by LMS user id: a username can be given up and registered again by someone
 * else, an id cannot. By username only to bind an API token to its user. An unknown or
 * inactive user has no roles.
 */
export async function lmsUserFromLake(lake: Lake, who: string | { id: number }): Promise<LmsUser | undefined> {
  const [user] = await queryRows<{
    id: string;
    username: string;
    email: string;
    first_name: string;
    last_name: string;
    is_staff: number;
    is_superuser: number;
    is_active: number;
  }>(
    lake,
    `SELECT id, username, email, first_name, last_name, is_staff, is_superuser, is_active
     FROM lms_users FINAL WHERE ${typeof who === 'string' ? 'username = {username:String}' : 'id = {id:UInt64}'} LIMIT 1`,
    typeof who === 'string' ? { username: who } : { id: who.id },
  );
  if (!user) return undefined;
  const base = { id: Number(user.id), username: user.username, email: user.email, name: `${user.first_name} ${user.last_name}`.trim() };
  if (!Number(user.is_active)) return { ...base, roles: NO_ROLES };
  const rows = await queryRows<AccessRoleRow>(
    lake,
    'SELECT org, course_id, role FROM lms_course_access_roles FINAL WHERE user_id = {id:UInt64}',
    { id: user.id },
  );
  return { ...base, roles: rolesFromRows({ is_staff: Number(user.is_staff) === 1, is_superuser: Number(user.is_superuser) === 1 }, rows) };
}
