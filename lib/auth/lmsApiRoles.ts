import type { CourseStaffRole, Roles } from './principal';

/** The LMS refused the user's token (401/403: expired or revoked): the user must sign in again. */
export class LmsTokenRefused extends Error {}

/**
 * Roles from the LMS REST API, for when no LMS database is synced: the courses the user is
 * staff on (`/api/courses/v1/courses/?permissions=staff`, every page), plus the is_staff /
 * is_superuser flags the caller read from the user's JWT. The API does not say which staff
 * role, so each course counts as `staff` (PII then needs LOOKOUT_PII_ROLES to include it).
 */
export async function rolesFromLmsApi(
  lmsUrl: string,
  auth: { jwt: string; username: string; isStaff: boolean; isSuperuser: boolean },
  fetchImpl: typeof fetch = fetch,
  maxPages = 200,
): Promise<Roles> {
  const courses: Record<string, CourseStaffRole[]> = {};
  const first = new URL('/api/courses/v1/courses/', lmsUrl);
  first.searchParams.set('permissions', 'staff');
  first.searchParams.set('username', auth.username);
  first.searchParams.set('page_size', '100');
  let next: string | null = first.toString();
  for (let page = 0; next && page < maxPages; page++) {
    const res = await fetchImpl(next, { headers: { authorization: `JWT ${auth.jwt}`, accept: 'application/json' } });
    if (res.status === 401 || res.status === 403) throw new LmsTokenRefused(`the LMS refused this session's token (${res.status}): sign in again`);
    if (!res.ok) throw new Error(`LMS courses API answered ${res.status} for ${auth.username}`);
    const body = (await res.json()) as { results?: Array<{ id?: string; course_id?: string }>; pagination?: { next?: string | null }; next?: string | null };
    for (const c of body.results ?? []) {
      const id = c.course_id ?? c.id;
      if (id) courses[id] = ['staff'];
    }
    next = body.pagination?.next ?? body.next ?? null;
  }
  return { admin: auth.isSuperuser, globalStaff: auth.isStaff, support: false, courses, orgs: {} };
}
