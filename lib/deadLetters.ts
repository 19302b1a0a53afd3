/**
 * Dead letters: the lines and statements ingest refused, kept in `rejected_events`
 * (received_at, source, reason, raw) so that nothing is dropped silently (DESIGN §10).
 *
 * Reasons carry variable detail ("line too long: 70213 chars (max 65536)", "statement id is
 * not a UUID: \"abc\""); counting by the exact text would give one row per bad input. Counts
 * therefore group by a normalized reason — the one rule, in its two forms (TypeScript for
 * filters and tests, SQL for grouping in the lake), is here and nowhere else:
 *   1. keep the text before the first ':' (the detail follows the colon);
 *   2. replace every run of digits with 'N';
 *   3. trim whitespace, keep at most REASON_MAX_CHARS characters;
 *   4. an empty result is '(no reason)'.
 * test/deadletters/ checks that both forms agree on the same reasons.
 */
import type { Lake } from './lake/client';
import { queryRows } from './lake/query';
import { parseLakeTime } from './lake/time';

export const REASON_MAX_CHARS = 120;
export const RAW_MAX_CHARS = 2_000;
export const RECENT_DEFAULT = 50;
export const RECENT_MAX = 500;
export const NO_REASON = '(no reason)';

/** The reason a dead letter is counted under (see the rule above). Idempotent. */
export function normalizeReason(reason: string): string {
  const colon = reason.indexOf(':');
  const head = colon >= 0 ? reason.slice(0, colon) : reason;
  const trimmed = head.replace(/[0-9]+/g, 'N').replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
  const clipped = Array.from(trimmed).slice(0, REASON_MAX_CHARS).join('');
  return clipped === '' ? NO_REASON : clipped;
}

/** normalizeReason as a ClickHouse expression over `column`. */
export function normalizedReasonSql(column = 'reason'): string {
  const head = `if(position(${column}, ':') > 0, substring(${column}, 1, position(${column}, ':') - 1), ${column})`;
  const trimmed = `replaceRegexpAll(replaceRegexpAll(${head}, '[0-9]+', 'N'), '^[[:space:]]+|[[:space:]]+$', '')`;
  const clipped = `substringUTF8(${trimmed}, 1, ${REASON_MAX_CHARS})`;
  return `if(${clipped} = '', '${NO_REASON}', ${clipped})`;
}

export interface DeadLetterCount {
  source: string;
  /** Normalized reason. */
  reason: string;
  count: number;
  /** ISO time of the latest one. */
  lastSeen: string;
}

export interface DeadLetter {
  /** ISO time. */
  receivedAt: string;
  source: string;
  /** The reason as recorded (not normalized). */
  reason: string;
  /** The refused input, cut at RAW_MAX_CHARS characters. */
  raw: string;
  /** True when raw was cut. */
  truncated: boolean;
}

export interface DeadLetterFilter {
  source?: string;
  /** A reason, normalized before matching: a count's reason, or any recorded reason of its group. */
  reason?: string;
  /** Default RECENT_DEFAULT, at most RECENT_MAX. */
  limit?: number;
}

/** Dead letters counted by source and normalized reason, most frequent first. */
export async function countDeadLetters(lake: Lake, maxGroups = 1_000): Promise<DeadLetterCount[]> {
  const rows = await queryRows<{ source: string; reason_group: string; n: string | number; last_seen: string }>(
    lake,
    `SELECT source, ${normalizedReasonSql()} AS reason_group, count() AS n, max(received_at) AS last_seen
     FROM rejected_events
     GROUP BY source, reason_group
     ORDER BY n DESC, source, reason_group
     LIMIT {maxGroups:UInt32}`,
    { maxGroups },
  );
  return rows.map((r) => ({
    source: r.source,
    reason: r.reason_group,
    count: Number(r.n),
    lastSeen: parseLakeTime(r.last_seen).toISOString(),
  }));
}

/** The latest dead letters, newest first, optionally of one source and/or one reason group. */
export async function recentDeadLetters(lake: Lake, filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
  const limit = Math.max(1, Math.min(RECENT_MAX, Math.trunc(filter.limit ?? RECENT_DEFAULT)));
  const where: string[] = [];
  const params: Record<string, unknown> = { limit, rawMax: RAW_MAX_CHARS };
  if (filter.source !== undefined) {
    where.push('source = {source:String}');
    params.source = filter.source;
  }
  if (filter.reason !== undefined) {
    where.push(`${normalizedReasonSql()} = {reason:String}`);
    params.reason = normalizeReason(filter.reason);
  }
  const rows = await queryRows<{ received_at: string; source: string; reason: string; raw_head: string; cut: number | boolean }>(
    lake,
    `SELECT received_at, source, reason,
            substringUTF8(raw, 1, {rawMax:UInt32}) AS raw_head, lengthUTF8(raw) > {rawMax:UInt32} AS cut
     FROM rejected_events
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY received_at DESC
     LIMIT {limit:UInt32}`,
    params,
  );
  return rows.map((r) => ({
    receivedAt: parseLakeTime(r.received_at).toISOString(),
    source: r.source,
    reason: r.reason,
    raw: r.raw_head,
    truncated: Boolean(Number(r.cut)),
  }));
}
