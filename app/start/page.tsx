import { redirect } from 'next/navigation';
import { pageAccess } from '@/lib/auth/page';
import { landingPath } from '@/lib/nav/sitePages';

export const dynamic = 'force-dynamic';

/** Where sign-in goes when no page was asked for: each role's own page (lib/nav/sitePages.ts landingPath). */
export default async function StartPage() {
  const access = await pageAccess(undefined, {}, '/start');
  redirect(access.principal ? landingPath(access.principal) : '/');
}
