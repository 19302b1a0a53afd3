import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWK } from 'jose';

/** An LMS signing key pair, as the LMS's JWT_PRIVATE_SIGNING_JWK / JWT_PUBLIC_SIGNING_JWK_SET. */
export interface LmsKeys {
  privateKey: CryptoKey;
  jwks: JSONWebKeySet;
  kid: string;
}

export async function lmsKeys(kid = 'lms-test-key'): Promise<LmsKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS512', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS512', use: 'sig' };
  return { privateKey, jwks: { keys: [jwk] }, kid };
}

export interface LmsClaims {
  username: string;
  userId?: number;
  email?: string;
  name?: string;
  administrator?: boolean;
  superuser?: boolean;
}

/** A JWT shaped like edx-platform's (RS512, preferred_username, administrator, superuser…). */
export function signLmsJwt(
  keys: LmsKeys,
  claims: LmsClaims,
  opts: { issuer: string; audience: string; expiresInS?: number; issuedAt?: number },
): Promise<string> {
  const now = opts.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT({
    preferred_username: claims.username,
    user_id: claims.userId,
    email: claims.email,
    name: claims.name,
    administrator: claims.administrator ?? false,
    superuser: claims.superuser ?? false,
    scopes: ['user_id', 'email', 'profile'],
    version: '1.2.0',
  })
    .setProtectedHeader({ alg: 'RS512', kid: keys.kid })
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.expiresInS ?? 3600))
    .sign(keys.privateKey);
}

/** The two cookies the LMS sets from a JWT (header.payload, and the signature). */
export function jwtCookies(jwt: string): string {
  const [h, p, s] = jwt.split('.');
  return `edx-jwt-cookie-header-payload=${h}.${p}; edx-jwt-cookie-signature=${s}`;
}
