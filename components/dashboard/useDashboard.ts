'use client';
import { useEffect, useRef, useState } from 'react';
import type { DashboardWidgetName, DashboardWidgets, VideoTimeline } from '@/lib/metrics/dashboardTypes';
import { courseRoom, type Snapshot } from '@/lib/live/protocol';
import type { WeekStart } from '@/lib/metrics/weekStart';
import { windowQuery, type DashboardWindow } from './dashboardWindow';
import { getJson, useWindowRoom, type WindowRoomData } from './useWindowRoom';

export { JSON_FALLBACK_MS } from './useWindowRoom';

export interface DashboardData extends WindowRoomData<DashboardWidgets> {
  courseId: string;
  range: DashboardWindow;
}

export function dashboardUrl(courseId: string, w: DashboardWindow): string {
  return `/api/courses/${encodeURIComponent(courseId)}/dashboard?${windowQuery(w)}`;
}

export function timelineUrl(courseId: string, videoId: string, w: DashboardWindow): string {
  return `/api/courses/${encodeURIComponent(courseId)}/videos/${encodeURIComponent(videoId)}/timeline?${windowQuery(w)}`;
}

/** Widgets that do not depend on the window: kept on screen while another window loads. */
const WINDOWLESS: readonly DashboardWidgetName[] = ['activeNow', 'eventsPerMinute', 'liveFeed'];

/** The course dashboard for one window: the room `course:<id>` through useWindowRoom (GET …/dashboard when the socket cannot deliver). */
export function useDashboard(courseId: string, range: DashboardWindow, initialSnapshot?: Snapshot, weekStart?: WeekStart): DashboardData {
  const data = useWindowRoom<DashboardWidgets>({ room: courseRoom(courseId), jsonUrl: dashboardUrl(courseId, range), range, windowless: WINDOWLESS, initialSnapshot, weekStart });
  return { ...data, courseId, range };
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
