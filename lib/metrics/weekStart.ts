/**
 * The first day of a course's weeks: the course's setting (migration 140) when an admin set one,
 * else the viewer's locale's (en-US: Sunday, en-GB, fr: Monday), else Monday (ISO 8601).
 * The weekly engagement table groups activity by these weeks, in SQL with
 * toStartOfWeek(t, {weekMode:UInt8}) (ClickHouse: mode 0 = weeks start on Sunday, 1 = Monday).
 * Pure, for the browser too; the course's setting is read and written in courseWeekStart.ts.
 */
export const WEEK_STARTS = ['monday', 'sunday'] as const;
export type WeekStart = (typeof WEEK_STARTS)[number];

const DAY_MS = 86_400_000;

export function isWeekStart(v: unknown): v is WeekStart {
  return typeof v === 'string' && (WEEK_STARTS as readonly string[]).includes(v);
}

/** The {weekMode} parameter of toStartOfWeek for a week start. */
export function weekMode(start: WeekStart): 0 | 1 {
  return start === 'sunday' ? 0 : 1;
}

/** Midnight UTC of the first day of the week holding d. */
export function startOfWeek(d: Date, start: WeekStart): Date {
  const midnight = Math.floor(d.getTime() / DAY_MS) * DAY_MS;
  const firstDay = start === 'sunday' ? 0 : 1;
  return new Date(midnight - ((new Date(midnight).getUTCDay() - firstDay + 7) % 7) * DAY_MS);
}

/**
 * The week start of a locale, from Intl.Locale's week info where the runtime has it (Chromium and
 * Node 20: `weekInfo`, newer ones `getWeekInfo()`; firstDay 1 = Monday … 7 = Sunday); undefined
 * when it has not, or the locale starts its weeks on another day (Saturday), which Lookout does not offer.
 */
export function localeWeekStart(locale: string): WeekStart | undefined {
  try {
    const l = new Intl.Locale(locale) as Intl.Locale & { weekInfo?: { firstDay: number }; getWeekInfo?: () => { firstDay: number } };
    const firstDay = (l.getWeekInfo?.() ?? l.weekInfo)?.firstDay;
    return firstDay === 7 ? 'sunday' : firstDay === 1 ? 'monday' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first language of an Accept-Language header (`fr-CH, fr;q=0.9, en;q=0.8`), or undefined.
 * Browsers send their languages in order of preference (navigator.languages), so q values need no sorting.
 */
export function firstLanguage(acceptLanguage: string | null | undefined): string | undefined {
  const tag = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  return tag && tag !== '*' ? tag : undefined;
}

/** The week start of a viewer's locale, from their Accept-Language (as navigator.language); undefined when it names none. */
export function viewerWeekStart(acceptLanguage: string | null | undefined): WeekStart | undefined {
  const locale = firstLanguage(acceptLanguage);
  return locale ? localeWeekStart(locale) : undefined;
}

/** The week start a viewer sees: the course's setting when an admin set one, else the viewer's locale's, else Monday. */
export function effectiveWeekStart(courseSetting: WeekStart | undefined, viewer: WeekStart | undefined): WeekStart {
  return courseSetting ?? viewer ?? 'monday';
}
