import { boundedRaw } from '../../lib/events/jsonDepth';
import { MAX_LINE_CHARS } from '../../lib/events/parse';
import type { ParsedBody } from './parseBody';
import type { ParsePool } from './parsePool';
import { BodyReader, type SplitBody } from './rawBody';

/**
 * Text handed to parse.ts at a time. The lines parse.ts reads (logger-prefixed lines, and every
 * line of the bodies the engine does not parse) are read (from memory or the body's scratch file),
 * decoded and parsed one window after the other, never as one string of the whole body: a request
 * holds one window of text and what the parse made of the lines before it.
 */
export const PARSE_WINDOW_BYTES = 1024 * 1024;

/**
 * Rejected lines of one body kept with their reason and raw text (dead letters, and the reasons the
 * answer lists from): the others are counted only, so a body of bad lines costs bounded memory.
 */
export const REJECTED_KEPT_PER_BODY = 1000;

/** A line of more bytes than this is longer than MAX_LINE_CHARS however it decodes: refused unread. */
const UNREAD_BEYOND_BYTES = 4 * MAX_LINE_CHARS;

export interface WindowedParse extends ParsedBody {
  /** Every rejected line (`rejected` and `rejectedRows` hold the first REJECTED_KEPT_PER_BODY). */
  rejectedCount: number;
}

/** The split body's parse.ts lines, parsed window by window; line numbers are the body's. */
export async function parseOtherLines(parser: ParsePool, split: SplitBody, receivedAt: Date): Promise<WindowedParse> {
  const out: WindowedParse = { events: { ids: [], courseIds: [], times: [], rows: [], lineNos: [] }, rejected: [], rejectedRows: [], rejectedCount: 0 };
  const { otherLineNos, otherStart, otherEnd } = split;
  const reader = new BodyReader(split.source);
  const reject = (line: number, reason: string, raw: () => string) => {
    if (out.rejectedCount++ >= REJECTED_KEPT_PER_BODY) return;
    out.rejected.push({ line, reason });
    out.rejectedRows.push({ source: 'tracking', reason, raw: boundedRaw(raw()) });
  };
  try {
    for (let first = 0; first < otherLineNos.length; ) {
      const bytes = otherEnd[first]! - otherStart[first]!;
      if (bytes > UNREAD_BEYOND_BYTES) {
        reject(otherLineNos[first]!, `line too long: ${bytes} bytes (max ${MAX_LINE_CHARS} chars)`, () =>
          reader.bytes(otherStart[first]!, otherStart[first]! + UNREAD_BEYOND_BYTES).toString('utf8'),
        );
        first++;
        continue;
      }
      let last = first + 1;
      while (last < otherLineNos.length && otherEnd[last]! - otherStart[first]! < PARSE_WINDOW_BYTES) last++;
      const lines: string[] = [];
      for (let i = first; i < last; i++) lines.push(reader.bytes(otherStart[i]!, otherEnd[i]!).toString('utf8'));
      const parsed = await parser.parse(lines.join('\n'), receivedAt);
      // A window's line k is the body's line otherLineNos[first + k - 1].
      const lineOf = (k: number) => otherLineNos[first + k - 1]!;
      const { events } = parsed;
      for (let i = 0; i < events.ids.length; i++) {
        out.events.ids.push(events.ids[i]!);
        out.events.courseIds.push(events.courseIds[i]!);
        out.events.times.push(events.times[i]!);
        out.events.rows.push(events.rows[i]!);
        out.events.lineNos.push(lineOf(events.lineNos[i]!));
      }
      parsed.rejected.forEach((r, i) => reject(lineOf(r.line), r.reason, () => parsed.rejectedRows[i]!.raw));
      first = last;
    }
  } finally {
    reader.close();
  }
  return out;
}
