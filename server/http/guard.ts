import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize, type Action } from '../../lib/auth/authorize';
import type { Principal } from '../../lib/auth/principal';
import { getServices } from '../../lib/services';
import { sendJson } from './respond';

/**
 * The guard of every route on the custom server. Returns the principal when `action` is
 * allowed; otherwise writes 401/403 `{error, reason}` and returns undefined:
 *
 *   const principal = await guard(req, res, 'course:view', { courseId });
 *   if (!principal) return;
 *
 * Without an action it only requires a signed-in caller (then filter with visibleCourseIds).
 */
export async function guard(
  req: IncomingMessage,
  res: ServerResponse,
  action?: Action,
  options: { courseId?: string; org?: string } = {},
): Promise<Principal | undefined> {
  const { auth, config } = getServices();
  const authentication = await auth.authenticate({ cookie: req.headers.cookie, authorization: req.headers.authorization });
  if (!authentication.principal) {
    sendJson(res, 401, { error: 'not signed in', reason: authentication.reason }, { 'www-authenticate': 'Bearer realm="lookout"' });
    return undefined;
  }
  if (!action) return authentication.principal;
  const decision = authorize(authentication.principal, action, { ...options, piiRoles: config.auth.piiRoles });
  if (decision.allowed) return authentication.principal;
  sendJson(res, decision.status, { error: decision.status === 401 ? 'not signed in' : 'forbidden', reason: decision.reason });
  return undefined;
}

/** Whether the principal may do `action` (same rules and PII setting as guard), without writing a response. */
export function allowed(principal: Principal, action: Action, options: { courseId?: string; org?: string } = {}): boolean {
  return authorize(principal, action, { ...options, piiRoles: getServices().config.auth.piiRoles }).allowed;
}
