import { getServices } from '@/lib/services';
import { DEMO_USERS } from '@/server/demo/seedUsers';
import { LmsSignInButton } from '@/components/LmsSignInButton';
import { sameOriginPath } from '@/lib/auth/redirect';
import { formatMessage } from '@/lib/i18n';
import { messages as m } from './page.messages';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

/** Sign-in: with the LMS (OAuth), or, on the embedded default without an LMS, as a demo user. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const raw = Array.isArray(params.next) ? params.next[0] : params.next ?? params.callbackUrl;
  // No page asked for (or just the home page): land where the role works (app/start).
  const asked = sameOriginPath(raw);
  const nextPath = asked === '/' ? '/start' : asked;
  const error = typeof params.error === 'string' ? params.error : undefined;
  const { config } = getServices();
  const { lmsUrl, oauth, demoSignIn } = config.auth;

  return (
    <>
      <h1>{formatMessage(m.title)}</h1>
      <p className="subtitle">{formatMessage(m.subtitle)}</p>
      {error && <p className="error" data-testid="signin-error">{formatMessage(m.failed, { error })}</p>}
      {lmsUrl && oauth && (
        <div className="panel" style={{ marginBottom: '1rem' }}>
          <LmsSignInButton callbackUrl={nextPath} />
        </div>
      )}
      {lmsUrl && !oauth && (
        <div className="panel" style={{ marginBottom: '1rem' }}>
          <a href={`${lmsUrl}/login?next=${encodeURIComponent(nextPath)}`}>{formatMessage(m.onLms)}</a>
        </div>
      )}
      {demoSignIn && (
        <div className="panel" data-testid="demo-signin">
          <h2 className="chart-title">{formatMessage(m.demoUsers)}</h2>
          <p className="kpi-note">{formatMessage(m.demoNote)}</p>
          <div className="signin-list">
            {DEMO_USERS.map((u) => (
              <form key={u.username} method="post" action="/api/demo/signin">
                <input type="hidden" name="username" value={u.username} />
                <input type="hidden" name="next" value={nextPath} />
                <button type="submit" data-testid={`demo-${u.username}`}>
                  <strong>{u.username}</strong> <span className="kpi-note">— {u.description}</span>
                </button>
              </form>
            ))}
          </div>
        </div>
      )}
      {!lmsUrl && !demoSignIn && (
        <div className="panel">
          <p className="empty">{formatMessage(m.none)}</p>
        </div>
      )}
    </>
  );
}
