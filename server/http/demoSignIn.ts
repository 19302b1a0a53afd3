import type { IncomingMessage, ServerResponse } from 'node:http';
import { sessionSetCookie, SECURE_SESSION_COOKIE, SESSION_COOKIE, writeSession } from '../../lib/auth/session';
import { getServices } from '../../lib/services';
import { sameOriginPath } from '../../lib/auth/redirect';
import { DEMO_USERS } from '../demo/seedUsers';
import { HttpError, readBody, sendJson } from './respond';

export const DEMO_SIGNIN_PATH = '/api/demo/signin';
export const SIGNOUT_PATH = '/api/session/signout';

/**
 * POST /api/demo/signin (form or JSON: username, next) → Lookout session for a seeded demo
 * user, 303 to `next`. Only served when config.auth.demoSignIn (never with an LMS configured).
 */
export async function handleDemoSignIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { config } = getServices();
  try {
    if (!config.auth.demoSignIn) throw new HttpError(404, 'demo sign-in is off (an LMS is configured, or LOOKOUT_DEMO_SIGNIN=0)');
    if (req.method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
    const text = await readBody(req, 10_000);
    const form = (req.headers['content-type'] ?? '').includes('json')
      ? (JSON.parse(text || '{}') as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(text));
    const user = DEMO_USERS.find((u) => u.username === form.username);
    if (!user) throw new HttpError(400, `not a demo user: ${String(form.username)}`);
    const value = await writeSession({ username: user.username, userId: user.id, email: user.email, name: `${user.firstName} ${user.lastName}`, via: 'demo' }, secret());
    const next = sameOriginPath(form.next);
    res.writeHead(303, { location: next, 'set-cookie': sessionSetCookie(value, isSecure(req)), 'cache-control': 'no-store' });
    res.end();
  } catch (err) {
    if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message }, err.headers);
    if (err instanceof SyntaxError) return sendJson(res, 400, { error: 'body must be a form or JSON' });
    throw err;
  }
}

/** POST /api/session/signout → clears Lookout's session cookie, 303 to /. */
export function handleSignOut(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' }, { allow: 'POST' });
  res.writeHead(303, {
    location: '/',
    'set-cookie': [SESSION_COOKIE, SECURE_SESSION_COOKIE].map((n) => `${n}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${n.startsWith('__Secure') ? '; Secure' : ''}`),
  });
  res.end();
}

const secret = () => getServices().auth.config.secret;
const isSecure = (req: IncomingMessage) => (req.headers['x-forwarded-proto'] ?? '') === 'https' || Boolean((req.socket as { encrypted?: boolean }).encrypted);
