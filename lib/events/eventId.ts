/**
 * Stable event ids for tracking-log events: sha256 of the parsed object's compact JSON,
 * hex, first 32 chars. The same event replayed, re-indented, re-escaped or re-prefixed
 * (syslog / Python-logging text before the first `{`) gets the same id. Key order is
 * part of the identity: sorting keys at every level (canonicalJson) would cost twice the
 * rest of parsing a line, and the LMS writes the same event with the same order.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level. Throws RangeError on absurdly deep input. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    if (obj[key] === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(obj[key])}`);
  }
  return `{${parts.join(',')}}`;
}

/** 32-hex id of a parsed tracking event. */
export function eventIdFor(parsed: unknown): string {
  return createHash('sha256').update(JSON.stringify(parsed)).digest('hex').slice(0, 32);
}
