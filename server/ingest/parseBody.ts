import { parseTrackingLine } from '../../lib/events/parse';
import { addEvent, emptyPrepared, type PreparedEvents } from './prepared';
import type { RejectedRow } from './writer';

export interface ParsedBody {
  events: PreparedEvents;
  /** 1-based line numbers in the body, with the reason. */
  rejected: { line: number; reason: string }[];
  rejectedRows: RejectedRow[];
}

/** An NDJSON body of tracking-log lines: blank lines are skipped, bad ones rejected with their reason. */
export function parseBody(body: string, receivedAt = new Date()): ParsedBody {
  const events = emptyPrepared();
  const rejected: ParsedBody['rejected'] = [];
  const rejectedRows: RejectedRow[] = [];
  let lineNo = 0;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    lineNo++;
    const line = body.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    const parsed = parseTrackingLine(line, receivedAt);
    if (parsed.ok) {
      addEvent(events, parsed.event, lineNo);
    } else {
      rejected.push({ line: lineNo, reason: parsed.reason });
      rejectedRows.push({ source: 'tracking', reason: parsed.reason, raw: line });
    }
  }
  return { events, rejected, rejectedRows };
}
