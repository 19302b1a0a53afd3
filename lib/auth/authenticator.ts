import type { Lake } from '../lake/client';
import { findApiToken } from './apiTokens';
import type { AuthConfig } from './config';
import { parseCookies } from './cookies';
import { lmsUserFromLake } from './lakeRoles';
import { rolesFromLmsApi } from './lmsApiRoles';
import { jwtFromCookies, JwtRefused, verifyLmsJwt } from './lmsJwt';
import { NO_ROLES, type Principal, type Roles } from './principal';
import { readSession, sessionCookieValue } from './session';

/** The credentials of one request or socket handshake. */
export interface Credentials {
  cookie?: string;
  authorization?: string;
  /** Socket.IO `auth: { token }`. */
  token?: string;
}

export type Authentication = { principal: Principal } | { principal?: undefined; reason: string };

const NOT_SIGNED_IN = 'sign in first (LMS session, Lookout session or API token)';

/**
 * Turns credentials into a principal: an API token (Bearer or socket auth) decides alone;
 * otherwise Lookout's session cookie, then the LMS JWT cookies. Roles are resolved from the
 * synced LMS tables (or the LMS courses API) and cached for `roleCacheMs`.
 */
export class Authenticator {
  private readonly roleCache = new Map<string, { at: number; value: Promise<{ roles: Roles; email?: string; name?: string; userId?: number }> }>();

  constructor(
    private readonly lake: Lake,
    readonly config: AuthConfig & { secret: string },
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async authenticate(credentials: Credentials): Promise<Authentication> {
    const bearer = credentials.token ?? /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization ?? '')?.[1];
    if (bearer) return this.fromApiToken(bearer);

    const cookies = parseCookies(credentials.cookie);
    const session = sessionCookieValue(cookies);
    let reason = NOT_SIGNED_IN;
    if (session) {
      const claims = await readSession(session, this.config.secret);
      if (claims) {
        const user = await this.user(claims.username, claims.lmsJwt ? { jwt: claims.lmsJwt, isStaff: !!claims.isStaff, isSuperuser: !!claims.isSuperuser } : undefined);
        return {
          principal: { username: claims.username, userId: claims.userId ?? user.userId, email: claims.email ?? user.email, name: claims.name ?? user.name, source: 'session', roles: user.roles, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined },
        };
      }
      reason = 'Lookout session expired or not valid: sign in again';
    }

    const jwt = jwtFromCookies(cookies);
    if (jwt) {
      if (!this.config.jwt) return { reason: 'LMS JWT cookies sent, but no LMS JWK set is configured (LMS_JWT_PUBLIC_SIGNING_JWK_SET)' };
      try {
        const lms = await verifyLmsJwt(jwt, this.config.jwt);
        const user = await this.user(lms.username, { jwt, isStaff: lms.isStaff, isSuperuser: lms.isSuperuser });
        return { principal: { username: lms.username, userId: lms.userId ?? user.userId, email: lms.email ?? user.email, name: lms.name ?? user.name, source: 'lms-jwt', roles: user.roles, expiresAt: lms.expiresAt } };
      } catch (err) {
        if (err instanceof JwtRefused) return { reason: err.message };
        throw err;
      }
    }
    return { reason };
  }

  private async fromApiToken(token: string): Promise<Authentication> {
    const info = await findApiToken(this.lake, token);
    if (!info) return { reason: 'API token unknown or revoked' };
    const user = await this.user(info.username);
    return { principal: { username: info.username, userId: user.userId, email: user.email, name: user.name, source: 'api-token', tokenId: info.id, roles: user.roles } };
  }

  /** The user's roles (and own email/name), cached briefly per user. */
  private user(username: string, lms?: { jwt: string; isStaff: boolean; isSuperuser: boolean }) {
    const key = `${this.config.roleSource}:${username}`;
    const cached = this.roleCache.get(key);
    if (cached && Date.now() - cached.at < this.config.roleCacheMs) return cached.value;
    const value = this.loadUser(username, lms);
    this.roleCache.set(key, { at: Date.now(), value });
    value.catch(() => this.roleCache.delete(key));
    return value;
  }

  private async loadUser(username: string, lms?: { jwt: string; isStaff: boolean; isSuperuser: boolean }) {
    if (this.config.roleSource === 'lms-api') {
      // Without an LMS database, only a caller holding an LMS JWT has roles (API tokens have none).
      if (!lms || !this.config.lmsUrl) return { roles: NO_ROLES };
      return { roles: await rolesFromLmsApi(this.config.lmsUrl, { username, ...lms }, this.fetchImpl) };
    }
    const user = await lmsUserFromLake(this.lake, username);
    return user ? { roles: user.roles, email: user.email, name: user.name, userId: user.id } : { roles: NO_ROLES };
  }

  /** Forget cached roles (after a role change or a token revocation). */
  clearCache(): void {
    this.roleCache.clear();
  }
}
