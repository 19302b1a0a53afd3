import type { Lake } from './client';
import { queryRows } from './query';

export async function getMeta(lake: Lake, key: string): Promise<string | undefined> {
  const [row] = await queryRows<{ value: string; n: string | number }>(
    lake,
    'SELECT argMax(value, updated_at) AS value, count() AS n FROM meta WHERE key = {key:String}',
    { key },
  );
  return row && Number(row.n) > 0 ? row.value : undefined;
}

export async function setMeta(lake: Lake, key: string, value: string): Promise<void> {
  await lake.client.insert({ table: 'meta', values: [{ key, value }], format: 'JSONEachRow' });
}
