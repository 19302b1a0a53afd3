import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseMysqlUrl } from './lms/source';
import { authConfig, authConfigProblems, authSchema, type AuthConfig } from './auth/config';

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
  HOST: z.string().min(1).optional(),
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
  LOOKOUT_LIVE_WINDOW_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  LOOKOUT_FIRST_VIEW_MS: z.coerce.number().int().min(0).max(60_000).default(8_000),
  LOOKOUT_INGEST_FLUSH_MS: z.coerce.number().int().min(1).max(10_000).default(50),
  LOOKOUT_INGEST_WORKERS: z.coerce.number().int().min(0, 'must be 0 (parse on the main thread) or more').max(64).optional(),
  LOOKOUT_XAPI_KEY: z.string().regex(/^[^:]+$/, 'must not contain ":" (an HTTP Basic user name cannot)').optional(),
  LOOKOUT_XAPI_SECRET: z.string().optional(),
  LMS_MYSQL_URL: url(['mysql:'])
    .superRefine((v, ctx) => {
      try {
        if (v.startsWith('mysql://')) parseMysqlUrl(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^LMS_MYSQL_URL /, '') });
      }
    })
    .optional(),
  LMS_SYNC_INTERVAL_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1000, 'must be at least 1000').default(60_000),
  LMS_API_CLIENT_ID: z.string().optional(),
  LMS_API_CLIENT_SECRET: z.string().optional(),
  LOOKOUT_SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  LOOKOUT_MAIL_FROM: z.string().min(3).default('Lookout <lookout@localhost>'),
  LOOKOUT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  LOOKOUT_ALERTS_INTERVAL_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(86_400_000).default(60_000),
  ...authSchema,
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
  /** How often at most a busy course's window widgets (the dashboard's figures) are recomputed. */
  liveWindowMs: number;
  /** How long a course page waits for its server-rendered snapshot before it is sent without (0: never rendered on the server). */
  firstViewMs: number;
  ingestFlushMs: number;
  /** Threads that parse ingest bodies; 0 parses on the main thread. */
  ingestWorkers: number;
  /** HTTP Basic key and secret of the xAPI statements endpoint; unset = endpoint off (503). */
  xapiKey?: string;
  xapiSecret?: string;
  /** The LMS database (a read replica), e.g. mysql://user:pass@host:3306/edxapp; unset = no LMS sync. */
  lmsMysqlUrl?: string;
  /** How often the LMS sync runs. */
  lmsSyncIntervalMs: number;
  /**
   * The LMS REST API for course structures (a client-credentials OAuth application of a global
   * staff service user): LMS_API_CLIENT_ID/SECRET, else LMS_OAUTH_CLIENT_ID/SECRET; with LMS_URL.
   */
  lmsApi?: { lmsUrl: string; clientId: string; clientSecret: string };
  /** Sign-in, roles, PII and embedding (lib/auth/config.ts). */
  auth: AuthConfig;
  /** Alerts (issue 22): SMTP (unset: the outbox page), sender, webhook signing secret (unset: generated), how often they run (0: never on their own). */
  alerts: { smtpUrl?: string; mailFrom: string; webhookSecret?: string; intervalMs: number };
}

/** Reads and validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty LMS_URL is a mistake (a template left half-filled), not "no LMS": it would turn the demo on.
  if (env.LMS_URL !== undefined && env.LMS_URL.trim() === '') {
    throw new ConfigError('Invalid configuration:\n  LMS_URL="": must be a URL starting with http:// or https:// (leave it unset to run without an LMS)');
  }
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    // Never echo a password given in a URL.
    const shown = (v: string | undefined) => JSON.stringify(v ?? '').replace(/(\/\/[^/:@]*:)[^@/]*@/, '$1***@');
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${shown(present[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const authProblems = authConfigProblems(e);
  if (e.LMS_API_CLIENT_ID && !e.LMS_API_CLIENT_SECRET) authProblems.push('LMS_API_CLIENT_SECRET="": must be set with LMS_API_CLIENT_ID');
  if (e.LMS_API_CLIENT_ID && !e.LMS_URL) authProblems.push('LMS_URL="": must be set with LMS_API_CLIENT_ID');
  if (authProblems.length) throw new ConfigError(`Invalid configuration:\n${authProblems.map((p) => `  ${p}`).join('\n')}`);
  const embedded = !e.CLICKHOUSE_URL;
  const auth = authConfig(e, { embedded, lmsDatabase: Boolean(e.LMS_MYSQL_URL) });
  return {
    port: e.PORT,
    // The demo users sign in without a password: on loopback only, unless HOST says otherwise.
    host: e.HOST ?? (auth.demoSignIn ? '127.0.0.1' : '0.0.0.0'),
    dataDir: e.LOOKOUT_DATA_DIR,
    ingestToken: e.LOOKOUT_INGEST_TOKEN,
    // The demo is for the embedded default only: never seed a real ClickHouse unasked.
    // …nor when a real LMS (its database or its URL) is configured.
    demo: e.LOOKOUT_DEMO ?? (embedded && !e.LMS_MYSQL_URL && !e.LMS_URL),
    clickhouseUrl: e.CLICKHOUSE_URL,
    clickhouseDatabase: e.CLICKHOUSE_DATABASE,
    redisUrl: e.REDIS_URL,
    liveTickMs: e.LOOKOUT_LIVE_TICK_MS,
    liveRefreshMs: e.LOOKOUT_LIVE_REFRESH_MS,
    liveWindowMs: e.LOOKOUT_LIVE_WINDOW_MS,
    firstViewMs: e.LOOKOUT_FIRST_VIEW_MS,
    ingestFlushMs: e.LOOKOUT_INGEST_FLUSH_MS,
    ingestWorkers: e.LOOKOUT_INGEST_WORKERS ?? availableParallelism(),
    xapiKey: e.LOOKOUT_XAPI_KEY,
    xapiSecret: e.LOOKOUT_XAPI_SECRET,
    lmsMysqlUrl: e.LMS_MYSQL_URL,
    lmsSyncIntervalMs: e.LMS_SYNC_INTERVAL_MS,
    lmsApi: lmsApiConfig(e),
    auth,
    alerts: { smtpUrl: e.LOOKOUT_SMTP_URL, mailFrom: e.LOOKOUT_MAIL_FROM, webhookSecret: e.LOOKOUT_WEBHOOK_SECRET, intervalMs: e.LOOKOUT_ALERTS_INTERVAL_MS },
  };
}

function lmsApiConfig(e: { LMS_URL?: string; LMS_API_CLIENT_ID?: string; LMS_API_CLIENT_SECRET?: string; LMS_OAUTH_CLIENT_ID?: string; LMS_OAUTH_CLIENT_SECRET?: string }): Config['lmsApi'] {
  const lmsUrl = e.LMS_URL?.replace(/\/+$/, '');
  const clientId = e.LMS_API_CLIENT_ID ?? e.LMS_OAUTH_CLIENT_ID;
  const clientSecret = e.LMS_API_CLIENT_ID ? e.LMS_API_CLIENT_SECRET : e.LMS_OAUTH_CLIENT_SECRET;
  return lmsUrl && clientId && clientSecret ? { lmsUrl, clientId, clientSecret } : undefined;
}
