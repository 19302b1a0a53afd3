/**
 * Timestamps → the lake's 'YYYY-MM-DD HH:MM:SS.mmm' UTC strings (SCHEMA §5).
 *
 * Accepts ISO-8601-ish strings as Open edX writes them: 'T' or space separator,
 * optional seconds and fraction (any number of digits, truncated to ms),
 * 'Z' / '+00:00' / '+0100' / '-05' offsets (converted to UTC), or no offset (treated as UTC).
 */

import { formatLakeTime } from '../lake/time';

export { formatLakeTime };

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/** ClickHouse DateTime64 covers 1900-01-01 … 2299-12-31. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2299;

/** Parse an Open edX timestamp string to epoch milliseconds, or an error message. */
export function parseEventTime(value: unknown): { ms: number } | { error: string } {
  if (typeof value !== 'string') return { error: `expected a string, got ${value === null ? 'null' : typeof value}` };
  const s = value.trim();
  const m = ISO_RE.exec(s);
  if (!m) return { error: JSON.stringify(s.slice(0, 40)) };
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] ? Number(m[6]) : 0;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0; // truncate micro → milli
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return { error: JSON.stringify(s) };
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 31 Feb over into March: reject those.
  if (new Date(local).getUTCDate() !== day) return { error: JSON.stringify(s) };
  let offsetMin = 0;
  const tz = m[8];
  if (tz && tz !== 'Z' && tz !== 'z' && tz !== 'UTC') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return { error: JSON.stringify(s) };
    offsetMin = sign * (oh * 60 + om);
  }
  const ms = local - offsetMin * 60_000;
  const y = new Date(ms).getUTCFullYear();
  if (y < MIN_YEAR || y > MAX_YEAR) return { error: `${JSON.stringify(s)} is out of range` };
  return { ms };
}

/** Open edX timestamp → lake time string, or null when unparseable. */
export function toLakeTime(value: unknown): string | null {
  const r = parseEventTime(value);
  return 'ms' in r ? formatLakeTime(new Date(r.ms)) : null;
}
