'use client';
import { useCallback, useEffect, useState } from 'react';
import { formatMessage } from '@/lib/i18n';
import { ConnectionBadge } from '../ConnectionBadge';
import { useNow } from '../useLiveRoom';
import { Card } from '../dashboard/Card';
import { WindowPicker } from '../dashboard/WindowPicker';
import { weekOf, windowFromQuery, windowLabel, windowQuery, type DashboardWindow } from '../dashboard/dashboardWindow';
import { count, percent, utcTime } from '../dashboard/format';
import styles from '../dashboard/dashboard.module.css';
import { useInstitution } from './useInstitution';
import { CatalogTable } from './CatalogTable';
import { messages as m } from './messages';
import type { InstitutionWidgets } from '@/lib/institution/snapshot';

/**
 * /platform and /orgs/<org>: the institution's figures for a window (the course page's picker and
 * URL ?from=&to=), live through the room `platform` or `org:<org>`.
 */
export function InstitutionDashboard({ org, initialWindow, windowNotice }: { org?: string; initialWindow?: DashboardWindow; windowNotice?: string }) {
  const [range, setRange] = useState<DashboardWindow>(() => initialWindow ?? weekOf(new Date()));
  const [notice, setNotice] = useState(windowNotice);
  const data = useInstitution(org, range);
  const now = useNow();

  const choose = useCallback(
    (w: DashboardWindow) => {
      setNotice(undefined);
      if (range.from === w.from && range.to === w.to) return;
      const url = new URL(window.location.href);
      url.searchParams.set('from', w.from);
      url.searchParams.set('to', w.to);
      window.history.pushState(window.history.state, '', url);
      setRange(w);
    },
    [range.from, range.to],
  );
  useEffect(() => {
    const onPop = () => {
      const params = new URLSearchParams(window.location.search);
      setRange(windowFromQuery({ from: params.get('from'), to: params.get('to') }, new Date()).window);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const age = data.receivedAt === undefined ? undefined : Math.max(0, Math.round((now - data.receivedAt) / 1000));
  const w = data.widgets;
  return (
    <div className={styles.dashboard} data-testid="institution-dashboard" data-window={windowQuery(range)}>
      <div className={styles.toolbar}>
        <WindowPicker range={range} onChange={choose} now={new Date(now)} />
        <div className={styles.status}>
          <ConnectionBadge state={data.connection} />
          <span data-testid="data-age" title={data.asOf ? utcTime(data.asOf) : undefined}>
            {age === undefined ? formatMessage(m.waiting) : formatMessage(m.dataAge, { seconds: age })}
          </span>
          {data.liveError && (
            <span className={styles.warning} data-testid="live-error">
              {formatMessage(m.liveUnavailable, { reason: data.liveError })}
            </span>
          )}
        </div>
      </div>
      <span className={styles.visuallyHidden} data-testid="window-label" aria-live="polite">
        {windowLabel(range)}
      </span>
      {notice && <p className={styles.notice}>{notice}</p>}
      {data.error ? (
        <div className={styles.errorBox} role="alert" data-testid="dashboard-error">
          <span className={styles.errorText}>{formatMessage(m.loadFailed, { reason: data.error })}</span>
          <button type="button" className={`${styles.button} ${styles.buttonPrimary}`} onClick={data.retry}>
            {formatMessage(m.retry)}
          </button>
        </div>
      ) : (
        <div className={styles.grid} data-loading={data.loading}>
          <NowCard now={w.institutionNow} />
          <EnrollmentsCard enrollments={w.enrollments} />
          <ActiveCard active={w.activeLearners} showOrgs={org === undefined} />
          <CompletionCard completion={w.completion} />
          <AtRiskCard summary={w.atRiskSummary} />
          <Card id="catalog" title={formatMessage(m.catalogTitle)} span={12} loading={!w.catalog}>
            {w.catalog && <CatalogTable rows={w.catalog.courses} showOrg={org === undefined} />}
          </Card>
        </div>
      )}
    </div>
  );
}

function NowCard({ now }: { now?: InstitutionWidgets['institutionNow'] }) {
  const lastMinute = now?.minutes.at(-1)?.events ?? 0;
  const hour = now?.minutes.reduce((a, x) => a + x.events, 0) ?? 0;
  const peak = Math.max(1, ...(now?.minutes.map((x) => x.events) ?? [1]));
  return (
    <Card id="institution-now" title={formatMessage(m.nowTitle)} span={4} loading={!now}>
      {now && (
        <>
          <div className={styles.kpis}>
            <div className={styles.kpi}>
              <span className={`${styles.kpiValue} ${styles.kpiBig}`} data-testid="active-now">
                {count(now.activeNow)}
              </span>
              <span className={styles.kpiLabel}>{formatMessage(m.activeNow, { minutes: now.windowMinutes })}</span>
            </div>
            <div className={styles.kpi}>
              <span className={styles.kpiValue} data-testid="events-last-minute">
                {count(lastMinute)}
              </span>
              <span className={styles.kpiLabel}>{formatMessage(m.eventsLastMinute)}</span>
            </div>
            <div className={styles.kpi}>
              <span className={styles.kpiValue} data-testid="events-last-hour">
                {count(hour)}
              </span>
              <span className={styles.kpiLabel}>{formatMessage(m.eventsLastHour)}</span>
            </div>
          </div>
          <svg viewBox="0 0 120 30" width="100%" height="40" role="img" aria-label={formatMessage(m.eventsLastHour)}>
            {now.minutes.map((x, i) => (
              <rect key={x.minute} x={i * 2} y={30 - (x.events / peak) * 30} width={1.6} height={(x.events / peak) * 30} fill="currentColor" opacity={0.6} />
            ))}
          </svg>
        </>
      )}
    </Card>
  );
}

function EnrollmentsCard({ enrollments }: { enrollments?: InstitutionWidgets['enrollments'] }) {
  const [perDay, setPerDay] = useState(false);
  const rows = enrollments ? (perDay ? enrollments.days.map((d) => ({ ...d, key: d.day, enrolledAtEnd: undefined as number | undefined })) : enrollments.weeks.map((w) => ({ ...w, key: w.weekStart }))) : [];
  return (
    <Card
      id="enrollments"
      title={formatMessage(m.enrollmentsTitle)}
      span={8}
      loading={!enrollments}
      note={
        <button type="button" className={styles.button} onClick={() => setPerDay(!perDay)}>
          {formatMessage(perDay ? m.showWeeks : m.showDays)}
        </button>
      }
    >
      {enrollments && (
        <>
          <div className={styles.kpis}>
            <div className={styles.kpi}>
              <span className={`${styles.kpiValue} ${styles.kpiBig}`} data-testid="enrolled-now">
                {count(enrollments.enrolledNow)}
              </span>
              <span className={styles.kpiLabel}>{formatMessage(m.enrolledNow)}</span>
            </div>
          </div>
          <div className={styles.scroll}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>{formatMessage(perDay ? m.day : m.week)}</th>
                  <th className={styles.num}>{formatMessage(m.enrollments)}</th>
                  <th className={styles.num}>{formatMessage(m.unenrollments)}</th>
                  <th>{formatMessage(m.byMode)}</th>
                  {!perDay && <th className={styles.num}>{formatMessage(m.enrolledAtEnd)}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key}>
                    <td>{r.key}</td>
                    <td className={styles.num}>{count(r.enrollments)}</td>
                    <td className={styles.num}>{count(r.unenrollments)}</td>
                    <td>{r.byMode.map((x) => `${x.mode} ${x.enrollments}/${x.unenrollments}`).join(' · ')}</td>
                    {!perDay && <td className={styles.num}>{count(r.enrolledAtEnd ?? 0)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

function ActiveCard({ active, showOrgs }: { active?: InstitutionWidgets['activeLearners']; showOrgs: boolean }) {
  return (
    <Card id="active-learners" title={formatMessage(m.activeTitle)} span={7} loading={!active}>
      {active && (
        <div className={styles.scroll}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>{formatMessage(m.week)}</th>
                <th className={styles.num}>{formatMessage(m.active)}</th>
                <th className={styles.num}>{formatMessage(m.newLearners)}</th>
                <th className={styles.num}>{formatMessage(m.returning)}</th>
              </tr>
            </thead>
            <tbody>
              {active.weeks.map((x) => (
                <tr key={x.weekStart} data-testid="active-week">
                  <td>{x.weekStart}</td>
                  <td className={styles.num}>{count(x.active)}</td>
                  <td className={styles.num}>{count(x.new)}</td>
                  <td className={styles.num}>{count(x.returning)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {showOrgs && active.byOrg.length > 0 && (
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>{formatMessage(m.org)}</th>
                  {active.weeks.map((x) => (
                    <th key={x.weekStart} className={styles.num}>
                      {x.weekStart}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {active.byOrg.map((o) => (
                  <tr key={o.org}>
                    <td>
                      <a href={`/orgs/${encodeURIComponent(o.org)}`}>{o.org || formatMessage(m.none)}</a>
                    </td>
                    {active.weeks.map((x) => (
                      <td key={x.weekStart} className={styles.num}>
                        {count(o.weeks.find((y) => y.weekStart === x.weekStart)?.active ?? 0)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Card>
  );
}

function CompletionCard({ completion }: { completion?: InstitutionWidgets['completion'] }) {
  return (
    <Card id="completion" title={formatMessage(m.completionTitle)} note={formatMessage(m.completionNote)} span={5} loading={!completion} missing={completion?.missing}>
      {completion && (
        <>
          <div className={styles.kpis}>
            <div className={styles.kpi}>
              <span className={`${styles.kpiValue} ${styles.kpiBig}`}>{percent(completion.completionRate)}</span>
              <span className={styles.kpiLabel}>
                {count(completion.passed)} / {count(completion.enrolled)}
              </span>
            </div>
          </div>
          <div className={styles.scroll}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>{formatMessage(m.course)}</th>
                  <th className={styles.num}>{formatMessage(m.enrolled)}</th>
                  <th className={styles.num}>{formatMessage(m.passed)}</th>
                  <th className={styles.num}>{formatMessage(m.completionRate)}</th>
                </tr>
              </thead>
              <tbody>
                {completion.courses.map((c) => (
                  <tr key={c.courseId}>
                    <td>
                      <a href={`/courses/${encodeURIComponent(c.courseId)}`}>{c.displayName}</a>
                    </td>
                    <td className={styles.num}>{count(c.enrolled)}</td>
                    <td className={styles.num}>{count(c.passed)}</td>
                    <td className={styles.num}>{percent(c.completionRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

function AtRiskCard({ summary }: { summary?: InstitutionWidgets['atRiskSummary'] }) {
  return (
    <Card id="at-risk-summary" title={formatMessage(m.atRiskTitle)} span={12} loading={!summary} missing={summary && summary.courses.length === 0 ? formatMessage(m.noAtRisk) : undefined}>
      {summary && (
        <>
          <p className={styles.kpiNote}>{formatMessage(m.atRiskTotals, { atRisk: summary.atRisk, red: summary.red, yellow: summary.yellow })}</p>
          <div className={styles.scroll}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>{formatMessage(m.course)}</th>
                  <th className={styles.num}>{formatMessage(m.atRisk)}</th>
                  <th className={styles.num}>{formatMessage(m.red)}</th>
                  <th className={styles.num}>{formatMessage(m.yellow)}</th>
                </tr>
              </thead>
              <tbody>
                {summary.courses.map((c) => (
                  <tr key={c.courseId}>
                    <td>
                      <a href={`/courses/${encodeURIComponent(c.courseId)}/at-risk`}>{c.displayName}</a>
                    </td>
                    <td className={styles.num}>{count(c.atRisk)}</td>
                    <td className={styles.num}>{c.red === null ? formatMessage(m.none) : count(c.red)}</td>
                    <td className={styles.num}>{c.yellow === null ? formatMessage(m.none) : count(c.yellow)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {summary.trend.length > 0 && (
              <table className={styles.table}>
                <caption>{formatMessage(m.trend)}</caption>
                <thead>
                  <tr>
                    <th>{formatMessage(m.day)}</th>
                    <th className={styles.num}>{formatMessage(m.red)}</th>
                    <th className={styles.num}>{formatMessage(m.yellow)}</th>
                    <th className={styles.num}>{formatMessage(m.coursesEvaluated)}</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.trend.map((d) => (
                    <tr key={d.day}>
                      <td>{d.day}</td>
                      <td className={styles.num}>{count(d.red)}</td>
                      <td className={styles.num}>{count(d.yellow)}</td>
                      <td className={styles.num}>{count(d.coursesEvaluated)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </>
      )}
    </Card>
  );
}
