import { z } from 'zod';
import { parseJwks, type LmsJwtSettings } from './lmsJwt';
import { DEFAULT_PII_ROLES, PII_ROLE_NAMES, type PiiRoleName } from './principal';

/** The environment variables of sign-in and access (merged into lib/config.ts's schema). */
export const authSchema = {
  LMS_URL: z
    .string()
    .refine((v) => /^https?:$/.test(safeUrl(v)?.protocol ?? ''), { error: 'must be a URL starting with http:// or https://' })
    .optional(),
  LMS_OAUTH_CLIENT_ID: z.string().optional(),
  LMS_OAUTH_CLIENT_SECRET: z.string().optional(),
  LMS_JWT_ISSUER: z.string().optional(),
  LMS_JWT_AUDIENCE: z.string().optional(),
  LMS_JWT_PUBLIC_SIGNING_JWK_SET: z
    .string()
    .superRefine((v, ctx) => {
      try {
        parseJwks(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `must be a JSON Web Key Set: ${(err as Error).message}` });
      }
    })
    .optional(),
  LOOKOUT_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOOKOUT_PUBLIC_URL: z
    .string()
    .refine((v) => /^https?:$/.test(safeUrl(v)?.protocol ?? ''), { error: 'must be a URL starting with http:// or https://' })
    .optional(),
  LOOKOUT_PII_ROLES: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every((r) => (PII_ROLE_NAMES as readonly string[]).includes(r)), {
      error: `must be a comma-separated list of ${PII_ROLE_NAMES.join(', ')} (or "none")`,
    })
    .or(z.literal('none').transform(() => [] as string[]))
    .optional(),
  LOOKOUT_EMBED_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every((o) => safeUrl(o)?.origin === o), { error: 'must be a comma-separated list of origins like https://lms.example.com (no path, no trailing slash)' })
    .optional(),
  LOOKOUT_ROLE_SOURCE: z.enum(['lake', 'lms-api'], { error: 'must be lake or lms-api' }).optional(),
  LOOKOUT_ROLE_CACHE_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(600_000).default(30_000),
  LOOKOUT_DEMO_SIGNIN: z
    .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'], { error: 'must be 1/0, true/false, yes/no or on/off' })
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))
    .optional(),
};

const authObject = z.object(authSchema);
type AuthEnv = z.output<typeof authObject> & { LOOKOUT_DEMO?: boolean };

export interface AuthConfig {
  /** The LMS root URL (sign-in, token refresh, courses API). */
  lmsUrl?: string;
  oauth?: { clientId: string; clientSecret: string };
  /** Verifying the LMS JWT cookies; set when a JWK set is configured. */
  jwt?: LmsJwtSettings;
  /** Signs Lookout's session cookie; generated into the data folder when unset. */
  secret?: string;
  /** Lookout's own public URL (OAuth redirect); default the URL it listens on. */
  publicUrl?: string;
  piiRoles: PiiRoleName[];
  /** Origins allowed to frame /embed/… (frame-ancestors). */
  embedOrigins: string[];
  roleCacheMs: number;
  /** Where roles come from: the synced LMS tables, or the LMS courses API when no LMS database is synced. */
  roleSource: 'lake' | 'lms-api';
  /** The demo users' sign-in page: only on the embedded default without an LMS. */
  demoSignIn: boolean;
}

function safeUrl(v: string): URL | undefined {
  try {
    return new URL(v);
  } catch {
    return undefined;
  }
}

/** Checks across variables, as `NAME=…: reason` lines. */
export function authConfigProblems(e: AuthEnv & { LMS_MYSQL_URL?: string }): string[] {
  const problems: string[] = [];
  if (e.LMS_OAUTH_CLIENT_ID && !e.LMS_OAUTH_CLIENT_SECRET) problems.push('LMS_OAUTH_CLIENT_SECRET="": must be set with LMS_OAUTH_CLIENT_ID');
  if ((e.LMS_OAUTH_CLIENT_ID || e.LMS_JWT_PUBLIC_SIGNING_JWK_SET) && !e.LMS_URL) {
    problems.push('LMS_URL="": must be set with LMS_OAUTH_CLIENT_ID or LMS_JWT_PUBLIC_SIGNING_JWK_SET');
  }
  if (e.LOOKOUT_DEMO_SIGNIN && (e.LMS_URL || e.LMS_MYSQL_URL)) {
    problems.push('LOOKOUT_DEMO_SIGNIN="1": demo sign-in is never available when an LMS is configured (LMS_URL or LMS_MYSQL_URL)');
  }
  return problems;
}

export function authConfig(e: AuthEnv, context: { embedded: boolean; lmsDatabase: boolean }): AuthConfig {
  const lmsUrl = e.LMS_URL?.replace(/\/+$/, '');
  const noLms = !lmsUrl && !context.lmsDatabase;
  return {
    lmsUrl,
    oauth: e.LMS_OAUTH_CLIENT_ID ? { clientId: e.LMS_OAUTH_CLIENT_ID, clientSecret: e.LMS_OAUTH_CLIENT_SECRET! } : undefined,
    jwt:
      lmsUrl && e.LMS_JWT_PUBLIC_SIGNING_JWK_SET
        ? {
            jwks: parseJwks(e.LMS_JWT_PUBLIC_SIGNING_JWK_SET),
            issuer: e.LMS_JWT_ISSUER ?? `${lmsUrl}/oauth2`,
            audience: e.LMS_JWT_AUDIENCE ?? 'openedx',
          }
        : undefined,
    secret: e.LOOKOUT_AUTH_SECRET,
    publicUrl: e.LOOKOUT_PUBLIC_URL?.replace(/\/+$/, ''),
    piiRoles: (e.LOOKOUT_PII_ROLES as PiiRoleName[] | undefined) ?? DEFAULT_PII_ROLES,
    embedOrigins: e.LOOKOUT_EMBED_ORIGINS ?? (lmsUrl ? [new URL(lmsUrl).origin] : []),
    roleCacheMs: e.LOOKOUT_ROLE_CACHE_MS,
    roleSource: e.LOOKOUT_ROLE_SOURCE ?? (lmsUrl && !context.lmsDatabase ? 'lms-api' : 'lake'),
    demoSignIn: noLms && context.embedded && (e.LOOKOUT_DEMO_SIGNIN ?? e.LOOKOUT_DEMO ?? true),
  };
}
