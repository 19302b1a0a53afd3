import { AccessDenied } from '@/components/AccessDenied';
import { authorize } from '@/lib/auth/authorize';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { getServices } from '@/lib/services';
import { formatMessage } from '@/lib/i18n';
import { windowFromQuery } from '@/components/dashboard/dashboardWindow';
import { InstitutionDashboard } from '@/components/institution/InstitutionDashboard';
import { OrgLearners } from '@/components/institution/OrgLearners';
import { messages } from '@/components/institution/institution.messages';

export const dynamic = 'force-dynamic';

/** One org at a glance (issue 21): admins, global staff, support and the org's org-wide staff. */
export default async function OrgPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
}) {
  const org = decodeURIComponent((await params).org);
  const access = await pageAccess(SITE_PAGES.org.action, { org }, SITE_PAGES.org.href(org));
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const { window, problem } = windowFromQuery(await searchParams, new Date());
  const piiRoles = getServices().config.auth.piiRoles;
  const canExport = authorize(access.principal, 'org:export', { org, piiRoles }).allowed;
  const withPii = canExport && authorize(access.principal, 'org:pii', { org, piiRoles }).allowed;
  return (
    <>
      <h1>{formatMessage(messages.orgTitle, { org })}</h1>
      <p className="subtitle">{formatMessage(messages.orgSubtitle, { org })}</p>
      <InstitutionDashboard org={org} initialWindow={window} windowNotice={problem} />
      <OrgLearners org={org} canExport={canExport} withPii={withPii} />
    </>
  );
}
