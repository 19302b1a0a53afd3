/**
 * How instants are written: in the viewer's time zone and locale on screen, with UTC on hover
 * (and in exports, which keep ISO 8601 UTC). The server does not know the viewer's zone, so a page
 * is first rendered in UTC and switches to the viewer's zone once in the browser (LocalTime).
 */
export type TimePrecision = 'minute' | 'second' | 'clock';

/** "2026-12-07 14:05 UTC" (minute), "2026-12-07 14:05:09 UTC" (second), "14:05:09 UTC" (clock). */
export function utcText(iso: string, precision: TimePrecision = 'minute'): string {
  const date = iso.slice(0, 10);
  const time = iso.slice(11, precision === 'minute' ? 16 : 19);
  return precision === 'clock' ? `${time} UTC` : `${date} ${time} UTC`;
}

const OPTIONS: Record<TimePrecision, Intl.DateTimeFormatOptions> = {
  minute: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  second: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' },
  clock: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
};

/** The instant in a time zone and locale (undefined locale: the runtime's, i.e. the viewer's in a browser). */
export function zonedText(iso: string, timeZone: string, precision: TimePrecision = 'minute', locale?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { ...OPTIONS[precision], timeZone }).format(d);
}

/** Now, in the browser's time zone and locale (for notices written after an action in the browser). */
export function viewerNow(precision: TimePrecision = 'minute'): string {
  return zonedText(new Date().toISOString(), Intl.DateTimeFormat().resolvedOptions().timeZone, precision);
}
