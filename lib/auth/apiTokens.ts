import { createHash, randomBytes } from 'node:crypto';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';

/**
 * Revocable bearer tokens acting as an LMS user (`Authorization: Bearer lk_…` on the REST
 * API, `auth: { token }` on the socket). The token is shown once; the lake keeps its SHA-256.
 */
export const API_TOKEN_PREFIX = 'lk_';

export interface ApiTokenInfo {
  id: string;
  username: string;
  /** The LMS user id the token acts as (roles follow it); unset until the user is synced. */
  userId?: number;
  label: string;
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export function looksLikeApiToken(token: string): boolean {
  return token.startsWith(API_TOKEN_PREFIX) && token.length > 20;
}

export async function createApiToken(
  lake: Lake,
  input: { username: string; userId?: number; label?: string; createdBy: string },
  now = new Date(),
): Promise<{ token: string; info: ApiTokenInfo }> {
  const username = input.username.trim();
  if (!username) throw new Error('username is required');
  const id = randomBytes(6).toString('hex');
  const token = `${API_TOKEN_PREFIX}${id}_${randomBytes(24).toString('base64url')}`;
  const at = formatLakeTime(now);
  await lake.client.insert({
    table: 'api_tokens',
    values: [{ id, token_hash: hashToken(token), username, user_id: input.userId ?? null, label: input.label ?? '', created_by: input.createdBy, created_at: at, revoked_at: null, version: at }],
    format: 'JSONEachRow',
  });
  return { token, info: { id, username, ...(input.userId !== undefined ? { userId: input.userId } : {}), label: input.label ?? '', createdBy: input.createdBy, createdAt: now.toISOString() } };
}

interface TokenRow {
  id: string;
  token_hash: string;
  username: string;
  user_id: string | number | null;
  label: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  version: string;
}

const toInfo = (r: TokenRow): ApiTokenInfo => ({
  id: r.id,
  username: r.username,
  ...(r.user_id !== null && r.user_id !== undefined ? { userId: Number(r.user_id) } : {}),
  label: r.label,
  createdBy: r.created_by,
  createdAt: parseLakeTime(r.created_at).toISOString(),
  ...(r.revoked_at ? { revokedAt: parseLakeTime(r.revoked_at).toISOString() } : {}),
});

/** The live (not revoked) token with this value, or undefined. */
export async function findApiToken(lake: Lake, token: string): Promise<ApiTokenInfo | undefined> {
  if (!looksLikeApiToken(token)) return undefined;
  const [row] = await queryRows<TokenRow>(lake, 'SELECT * FROM api_tokens FINAL WHERE token_hash = {h:String} LIMIT 1', { h: hashToken(token) });
  return row && !row.revoked_at ? toInfo(row) : undefined;
}

export async function listApiTokens(lake: Lake): Promise<ApiTokenInfo[]> {
  const rows = await queryRows<TokenRow>(lake, 'SELECT * FROM api_tokens FINAL ORDER BY created_at DESC, id');
  return rows.map(toInfo);
}

/** Revokes a token by id; false when there is no such live token. */
export async function revokeApiToken(lake: Lake, id: string, now = new Date()): Promise<boolean> {
  return rewriteToken(lake, id, { revoked_at: formatLakeTime(now) }, now);
}

/** Binds a token created before its user was synced (or before migration 080) to the user's id, once. */
export async function bindApiTokenUser(lake: Lake, id: string, userId: number, now = new Date()): Promise<boolean> {
  return rewriteToken(lake, id, { user_id: userId }, now);
}

async function rewriteToken(lake: Lake, id: string, change: Partial<TokenRow>, now: Date): Promise<boolean> {
  const [row] = await queryRows<TokenRow>(lake, 'SELECT * FROM api_tokens FINAL WHERE id = {id:String} LIMIT 1', { id });
  if (!row || row.revoked_at) return false;
  // The version must grow even within the same millisecond as creation.
  const version = new Date(Math.max(now.getTime(), parseLakeTime(row.version).getTime() + 1));
  await lake.client.insert({ table: 'api_tokens', values: [{ ...row, ...change, version: formatLakeTime(version) }], format: 'JSONEachRow' });
  return true;
}
