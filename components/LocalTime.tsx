'use client';
import { useEffect, useState } from 'react';
import { utcText, zonedText, type TimePrecision } from '@/lib/i18n/time';

/** The viewer's time zone once in the browser; undefined while rendering on the server and hydrating. */
export function useViewerTimeZone(): string | undefined {
  const [zone, setZone] = useState<string | undefined>(undefined);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  return zone;
}

/**
 * An instant in the viewer's time zone and locale, UTC on hover. Rendered in UTC on the server and
 * until hydrated (the server does not know the zone), so the hydrated page matches the HTML.
 */
export function LocalTime({ iso, precision = 'minute', testId }: { iso: string | null | undefined; precision?: TimePrecision; testId?: string }) {
  const zone = useViewerTimeZone();
  if (!iso) return <>–</>;
  // The hover always names the day too: a bare clock time in UTC can be another day than the local one.
  const title = utcText(iso, precision === 'clock' ? 'second' : precision);
  return (
    <time dateTime={iso} title={title} data-testid={testId} data-zone={zone ?? 'UTC'}>
      {zone ? zonedText(iso, zone, precision) : utcText(iso, precision)}
    </time>
  );
}
