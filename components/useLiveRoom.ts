'use client';
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import { reconnectAfterServerClose } from './reconnect';
import type { Snapshot, SubscribeError, Update } from '@/lib/live/protocol';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveRoom {
  widgets: Record<string, unknown>;
  version: number;
  connection: ConnectionState;
  /** When the server last told us about this room (client clock), for the data's age. */
  receivedAt?: number;
  error?: string;
}

/**
 * Subscribes to a room over Socket.IO: a snapshot on every (re)connect, then
 * updates carrying only the widgets that changed.
 */
export function useLiveRoom(room: string): LiveRoom {
  const [state, setState] = useState<LiveRoom>({ widgets: {}, version: -1, connection: 'connecting' });

  useEffect(() => {
    const socket = io({ transports: ['websocket', 'polling'] });
    reconnectAfterServerClose(socket);
    socket.on('connect', () => socket.emit('subscribe', { room }));
    socket.on('snapshot', (s: Snapshot) => {
      if (s.room !== room) return;
      setState({ widgets: s.widgets, version: s.version, connection: 'live', receivedAt: Date.now() });
    });
    socket.on('update', (u: Update) => {
      if (u.room !== room) return;
      setState((prev) =>
        u.version < prev.version
          ? prev
          : { ...prev, widgets: { ...prev.widgets, ...u.widgets }, version: u.version, receivedAt: Date.now(), connection: 'live' },
      );
    });
    socket.on('subscribe_error', (e: SubscribeError) => setState((prev) => ({ ...prev, error: e.error })));
    socket.on('disconnect', () => setState((prev) => ({ ...prev, connection: 'reconnecting' })));
    socket.io.on('reconnect_failed', () => setState((prev) => ({ ...prev, connection: 'offline' })));
    socket.on('connect_error', (err: Error & { data?: { status?: number } }) => {
      // Refused by access control: say why and stop retrying.
      if (err.data?.status === 401 || err.data?.status === 403) {
        socket.close();
        return setState((prev) => ({ ...prev, connection: 'offline', error: err.message }));
      }
      setState((prev) => ({ ...prev, connection: prev.version < 0 ? 'connecting' : 'reconnecting' }));
    });
    return () => {
      socket.close();
    };
  }, [room]);

  return state;
}

/** Re-renders every `ms` so that relative times stay true. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
