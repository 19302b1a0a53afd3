import { ScrollRegion } from '@/components/ScrollRegion';
import Link from 'next/link';
import { getServices } from '@/lib/services';
import { listExports, type ExportRecord } from '@/lib/export/audit';
import { utcMinute } from '@/components/risk/labels';
import { pageAccess } from '@/lib/auth/page';
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
  const access = await pageAccess('admin', {}, '/admin/exports');
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
      <h1>Exports</h1>
      <p className="subtitle">
        Every CSV export of at-risk learners: who, when, which course, the filter, how many rows, and whether emails were in it.
        {filtered && (
          <>
            {' '}
            <Link href="?">Show all</Link>
          </>
        )}
      </p>
      <div className="panel" data-testid="export-audit">
        {error ? (
          <p className="error">Could not read the lake: {error}</p>
        ) : exports.length === 0 ? (
          <p className="empty">No exports yet.</p>
        ) : (
          <ScrollRegion label="Exports">
            <table className="list">
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>Who</th>
                <th>Course</th>
                <th>Filter</th>
                <th className="num">Rows</th>
                <th>Emails</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((e) => (
                <tr key={e.id} data-testid="export-row">
                  <td>{utcMinute(e.at)}</td>
                  <td>
                    <Link href={`?${new URLSearchParams({ actor: e.actor })}`}>{e.actor}</Link>
                  </td>
                  <td>
                    {e.kind === 'cross-course' ? (
                      <span title={e.courseIds.join('\n')}>all visible courses ({e.courseIds.length})</span>
                    ) : (
                      <Link href={`?${new URLSearchParams({ course: e.courseId })}`}>{e.courseId}</Link>
                    )}
                  </td>
                  <td className="kpi-note">{filterText(e.filter)}</td>
                  <td className="num">{e.rows.toLocaleString('en-US')}</td>
                  <td>{e.pii ? 'yes' : 'no'}</td>
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
