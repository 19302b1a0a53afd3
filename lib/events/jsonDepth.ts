/**
 * How deeply JSON text nests, found by a scan of its characters (strings skipped), without
 * parsing it: so a body nested far deeper than any real statement is refused before the
 * recursive code that walks a parsed document (canonical JSON, the xAPI mapping) overflows
 * the stack. Stops counting at `limit + 1`.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** Raw text kept in a dead letter: at most this many characters, so a huge refused body costs a bounded row. */
export const DEAD_LETTER_RAW_CHARS = 64 * 1024;

export function boundedRaw(text: string): string {
  return text.length <= DEAD_LETTER_RAW_CHARS ? text : `${text.slice(0, DEAD_LETTER_RAW_CHARS)}… (${text.length} characters in all)`;
}
