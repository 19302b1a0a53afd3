import { ScrollRegion } from '@/components/ScrollRegion';
import Link from 'next/link';
import { getServices } from '@/lib/services';
import { listExports, type ExportRecord } from '@/lib/export/audit';
import { LocalTime } from '@/components/LocalTime';
import { formatMessage } from '@/lib/i18n';
import { exportsMessages } from '@/components/pages/exports.messages';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { AccessDenied } from '@/components/AccessDenied';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

function filterText(filter: Record<string, unknown>): string {
  const parts = Object.entries(filter)
    .filter(([, v]) => !(Array.isArray(v) && v.length === 0) && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}

export default async function ExportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const access = await pageAccess(SITE_PAGES.exports.action, {}, SITE_PAGES.exports.href());
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const filter = { actor: first(params.actor), courseId: first(params.course), limit: 500 };
  let exports: ExportRecord[] = [];
  let error: string | undefined;
  try {
    exports = await listExports(getServices().lake, filter);
  } catch (err) {
    error = (err as Error).message;
  }
  const filtered = filter.actor !== undefined || filter.courseId !== undefined;

  return (
    <>
      <h1>{formatMessage(exportsMessages.title)}</h1>
      <p className="subtitle">
        {formatMessage(exportsMessages.subtitle)}
        {filtered && (
          <>
            {' '}
            <Link href="?">{formatMessage(exportsMessages.showAll)}</Link>
          </>
        )}
      </p>
      <div className="panel" data-testid="export-audit">
        {error ? (
          <p className="error">{formatMessage(exportsMessages.lakeError, { error })}</p>
        ) : exports.length === 0 ? (
          <p className="empty">{formatMessage(exportsMessages.none)}</p>
        ) : (
          <ScrollRegion label={formatMessage(exportsMessages.title)}>
            <table className="list">
            <thead>
              <tr>
                <th>{formatMessage(exportsMessages.when)}</th>
                <th>{formatMessage(exportsMessages.who)}</th>
                <th>{formatMessage(exportsMessages.course)}</th>
                <th>{formatMessage(exportsMessages.filter)}</th>
                <th className="num">{formatMessage(exportsMessages.rows)}</th>
                <th>{formatMessage(exportsMessages.emails)}</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((e) => (
                <tr key={e.id} data-testid="export-row">
                  <td>
                    <LocalTime iso={e.at} />
                  </td>
                  <td>
                    <Link href={`?${new URLSearchParams({ actor: e.actor })}`}>{e.actor}</Link>
                  </td>
                  <td>
                    {e.kind === 'cross-course' ? (
                      <span title={e.courseIds.join('\n')}>{formatMessage(exportsMessages.allVisible, { count: e.courseIds.length })}</span>
                    ) : (
                      <Link href={`?${new URLSearchParams({ course: e.courseId })}`}>{e.courseId}</Link>
                    )}
                  </td>
                  <td className="kpi-note">{filterText(e.filter)}</td>
                  <td className="num">{e.rows.toLocaleString('en-US')}</td>
                  <td>{formatMessage(e.pii ? exportsMessages.yes : exportsMessages.no)}</td>
                </tr>
              ))}
            </tbody>
            </table>
          </ScrollRegion>
        )}
      </div>
    </>
  );
}
