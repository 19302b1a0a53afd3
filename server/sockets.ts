import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import type { LiveEngine } from './live/engine';
import { anyRoomTakesWindow, parseLiveRoomKey, roomKey, roomTakesWindow, scopeOfRoom, type SubscribeError, type SubscribeRequest } from '../lib/live/protocol';
import { authorizeRoom } from '../lib/live/roomAccess';
import { parseDashboardWindow } from '../lib/metrics/window';
import { isWeekStart, WEEK_STARTS } from '../lib/metrics/weekStart';
import type { Authenticator } from '../lib/auth/authenticator';
import { authorize } from '../lib/auth/authorize';
import type { PiiRoleName, Principal } from '../lib/auth/principal';
import { withLanePriority } from '../lib/lake/lane';
import { isSocketOrigin } from '../lib/auth/origin';

/** The access check of the socket: who connected (handshake), and what they may subscribe to. */
export interface SocketAccess {
  auth: Authenticator;
  piiRoles: readonly PiiRoleName[];
  /** How often subscribed sockets are re-checked against current roles (default 30 s). */
  recheckMs?: number;
  /** Browser origins allowed to open a socket: Lookout's own (LOOKOUT_PUBLIC_URL, else the Host it was sent to) and the embed origins. */
  origins: { publicUrl?: string; embedOrigins: readonly string[] };
}

/**
 * Socket.IO on the same HTTP server: `subscribe {room}` → `snapshot`, then `update`s
 * with changed widgets only. Upgrades for other paths (Next's dev HMR) are left alone.
 * The handshake is authenticated like an HTTP request (cookies, Bearer header or
 * `auth: { token }`): no principal → connect_error with the reason (data.status 401).
 * Each subscribe is authorized (lib/live/roomAccess.ts: course:view on a course room, platform:view, org:view): refused → subscribe_error
 * with status 403. Every `recheckMs` the rooms of each socket are authorized again with the
 * user's current roles: a room no longer allowed is left (subscribe_error 403), a revoked
 * API token ends the connection (access_revoked), and so does an expired session or LMS JWT
 * cookie, at its expiry or on its next subscribe (credential_expired {reason}: the page
 * reconnects, and the new handshake carries the refreshed cookie or is refused).
 */
