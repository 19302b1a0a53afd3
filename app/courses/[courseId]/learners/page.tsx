import Link from 'next/link';
import { getServices } from '@/lib/services';
import { pageAccess } from '@/lib/auth/page';
import { authorize } from '@/lib/auth/authorize';
import { formatMessage } from '@/lib/i18n';
import { SITE_PAGES, learnerHref } from '@/lib/nav/sitePages';
import { isLearnerListMetric, LEARNER_LIST_METRICS, learnerList, type LearnerList } from '@/lib/metrics/learnerList';
import { parseDashboardWindow } from '@/lib/metrics/window';
import { courseTitle } from '@/lib/metrics/dashboard';
import { AccessDenied } from '@/components/AccessDenied';
import { learnerListMessages as m } from './messages';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? undefined;

/** The learners behind one count of the dashboard (?metric=&item=&from=&to=), with a CSV of the list. */
export default async function LearnersPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<SearchParams> }) {
  const courseId = decodeURIComponent((await params).courseId);
  const search = await searchParams;
  const query = new URLSearchParams(Object.entries(search).flatMap(([k, v]) => [v ?? []].flat().map((x) => [k, x] as [string, string])));
  const access = await pageAccess(SITE_PAGES.learners.action, { courseId }, `${SITE_PAGES.learners.href(courseId)}?${query}`);
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const { config, lake } = getServices();
  const may = (action: 'course:pii' | 'course:export') => authorize(access.principal, action, { courseId, piiRoles: config.auth.piiRoles }).allowed;
  const metric = first(search.metric);
  const item = first(search.item);
  const now = new Date();
  const window = parseDashboardWindow(first(search.from) ?? null, first(search.to) ?? null, now);
  const back = `${SITE_PAGES.course.href(courseId)}${first(search.from) ? `?from=${first(search.from)}&to=${first(search.to) ?? ''}` : ''}`;

  let list: LearnerList | undefined;
  let problem: string | undefined;
  if (!isLearnerListMetric(metric)) problem = `metric must be one of ${LEARNER_LIST_METRICS.join(', ')}`;
  else if ('error' in window) problem = window.error;
  else {
    try {
      list = await learnerList(lake, { courseId, ...window, now }, { metric, item }, { allowed: may('course:pii') && may('course:export'), actor: access.principal.username, kind: 'page' });
    } catch (err) {
      problem = (err as Error).message;
    }
  }
  const name = (await courseTitle(lake, courseId).catch(() => undefined))?.displayName ?? courseId;
  const itemLabel = metric === 'grade' && item !== undefined ? `${Number(item) * 10}–${Number(item) * 10 + 10} %` : (first(search.label) ?? item ?? '');

  return (
    <>
      <h1 data-testid="learner-list-title">{isLearnerListMetric(metric) ? formatMessage(m[metric], { item: itemLabel }) : formatMessage(m.active)}</h1>
      <p className="subtitle">
        <Link href={back}>{name}</Link> · {formatMessage(m.back)}
      </p>
      {problem || !list ? (
        <p className="error">{formatMessage(m.badRequest, { reason: problem ?? '' })}</p>
      ) : (
        <div className="panel">
          <p className="kpi-note" data-testid="learner-list-count" data-count={list.rows.length}>
            {metric === 'atRisk' || 'error' in window
              ? formatMessage(m.windowNone, { count: list.rows.length })
              : formatMessage(m.window, { count: list.rows.length, from: window.from.toISOString().slice(0, 16).replace('T', ' '), to: window.to.toISOString().slice(0, 16).replace('T', ' ') })}
            {' · '}
            {may('course:export') && (
              <a href={`/api/courses/${encodeURIComponent(courseId)}/learners.csv?${query}`} data-testid="learner-list-csv" download>
                {formatMessage(m.csv)}
              </a>
            )}
          </p>
          <p className="kpi-note">{formatMessage(list.pii ? m.pii : m.noPii)}</p>
          {list.rows.length === 0 ? (
            <p className="empty">{formatMessage(m.empty)}</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={formatMessage(m[list.metric], { item: itemLabel })}>
              <table className="list" data-testid="learner-list">
                <thead>
                  <tr>
                    <th>{formatMessage(m.colLearner)}</th>
                    {list.pii && <th>{formatMessage(m.colName)}</th>}
                    {list.pii && <th>{formatMessage(m.colEmail)}</th>}
                    {list.columns.map((c) => (
                      <th key={c}>{c.replace(/_/g, ' ')}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {list.rows.map((r) => (
                    <tr key={r.userId} data-testid="learner-row">
                      <td>
                        <Link href={learnerHref(courseId, r.username === `user ${r.userId}` ? String(r.userId) : r.username)}>{r.username}</Link>
                      </td>
                      {list.pii && <td>{r.name}</td>}
                      {list.pii && <td>{r.email}</td>}
                      {r.values.map((v, i) => (
                        <td key={i}>{typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? '')}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </>
  );
}
