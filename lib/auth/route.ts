import { getServices } from '../services';
import { authorize, type Action } from './authorize';
import type { Principal } from './principal';

/**
 * The guard for Next.js route handlers (app/api/…/route.ts), with the same rules as the
 * custom server's guard():
 *
 *   const access = await guardRequest(request, 'course:view', { courseId });
 *   if ('response' in access) return access.response;   // 401/403 {error, reason}
 *   const principal = access.principal;
 */
export async function guardRequest(
  request: Request,
  action?: Action,
  options: { courseId?: string; org?: string } = {},
): Promise<{ principal: Principal } | { response: Response }> {
  const { auth, config } = getServices();
  const result = await auth.authenticate({
    cookie: request.headers.get('cookie') ?? undefined,
    authorization: request.headers.get('authorization') ?? undefined,
  });
  if (!result.principal) return { response: refusal(401, result.reason) };
  if (!action) return { principal: result.principal };
  const decision = authorize(result.principal, action, { ...options, piiRoles: config.auth.piiRoles });
  return decision.allowed ? { principal: result.principal } : { response: refusal(decision.status, decision.reason) };
}

function refusal(status: 401 | 403, reason: string): Response {
  return Response.json(
    { error: status === 401 ? 'not signed in' : 'forbidden', reason },
    { status, headers: { 'cache-control': 'no-store', ...(status === 401 ? { 'www-authenticate': 'Bearer realm="lookout"' } : {}) } },
  );
}
