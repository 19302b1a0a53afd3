import type { AuthOptions } from 'next-auth';
import { decodeJwt } from 'jose';
import { getServices } from '../services';
import { openEdxProvider, type OpenEdxProfile } from './openEdxProvider';
import { SESSION_MAX_AGE_S, type SessionClaims } from './session';

/**
 * next-auth's options, built from the running server's configuration. The session is
 * next-auth's JWT cookie; its fields are SessionClaims, which lib/auth/session.ts reads for
 * the custom server and pages alike.
 */
export function nextAuthOptions(): AuthOptions {
  const { auth } = getServices();
  const { lmsUrl, oauth, roleSource } = auth.config;
  return {
    secret: auth.config.secret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/signin', error: '/signin' },
    providers: lmsUrl && oauth ? [openEdxProvider(lmsUrl, oauth.clientId, oauth.clientSecret)] : [],
    callbacks: {
      async jwt({ token, account, profile }) {
        if (!account || !profile) return token;
        const p = profile as unknown as OpenEdxProfile;
        // The access token came straight from the LMS token endpoint; its claims carry the user's flags.
        const claims = account.access_token ? decodeJwt(account.access_token) : {};
        const session: SessionClaims = {
          username: p.username,
          userId: typeof claims.user_id === 'number' ? claims.user_id : undefined,
          email: p.email,
          name: p.name,
          isStaff: claims.administrator === true,
          isSuperuser: claims.superuser === true,
          via: 'lms-oauth',
          ...(roleSource === 'lms-api' && account.access_token ? { lmsJwt: account.access_token } : {}),
        };
        return { sub: session.userId !== undefined ? String(session.userId) : p.username, ...session };
      },
      session({ session, token }) {
        return { ...session, user: { name: token.name as string, email: token.email as string, username: token.username } } as typeof session;
      },
    },
  };
}
