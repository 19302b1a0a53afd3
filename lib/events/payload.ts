/**
 * The `event` / `data` payload: one field, many encodings (SCHEMA §4).
 *
 *   dict                         most server events                      → used as is
 *   JSON-encoded string          browser and mobile events               → second JSON.parse
 *   "" / "{}"                    page_close and friends                  → {}
 *   URL query string             browser problem_check                   → kept as a string
 *   list                         browser problem_graded [answers, html]  → kept as a list
 *   truncated JSON string        implicit events cut at 512 chars        → kept as a string
 *   absent / null                "required only" fixtures                → {}
 */

export type PayloadKind = 'dict' | 'json-string' | 'empty' | 'string' | 'list' | 'absent' | 'other';

export interface DecodedPayload {
  kind: PayloadKind;
  /** The payload's members when it is (or decodes to) a JSON object, else {}. */
  fields: Record<string, unknown>;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function decodePayload(value: unknown): DecodedPayload {
  if (value === undefined || value === null) return { kind: 'absent', fields: {} };
  if (isPlainObject(value)) return { kind: 'dict', fields: value };
  if (Array.isArray(value)) return { kind: 'list', fields: {} };
  if (typeof value !== 'string') return { kind: 'other', fields: {} };
  const s = value.trim();
  if (s === '' || s === '{}') return { kind: 'empty', fields: {} };
  if (s.startsWith('{')) {
    try {
      const inner: unknown = JSON.parse(s);
      if (isPlainObject(inner)) return { kind: 'json-string', fields: inner };
    } catch {
      // truncated implicit-event payload: keep the raw string, don't fail
    }
  }
  return { kind: 'string', fields: {} };
}
