import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The staged flush's scratch table (server/ingest/stagedFlush.ts): made again at every start. */
export const INGEST_SCRATCH_TABLE = 'ingest_scratch_rows';

/**
 * Statements on a full disk can leave files the engine created but could not write: an ALTER …
 * DELETE its mutation file, a CREATE TABLE its definition. At the next start the engine cannot
 * load that table, and with it the whole embedded lake ("Failed to create connection"). So before
 * the engine opens the folder, these empty files go:
 * - a mutation file: it carries no command, and its ALTER failed (the derived-table rebuild that
 *   issued it runs again from the write journal);
 * - the definition of a table Lookout makes while it runs and never keeps (the ingest scratch
 *   table, the dashboard's roster tables: Memory tables, no data lost). An empty definition of any
 *   other table is left for the engine to report.
 * Returns the files removed.
 */
export function removeUnwrittenFiles(dataDir: string): string[] {
  const removed: string[] = [];
  const store = join(dataDir, 'store');
  for (const prefix of list(store)) {
    for (const entry of list(join(store, prefix))) {
      const dir = join(store, prefix, entry);
      for (const name of list(dir)) {
        const unwritten = /^mutation_\d+\.txt$/.test(name) || name === `${INGEST_SCRATCH_TABLE}.sql` || /^roster_[0-9a-f]+\.sql$/.test(name);
        if (!unwritten) continue;
        const file = join(dir, name);
        if (statSync(file).size > 0) continue;
        rmSync(file, { force: true });
        removed.push(file);
      }
    }
  }
  return removed;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