export function attachSockets(http: HttpServer, engine: LiveEngine, access: SocketAccess): SocketServer {
  const io = new SocketServer(http, {
    destroyUpgrade: false,
    serveClient: false,
    // Polling handshakes from an embedding page need CORS; a WebSocket has none, hence allowRequest.
    cors: access.origins.embedOrigins.length ? { origin: [...access.origins.embedOrigins], credentials: true } : { origin: false },
    // Both transports' handshakes: a page on another origin must not use the viewer's cookies.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (origin === undefined || isSocketOrigin(origin, req.headers.host, access.origins)) return callback(null, true);
      callback(`origin ${origin} may not open a Lookout socket`, false);
    },
  });

  io.use((socket, next) => {
    const handshake = socket.handshake;
    const token = typeof handshake.auth?.token === 'string' ? handshake.auth.token : undefined;
    access.auth
      .authenticate({ cookie: handshake.headers.cookie, authorization: handshake.headers.authorization, token })
      .then((result) => {
        if (!result.principal) return next(Object.assign(new Error(result.reason), { data: { status: 401, reason: result.reason } }));
        // No Origin: not a browser page. Cookies alone must not do there what a page cannot.
        if (handshake.headers.origin === undefined && result.principal.source !== 'api-token') {
          const reason = 'a client without an Origin header (not a browser) must sign in with an API token';
          return next(Object.assign(new Error(reason), { data: { status: 401, reason } }));
        }
        socket.data.principal = result.principal;
        next();
      })
      .catch((err: Error) => next(Object.assign(new Error(`could not check access: ${err.message}`), { data: { status: 503 } })));
  });

  const checks = new Map<string, () => Promise<void>>();
  // Nobody waits for a recheck: its lookups yield the lake to ingest and live updates (a burst of
  // them, one per socket, would otherwise hold back every room's next update).
  const recheck = setInterval(() => {
    void withLanePriority('background', async () => {
      for (const check of checks.values()) void check().catch(() => undefined);
    });
  }, access.recheckMs ?? 30_000);
  recheck.unref();
  http.on('close', () => clearInterval(recheck));

  io.on('connection', (socket) => {
    const rooms = new Set<string>();
    let principal = socket.data.principal as Principal;
    const handshake = socket.handshake;
    const credentials = {
      cookie: handshake.headers.cookie,
      authorization: handshake.headers.authorization,
      token: typeof handshake.auth?.token === 'string' ? handshake.auth.token : undefined,
    };

    /** The caller with current roles (cached briefly by the Authenticator), or why the handshake's credential no longer holds. */
    const current = async (): Promise<Principal | { reason: string }> => {
      const result = await access.auth.authenticate(credentials);
      if (result.principal) return (principal = result.principal);
      return { reason: result.reason };
    };
    /**
     * The credential is gone: a revoked API token is final (access_revoked); an expired cookie
     * (LMS JWT, session) gets credential_expired, which the page answers by reconnecting, so the
     * new handshake carries the refreshed cookie, or is refused (connect_error 401).
     */
    const revoke = async (reason: string) => {
      socket.emit(principal.source === 'api-token' ? 'access_revoked' : 'credential_expired', { reason });
      socket.disconnect(true);
    };
    const check = async () => {
      const now = await current();
      if ('reason' in now) return revoke(now.reason);
      for (const room of [...rooms]) {
        const scope = parseLiveRoomKey(room)?.scope;
        const decision = scope ? authorizeRoom(now, scope, access.piiRoles) : authorize(now, 'course:view', { piiRoles: access.piiRoles });
        if (decision.allowed) continue;
        rooms.delete(room);
        await socket.leave(room);
        engine.unwatch(room);
        socket.emit('subscribe_error', { room, error: decision.reason, status: decision.status } satisfies SubscribeError);
      }
    };
    checks.set(socket.id, async () => {
      if (rooms.size === 0 && principal.source !== 'api-token') return;
      await check();
    });
    // Checked again the moment the credential expires, rooms or not (the periodic check would find it later).
    let expiry: NodeJS.Timeout | undefined;
    if (principal.expiresAt !== undefined) {
      expiry = setTimeout(() => void withLanePriority('background', check).catch(() => undefined), Math.min(2 ** 31 - 1, Math.max(0, principal.expiresAt - Date.now() + 50)));
      expiry.unref();
    }

    socket.on('subscribe', async (request: SubscribeRequest, ack?: (r: unknown) => void) => {
      const room = request?.room;
      const refuse = (reason: string) => {
        const error: SubscribeError = { room: String(room), error: reason };
        socket.emit('subscribe_error', error);
        ack?.(error);
      };
      const scope = scopeOfRoom(room);
      if (!scope || room.includes('?')) return refuse('unknown room: expected "course:<courseId>", "risk:<courseId>", "platform" or "org:<org>"');
      // A lake error keeps the last known principal; a credential that no longer holds ends the socket.
      const now = await current().catch(() => principal);
      if ('reason' in now) return revoke(now.reason);
      const decision = authorizeRoom(now, scope, access.piiRoles);
      if (!decision.allowed) {
        const error: SubscribeError = { room, error: decision.reason, status: decision.status };
        socket.emit('subscribe_error', error);
        ack?.(error);
        return;
      }
      const key = subscriptionKey(request);
      if (typeof key !== 'string') return refuse(key.error);
      if (!rooms.has(key)) {
        rooms.add(key);
        await socket.join(key);
        engine.watch(key);
      }
      try {
        const snapshot = await engine.snapshot(key);
        socket.emit('snapshot', snapshot);
        ack?.({ ok: true, version: snapshot.version });
      } catch (err) {
        refuse(`live data unavailable: ${(err as Error).message}`);
      }
    });

    socket.on('unsubscribe', async (request: SubscribeRequest) => {
      if (typeof request?.room !== 'string') return;
      const key = subscriptionKey(request);
      if (typeof key !== 'string' || !rooms.delete(key)) return;
      await socket.leave(key);
      engine.unwatch(key);
    });

    socket.on('disconnect', () => {
      checks.delete(socket.id);
      clearTimeout(expiry);
      for (const room of rooms) engine.unwatch(room);
      rooms.clear();
    });
  });

  return io;
}

/** The engine's room key of a subscription, or why its window or week start is unusable. */
function subscriptionKey(request: SubscribeRequest): string | { error: string } {
  const { room, from, to, weekStart } = request;
  if (weekStart !== undefined && !(isWeekStart(weekStart) && roomTakesWindow(room))) {
    return { error: `weekStart (${WEEK_STARTS.join(' or ')}) is for course rooms only` };
  }
  if (from === undefined && to === undefined) return roomKey(room, undefined, undefined, weekStart);
  if (!anyRoomTakesWindow(room)) return { error: 'this room takes no window (from, to): only course rooms, platform and org rooms take one' };
  if (typeof from !== 'string' || typeof to !== 'string') return { error: 'from and to must both be strings (YYYY-MM-DD or ISO instants)' };
  const window = parseDashboardWindow(from, to, new Date());
  if ('error' in window) return { error: window.error };
  return roomKey(room, from, to, weekStart);
}
