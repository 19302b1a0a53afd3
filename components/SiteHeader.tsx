'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { formatMessage } from '@/lib/i18n';
import type { Principal } from '@/lib/auth/principal';
import { navMessages } from '@/lib/nav/messages';
import { navLinks } from '@/lib/nav/sitePages';
import { SignOutButton } from './SignOutButton';

export interface HeaderUser {
  username: string;
  /** App roles, for display. */
  appRoles: string[];
  /** The user's own LMS roles: the header shows the pages authorize() lets them open. */
  roles: Principal['roles'];
}

/** The site's header: the pages the signed-in person may open (lib/nav/sitePages.ts); the embedded tab (/embed/…) shows none. */
export function SiteHeader({ user }: { user?: HeaderUser }) {
  const path = usePathname();
  if (path?.startsWith('/embed/')) return null;
  const links = user ? navLinks({ username: user.username, source: 'session', roles: user.roles }, path) : [];
  const current = (href: string) => (href === '/' ? path === '/' : path === href || path?.startsWith(`${href}/`) === true);
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Lookout
      </Link>
      {links.length > 0 && (
        <nav aria-label={formatMessage(navMessages.navLabel)} className="site-nav" data-testid="site-nav">
          <ul>
            {links.map((l) => (
              <li key={l.name}>
                <Link href={l.href} data-testid={`nav-${l.name}`} aria-current={current(l.href) ? 'page' : undefined}>
                  {formatMessage(l.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <span className="site-user">
        {user ? (
          <>
            <span data-testid="signed-in-as">{user.username}</span>
            {user.appRoles.length > 0 && <span className="kpi-note"> ({user.appRoles.join(', ')})</span>}
            <SignOutButton />
          </>
        ) : (
          <Link href="/signin">{formatMessage(navMessages.signIn)}</Link>
        )}
      </span>
    </header>
  );
}
