import Link from 'next/link';
import { getServices } from '@/lib/services';
import { authorize } from '@/lib/auth/authorize';
import type { Principal } from '@/lib/auth/principal';
import { formatMessage } from '@/lib/i18n';
import { coursePath, learnerPath } from '@/lib/embed/paths';
import { isLearnerListMetric, LEARNER_LIST_METRICS, learnerList, type LearnerList } from '@/lib/metrics/learnerList';
import { headers } from 'next/headers';
import { courseRequestWindow } from '@/lib/metrics/courseWeekStart';
import { knownCourse } from '@/components/course/coursePage';
import { learnerListMessages as m } from './LearnerListView.messages';

export type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? undefined;

/** A page's query as URLSearchParams (every value of a repeated key). */
export function searchQuery(search: SearchParams): URLSearchParams {
  return new URLSearchParams(Object.entries(search).flatMap(([k, v]) => [v ?? []].flat().map((x) => [k, x] as [string, string])));
}

/**
 * The learners behind one count of the dashboard (?metric=&item=&from=&to=), with a CSV of the list,
 * for a person already let in. `base`: '' on the site, EMBED_BASE inside the LMS tab (links stay there).
 */
export async function LearnerListView({ courseId, search, principal, base }: { courseId: string; search: SearchParams; principal: Principal; base: string }) {
  const query = searchQuery(search);
  const { config, lake } = getServices();
  const may = (action: 'course:pii' | 'course:export') => authorize(principal, action, { courseId, piiRoles: config.auth.piiRoles }).allowed;
  const metric = first(search.metric);
  const item = first(search.item);
  const now = new Date();
  const request = { courseId, from: first(search.from), to: first(search.to), now, acceptLanguage: (await headers()).get('accept-language') };
  const [{ displayName: name }, parsed] = await Promise.all([knownCourse(courseId), courseRequestWindow(lake, request)]);
  const window = 'error' in parsed ? parsed : parsed.window;
  const back = `${coursePath(base, courseId)}${first(search.from) ? `?from=${first(search.from)}&to=${first(search.to) ?? ''}` : ''}`;

  let list: LearnerList | undefined;
  let problem: string | undefined;
  if (!isLearnerListMetric(metric)) problem = `metric must be one of ${LEARNER_LIST_METRICS.join(', ')}`;
  else if ('error' in window) problem = window.error;
  else {
    try {
      list = await learnerList(lake, { courseId, ...window, now }, { metric, item }, { allowed: may('course:pii') && may('course:export'), actor: principal.username, kind: 'page' });
    } catch (err) {
      problem = (err as Error).message;
    }
  }
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
                        <Link href={learnerPath(base, courseId, r)}>{r.username}</Link>
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
