import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { joinableSelect, joinedSelect, splitJoined, type SelectCall } from './joinedSelects';
import { Lane, type JoinRunner } from './lane';
import { removeUnwrittenFiles } from './unwrittenFiles';
import { log } from '../log';

/**
 * Settings every statement runs with. Materialized CTEs: a `WITH x AS MATERIALIZED (...)` read
 * twice in a statement is computed (and planned) once (videoTotals.ts).
 */
const SESSION_SETTINGS = { enable_materialized_cte: 1 } as const;

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
  /** `WITH x AS MATERIALIZED (...)` works (chDB always; a server from ClickHouse 25.x or so). */
  materializedCte: boolean;
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
    // An older server refuses a setting it does not know, and with it every statement.
    const known = await bootstrap.query({ query: 'SELECT name FROM system.settings WHERE name IN {names:Array(String)}', query_params: { names: Object.keys(SESSION_SETTINGS) }, format: 'JSONEachRow' });
    const settings = Object.fromEntries((await known.json<{ name: keyof typeof SESSION_SETTINGS }>()).map(({ name }) => [name, SESSION_SETTINGS[name]]));
    await bootstrap.close();
    const client = createClient({
      url: opts.clickhouseUrl,
      database: opts.database,
      clickhouse_settings: { date_time_input_format: 'best_effort', ...settings },
    });
    const location = new URL(opts.clickhouseUrl);
    location.password = location.password ? '***' : '';
    return {
      client,
      kind: 'server',
      database: opts.database,
      materializedCte: 'enable_materialized_cte' in settings,
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
    const removed = removeUnwrittenFiles(path);
    if (removed.length > 0) log.warn({ removed }, 'removed empty files a full disk left (mutations whose ALTERs failed, definitions of scratch tables)');
    // Loaded lazily so that a server-backed deployment never loads the native engine.
    const { createChdbConnection } = await import('chdb/connection');
    const connection = createChdbConnection({ path });
    // Every statement goes through one priority lane (lane.ts): chDB runs them one at a time anyway.
    const lane = new Lane(joinSelects(connection));
    const client = createClient({ connection: gated(connection, lane) } as Parameters<typeof createClient>[0]);
    setEmbeddedLake({ path, database: opts.database, client, rawInsert: (p) => lane.run(() => connection.chdb.rawInsert(p)) });
  }
  const { client, rawInsert } = embeddedLake()!;
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${opts.database}` });
  // chDB's connection has no default-database option: qualify by switching it once.
  await client.command({ query: `USE ${opts.database}` });
  await client.command({ query: `SET ${Object.entries(SESSION_SETTINGS).map(([name, value]) => `${name} = ${value}`).join(', ')}` });
  return {
    client,
    kind: 'chdb',
    database: opts.database,
    materializedCte: true,
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

interface ConnectionQueryParams {
  query: string;
  query_params?: Record<string, unknown>;
  clickhouse_settings?: Record<string, unknown>;
}
type ConnectionQuery = (params: ConnectionQueryParams) => Promise<{ stream: Readable }>;

/** What a joinable statement waits in the lane with: its SELECT, and its own call should it have to run alone. */
interface JoinPayload {
  call: SelectCall;
  alone: () => Promise<unknown>;
}

/** The connection with its statements queued in the lane; plain SELECTs may be joined (joinedSelects.ts). */
function gated<C extends object>(connection: C, lane: Lane): C {
  return new Proxy(connection, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (!GATED_METHODS.has(prop)) return method.bind(target);
      return (...args: unknown[]) => {
        const params = args[0] as ConnectionQueryParams;
        const alone = withSettingsReset(target, () => method.apply(target, args), params.clickhouse_settings);
        const call = prop === 'query' ? joinableSelect(params.query, params.query_params, params.clickhouse_settings) : undefined;
        return lane.run(alone, call && ({ call, alone } satisfies JoinPayload));
      };
    },
  });
}

/**
 * chDB's connection applies a statement's settings as session `SET`s, which would then hold for
 * every later statement (a parse setting of ingest would slow or change dashboard queries): they
 * go back to their defaults right after, in the same turn of the lane.
 */
function withSettingsReset(connection: object, call: () => Promise<unknown>, settings: Record<string, unknown> | undefined): () => Promise<unknown> {
  const names = Object.entries(settings ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
  if (names.length === 0) return call;
  const command = (connection as { command: (p: { query: string }) => Promise<unknown> }).command.bind(connection);
  return async () => {
    try {
      return await call();
    } finally {
      await command({ query: `SET ${names.map((name) => `${name} = DEFAULT`).join(', ')}` });
    }
  };
}

/** Runs joined SELECTs as one statement; if it fails, each runs alone, so that each caller gets its own answer or error. */
function joinSelects(connection: object): JoinRunner {
  const query = (connection as { query: ConnectionQuery }).query.bind(connection);
  return async (payloads) => {
    const joined = payloads as JoinPayload[];
    try {
      const statement = joinedSelect(joined.map((j) => j.call));
      const { stream } = await query({ query: statement.query, query_params: statement.params });
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return splitJoined(Buffer.concat(chunks).toString('utf8'), joined.length).map((text) => ({
        value: { stream: Readable.from([Buffer.from(text)]), query_id: randomUUID(), response_headers: {}, http_status_code: 200 },
      }));
    } catch {
      const results: ({ value: unknown } | { error: unknown })[] = [];
      for (const j of joined) results.push(await j.alone().then((value) => ({ value }), (error: unknown) => ({ error })));
      return results;
    }
  };
}
