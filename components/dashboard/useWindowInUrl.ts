'use client';
import { useCallback, useEffect, useState } from 'react';
import { weekOf, windowFromQuery, type DashboardWindow } from './dashboardWindow';
import type { WeekStart } from '@/lib/metrics/weekStart';

/**
 * The dashboard's chosen window, kept in the URL (?from=&to=) so a view can be linked and the back
 * button walks through the windows looked at; and the notice about the URL's window, dropped at the
 * first choice. The course page and the platform and org pages share it. With no window in the URL
 * it is the current week of `weekStart`.
 */
export function useWindowInUrl(initialWindow: DashboardWindow | undefined, windowNotice: string | undefined, weekStart: WeekStart = 'monday') {
  const [range, setRange] = useState<DashboardWindow>(() => initialWindow ?? weekOf(new Date(), weekStart));
  const [notice, setNotice] = useState(windowNotice);

  const choose = useCallback(
    (w: DashboardWindow) => {
      setNotice(undefined);
      if (range.from === w.from && range.to === w.to) return;
      const url = new URL(window.location.href);
      url.searchParams.set('from', w.from);
      url.searchParams.set('to', w.to);
      window.history.pushState(window.history.state, '', url);
      setRange(w);
    },
    [range.from, range.to],
  );

  useEffect(() => {
    const onPop = () => {
      const params = new URLSearchParams(window.location.search);
      setRange(windowFromQuery({ from: params.get('from'), to: params.get('to') }, new Date(), weekStart).window);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [weekStart]);

  return { range, choose, notice };
}
