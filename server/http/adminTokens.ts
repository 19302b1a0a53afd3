import type { IncomingMessage, ServerResponse } from 'node:http';
import { createApiToken, listApiTokens, revokeApiToken } from '../../lib/auth/apiTokens';
import { recordAudit } from '../../lib/auth/audit';
import { lmsUserFromLake } from '../../lib/auth/lakeRoles';
import { getServices } from '../../lib/services';
import { guard } from './guard';
import { HttpError, readBody, sendJson } from './respond';

export const ADMIN_TOKENS_PATH = '/api/admin/tokens';

/**
 * Admin only. GET /api/admin/tokens → {tokens}; POST {username, label?} → 201 {token, …}
 * (the token is shown this once); DELETE /api/admin/tokens/<id> → 204, or 404.
 */
export async function handleAdminTokens(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const principal = await guard(req, res, 'admin');
  if (!principal) return;
  const { lake, auth } = getServices();
  const path = (req.url ?? '/').split('?')[0]!;
  try {
    if (path === ADMIN_TOKENS_PATH && req.method === 'GET') return sendJson(res, 200, { tokens: await listApiTokens(lake) });
    if (path === ADMIN_TOKENS_PATH && req.method === 'POST') {
      let body: { username?: unknown; label?: unknown };
      try {
        body = JSON.parse(await readBody(req, 10_000)) as typeof body;
      } catch (err) {
        throw err instanceof HttpError ? err : new HttpError(400, 'body must be JSON: {"username": "...", "label": "..."}');
      }
      if (typeof body.username !== 'string' || !body.username.trim()) throw new HttpError(400, 'username is required');
      if (body.label !== undefined && typeof body.label !== 'string') throw new HttpError(400, 'label must be a string');
      // Bound to the user's LMS id now when synced (else at first use): roles follow the id, not the name.
      const userId = (await lmsUserFromLake(lake, body.username.trim()))?.id;
      const created = await createApiToken(lake, { username: body.username, userId, label: body.label, createdBy: principal.username });
      await recordAudit(lake, principal, { action: 'token:create', detail: `${created.info.id} for ${created.info.username}` });
      return sendJson(res, 201, { token: created.token, ...created.info });
    }
    const one = /^\/api\/admin\/tokens\/([A-Za-z0-9]+)$/.exec(path);
    if (one && req.method === 'DELETE') {
      if (!(await revokeApiToken(lake, one[1]!))) throw new HttpError(404, `no live token ${one[1]}`);
      auth.clearCache();
      await recordAudit(lake, principal, { action: 'token:revoke', detail: one[1]! });
      res.writeHead(204).end();
      return;
    }
    throw new HttpError(405, 'use GET or POST /api/admin/tokens, or DELETE /api/admin/tokens/<id>');
  } catch (err) {
    if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message }, err.headers);
    throw err;
  }
}
