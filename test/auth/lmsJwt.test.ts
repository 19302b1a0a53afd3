import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, base64url } from 'jose';
import { jwtFromCookies, verifyLmsJwt, JwtRefused, type LmsJwtSettings } from '../../lib/auth/lmsJwt';
import { parseCookies } from '../../lib/auth/cookies';
import { jwtCookies, lmsKeys, signLmsJwt, type LmsKeys } from '../support/lmsJwt';

const issuer = 'http://lms.test/oauth2';
const audience = 'openedx';
let keys: LmsKeys;
let other: LmsKeys;
let settings: LmsJwtSettings;

before(async () => {
  keys = await lmsKeys();
  other = await lmsKeys(); // same kid, another key: a forgery
  settings = { jwks: keys.jwks, issuer, audience };
});

async function refused(token: string, pattern: RegExp) {
  await assert.rejects(verifyLmsJwt(token, settings), (err: Error) => err instanceof JwtRefused && pattern.test(err.message));
}

describe('LMS JWT verification', () => {
  it('accepts a JWT signed by the LMS key with the right issuer, audience and time', async () => {
    const jwt = await signLmsJwt(keys, { username: 'ines', userId: 7, email: 'i@x', administrator: true }, { issuer, audience });
    const user = await verifyLmsJwt(jwt, settings);
    assert.equal(user.username, 'ines');
    assert.equal(user.userId, 7);
    assert.equal(user.isStaff, true);
    assert.equal(user.isSuperuser, false);
  });

  it('refuses a forged signature', async () => {
    await refused(await signLmsJwt(other, { username: 'ines' }, { issuer, audience }), /signature/);
  });

  it('refuses a payload changed after signing', async () => {
    const jwt = await signLmsJwt(keys, { username: 'ines' }, { issuer, audience });
    const [h, p, s] = jwt.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p!)));
    claims.superuser = true;
    await refused(`${h}.${base64url.encode(JSON.stringify(claims))}.${s}`, /signature/);
  });

  it('refuses an expired JWT', async () => {
    const jwt = await signLmsJwt(keys, { username: 'ines' }, { issuer, audience, issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresInS: 3600 });
    await refused(jwt, /exp/);
  });

  it('refuses the wrong issuer', async () => {
    await refused(await signLmsJwt(keys, { username: 'ines' }, { issuer: 'http://evil.test/oauth2', audience }), /iss/);
  });

  it('refuses the wrong audience', async () => {
    await refused(await signLmsJwt(keys, { username: 'ines' }, { issuer, audience: 'someone-else' }), /aud/);
  });

  it('refuses an HMAC JWT keyed with the public key and an unsigned one', async () => {
    const hmac = await new SignJWT({ preferred_username: 'ines' })
      .setProtectedHeader({ alg: 'HS256', kid: keys.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JSON.stringify(keys.jwks.keys[0])));
    await refused(hmac, /alg|key/i);
    const [, p] = (await signLmsJwt(keys, { username: 'ines' }, { issuer, audience })).split('.');
    await refused(`${base64url.encode('{"alg":"none"}')}.${p}.`, /alg|JWS|signature/i);
  });

  it('refuses a JWT without preferred_username', async () => {
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'RS512', kid: keys.kid }).setIssuer(issuer).setAudience(audience).setExpirationTime('1h').sign(keys.privateKey);
    await refused(jwt, /preferred_username/);
  });

  it('joins the two LMS cookies back into the JWT', async () => {
    const jwt = await signLmsJwt(keys, { username: 'ines' }, { issuer, audience });
    assert.equal(jwtFromCookies(parseCookies(`other=1; ${jwtCookies(jwt)}`)), jwt);
    assert.equal(jwtFromCookies(parseCookies('edx-jwt-cookie-header-payload=a.b')), undefined);
  });
});
