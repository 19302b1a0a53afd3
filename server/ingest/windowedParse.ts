import type { ParsedBody } from './parseBody';
import type { ParsePool } from './parsePool';
import type { SplitBody } from './rawBody';

/**
 * Text handed to parse.ts at a time. The lines parse.ts reads (logger-prefixed lines, and every
 * line of the bodies the engine does not parse) are decoded and parsed one window after the
 * other, never as one string of the whole body: besides the body's bytes (at most the ingest
 * cap), a request holds one window of text and what the parse made of the lines before it.
 */
export const PARSE_WINDOW_BYTES = 1024 * 1024;

/** The split body's parse.ts lines, parsed window by window; line numbers are the body's. */
export async function parseOtherLines(parser: ParsePool, split: SplitBody, receivedAt: Date): Promise<ParsedBody> {
  const out: ParsedBody = { events: { ids: [], courseIds: [], times: [], rows: [], lineNos: [] }, rejected: [], rejectedRows: [] };
  const { otherLineNos, otherStart, otherEnd } = split;
  for (let first = 0; first < otherLineNos.length; ) {
    let last = first;
    let bytes = 0;
    while (last < otherLineNos.length && (last === first || bytes + otherEnd[last]! - otherStart[last]! < PARSE_WINDOW_BYTES)) {
      bytes += otherEnd[last]! - otherStart[last]! + 1;
      last++;
    }
    const lines: string[] = [];
    for (let i = first; i < last; i++) lines.push(split.body.toString('utf8', otherStart[i]!, otherEnd[i]!));
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
    for (const r of parsed.rejected) out.rejected.push({ line: lineOf(r.line), reason: r.reason });
    for (const r of parsed.rejectedRows) out.rejectedRows.push(r);
    first = last;
  }
  return out;
}
