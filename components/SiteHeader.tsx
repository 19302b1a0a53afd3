'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { formatMessage } from '@/lib/i18n';
import { navMessages } from '@/lib/nav/nav.messages';
import { SignOutButton } from './SignOutButton';

export interface HeaderUser {
  username: string;
  /** App roles, for display. */
  appRoles: string[];
}

/** A header link, decided on the server (lib/nav/sitePages.ts navLinks) and labelled there. */
export interface HeaderLink {
  name: string;
  href: string;
  label: string;
}

/** Whether a link is the page shown (or a page under it). */
export function isCurrent(path: string | null, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path?.startsWith(`${href}/`) === true;
}

/**
 * The site's header: the pages the signed-in person may open (the site-wide ones; a course's own
 * pages are in the course's bar, app/courses/[courseId]/layout.tsx). The embedded tab (/embed/…) shows none.
 */
export function SiteHeader({ user, links = [] }: { user?: HeaderUser; links?: HeaderLink[] }) {
  const path = usePathname();
  if (path?.startsWith('/embed/')) return null;
  const current = (href: string) => isCurrent(path, href);
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
                  {l.label}
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
