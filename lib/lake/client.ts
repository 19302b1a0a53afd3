import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { Lane } from './lane';

export interface LakeOptions {
  /** ClickHouse server URL; when absent the lake is chDB embedded in this process. */
  clickhouseUrl?: string;
  /** chDB data directory (embedded only). */
  dataDir: string;
  database: string;
}

export interface Lake {
  client: ClickHouseClient;
  kind: 'chdb' | 'server';
  database: string;
  /** Where the data lives, for logs and health. */
  location: string;
  /**
   * Bulk insert of TabSeparated rows. The hot ingest path: on chDB the bytes go to
   * the engine's multithreaded parser without a copy; on a server, as one stream.
   */
  insertTsv(table: string, columns: readonly string[], rows: Buffer): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the lake. One code path: the app always talks through @clickhouse/client;
 * only the connection differs. chDB allows one data directory per process, so a
 * second embedded lake on another directory is refused with a clear error.
 */
export async function openLake(opts: LakeOptions): Promise<Lake> {
  if (opts.clickhouseUrl) {
    const bootstrap = createClient({ url: opts.clickhouseUrl });
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${opts.database}` });
    await bootstrap.close();
    const client = createClient({
      url: opts.clickhouseUrl,
      database: opts.database,
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    const location = new URL(opts.clickhouseUrl);
    location.password = location.password ? '***' : '';
    return {
      client,
      kind: 'server',
      database: opts.database,
      location: location.toString(),
      insertTsv: async (table, columns, rows) => {
        await client.insert({ table, columns: [...columns] as [string, ...string[]], values: Readable.from([rows]), format: 'TabSeparated' });
      },
      close: () => client.close(),
    };
  }

  const path = resolve(opts.dataDir);
  const open = embeddedLake();
  if (open && open.path !== path) {
    throw new Error(`chDB already holds ${open.path} in this process; it cannot also open ${path}`);
  }
  // The session is shared by the whole process, and so is its current database.
  if (open && open.database !== opts.database) {
    throw new Error(`chDB in this process already uses database ${open.database}; it cannot also use ${opts.database}`);
  }
  if (!open) {
    mkdirSync(path, { recursive: true });
    // Loaded lazily so that a server-backed deployment never loads the native engine.
    const { createChdbConnection } = await import('chdb/connection');
    const connection = createChdbConnection({ path });
    // Every statement goes through one priority lane (lane.ts): chDB runs them one at a time anyway.
    const lane = new Lane();
    const client = createClient({ connection: gated(connection, lane) } as Parameters<typeof createClient>[0]);
    setEmbeddedLake({ path, database: opts.database, client, rawInsert: (p) => lane.run(() => connection.chdb.rawInsert(p)) });
  }
  const { client, rawInsert } = embeddedLake()!;
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${opts.database}` });
  // chDB's connection has no default-database option: qualify by switching it once.
  await client.command({ query: `USE ${opts.database}` });
  return {
    client,
    kind: 'chdb',
    database: opts.database,
    location: path,
    insertTsv: async (table, columns, rows) => {
      await rawInsert({ table: `${opts.database}.${table}`, columns, values: rows, format: 'TabSeparated' });
    },
    // The engine lives as long as the process; closing it would forbid reopening.
    close: async () => {},
  };
}

interface EmbeddedLake {
  path: string;
  database: string;
  client: ClickHouseClient;
  rawInsert(params: { table: string; columns: readonly string[]; values: Buffer; format: 'TabSeparated' }): Promise<unknown>;
}

const KEY = Symbol.for('lookout.chdb');
type Holder = { [KEY]?: EmbeddedLake };

function embeddedLake(): EmbeddedLake | undefined {
  return (globalThis as Holder)[KEY];
}

function setEmbeddedLake(lake: EmbeddedLake): void {
  (globalThis as Holder)[KEY] = lake;
}

const GATED_METHODS = new Set<string | symbol>(['query', 'exec', 'command', 'insert']);

/** The connection with its statements queued in the lane. */
function gated<C extends object>(connection: C, lane: Lane): C {
  return new Proxy(connection, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return GATED_METHODS.has(prop) ? (...args: unknown[]) => lane.run(() => method.apply(target, args)) : method.bind(target);
    },
  });
}
