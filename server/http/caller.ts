import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who is calling, as the risk routes and pages need it. Every handler takes this as
 * arguments; it is resolved in exactly one place: callerOf below.
 */
export interface Caller {
  /** Username recorded in export audit rows and threshold history. */
  actor: string;
  /** May read emails and full names (DESIGN §8: roles allowed PII). */
  canSeePii: boolean;
  /** May change thresholds and read the export audit. */
  isAdmin: boolean;
  /** The courses the caller may see: 'all' for global staff/admins. */
  visibleCourseIds: 'all' | readonly string[];
}

export const DEMO_ADMIN: Caller = Object.freeze({ actor: 'demo-admin', canSeePii: true, isAdmin: true, visibleCourseIds: 'all' });

/**
 * TODO(access): PLACEHOLDER until sign-in lands (issue 5, access branch). Replace this one
 * function with the access guard's principal: actor = the signed-in username, canSeePii from
 * the roles allowed PII, isAdmin for global staff/admins, visibleCourseIds from the course
 * access roles. Until then every caller is the demo admin: anyone who can reach the server
 * can read at-risk lists with emails, export them and change thresholds.
 */
export async function callerOf(_headers: IncomingHttpHeaders | Headers): Promise<Caller> {
  return DEMO_ADMIN;
}

export function canSeeCourse(caller: Caller, courseId: string): boolean {
  return caller.visibleCourseIds === 'all' || caller.visibleCourseIds.includes(courseId);
}
