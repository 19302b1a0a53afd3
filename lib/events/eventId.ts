/**
 * Stable event ids for tracking-log events: sha256 of the event's JSON text as received
 * (without any syslog / Python-logging prefix before the first `{`, and without surrounding
 * whitespace), hex, first 32 chars. A replayed file, a retried body or the same line behind
 * another logger prefix gets the same id.
 *
 * The text, not the parsed object: the engine computes the same id for the lines it parses
 * itself (lib/events/engineParse.ts), and no SQL can reproduce JSON.parse + JSON.stringify
 * exactly (duplicate keys, integer-like key order, number and escape spelling). So the same
 * event re-indented or re-escaped by another serializer gets another id.
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

/** 32-hex id of a tracking event's JSON text. */
export function eventIdFor(jsonText: string): string {
  return createHash('sha256').update(jsonText).digest('hex').slice(0, 32);
}
