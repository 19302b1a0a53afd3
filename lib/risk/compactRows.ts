import type { Lake } from '../lake/client';

/**
 * Rows of a SELECT as arrays, in the column order of the query. For the per-learner queries of a
 * large course: one JSONCompact document parses several times faster than JSONEachRow lines
 * (20k learners: ~60 vs ~150 ms of CPU). 64-bit integers come as numbers (ids and counts fit).
 */
export async function compactRows<T extends unknown[]>(lake: Lake, query: string, params: Record<string, unknown>): Promise<T[]> {
  const result = await lake.client.query({
    query,
    query_params: params,
    format: 'JSONCompact',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return (await result.json<T>()).data;
}
