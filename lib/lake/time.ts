/** A Date as ClickHouse DateTime64(3, 'UTC') text: 'YYYY-MM-DD HH:MM:SS.mmm'. */
export function formatLakeTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Lake text time ('YYYY-MM-DD HH:MM:SS[.fff]', UTC) back to a Date. */
export function parseLakeTime(s: string): Date {
  return new Date(s.replace(' ', 'T') + (s.endsWith('Z') ? '' : 'Z'));
}
