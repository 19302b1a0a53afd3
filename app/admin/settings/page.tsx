import { ScrollRegion } from '@/components/ScrollRegion';
import Link from 'next/link';
import { getServices } from '@/lib/services';
import { listActiveCourses, type CourseSummary } from '@/lib/courses';
import { orgFromCourseKey } from '@/lib/events/courseKey';
import { resolveScope, THRESHOLD_INFO, thresholdHistory, thresholdsSetAt, type ThresholdHistoryRow } from '@/lib/risk/thresholds';
import { THRESHOLD_NAMES, type ThresholdScope } from '@/lib/risk/types';
import { ThresholdsForm } from '@/components/risk/ThresholdsForm';
import { utcMinute } from '@/components/risk/labels';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { AccessDenied } from '@/components/AccessDenied';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

const SCOPE_TEXT: Record<ThresholdScope, string> = {
  global: 'every course, unless its org or the course sets its own',
  org: 'the courses of this org, unless a course sets its own',
  course: 'this course only',
};

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
  try {
    const lake = getServices().lake;
    courses = await listActiveCourses(lake);
    history = await thresholdHistory(lake, allHistory ? { limit: 200 } : { scope, key, limit: 200 });
    if (scope !== 'global' && key === '') {
      body = <p className="empty">Pick the {scope === 'org' ? 'org' : 'course'} above (type to search) and open it.</p>;
    } else {
      const [set, resolved] = await Promise.all([thresholdsSetAt(lake, scope, key), resolveScope(lake, scope, key)]);
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
    body = <p className="error">Could not read the lake: {(err as Error).message}</p>;
  }

  return (
    <div className="stack">
      <div>
        <h1>Early-warning thresholds</h1>
        <p className="subtitle">
          Thresholds resolve course → org → global → default. Changes apply to the live at-risk lists within seconds and are
          recorded below with who made them.
        </p>
      </div>
      <form className="scope-picker panel" method="get" data-testid="scope-picker">
        <label>
          Scope{' '}
          <select name="scope" defaultValue={scope}>
            <option value="global">Global</option>
            <option value="org">Org</option>
            <option value="course">Course</option>
          </select>
        </label>
        <label>
          Org or course{' '}
          <input name="key" defaultValue={key} list="scope-keys" placeholder="search: DemoX or course-v1:…" size={40} data-testid="scope-key" autoComplete="off" />
        </label>
        <datalist id="scope-keys" data-testid="scope-keys">
          {[...new Set(courses.map((c) => c.org || orgFromCourseKey(c.courseId)))].filter(Boolean).map((org) => (
            <option key={`org:${org}`} value={org} label={`org ${org}`} />
          ))}
          {courses.map((c) => (
            <option key={c.courseId} value={c.courseId} label={c.displayName} />
          ))}
        </datalist>
        <button type="submit" className="button">
          Open
        </button>
        <span className="kpi-note">
          Editing <b>{scope === 'global' ? 'global' : `${scope} ${key || '…'}`}</b>: applies to {SCOPE_TEXT[scope]}.
        </span>
      </form>
      <section className="panel">{body}</section>
      <section className="panel" data-testid="threshold-history">
        <h2 className="chart-title">
          History {allHistory ? '(every scope)' : `(${scope}${key ? ` ${key}` : ''})`}{' '}
          <span className="kpi-note">
            <Link href={allHistory ? `?scope=${scope}&key=${encodeURIComponent(key)}` : `?scope=${scope}&key=${encodeURIComponent(key)}&history=all`}>
              {allHistory ? 'this scope only' : 'every scope'}
            </Link>
          </span>
        </h2>
        {history.length === 0 ? (
          <p className="empty">No changes yet.</p>
        ) : (
          <ScrollRegion label="Threshold changes">
            <table className="list">
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>Who</th>
                <th>Scope</th>
                <th>Threshold</th>
                <th className="num">Old</th>
                <th className="num">New</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h, i) => (
                <tr key={`${h.at}-${h.scope}-${h.key}-${h.name}-${i}`} data-testid="history-row">
                  <td>{utcMinute(h.at)}</td>
                  <td>{h.actor}</td>
                  <td>
                    {h.scope}
                    {h.key ? ` ${h.key}` : ''}
                  </td>
                  <td>{h.name}</td>
                  <td className="num">{h.old ?? 'inherited'}</td>
                  <td className="num">{h.new ?? 'inherited'}</td>
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
