import type { Lake } from './client';

/** Rows of a SELECT as objects (64-bit integers arrive as strings, as ClickHouse sends them in JSON). */
export async function queryRows<T>(lake: Lake, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await lake.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}
