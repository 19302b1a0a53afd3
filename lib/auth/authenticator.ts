import type { Lake } from '../lake/client';
import { decodeJwt } from 'jose';
import { bindApiTokenUser, findApiToken } from './apiTokens';
import type { AuthConfig } from './config';
import { parseCookies } from './cookies';
import { lmsUserFromLake } from './lakeRoles';
import { LmsTokenRefused, rolesFromLmsApi } from './lmsApiRoles';
import { jwtFromCookies, JwtRefused, verifyLmsJwt } from './lmsJwt';
import { NO_ROLES, type Principal, type PrincipalSource, type Roles } from './principal';
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
  private readonly roleCache = new Map<string, { at: number; value: Promise<UserRoles> }>();

  constructor(
    private readonly lake: Lake,
    readonly config: AuthConfig & { secret: string },
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async authenticate(credentials: Credentials): Promise<Authentication> {
    try {
      return await this.identify(credentials);
    } catch (err) {
      // The LMS refused the stored token (expired, revoked): sign in again, not a server error.
      if (err instanceof LmsTokenRefused) return { reason: err.message };
      throw err;
    }
  }

  private async identify(credentials: Credentials): Promise<Authentication> {
    const bearer = credentials.token ?? /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization ?? '')?.[1];
    if (bearer) return this.fromApiToken(bearer);

    const cookies = parseCookies(credentials.cookie);
    const session = sessionCookieValue(cookies);
    let reason = NOT_SIGNED_IN;
    if (session) {
      const claims = await readSession(session, this.config.secret);
      if (claims) {
        const lms = claims.lmsJwt ? { jwt: claims.lmsJwt, isStaff: !!claims.isStaff, isSuperuser: !!claims.isSuperuser } : undefined;
        // Roles read with the stored LMS token (LMS-API mode) last no longer than that token.
        const lmsExpiry = claims.lmsJwt ? jwtExpiry(claims.lmsJwt) : undefined;
        if (lmsExpiry !== undefined && lmsExpiry <= Date.now()) return { reason: 'the LMS token of this session has expired: sign in again' };
        const user = await this.user('session', { userId: claims.userId, username: claims.username }, lms);
        const expiresAt = Math.min(typeof claims.exp === 'number' ? claims.exp * 1000 : Infinity, lmsExpiry ?? Infinity);
        return {
          principal: { username: claims.username, userId: claims.userId ?? user.userId, email: claims.email ?? user.email, name: claims.name ?? user.name, source: 'session', roles: user.roles, ...(Number.isFinite(expiresAt) ? { expiresAt } : {}) },
        };
      }
      reason = 'Lookout session expired or not valid: sign in again';
    }

    const jwt = jwtFromCookies(cookies);
    if (jwt) {
      if (!this.config.jwt) return { reason: 'LMS JWT cookies sent, but no LMS JWK set is configured (LMS_JWT_PUBLIC_SIGNING_JWK_SET)' };
      try {
        const lms = await verifyLmsJwt(jwt, this.config.jwt);
        const user = await this.user('lms-jwt', { userId: lms.userId, username: lms.username }, { jwt, isStaff: lms.isStaff, isSuperuser: lms.isSuperuser });
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
    let userId = info.userId;
    if (userId === undefined && this.config.roleSource === 'lake') {
      // Created before its user was synced: bound to the id of the user holding the name now, once.
      const holder = await lmsUserFromLake(this.lake, info.username);
      if (holder && (await bindApiTokenUser(this.lake, info.id, holder.id))) userId = holder.id;
    }
    const user = await this.user('api-token', { userId, username: info.username });
    // The username shown is the user's current one (a token follows its user through a rename).
    return { principal: { username: user.username ?? info.username, userId, email: user.email, name: user.name, source: 'api-token', tokenId: info.id, roles: user.roles } };
  }

  /**
   * The user's roles (and own email/name), cached briefly per user id and kind of credential: a
   * token's roles are never a JWT's (in the LMS-API mode they differ), nor the reverse.
   */
  private user(kind: PrincipalSource, who: { userId?: number; username: string }, lms?: LmsAuth) {
    const key = `${this.config.roleSource}:${kind}:${who.userId ?? `name:${who.username}`}`;
    const cached = this.roleCache.get(key);
    if (cached && Date.now() - cached.at < this.config.roleCacheMs) return cached.value;
    const value = this.loadUser(who, lms);
    this.roleCache.set(key, { at: Date.now(), value });
    value.catch(() => this.roleCache.delete(key));
    return value;
  }

  private async loadUser(who: { userId?: number; username: string }, lms?: LmsAuth): Promise<UserRoles> {
    if (this.config.roleSource === 'lms-api') {
      // Without an LMS database, only a caller holding an LMS JWT has roles (API tokens have none).
      if (!lms || !this.config.lmsUrl) return { roles: NO_ROLES };
      return { roles: await rolesFromLmsApi(this.config.lmsUrl, { username: who.username, ...lms }, this.fetchImpl) };
    }
    // Roles follow the LMS user id; a credential without one (an LMS JWT without the user_id
    // claim, a token whose user is not synced yet) has none.
    if (who.userId === undefined) return { roles: NO_ROLES };
    const user = await lmsUserFromLake(this.lake, { id: who.userId });
    return user ? { roles: user.roles, email: user.email, name: user.name, userId: user.id, username: user.username } : { roles: NO_ROLES };
  }

  /** Forget cached roles (after a role change or a token revocation). */
  clearCache(): void {
    this.roleCache.clear();
  }
}

interface UserRoles {
  roles: Roles;
  email?: string;
  name?: string;
  userId?: number;
  /** The user's current username in the LMS copy. */
  username?: string;
}

type LmsAuth = { jwt: string; isStaff: boolean; isSuperuser: boolean };

/** A JWT's `exp` in ms (undefined when it has none or is not a JWT). */
function jwtExpiry(jwt: string): number | undefined {
  try {
    const exp = decodeJwt(jwt).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
