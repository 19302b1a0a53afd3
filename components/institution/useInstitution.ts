'use client';
import { useCallback, useEffect, useState } from 'react';
import { openLiveSocket } from '../liveSocket';
import type { ConnectionState } from '../useLiveRoom';
import { windowQuery, type DashboardWindow } from '../dashboard/dashboardWindow';
import { JSON_FALLBACK_MS } from '../dashboard/useDashboard';
import type { InstitutionSnapshot, InstitutionWidgets } from '@/lib/institution/snapshot';
import { orgRoom, PLATFORM_ROOM } from '@/lib/live/protocol';

export interface InstitutionData {
  widgets: Partial<InstitutionWidgets>;
  asOf?: string;
  receivedAt?: number;
  loading: boolean;
  error?: string;
  liveError?: string;
  connection: ConnectionState;
  retry(): void;
}

interface Message {
  room: string;
  from?: string;
  to?: string;
  version: number;
  asOf: string;
  widgets: Partial<InstitutionWidgets>;
}

/** GET /api/platform/dashboard or /api/orgs/<org>/dashboard for a window. */
export function institutionUrl(org: string | undefined, w: DashboardWindow): string {
  const base = org === undefined ? '/api/platform/dashboard' : `/api/orgs/${encodeURIComponent(org)}/dashboard`;
  return `${base}?${windowQuery(w)}`;
}

/**
 * The platform's or an org's figures for one window, through the live socket (room `platform` or
 * `org:<org>` with the window): a snapshot, then updates with the widgets that changed, as the
 * course page's useDashboard. The JSON answer is asked for only when the socket cannot deliver.
 */
export function useInstitution(org: string | undefined, range: DashboardWindow): InstitutionData {
  const room = org === undefined ? PLATFORM_ROOM : orgRoom(org);
  const key = `${room}|${range.from}|${range.to}`;
  const [held, setHeld] = useState<{ key: string; widgets: Partial<InstitutionWidgets>; version: number; asOf?: string; receivedAt?: number; error?: string; liveError?: string }>({
    key,
    widgets: {},
    version: -1,
  });
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [attempt, setAttempt] = useState(0);
  const [wantJson, setWantJson] = useState<string | undefined>(undefined);

  useEffect(() => {
    const socket = openLiveSocket();
    const request = { room, from: range.from, to: range.to };
    const ours = (m: { room: string; from?: string; to?: string }) => m.room === room && m.from === range.from && m.to === range.to;
    let answered = false;
    const fallback = setTimeout(() => {
      if (!answered) setWantJson(`${key}#${attempt}`);
    }, JSON_FALLBACK_MS);
    setHeld((prev) => (prev.key === key ? prev : { key, widgets: {}, version: -1 }));
    socket.on('connect', () => socket.emit('subscribe', request));
    socket.on('snapshot', (m: Message) => {
      if (!ours(m)) return;
      answered = true;
      setConnection('live');
      setHeld((prev) => ({ key, widgets: m.widgets, version: m.version, asOf: m.asOf, receivedAt: Date.now(), liveError: undefined, error: prev.key === key ? undefined : undefined }));
    });
    socket.on('update', (m: Message) => {
      if (!ours(m)) return;
      setConnection('live');
      setHeld((prev) =>
        prev.key !== key || m.version < prev.version ? prev : { ...prev, widgets: { ...prev.widgets, ...m.widgets }, version: m.version, asOf: m.asOf, receivedAt: Date.now() },
      );
    });
    socket.on('subscribe_error', (e: { room: string; error: string }) => {
      if (e.room !== room) return;
      setHeld((prev) => ({ ...prev, liveError: e.error }));
      setWantJson(`${key}#${attempt}`);
    });
    socket.on('disconnect', () => setConnection('reconnecting'));
    socket.on('connect_error', () => {
      setConnection((prev) => (prev === 'live' ? 'reconnecting' : prev));
      setWantJson(`${key}#${attempt}`);
    });
    return () => {
      clearTimeout(fallback);
      socket.close();
    };
  }, [room, range.from, range.to, key, attempt]);

  useEffect(() => {
    if (wantJson !== `${key}#${attempt}`) return;
    const abort = new AbortController();
    fetch(institutionUrl(org, range), { signal: abort.signal, headers: { accept: 'application/json' } })
      .then(async (res) => {
        const body = (await res.json().catch(() => undefined)) as (InstitutionSnapshot & { error?: string; reason?: string }) | undefined;
        if (!res.ok || !body) throw new Error(body?.reason ?? body?.error ?? `the server answered ${res.status}`);
        setHeld((prev) => (prev.key === key && prev.asOf !== undefined && prev.asOf > body.asOf ? prev : { ...prev, key, widgets: body.widgets, asOf: body.asOf, receivedAt: Date.now(), error: undefined }));
      })
      .catch((err: Error) => {
        if (!abort.signal.aborted) setHeld((prev) => ({ ...prev, error: err.message }));
      });
    return () => abort.abort();
  }, [wantJson, key, attempt, org, range]);

  const retry = useCallback(() => {
    setAttempt((a) => a + 1);
    setWantJson(`${key}#${attempt + 1}`);
  }, [key, attempt]);

  const current = held.key === key ? held : { widgets: {}, version: -1, asOf: undefined, receivedAt: undefined, error: undefined, liveError: undefined };
  return {
    widgets: current.widgets,
    asOf: current.asOf,
    receivedAt: current.receivedAt,
    loading: current.asOf === undefined && current.error === undefined,
    error: current.asOf === undefined ? current.error : undefined,
    liveError: current.liveError,
    connection,
    retry,
  };
}
