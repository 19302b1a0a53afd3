'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { openLiveSocket } from '../liveSocket';
import type { DashboardSnapshot, DashboardWidgetName, DashboardWidgets, VideoTimeline } from '@/lib/metrics/dashboardTypes';
import { courseRoom, type Snapshot } from '@/lib/live/protocol';
import type { ConnectionState } from '../useLiveRoom';
import { windowQuery, type DashboardWindow } from './dashboardWindow';

/**
 * What the socket sends for a windowed course subscription (snapshot: every widget; update:
 * the changed ones), with the window as the client sent it (lib/live/protocol.ts).
 */
interface WindowedMessage {
  room: string;
  from?: string;
  to?: string;
  version: number;
  asOf: string;
  widgets: Partial<DashboardWidgets>;
}

export interface DashboardData {
  courseId: string;
  displayName?: string;
  range: DashboardWindow;
  widgets: Partial<DashboardWidgets>;
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

export function dashboardUrl(courseId: string, w: DashboardWindow): string {
  return `/api/courses/${encodeURIComponent(courseId)}/dashboard?${windowQuery(w)}`;
}

export function timelineUrl(courseId: string, videoId: string, w: DashboardWindow): string {
  return `/api/courses/${encodeURIComponent(courseId)}/videos/${encodeURIComponent(videoId)}/timeline?${windowQuery(w)}`;
}

async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => undefined)) as (T & { error?: string }) | undefined;
  if (!res.ok) throw new Error(body?.error ?? `the server answered ${res.status} ${res.statusText}`);
  if (body === undefined) throw new Error('the server sent no JSON');
  return body;
}

interface Held {
  key: string;
  widgets: Partial<DashboardWidgets>;
  displayName?: string;
  asOf?: string;
  version: number;
  receivedAt?: number;
  /** Why the JSON snapshot failed. */
  error?: string;
  /** Why the live subscription was refused. */
  liveError?: string;
}

/** Widgets that do not depend on the window: kept on screen while another window loads. */
const WINDOWLESS: DashboardWidgetName[] = ['activeNow', 'eventsPerMinute', 'liveFeed'];

/** What to start a new window with: nothing of the old window but its window-less widgets. */
function startWindow(prev: Held, key: string): Held {
  if (prev.key === key) return prev;
  const widgets: Partial<DashboardWidgets> = {};
  for (const name of WINDOWLESS) if (prev.widgets[name]) Object.assign(widgets, { [name]: prev.widgets[name] });
  return { key, widgets, version: -1 };
}

/** How long to wait for the socket's snapshot before asking for the JSON one. */
export const JSON_FALLBACK_MS = 4000;

/**
 * The course dashboard for one window, through the live socket: a snapshot, then updates
 * with the widgets that changed. The live engine computes a room once for all its viewers,
 * so the JSON snapshot (GET …/dashboard) is asked for only when the socket cannot deliver:
 * it failed to connect, refused the subscription, or sent nothing for a few seconds — and on
 * "try again". Whichever data is newer (asOf) wins.
 */
