import { AccessDenied } from '@/components/AccessDenied';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { formatMessage } from '@/lib/i18n';
import { windowFromQuery } from '@/components/dashboard/dashboardWindow';
import { InstitutionDashboard } from '@/components/institution/InstitutionDashboard';
import { messages } from '@/components/institution/institution.messages';

export const dynamic = 'force-dynamic';

/** The platform at a glance (issue 21): admins, global staff and support. */
export default async function PlatformPage({ searchParams }: { searchParams: Promise<{ from?: string | string[]; to?: string | string[] }> }) {
  const access = await pageAccess(SITE_PAGES.platform.action, {}, SITE_PAGES.platform.href());
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const { window, problem } = windowFromQuery(await searchParams, new Date());
  return (
    <>
      <h1>{formatMessage(messages.platformTitle)}</h1>
      <p className="subtitle">{formatMessage(messages.platformSubtitle)}</p>
      <InstitutionDashboard initialWindow={window} windowNotice={problem} />
    </>
  );
}
