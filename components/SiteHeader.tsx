'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { SignOutButton } from './SignOutButton';

/** The site's header; the embedded tab (/embed/…) shows none. */
export function SiteHeader({ user }: { user?: { username: string; roles: string[] } }) {
  const path = usePathname();
  if (path?.startsWith('/embed/')) return null;
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Lookout
      </Link>
      <span className="tagline">live course analytics for Open edX</span>
      <span className="site-user">
        {user ? (
          <>
            <span data-testid="signed-in-as">{user.username}</span>
            {user.roles.length > 0 && <span className="kpi-note"> ({user.roles.join(', ')})</span>}
            <SignOutButton />
          </>
        ) : (
          <Link href="/signin">Sign in</Link>
        )}
      </span>
    </header>
  );
}
