import type { Lake } from './client';
import { queryRows } from './query';

/** A materialized view as the engine's catalog holds it (its SELECT as created, macros expanded). */
export interface ViewDefinition {
  view: string;
  /** The table it writes into (`TO target`). */
  target: string;
  select: string;
  /** The view's columns that the target has, in the view's order. */
  columns: string[];
  /** The tables it reads. */
  sources: string[];
}

const TARGET = /^CREATE MATERIALIZED VIEW \S+ TO `?([^`.\s]+)`?\.`?([^`\s(]+)`?/;

/** Every materialized view of the lake's database that writes into a table. */
export async function viewDefinitions(lake: Lake): Promise<ViewDefinition[]> {
  const views = await queryRows<{ name: string; as_select: string; create_table_query: string }>(
    lake,
    `SELECT name, as_select, create_table_query FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView'`,
  );
  const sources = await queryRows<{ name: string; dependencies_table: string[] }>(
    lake,
    `SELECT name, dependencies_table FROM system.tables WHERE database = currentDatabase() AND length(dependencies_table) > 0`,
  );
  const sourcesOf = new Map<string, string[]>();
  for (const s of sources) for (const v of s.dependencies_table) sourcesOf.set(v, [...(sourcesOf.get(v) ?? []), s.name]);
  const targeted = views.flatMap((v) => {
    const target = TARGET.exec(v.create_table_query)?.[2];
    return target ? [{ ...v, target }] : [];
  });
  const columns = await queryRows<{ table: string; name: string }>(
    lake,
    `SELECT table, name FROM system.columns WHERE database = currentDatabase() AND table IN {tables:Array(String)} ORDER BY table, position`,
    { tables: targeted.flatMap((v) => [v.name, v.target]) },
  );
  const columnsOf = (t: string) => columns.filter((c) => c.table === t).map((c) => c.name);
  return targeted.map((v) => {
    const into = new Set(columnsOf(v.target));
    return { view: v.name, target: v.target, select: v.as_select, columns: columnsOf(v.name).filter((c) => into.has(c)), sources: sourcesOf.get(v.name) ?? [] };
  });
}

/**
 * Runs a view's own SELECT over everything its sources hold now (or the rows `where` keeps) and
 * writes the result into its target, as the view would have had it seen those rows arrive; views
 * on the target fire as for any insert. Used to fill a new view's table (a migration's
 * `BACKFILL <view>;`) and to re-derive a course's rows (server/ingest/derivedRepair.ts).
 */
export async function refillFromView(lake: Lake, view: ViewDefinition, where = '1', params: Record<string, unknown> = {}): Promise<void> {
  const cols = view.columns.map((c) => `\`${c}\``).join(', ');
  await lake.client.command({
    query: `INSERT INTO ${view.target} (${cols}) SELECT ${cols} FROM (${view.select}) WHERE ${where}`,
    query_params: params,
  });
}

/** refillFromView for a view named in a migration; an unknown name is an error. */
export async function backfillView(lake: Lake, name: string): Promise<void> {
  const view = (await viewDefinitions(lake)).find((v) => v.view === name);
  if (!view) throw new Error(`BACKFILL ${name}: no materialized view of that name writes into a table`);
  await refillFromView(lake, view);
}
