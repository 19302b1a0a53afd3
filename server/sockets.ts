import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import type { LiveEngine } from './live/engine';
import { courseIdOfRoom, type SubscribeError, type SubscribeRequest } from '../lib/live/protocol';

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
      if (!courseIdOfRoom(room)) {
        const error: SubscribeError = { room: String(room), error: 'unknown room: expected "course:<courseId>"' };
        socket.emit('subscribe_error', error);
        ack?.(error);
        return;
      }
      if (!rooms.has(room)) {
        rooms.add(room);
        await socket.join(room);
        engine.watch(room);
      }
      try {
        const snapshot = await engine.snapshot(room);
        socket.emit('snapshot', snapshot);
        ack?.({ ok: true, version: snapshot.version });
      } catch (err) {
        const error: SubscribeError = { room, error: `live data unavailable: ${(err as Error).message}` };
        socket.emit('subscribe_error', error);
        ack?.(error);
      }
    });

    socket.on('unsubscribe', async (request: SubscribeRequest) => {
      const room = request?.room;
      if (typeof room !== 'string' || !rooms.delete(room)) return;
      await socket.leave(room);
      engine.unwatch(room);
    });

    socket.on('disconnect', () => {
      for (const room of rooms) engine.unwatch(room);
      rooms.clear();
    });
  });

  return io;
}
