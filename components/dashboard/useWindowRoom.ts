'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { openLiveSocket } from '../liveSocket';
import type { Snapshot } from '@/lib/live/protocol';
import type { ConnectionState } from '../useLiveRoom';
import type { DashboardWindow } from './dashboardWindow';
import { formatMessage } from '@/lib/i18n';
import { messages } from './CourseDashboard.messages';
import type { WeekStart } from '@/lib/metrics/weekStart';

/**
 * What the socket sends for a windowed subscription (snapshot: every widget; update: the changed
 * ones), with the window as the client sent it (lib/live/protocol.ts).
 */
interface WindowedMessage<W> {
  room: string;
  from?: string;
  to?: string;
  version: number;
  asOf: string;
  widgets: Partial<W>;
  displayName?: string;
}

export interface WindowRoomData<W> {
  widgets: Partial<W>;
  displayName?: string;
  /** When the server computed the newest widgets we hold. */
  asOf?: string;
  /** When we last heard from the server about this window (client clock), for the data's age. */
  receivedAt?: number;
  /** True while nothing has arrived for the current window. */
  loading: boolean;
  /** Why the window could not be loaded (only when nothing is shown). */
  error?: string;
  /** Why live updates were refused (the JSON snapshot may still be shown). */
  liveError?: string;
  connection: ConnectionState;
  retry(): void;
}

export async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => undefined)) as (T & { error?: string; reason?: string }) | undefined;
  if (!res.ok) throw new Error(body?.reason ?? body?.error ?? formatMessage(messages.serverAnswered, { status: res.status, statusText: res.statusText }));
  if (body === undefined) throw new Error(formatMessage(messages.noJson));
  return body;
}

interface Held<W> {
  key: string;
  widgets: Partial<W>;
  displayName?: string;
  asOf?: string;
  version: number;
  receivedAt?: number;
  /** Why the JSON snapshot failed. */
  error?: string;
  /** Why the live subscription was refused. */
  liveError?: string;
}

/** What to start a new window with: nothing of the old window but its window-less widgets. */
function startWindow<W>(prev: Held<W>, key: string, windowless: readonly (keyof W)[]): Held<W> {
  if (prev.key === key) return prev;
  const widgets: Partial<W> = {};
  for (const name of windowless) if (prev.widgets[name]) widgets[name] = prev.widgets[name];
  return { key, widgets, version: -1 };
}

/** How long to wait for the socket's snapshot before asking for the JSON one. */
export const JSON_FALLBACK_MS = 4000;

/**
 * One live room's widgets for one window, through the live socket: a snapshot, then updates with
 * the widgets that changed. The live engine computes a room once for all its viewers, so the JSON
 * snapshot (`jsonUrl`) is asked for only when the socket cannot deliver: it failed to connect,
 * refused the subscription, or sent nothing for a few seconds — and on "try again". Whichever data
 * is newer (asOf) wins. The course page (room `course:<id>`) and the platform and org pages
 * (`platform`, `org:<org>`) read their rooms through it.
 */
