import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

/** The LMS's JWT cookies (edx-drf-extensions' JwtAuthCookieMiddleware splits the JWT in two). */
export const JWT_HEADER_PAYLOAD_COOKIE = 'edx-jwt-cookie-header-payload';
export const JWT_SIGNATURE_COOKIE = 'edx-jwt-cookie-signature';

export interface LmsJwtSettings {
  /** The LMS public signing keys (JWT_PUBLIC_SIGNING_JWK_SET), as JSON text or parsed. */
  jwks: JSONWebKeySet;
  issuer: string;
  audience: string;
}

/** What Lookout takes from an LMS JWT (claims set by edx-platform's JWT builder). */
export interface LmsJwtUser {
  username: string;
  userId?: number;
  email?: string;
  name?: string;
  /** `administrator` claim: auth_user.is_staff */
  isStaff: boolean;
  /** `superuser` claim: auth_user.is_superuser */
  isSuperuser: boolean;
  expiresAt: number;
}

export class JwtRefused extends Error {}

/** The JWT from the two cookies, or undefined when either is missing. */
export function jwtFromCookies(cookies: Record<string, string>): string | undefined {
  const headerPayload = cookies[JWT_HEADER_PAYLOAD_COOKIE];
  const signature = cookies[JWT_SIGNATURE_COOKIE];
  return headerPayload && signature ? `${headerPayload}.${signature}` : undefined;
}

/** Parses JWT_PUBLIC_SIGNING_JWK_SET text; throws with a reason when it is not a key set. */
export function parseJwks(text: string): JSONWebKeySet {
  const value = JSON.parse(text) as JSONWebKeySet;
  if (!value || !Array.isArray(value.keys) || value.keys.length === 0) throw new Error('must be a JSON Web Key Set: {"keys": [...]}');
  return value;
}

/**
 * Verifies signature (asymmetric algorithms only: the LMS signs with RS512), issuer,
 * audience and expiry. Throws JwtRefused with the reason.
 */
export async function verifyLmsJwt(token: string, settings: LmsJwtSettings, now = new Date()): Promise<LmsJwtUser> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(settings.jwks), {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      currentDate: now,
      requiredClaims: ['exp'],
    }));
  } catch (err) {
    throw new JwtRefused(`LMS JWT refused: ${(err as Error).message}`);
  }
  const username = payload.preferred_username;
  if (typeof username !== 'string' || !username) throw new JwtRefused('LMS JWT refused: no preferred_username claim');
  return {
    username,
    userId: typeof payload.user_id === 'number' ? payload.user_id : undefined,
    email: typeof payload.email === 'string' ? payload.email : undefined,
    name: typeof payload.name === 'string' ? payload.name : undefined,
    isStaff: payload.administrator === true,
    isSuperuser: payload.superuser === true,
    expiresAt: payload.exp! * 1000,
  };
}
