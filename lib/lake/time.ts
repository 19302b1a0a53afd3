/** A Date as ClickHouse DateTime64(3, 'UTC') text: 'YYYY-MM-DD HH:MM:SS.mmm'. */
export function formatLakeTime(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** Lake text time ('YYYY-MM-DD HH:MM:SS[.fff]', UTC) back to a Date. */
export function parseLakeTime(s: string): Date {
  return new Date(s.replace(' ', 'T') + (s.endsWith('Z') ? '' : 'Z'));
}
