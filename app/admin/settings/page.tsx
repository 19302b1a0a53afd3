import { ScrollRegion } from '@/components/ScrollRegion';
import { ScopeKeyList } from '@/components/ScopeKeyList';
import Link from 'next/link';
import { getServices } from '@/lib/services';
import { listActiveCourses, type CourseSummary } from '@/lib/courses';
import { resolveScope, THRESHOLD_INFO, thresholdHistory, thresholdsSetAt, type ThresholdHistoryRow } from '@/lib/risk/thresholds';
import { THRESHOLD_NAMES, type ThresholdScope } from '@/lib/risk/types';
import { ThresholdsForm } from '@/components/risk/ThresholdsForm';
import { WeekStartForm } from '@/components/settings/WeekStartForm';
import { courseWeekStartSetting } from '@/lib/metrics/courseWeekStart';
import type { WeekStart } from '@/lib/metrics/weekStart';
import { LocalTime } from '@/components/LocalTime';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { AccessDenied } from '@/components/AccessDenied';
import { scopeText } from '@/components/scopeText';
import { formatMessage } from '@/lib/i18n';
import { messages as m } from './page.messages';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

const SCOPE_TEXT = { global: m.scopeGlobal, org: m.scopeOrg, course: m.scopeCourse } as const;

export default async function SettingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const access = await pageAccess(SITE_PAGES.settings.action, {}, SITE_PAGES.settings.href());
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const scopeParam = first(params.scope);
  const scope: ThresholdScope = scopeParam === 'org' || scopeParam === 'course' ? scopeParam : 'global';
  const key = scope === 'global' ? '' : first(params.key).trim();
  const allHistory = first(params.history) === 'all';

  let body: React.ReactNode;
  let history: ThresholdHistoryRow[] = [];
  // The picker's choices: the courses with recent activity and their orgs (typing filters them).
  let courses: CourseSummary[] = [];
  // A course's other setting: the first day of its weeks (unset: each viewer's locale).
  let weekStart: { setting: WeekStart | undefined } | undefined;
  try {
    const lake = getServices().lake;
    courses = await listActiveCourses(lake);
    history = await thresholdHistory(lake, allHistory ? { limit: 200 } : { scope, key, limit: 200 });
    if (scope !== 'global' && key === '') {
      body = <p className="empty">{formatMessage(scope === 'org' ? m.pickOrg : m.pickCourse)}</p>;
    } else {
      const [set, resolved] = await Promise.all([thresholdsSetAt(lake, scope, key), resolveScope(lake, scope, key)]);
      if (scope === 'course') weekStart = { setting: await courseWeekStartSetting(lake, key) };
      body = (
        <ThresholdsForm
          key={`${scope}:${key}`}
          scope={scope}
          scopeKey={key}
          rows={THRESHOLD_NAMES.map((name) => ({ name, ...THRESHOLD_INFO[name] }))}
          set={set}
          effective={resolved.thresholds}
          sources={resolved.sources}
        />
      );
    }
  } catch (err) {
    body = <p className="error">{formatMessage(m.lakeError, { error: (err as Error).message })}</p>;
  }

  return (
    <div className="stack">
      <div>
        <h1>{formatMessage(m.title)}</h1>
        <p className="subtitle">{formatMessage(m.subtitle)}</p>
      </div>
      <form className="scope-picker panel" method="get" data-testid="scope-picker">
        <label>
          {formatMessage(m.scope)}{' '}
          <select name="scope" defaultValue={scope}>
            <option value="global">{formatMessage(m.global)}</option>
            <option value="org">{formatMessage(m.org)}</option>
            <option value="course">{formatMessage(m.course)}</option>
          </select>
        </label>
        <label>
          {formatMessage(m.key)}{' '}
          <input name="key" defaultValue={key} list="scope-keys" placeholder={formatMessage(m.keyPlaceholder)} size={40} className="fit-width" data-testid="scope-key" autoComplete="off" />
        </label>
        <ScopeKeyList id="scope-keys" courses={courses} />
        <button type="submit" className="button">
          {formatMessage(m.open)}
        </button>
        <span className="kpi-note">
          {formatMessage(m.editing)} <b>{scopeText(scope, key || '…')}</b>: {formatMessage(m.appliesTo, { what: formatMessage(SCOPE_TEXT[scope]) })}
        </span>
      </form>
      <section className="panel">{body}</section>
      {weekStart && (
        <section className="panel">
          <WeekStartForm key={key} courseId={key} setting={weekStart.setting} />
        </section>
      )}
      <section className="panel" data-testid="threshold-history">
        <h2 className="chart-title">
          {formatMessage(m.history)} {allHistory ? formatMessage(m.everyScopeNote) : `(${scopeText(scope, key)})`}{' '}
          <span className="kpi-note">
            <Link href={allHistory ? `?scope=${scope}&key=${encodeURIComponent(key)}` : `?scope=${scope}&key=${encodeURIComponent(key)}&history=all`}>
              {formatMessage(allHistory ? m.thisScopeOnly : m.everyScope)}
            </Link>
          </span>
        </h2>
        {history.length === 0 ? (
          <p className="empty">{formatMessage(m.noChanges)}</p>
        ) : (
          <ScrollRegion label={formatMessage(m.changesTable)}>
            <table className="list">
            <thead>
              <tr>
                <th>{formatMessage(m.colWhen)}</th>
                <th>{formatMessage(m.colWho)}</th>
                <th>{formatMessage(m.colScope)}</th>
                <th>{formatMessage(m.colThreshold)}</th>
                <th className="num">{formatMessage(m.colOld)}</th>
                <th className="num">{formatMessage(m.colNew)}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h, i) => (
                <tr key={`${h.at}-${h.scope}-${h.key}-${h.name}-${i}`} data-testid="history-row">
                  <td><LocalTime iso={h.at} /></td>
                  <td>{h.actor}</td>
                  <td>{scopeText(h.scope, h.key)}</td>
                  <td>{h.name}</td>
                  <td className="num">{h.old ?? formatMessage(m.inherited)}</td>
                  <td className="num">{h.new ?? formatMessage(m.inherited)}</td>
                </tr>
              ))}
            </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </div>
  );
}
