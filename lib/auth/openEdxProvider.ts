import type { OAuthConfig } from 'next-auth/providers/oauth';

/** What the LMS tells about the signed-in user: /api/user/v1/me plus the accounts API. */
export interface OpenEdxProfile {
  username: string;
  email?: string;
  name?: string;
}

/**
 * next-auth provider for the Open edX LMS (django-oauth-toolkit): authorization code at
 * /oauth2/authorize, token at /oauth2/access_token with token_type=jwt (the access token is
 * then an LMS JWT, sent back as `Authorization: JWT …`), profile from /api/user/v1/me and
 * /api/user/v1/accounts/<username>. The `user_id` scope puts the LMS user id in the JWT (roles
 * follow it): edx-platform only adds the `user_id` claim when that scope is granted
 * (openedx/edx-platform openedx/core/djangoapps/oauth_dispatch/docs/decisions/0015-add-scope-user-id-for-jwt-password-grant.rst;
 * the JWT cookies of the LMS's own micro-frontends always carry it).
 */
export function openEdxProvider(lmsUrl: string, clientId: string, clientSecret: string, fetchImpl: typeof fetch = fetch): OAuthConfig<OpenEdxProfile> {
  return {
    id: 'openedx',
    name: 'Open edX',
    type: 'oauth',
    clientId,
    clientSecret,
    checks: ['state'],
    authorization: { url: `${lmsUrl}/oauth2/authorize`, params: { scope: 'user_id profile email', response_type: 'code' } },
    token: {
      url: `${lmsUrl}/oauth2/access_token`,
      // openid-client does not forward token_type=jwt, so the exchange is done here.
      async request({ params, provider }) {
        const res = await fetchImpl(`${lmsUrl}/oauth2/access_token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: String(params.code ?? ''),
            redirect_uri: String(provider.callbackUrl),
            client_id: clientId,
            client_secret: clientSecret,
            token_type: 'jwt',
          }),
        });
        const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
        if (!res.ok || typeof body.access_token !== 'string') {
          throw new Error(`LMS token endpoint answered ${res.status}: ${String(body.error_description ?? body.error ?? 'no access_token')}`);
        }
        return { tokens: body as { access_token: string } };
      },
    },
    userinfo: {
      url: `${lmsUrl}/api/user/v1/me`,
      async request({ tokens }) {
        const headers = { authorization: `JWT ${tokens.access_token}`, accept: 'application/json' };
        const me = await fetchImpl(`${lmsUrl}/api/user/v1/me`, { headers });
        if (!me.ok) throw new Error(`LMS /api/user/v1/me answered ${me.status}`);
        const { username } = (await me.json()) as { username: string };
        const account = await fetchImpl(`${lmsUrl}/api/user/v1/accounts/${encodeURIComponent(username)}`, { headers });
        if (!account.ok) throw new Error(`LMS accounts API answered ${account.status} for ${username}`);
        const details = (await account.json()) as { email?: string; name?: string };
        return { username, email: details.email, name: details.name };
      },
    },
    profile(profile) {
      return { id: profile.username, name: profile.name ?? profile.username, email: profile.email ?? null };
    },
  };
}
