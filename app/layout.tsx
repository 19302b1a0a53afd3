import type { Metadata } from 'next';
import './globals.css';
import { SiteHeader } from '@/components/SiteHeader';
import { currentPrincipal } from '@/lib/auth/page';
import { appRoles } from '@/lib/auth/principal';
import { navLinks } from '@/lib/nav/sitePages';
import { formatMessage } from '@/lib/i18n';
import { siteMessages } from '@/components/common.messages';

export const metadata: Metadata = {
  title: 'Lookout',
  description: formatMessage(siteMessages.description),
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const principal = await currentPrincipal();
  return (
    <html lang="en">
      <body>
        <SiteHeader
          user={principal && { username: principal.username, appRoles: appRoles(principal.roles) }}
          links={principal ? navLinks(principal, undefined).map((l) => ({ name: l.name, href: l.href, label: formatMessage(l.label, l.values) })) : []}
        />
        <main className="site-main">{children}</main>
      </body>
    </html>
  );
}
