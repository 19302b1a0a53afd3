import type { IncomingMessage, ServerResponse } from 'node:http';
import { DELIVERY_STATUSES, deliveryCounts, listDeliveries, withoutPiiUnlessAllowed, type Delivery, type DeliveryStatus } from '../../lib/alerts/deliveries';
import { InvalidPreferenceError, preferencesOf, savePreference } from '../../lib/alerts/preferences';
import { InvalidAlertRuleError, listRules, ruleHistory, saveRule } from '../../lib/alerts/rules';
import type { Lake } from '../../lib/lake/client';
import { retryDeliveryNow } from '../alerts/engine';
import { getServices } from '../../lib/services';
import { callerOf, requireAllowed } from './caller';
import { HttpError, readBody, sendJson } from './respond';

/**
 * Alerts API (issue 22):
 *   GET  /api/admin/alert-rules                      rules and their history (admins)
 *   POST /api/admin/alert-rules {scope, key, spec}   a new rule; PUT/DELETE /api/admin/alert-rules/<id>
 *   GET  /api/admin/alert-deliveries?status=&recipient=&limit=   every delivery and its status (admins)
 *   POST /api/admin/alert-deliveries/<id>/retry      a failed or abandoned delivery, on the next run
 *   GET  /api/notifications                          your preferences and the alerts sent to you
 *   PUT  /api/notifications {courseId, optedOut, schedule}   opt out or choose your schedule ('' = every course)
 */
export const ALERTS_PATHS = ['/api/admin/alert-rules', '/api/admin/alert-deliveries', '/api/notifications'];

export async function handleAlertsApi(req: IncomingMessage, res: ServerResponse, deps: { lake: Lake }): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (!ALERTS_PATHS.some((p) => path === p || path.startsWith(p + '/'))) return false;
  const { lake } = deps;
  try {
    const caller = await callerOf(req.headers);
    const rule = /^\/api\/admin\/alert-rules(?:\/([^/]+))?$/.exec(path);
    const delivery = /^\/api\/admin\/alert-deliveries(?:\/([^/]+)\/retry)?$/.exec(path);
    if (rule) {
      requireAllowed(caller, 'admin');
      const id = rule[1] && decodeURIComponent(rule[1]);
      if (!id) {
        allow(req, ['GET', 'HEAD', 'POST']);
        if (req.method === 'POST') {
          const body = await jsonBody(req);
          sendJson(res, 201, { rule: await saveRule(lake, { scope: body.scope, key: body.key ?? '', spec: body.spec ?? {}, actor: caller.actor }) });
        } else sendJson(res, 200, { rules: await listRules(lake), history: await ruleHistory(lake) });
      } else {
        allow(req, ['PUT', 'DELETE']);
        if (req.method === 'DELETE') {
          const existing = (await listRules(lake)).find((r) => r.id === id);
          if (!existing) throw new HttpError(404, `no alert rule ${id}`);
          await saveRule(lake, { id, scope: existing.scope, key: existing.key, spec: null, actor: caller.actor });
          sendJson(res, 200, { deleted: id });
        } else {
          const body = await jsonBody(req);
          sendJson(res, 200, { rule: await saveRule(lake, { id, scope: body.scope, key: body.key ?? '', spec: body.spec ?? {}, actor: caller.actor }) });
        }
      }
    } else if (delivery) {
      requireAllowed(caller, 'admin');
      if (delivery[1]) {
        allow(req, ['POST']);
        const [d] = await listDeliveries(lake, { id: decodeURIComponent(delivery[1]), limit: 1 });
        if (!d) throw new HttpError(404, `no delivery ${delivery[1]}`);
        try {
          sendJson(res, 200, { delivery: await retryDeliveryNow(lake, d) });
        } catch (err) {
          throw new HttpError(409, (err as Error).message);
        }
      } else {
        allow(req, ['GET', 'HEAD']);
        const status = url.searchParams.get('status') ?? '';
        if (status && !DELIVERY_STATUSES.includes(status as DeliveryStatus)) throw new HttpError(400, `status must be one of ${DELIVERY_STATUSES.join(', ')}`);
        const limit = Number(url.searchParams.get('limit') ?? 200);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, 'limit must be a whole number from 1 to 1000');
        const deliveries = await listDeliveries(lake, { status: (status || undefined) as DeliveryStatus | undefined, recipient: url.searchParams.get('recipient') ?? undefined, limit });
        sendJson(res, 200, { counts: await deliveryCounts(lake), deliveries: deliveries.map((d) => withoutPiiUnlessAllowed(d, adminSeesPii())) });
      }
    } else if (path === '/api/notifications') {
      allow(req, ['GET', 'HEAD', 'PUT']);
      const userId = caller.principal.userId;
      if (userId === undefined) throw new HttpError(403, 'notifications follow an LMS user id, which this credential does not carry');
      if (req.method === 'PUT') {
        try {
          sendJson(res, 200, { preference: await savePreference(lake, userId, await jsonBody(req)) });
        } catch (err) {
          if (err instanceof InvalidPreferenceError) throw new HttpError(400, err.errors.join('; '));
          throw err;
        }
      } else {
        sendJson(res, 200, {
          preferences: (await preferencesOf(lake, [userId])).get(userId) ?? [],
          deliveries: (await listDeliveries(lake, { recipient: `user:${userId}`, limit: 100 })).map(ownView),
        });
      }
    } else throw new HttpError(404, 'not found');
  } catch (err) {
    if (err instanceof InvalidAlertRuleError) sendJson(res, 400, { error: 'invalid alert rule', errors: err.errors });
    else if (err instanceof HttpError && (err.status === 401 || err.status === 403)) sendJson(res, err.status, { error: err.status === 401 ? 'not signed in' : 'forbidden', reason: err.message }, err.headers);
    else if (err instanceof HttpError) sendJson(res, err.status, { error: err.message }, err.headers);
    else throw err;
  }
  return true;
}

function adminSeesPii(): boolean {
  return getServices().config.auth.piiRoles.includes('admin');
}

/** What a person sees of a delivery to them. */
function ownView(d: Delivery) {
  return { id: d.id, channel: d.channel, subject: d.subject, body: d.body, status: d.status, createdAt: d.createdAt, sentAt: d.sentAt };
}

function allow(req: IncomingMessage, methods: string[]): void {
  if (!methods.includes(req.method ?? 'GET')) throw new HttpError(405, `use ${methods.join(' or ')}`, { allow: methods.join(', ') });
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req, 64 * 1024);
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new HttpError(400, 'the body must be a JSON object');
}
