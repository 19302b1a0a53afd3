/** How the dashboard writes numbers: always with their unit, en-US grouping, UTC times. */

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 0.4567 → "45.7 %"; null → "–". */
export function percent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return `${(share * 100).toFixed(digits)} %`;
}

/** Share of a whole as a percentage, "–" when the whole is zero. */
export function shareOf(part: number, whole: number): string {
  return whole > 0 ? percent(part / whole) : '–';
}

/** Seconds as "45 s", "12 min 05 s", "3 h 20 min". */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Seconds of a video position as "m:ss". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** ISO time as "14:05:09 UTC". */
export function utcTime(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

export function ratio(n: number | null | undefined, digits = 2): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits);
}
