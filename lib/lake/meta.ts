import type { Lake } from './client';

export async function getMeta(lake: Lake, key: string): Promise<string | undefined> {
  const result = await lake.client.query({
    query: 'SELECT argMax(value, updated_at) AS value, count() AS n FROM meta WHERE key = {key:String}',
    query_params: { key },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ value: string; n: string | number }>();
  return row && Number(row.n) > 0 ? row.value : undefined;
}

export async function setMeta(lake: Lake, key: string, value: string): Promise<void> {
  await lake.client.insert({ table: 'meta', values: [{ key, value }], format: 'JSONEachRow' });
}
