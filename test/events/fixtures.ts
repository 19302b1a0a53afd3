/** Fixture access for the event-parser tests. Reads only the project copy under test/fixtures/. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'openedx-events');

export function readFixture(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}

export function fixtureJson(rel: string): unknown {
  return JSON.parse(readFixture(rel));
}

/** Every file under a fixture folder, as paths relative to FIXTURES, sorted. */
export function listFixtures(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(FIXTURES, full));
    }
  };
  walk(join(FIXTURES, folder));
  return out;
}

export type IndexRow = Record<
  'file' | 'event' | 'event_source' | 'shape' | 'payload_type' | 'course_id' | 'user_id' | 'time_format' | 'note',
  string
>;

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function readIndex(): IndexRow[] {
  const [header, ...rows] = parseCsv(readFixture('INDEX.csv'));
  if (!header) throw new Error('INDEX.csv is empty');
  return rows
    .filter((r) => r.length > 1)
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])) as IndexRow);
}

/** INDEX user_id → a number, or null when INDEX gives none ('', None, '<absent>'). */
export function indexUserId(v: string): number | null {
  return /^\d+$/.test(v) ? Number(v) : null;
}
