import type { Schedule } from './names';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Timing {
  schedule: Schedule;
  /** Hour (UTC) digests go out at. */
  digestHour: number;
  /** UTC hours [quietStart, quietEnd) with no delivery; wraps past midnight when start > end. */
  quietStart?: number;
  quietEnd?: number;
}

/**
 * When an alert detected at `detected` falls due: at once, at the next digest hour (daily), or
 * at the digest hour of the next Monday (weekly; UTC weeks start on Monday, as the dashboard's);
 * then moved out of quiet hours to their end.
 */
export function dueAt(detected: Date, t: Timing): Date {
  const at = detected.getTime();
  let due = at;
  if (t.schedule !== 'immediate') {
    const day = Math.floor(at / DAY) * DAY;
    due = day + t.digestHour * HOUR;
    if (due <= at) due += DAY;
    if (t.schedule === 'weekly') {
      // 1970-01-01 was a Thursday: day number + 3 mod 7 is 0 on Mondays.
      const weekday = (Math.floor(due / DAY) + 3) % 7;
      if (weekday !== 0) due += (7 - weekday) * DAY;
    }
  }
  return new Date(outOfQuietHours(due, t));
}

function outOfQuietHours(at: number, t: Timing): number {
  const { quietStart: start, quietEnd: end } = t;
  if (start === undefined || end === undefined || start === end) return at;
  const hourOfDay = new Date(at).getUTCHours();
  const quiet = start < end ? hourOfDay >= start && hourOfDay < end : hourOfDay >= start || hourOfDay < end;
  if (!quiet) return at;
  const day = Math.floor(at / DAY) * DAY;
  let until = day + end * HOUR;
  if (until <= at) until += DAY;
  return until;
}

/** Retries of a failed delivery: 1 min, 2, 4… at most 6 hours apart. */
export const MAX_ATTEMPTS = 10;
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * HOUR);
}
