/** Small coercions shared by the parsers. */

/** A non-empty trimmed string, or ''. Numbers are not coerced (ids in these logs are strings). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

const NUMERIC_RE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A finite number from a number or a numeric string ("1.25"), else null. */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && NUMERIC_RE.test(v.trim())) {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** An LMS user id from an int or a numeric string ("6" → 6); 0 for '', null, absent, junk. */
export function toUserId(v: unknown): number {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : 0;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v.trim())) return Number(v.trim());
  return 0;
}

/** Shorten a message for a rejection reason. */
export function clip(s: string, max = 160): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
