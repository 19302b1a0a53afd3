import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import type { LiveEngine } from './live/engine';
import { courseIdOfRoom, roomKey, type SubscribeError, type SubscribeRequest } from '../lib/live/protocol';
import { parseDashboardWindow } from '../lib/metrics/window';

/**
 * Socket.IO on the same HTTP server: `subscribe {room}` → `snapshot`, then `update`s
 * with changed widgets only. Upgrades for other paths (Next's dev HMR) are left alone.
 */
export function attachSockets(http: HttpServer, engine: LiveEngine): SocketServer {
  const io = new SocketServer(http, {
    destroyUpgrade: false,
    serveClient: false,
    cors: { origin: false },
  });

  io.on('connection', (socket) => {
    const rooms = new Set<string>();

    socket.on('subscribe', async (request: SubscribeRequest, ack?: (r: unknown) => void) => {
      const room = request?.room;
      const refuse = (reason: string) => {
        const error: SubscribeError = { room: String(room), error: reason };
        socket.emit('subscribe_error', error);
        ack?.(error);
      };
      if (!courseIdOfRoom(room) || room.includes('?')) return refuse('unknown room: expected "course:<courseId>"');
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
      for (const room of rooms) engine.unwatch(room);
      rooms.clear();
    });
  });

  return io;
}

/** The engine's room key of a subscription, or why its window is unusable. */
function subscriptionKey(request: SubscribeRequest): string | { error: string } {
  const { room, from, to } = request;
  if (from === undefined && to === undefined) return room;
  if (typeof from !== 'string' || typeof to !== 'string') return { error: 'from and to must both be strings (YYYY-MM-DD or ISO instants)' };
  const window = parseDashboardWindow(from, to, new Date());
  if ('error' in window) return { error: window.error };
  return roomKey(room, from, to);
}