export function useWindowRoom<W>(opts: {
  room: string;
  jsonUrl: string;
  range: DashboardWindow;
  /** Widgets that do not depend on the window: kept on screen while another window loads. */
  windowless: readonly (keyof W)[];
  /** The snapshot the server rendered the first view from (lib/live/firstView.ts), if any. */
  initialSnapshot?: Snapshot;
  /** A course room's week start (lib/live/protocol SubscribeRequest), sent with the subscription. */
  weekStart?: WeekStart;
}): WindowRoomData<W> {
  const { room, jsonUrl, range, windowless, initialSnapshot, weekStart } = opts;
  const key = `${room}|${range.from}|${range.to}`;
  // Start from the server-rendered snapshot, so the hydrated page shows the same figures, and let
  // the socket's snapshot and updates take over. Version -1: the subscription numbers its versions afresh.
  const [held, setHeld] = useState<Held<W>>(() =>
    initialSnapshot && initialSnapshot.from === range.from && initialSnapshot.to === range.to
      ? { key, widgets: initialSnapshot.widgets as Partial<W>, asOf: initialSnapshot.asOf, version: -1, receivedAt: Date.parse(initialSnapshot.asOf) }
      : { key, widgets: {}, version: -1 },
  );
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [attempt, setAttempt] = useState(0);
  const attemptKey = `${key}#${attempt}`;
  /** The attempt for which the JSON snapshot is wanted. */
  const [jsonFor, setJsonFor] = useState<string | undefined>(undefined);
  const socketRef = useRef<Socket | undefined>(undefined);
  const [socket, setSocket] = useState<Socket | undefined>(undefined);
  const windowlessRef = useRef(windowless);
  windowlessRef.current = windowless;
  const start = useCallback((prev: Held<W>, k: string) => startWindow(prev, k, windowlessRef.current), []);

  // One socket for the component's life; subscriptions follow the window.
  useEffect(() => {
    const s = openLiveSocket();
    socketRef.current = s;
    setSocket(s);
    s.on('disconnect', () => setConnection('reconnecting'));
    s.on('connect_error', () => setConnection((prev) => (prev === 'live' ? 'reconnecting' : prev)));
    s.io.on('reconnect_failed', () => setConnection('offline'));
    return () => {
      s.close();
      socketRef.current = undefined;
    };
  }, []);

  // Apply a full set of widgets unless we already hold newer ones for this window.
  const applyFull = useCallback(
    (k: string, snapshot: { widgets: Partial<W>; asOf: string; displayName?: string }, version?: number) =>
      setHeld((prev) => {
        const base = start(prev, k);
        if (base.asOf !== undefined && snapshot.asOf < base.asOf) return base;
        return {
          key: k,
          widgets: { ...base.widgets, ...snapshot.widgets },
          displayName: snapshot.displayName ?? base.displayName,
          asOf: snapshot.asOf,
          version: version ?? base.version,
          receivedAt: Date.now(),
          // A socket snapshot (with a version) means the subscription works after all.
          liveError: version === undefined ? base.liveError : undefined,
        };
      }),
    [start],
  );

  // The socket subscription for this window.
  useEffect(() => {
    if (!socket) return;
    // Monday weeks are the default: only Sunday is said (lib/live/protocol roomKey marks only it).
    const request = { room, from: range.from, to: range.to, ...(weekStart === 'sunday' && { weekStart }) };
    // Messages name the room and window they belong to: a late one for the previous window is dropped.
    const ours = (m: { room: string; from?: string; to?: string }) =>
      m.room === room && (m.from === undefined || m.from === range.from) && (m.to === undefined || m.to === range.to);
    let answered = false;
    const wantJson = () => {
      if (!answered) setJsonFor(attemptKey);
    };
    const fallback = setTimeout(wantJson, JSON_FALLBACK_MS);

    const onSnapshot = (m: WindowedMessage<W>) => {
      if (!ours(m)) return;
      answered = true;
      setConnection('live');
      applyFull(key, m, m.version);
    };
    const onUpdate = (m: WindowedMessage<W>) => {
      if (!ours(m)) return;
      setConnection('live');
      setHeld((prev) => {
        // The same version with no widgets says the data is still current (its age moved).
        if (prev.key !== key || m.version < prev.version) return prev;
        return { ...prev, widgets: { ...prev.widgets, ...m.widgets }, version: m.version, asOf: m.asOf, receivedAt: Date.now() };
      });
    };
    const onError = (e: { room: string; error: string }) => {
      if (!ours(e)) return;
      setHeld((prev) => ({ ...start(prev, key), liveError: e.error }));
      wantJson();
    };
    const subscribe = () => socket.emit('subscribe', request);

    socket.on('snapshot', onSnapshot);
    socket.on('update', onUpdate);
    socket.on('subscribe_error', onError);
    socket.on('connect', subscribe);
    socket.on('connect_error', wantJson);
    if (socket.connected) subscribe();
    return () => {
      clearTimeout(fallback);
      socket.off('connect_error', wantJson);
      socket.off('snapshot', onSnapshot);
      socket.off('update', onUpdate);
      socket.off('subscribe_error', onError);
      socket.off('connect', subscribe);
      if (socket.connected) socket.emit('unsubscribe', request);
    };
  }, [socket, room, range.from, range.to, weekStart, key, attemptKey, applyFull, start]);

  // The JSON snapshot of this window, when the socket could not deliver.
  useEffect(() => {
    if (jsonFor !== attemptKey) return;
    const abort = new AbortController();
    getJson<{ widgets: Partial<W>; asOf: string; displayName?: string }>(jsonUrl, abort.signal)
      .then((snapshot) => applyFull(key, snapshot))
      .catch((err: Error) => {
        if (abort.signal.aborted) return;
        setHeld((prev) => ({ ...start(prev, key), error: err.message }));
      });
    return () => abort.abort();
  }, [jsonUrl, key, attemptKey, jsonFor, applyFull, start]);

  const retry = useCallback(() => {
    setHeld((prev) => start({ ...prev, key: '' }, key));
    if (socketRef.current && !socketRef.current.connected) socketRef.current.connect();
    // Ask both ways at once: the user is waiting.
    setJsonFor(`${key}#${attempt + 1}`);
    setAttempt(attempt + 1);
  }, [key, attempt, start]);

  const current = start(held, key);
  // Data of this window: a snapshot arrived (the JSON one or the socket's).
  const hasData = current.asOf !== undefined;
  return {
    widgets: current.widgets,
    displayName: current.displayName,
    asOf: current.asOf,
    receivedAt: current.receivedAt,
    loading: !hasData && current.error === undefined,
    error: hasData ? undefined : current.error,
    liveError: current.liveError,
    connection,
    retry,
  };
}