export function useDashboard(courseId: string, range: DashboardWindow, initialSnapshot?: Snapshot): DashboardData {
  const key = `${courseId}|${range.from}|${range.to}`;
  // The server rendered the first view from this snapshot (lib/live/firstView.ts): start from it, so
  // the hydrated page shows the same figures, and let the socket's snapshot and updates take over.
  // Version -1: the subscription's room numbers its versions afresh.
  const [held, setHeld] = useState<Held>(() =>
    initialSnapshot && initialSnapshot.from === range.from && initialSnapshot.to === range.to
      ? { key, widgets: initialSnapshot.widgets as Partial<DashboardWidgets>, asOf: initialSnapshot.asOf, version: -1, receivedAt: Date.parse(initialSnapshot.asOf) }
      : { key, widgets: {}, version: -1 },
  );
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [attempt, setAttempt] = useState(0);
  const attemptKey = `${key}#${attempt}`;
  /** The attempt for which the JSON snapshot is wanted. */
  const [jsonFor, setJsonFor] = useState<string | undefined>(undefined);
  const socketRef = useRef<Socket | undefined>(undefined);
  const [socket, setSocket] = useState<Socket | undefined>(undefined);

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
    (k: string, snapshot: { widgets: Partial<DashboardWidgets>; asOf: string; displayName?: string }, version?: number) =>
      setHeld((prev) => {
        const base = startWindow(prev, k);
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
    [],
  );

  // The socket subscription for this window.
  useEffect(() => {
    if (!socket) return;
    const room = courseRoom(courseId);
    const request = { room, from: range.from, to: range.to };
    // Messages name the room and window they belong to: a late one for the previous window is dropped.
    const ours = (m: { room: string; from?: string; to?: string }) =>
      m.room === room && (m.from === undefined || m.from === range.from) && (m.to === undefined || m.to === range.to);
    let answered = false;
    const wantJson = () => {
      if (!answered) setJsonFor(attemptKey);
    };
    const fallback = setTimeout(wantJson, JSON_FALLBACK_MS);

    const onSnapshot = (m: WindowedMessage) => {
      if (!ours(m)) return;
      answered = true;
      setConnection('live');
      applyFull(key, m, m.version);
    };
    const onUpdate = (m: WindowedMessage) => {
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
      setHeld((prev) => ({ ...startWindow(prev, key), liveError: e.error }));
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
  }, [socket, courseId, range.from, range.to, key, attemptKey, applyFull]);

  // The JSON snapshot of this window, when the socket could not deliver.
  useEffect(() => {
    if (jsonFor !== attemptKey) return;
    const abort = new AbortController();
    getJson<DashboardSnapshot>(dashboardUrl(courseId, range), abort.signal)
      .then((snapshot) => applyFull(key, snapshot))
      .catch((err: Error) => {
        if (abort.signal.aborted) return;
        setHeld((prev) => {
          return { ...startWindow(prev, key), error: err.message };
        });
      });
    return () => abort.abort();
  }, [courseId, range.from, range.to, key, attemptKey, jsonFor, applyFull]);

  const retry = useCallback(() => {
    setHeld((prev) => startWindow({ ...prev, key: '' }, key));
    if (socketRef.current && !socketRef.current.connected) socketRef.current.connect();
    // Ask both ways at once: the user is waiting.
    setJsonFor(`${key}#${attempt + 1}`);
    setAttempt(attempt + 1);
  }, [key, attempt]);

  const current = startWindow(held, key);
  // Data of this window: a snapshot arrived (the JSON one or the socket's).
  const hasData = current.asOf !== undefined;
  return {
    courseId,
    displayName: current.displayName,
    range,
    widgets: current.widgets,
    asOf: current.asOf,
    receivedAt: current.receivedAt,
    loading: !hasData && current.error === undefined,
    error: hasData ? undefined : current.error,
    liveError: current.liveError,
    connection,
    retry,
  };
}

export interface TimelineData {
  timeline?: VideoTimeline;
  loading: boolean;
  error?: string;
}

/**
 * The second-by-second timeline of one video in the window. `revision` changes when
 * the live videos widget says this video's figures moved, which fetches it again
 * (at most once per `minIntervalMs`).
 */
export function useVideoTimeline(
  courseId: string,
  videoId: string | undefined,
  range: DashboardWindow,
  revision: string,
  minIntervalMs = 3000,
): TimelineData {
  const key = `${courseId}|${videoId}|${range.from}|${range.to}`;
  const [state, setState] = useState<{ key: string; timeline?: VideoTimeline; error?: string }>({ key });
  const lastFetch = useRef({ key: '', at: 0 });

  useEffect(() => {
    if (!videoId) return;
    const abort = new AbortController();
    // A new video or window loads at once; a live change of the same one waits its turn.
    const wait = lastFetch.current.key === key ? Math.max(0, lastFetch.current.at + minIntervalMs - Date.now()) : 0;
    const timer = setTimeout(() => {
      lastFetch.current = { key, at: Date.now() };
      getJson<VideoTimeline>(timelineUrl(courseId, videoId, range), abort.signal)
        .then((timeline) => setState({ key, timeline }))
        .catch((err: Error) => {
          if (!abort.signal.aborted) setState((prev) => ({ key, timeline: prev.key === key ? prev.timeline : undefined, error: err.message }));
        });
    }, wait);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, revision]);

  const current = state.key === key ? state : undefined;
  return { timeline: current?.timeline, error: current?.timeline ? undefined : current?.error, loading: !current?.timeline && !current?.error };
}
