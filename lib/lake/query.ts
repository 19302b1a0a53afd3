import type { Lake } from './client';

/** Rows of a SELECT as objects (64-bit integers arrive as strings, as ClickHouse sends them in JSON). */
export async function queryRows<T>(
  lake: Lake,
  query: string,
  params: Record<string, unknown> = {},
  settings: Record<string, string | number> = {},
): Promise<T[]> {
  const result = await lake.client.query({ query, query_params: params, format: 'JSONEachRow', clickhouse_settings: settings });
  return result.json<T>();
}
