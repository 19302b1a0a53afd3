import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getServices } from '../services';
import { authorize, type Action, type Decision } from './authorize';
import type { Principal } from './principal';
import { PAGE_REQUEST_HEADER, recordPageRefusal } from './pageStatus';

/**
 * Access for Next.js pages (server components), through the same Authenticator and
 * authorize() as the custom server's routes and sockets:
 *
 *   const access = await pageAccess('course:view', { courseId }, `/courses/${id}`);
 *   if (!access.allowed) return <AccessDenied reason={access.reason} />;
 *
 * A caller who is not signed in is redirected to /signin?next=<signInNext> (unless
 * signInNext is null: then a 401 decision is returned, for the embed route).
 */
export async function pageAccess(
  action: Action | undefined,
  options: { courseId?: string; org?: string } = {},
  signInNext: string | null = '/',
): Promise<({ allowed: true; principal: Principal } | (Extract<Decision, { allowed: false }> & { principal?: Principal }))> {
  const h = await headers();
  const { auth, config } = getServices();
  const result = await auth.authenticate({ cookie: h.get('cookie') ?? undefined, authorization: h.get('authorization') ?? undefined });
  if (!result.principal) {
    if (signInNext !== null) redirect(`/signin?next=${encodeURIComponent(signInNext)}`);
    recordPageRefusal(h.get(PAGE_REQUEST_HEADER), 401);
    return { allowed: false, status: 401, reason: result.reason };
  }
  if (!action) return { allowed: true, principal: result.principal };
  const decision = authorize(result.principal, action, { ...options, piiRoles: config.auth.piiRoles });
  if (decision.allowed) return { allowed: true, principal: result.principal };
  recordPageRefusal(h.get(PAGE_REQUEST_HEADER), decision.status);
  return { ...decision, principal: result.principal };
}

/** The signed-in principal for display (header), or undefined; never redirects. */
export async function currentPrincipal(): Promise<Principal | undefined> {
  const h = await headers();
  try {
    return (await getServices().auth.authenticate({ cookie: h.get('cookie') ?? undefined })).principal;
  } catch {
    return undefined;
  }
}
