import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MIGRATION_MACROS } from '../events/activity';
import type { Lake } from './client';
import { queryRows } from './query';
import { backfillView } from './views';

const BACKFILL = /^BACKFILL\s+(\w+)$/i;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/**
 * Numbered `NNN_name.sql` files, in order; statements are split on a `;` that ends a line.
 * `{{NAME}}` is replaced by the shared definition of that name (MIGRATION_MACROS in
 * lib/events/activity.ts), so views say what the queries say; an unknown name is an error.
 * `BACKFILL <view>;` fills a view's table from what its source already holds, with the view's
 * own SELECT (lib/lake/views.ts): a migration writes each SELECT once.
 */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(dir + file, 'utf8')
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('--'))
        .join('\n')
        .replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
          const sql = MIGRATION_MACROS[name];
          if (sql === undefined) throw new Error(`${file}: unknown macro {{${name}}}`);
          return sql;
        });
      return {
        version: Number(file.split('_')[0]),
        name: file.replace(/\.sql$/, ''),
        statements: sql.split(/;\s*$/m).map((s) => s.trim()).filter(Boolean),
      };
    });
}

/** Applies the migrations not yet recorded; a second run changes nothing. Returns the names applied. */
export async function migrate(lake: Lake, migrations = loadMigrations()): Promise<string[]> {
  await lake.client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (
      version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
    ) ENGINE = MergeTree ORDER BY version`,
  });
  const done = new Set((await queryRows<{ version: number }>(lake, 'SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    for (const statement of m.statements) {
      const backfill = BACKFILL.exec(statement);
      if (backfill) await backfillView(lake, backfill[1]!);
      else await lake.client.command({ query: statement });
    }
    await lake.client.insert({
      table: 'schema_migrations',
      values: [{ version: m.version, name: m.name }],
      format: 'JSONEachRow',
    });
    applied.push(m.name);
  }
  return applied;
}
