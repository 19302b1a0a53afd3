import { decode, encode } from 'next-auth/jwt';

/**
 * Lookout's own session: next-auth's JWT session cookie (encrypted with the auth secret).
 * Written by next-auth after the LMS OAuth sign-in, or by the demo sign-in; read by the
 * custom server (REST, sockets) and the pages alike.
 */
export const SESSION_COOKIE = 'next-auth.session-token';
export const SECURE_SESSION_COOKIE = '__Secure-next-auth.session-token';
export const SESSION_MAX_AGE_S = 8 * 3600;

/** What the session carries (next-auth's JWT callback writes the same fields). */
export interface SessionClaims {
  username: string;
  userId?: number;
  email?: string;
  name?: string;
  isStaff?: boolean;
  isSuperuser?: boolean;
  /** The LMS access token (a JWT), kept only to read roles from the LMS API when no LMS database is synced. */
  lmsJwt?: string;
  via: 'lms-oauth' | 'demo';
  /** Expiry (seconds since the epoch), set when the session is written. */
  exp?: number;
}

/** The session cookie's value from parsed cookies, joining next-auth's chunks (`name.0`, `name.1`…). */
export function sessionCookieValue(cookies: Record<string, string>): string | undefined {
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    if (cookies[name]) return cookies[name];
    const chunks: string[] = [];
    for (let i = 0; cookies[`${name}.${i}`] !== undefined; i++) chunks.push(cookies[`${name}.${i}`]!);
    if (chunks.length) return chunks.join('');
  }
  return undefined;
}

export async function readSession(value: string, secret: string): Promise<SessionClaims | undefined> {
  try {
    const token = await decode({ token: value, secret });
    if (!token || typeof token.username !== 'string' || !token.username) return undefined;
    return token as unknown as SessionClaims;
  } catch {
    return undefined;
  }
}

export function writeSession(claims: SessionClaims, secret: string, maxAge = SESSION_MAX_AGE_S): Promise<string> {
  // `sub` is the LMS user id (roles follow it); the username is for display.
  return encode({ token: { ...claims, sub: claims.userId !== undefined ? String(claims.userId) : claims.username }, secret, maxAge });
}

/** A Set-Cookie header for the session, as next-auth writes it. */
export function sessionSetCookie(value: string, secure: boolean, maxAge = SESSION_MAX_AGE_S): string {
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}
