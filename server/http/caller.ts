import type { IncomingHttpHeaders } from 'node:http';
import { authorize, type Action, type Decision } from '../../lib/auth/authorize';
import type { Principal } from '../../lib/auth/principal';
import { getServices } from '../../lib/services';
import { HttpError } from './respond';

/**
 * Who is calling the early-warning routes and pages: the signed-in principal (session, LMS
 * JWT cookie or API token), with every decision taken by the one authorize() of lib/auth.
 */
export interface Caller {
  /** Username recorded in export audit rows and threshold history. */
  actor: string;
  principal: Principal;
}

/** The caller of a request, or a 401 HttpError with the reason. */
export async function callerOf(headers: IncomingHttpHeaders | Headers): Promise<Caller> {
  const get = (name: string) => (headers instanceof Headers ? (headers.get(name) ?? undefined) : (headers[name] as string | undefined));
  const authentication = await getServices().auth.authenticate({ cookie: get('cookie'), authorization: get('authorization') });
  if (!authentication.principal) throw new HttpError(401, authentication.reason, { 'www-authenticate': 'Bearer realm="lookout"' });
  return { actor: authentication.principal.username, principal: authentication.principal };
}

export function decide(caller: Caller, action: Action, courseId?: string): Decision {
  return authorize(caller.principal, action, { courseId, piiRoles: piiRoles() });
}

/** Throws the 403 (with its reason) unless the caller may do `action`. */
export function requireAllowed(caller: Caller, action: Action, courseId?: string): void {
  const decision = decide(caller, action, courseId);
  if (!decision.allowed) throw new HttpError(decision.status, decision.reason);
}

export function canSeeCourse(caller: Caller, courseId: string): boolean {
  return decide(caller, 'course:view', courseId).allowed;
}

export function canSeePii(caller: Caller, courseId: string): boolean {
  return decide(caller, 'course:pii', courseId).allowed;
}

export function isAdmin(caller: Caller): boolean {
  return decide(caller, 'admin').allowed;
}

function piiRoles() {
  try {
    return getServices().config.auth.piiRoles;
  } catch {
    return undefined; // outside the server (tests calling handlers directly): the default PII roles
  }
}
