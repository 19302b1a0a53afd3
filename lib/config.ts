import { z } from 'zod';

/** A bad setting: the message names the variable and what is wrong with it. */
export class ConfigError extends Error {}

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    error: 'must be 1/0, true/false, yes/no or on/off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}` },
  );

const schema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOOKOUT_DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  LOOKOUT_INGEST_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOOKOUT_DEMO: flag.optional(),
  CLICKHOUSE_URL: url(['http:', 'https:']).optional(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
    .default('lookout'),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  LOOKOUT_LIVE_TICK_MS: z.coerce.number().int().min(50).max(10_000).default(250),
  LOOKOUT_LIVE_REFRESH_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  LOOKOUT_INGEST_FLUSH_MS: z.coerce.number().int().min(1).max(10_000).default(50),
  LOOKOUT_XAPI_KEY: z.string().regex(/^[^:]+$/, 'must not contain ":" (an HTTP Basic user name cannot)').optional(),
  LOOKOUT_XAPI_SECRET: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Undefined until the server picks one (the demo generates and prints one). */
  ingestToken?: string;
  /** Seed the demo course and run the simulator. */
  demo: boolean;
  clickhouseUrl?: string;
  clickhouseDatabase: string;
  redisUrl?: string;
  liveTickMs: number;
  liveRefreshMs: number;
  ingestFlushMs: number;
  /** HTTP Basic key and secret of the xAPI statements endpoint; unset = endpoint off (503). */
  xapiKey?: string;
  xapiSecret?: string;
}

/** Reads and validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(present[String(i.path[0])] ?? '')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const embedded = !e.CLICKHOUSE_URL;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.LOOKOUT_DATA_DIR,
    ingestToken: e.LOOKOUT_INGEST_TOKEN,
    // The demo is for the embedded default only: never seed a real ClickHouse unasked.
    demo: e.LOOKOUT_DEMO ?? embedded,
    clickhouseUrl: e.CLICKHOUSE_URL,
    clickhouseDatabase: e.CLICKHOUSE_DATABASE,
    redisUrl: e.REDIS_URL,
    liveTickMs: e.LOOKOUT_LIVE_TICK_MS,
    liveRefreshMs: e.LOOKOUT_LIVE_REFRESH_MS,
    ingestFlushMs: e.LOOKOUT_INGEST_FLUSH_MS,
    xapiKey: e.LOOKOUT_XAPI_KEY,
    xapiSecret: e.LOOKOUT_XAPI_SECRET,
  };
}
