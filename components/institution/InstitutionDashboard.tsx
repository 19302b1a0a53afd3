'use client';
import { useState } from 'react';
import { formatMessage } from '@/lib/i18n';
import { ConnectionBadge } from '../ConnectionBadge';
import { useNow } from '../useLiveRoom';
import { Card } from '../dashboard/Card';
import { EventsPerMinuteChart } from '../dashboard/widgets/LiveCards';
import { WindowPicker } from '../dashboard/WindowPicker';
import { windowLabel, windowQuery, type DashboardWindow } from '../dashboard/dashboardWindow';
import { useWindowInUrl } from '../dashboard/useWindowInUrl';
import { count, percent } from '../dashboard/format';
import { utcText } from '@/lib/i18n/time';
import styles from '../dashboard/dashboard.module.css';
import { useInstitution } from './useInstitution';
import { CatalogTable } from './CatalogTable';
import { definitions as d, messages as m } from './institution.messages';
import { FigureTable, type FigureColumn } from './FigureTable';
import type { InstitutionWidgets } from '@/lib/institution/snapshot';

/**
 * /platform and /orgs/<org>: the institution's figures for a window (the course page's picker and
 * URL ?from=&to=), live through the room `platform` or `org:<org>`.
 */
export function InstitutionDashboard({ org, initialWindow, windowNotice }: { org?: string; initialWindow?: DashboardWindow; windowNotice?: string }) {
  const { range, choose, notice } = useWindowInUrl(initialWindow, windowNotice);
  const data = useInstitution(org, range);
  const now = useNow();

  const age = data.receivedAt === undefined ? undefined : Math.max(0, Math.round((now - data.receivedAt) / 1000));
  const w = data.widgets;
  return (
    <div className={styles.dashboard} data-testid="institution-dashboard" data-window={windowQuery(range)}>
      <div className={styles.toolbar}>
        <WindowPicker range={range} onChange={choose} now={new Date(now)} />
        <div className={styles.status}>
          <ConnectionBadge state={data.connection} />
          <span data-testid="data-age" suppressHydrationWarning title={data.asOf ? utcText(data.asOf, 'second') : undefined}>
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
          <Card id="catalog" title={formatMessage(m.catalogTitle)} span={12} loading={!w.catalog} definition={d.catalog}>
            {w.catalog && <CatalogTable rows={w.catalog.courses} showOrg={org === undefined} asOf={data.asOf} />}
          </Card>
        </div>
      )}
    </div>
  );
}

function NowCard({ now }: { now?: InstitutionWidgets['institutionNow'] }) {
  const hour = now?.minutes.reduce((a, x) => a + x.events, 0) ?? 0;
  return (
    <Card id="institution-now" title={formatMessage(m.nowTitle)} span={4} loading={!now} definition={d.institutionNow}>
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
                {count(now.lastMinute)}
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
          <EventsPerMinuteChart minutes={now.minutes} />
        </>
      )}
    </Card>
  );
}

type EnrollmentRow = InstitutionWidgets['enrollments']['weeks'][number] | (InstitutionWidgets['enrollments']['days'][number] & { enrolledAtEnd?: undefined });

function EnrollmentsCard({ enrollments }: { enrollments?: InstitutionWidgets['enrollments'] }) {
  const [perDay, setPerDay] = useState(false);
  const rows: Array<EnrollmentRow & { key: string }> = enrollments ? (perDay ? enrollments.days.map((x) => ({ ...x, key: x.day })) : enrollments.weeks.map((x) => ({ ...x, key: x.weekStart }))) : [];
  const columns: FigureColumn<(typeof rows)[number]>[] = [
    { key: 'period', header: formatMessage(perDay ? m.day : m.week), cell: (r) => r.key },
    { key: 'in', header: formatMessage(m.enrollments), num: true, cell: (r) => count(r.enrollments) },
    { key: 'out', header: formatMessage(m.unenrollments), num: true, cell: (r) => count(r.unenrollments) },
    { key: 'mode', header: formatMessage(m.byMode), cell: (r) => r.byMode.map((x) => `${x.mode} ${x.enrollments}/${x.unenrollments}`).join(' · ') },
  ];
  if (!perDay) columns.push({ key: 'end', header: formatMessage(m.enrolledAtEnd), num: true, cell: (r) => count(r.enrolledAtEnd ?? 0) });
  return (
    <Card
      id="enrollments"
      title={formatMessage(m.enrollmentsTitle)}
      span={8}
      loading={!enrollments}
      definition={d.enrollments}
      note={
        <button type="button" className={styles.button} onClick={() => setPerDay(!perDay)} aria-pressed={perDay}>
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
          <FigureTable label={formatMessage(m.enrollmentsTitle)} columns={columns} rows={rows} rowKey={(r) => r.key} />
        </>
      )}
    </Card>
  );
}

type ActiveWidget = InstitutionWidgets['activeLearners'];

function ActiveCard({ active, showOrgs }: { active?: ActiveWidget; showOrgs: boolean }) {
  const title = formatMessage(m.activeTitle);
  return (
    <Card id="active-learners" title={title} span={7} loading={!active} definition={d.activeLearners}>
      {active && (
        <>
          <FigureTable
            label={title}
            rows={active.weeks}
            rowKey={(x) => x.weekStart}
            rowProps={() => ({ 'data-testid': 'active-week' })}
            columns={[
              { key: 'week', header: formatMessage(m.week), cell: (x) => x.weekStart },
              { key: 'active', header: formatMessage(m.active), num: true, cell: (x) => count(x.active) },
              { key: 'new', header: formatMessage(m.newLearners), num: true, cell: (x) => count(x.new) },
              { key: 'returning', header: formatMessage(m.returning), num: true, cell: (x) => count(x.returning) },
            ]}
          />
          {showOrgs && active.byOrg.length > 0 && (
            <FigureTable
              label={formatMessage(m.activeByOrg)}
              caption={formatMessage(m.activeByOrg)}
              rows={active.byOrg}
              rowKey={(o) => o.org}
              columns={[
                { key: 'org', header: formatMessage(m.org), cell: (o) => <a href={`/orgs/${encodeURIComponent(o.org)}`}>{o.org || formatMessage(m.none)}</a> },
                ...active.weeks.map((x) => ({
                  key: x.weekStart,
                  header: x.weekStart,
                  num: true,
                  cell: (o: ActiveWidget['byOrg'][number]) => count(o.weeks.find((y) => y.weekStart === x.weekStart)?.active ?? 0),
                })),
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}

function CompletionCard({ completion }: { completion?: InstitutionWidgets['completion'] }) {
  return (
    <Card id="completion" title={formatMessage(m.completionTitle)} note={formatMessage(m.completionNote)} span={5} loading={!completion} missing={completion?.missing} definition={d.completion}>
      {completion && (
        <>
          <div className={styles.kpis}>
            <div className={styles.kpi}>
              <span className={`${styles.kpiValue} ${styles.kpiBig}`}>{percent(completion.completionRate)}</span>
              <span className={styles.kpiLabel}>
                {count(completion.completed)} / {count(completion.enrolled)}
              </span>
            </div>
          </div>
          <FigureTable
            label={formatMessage(m.completionTitle)}
            rows={completion.courses}
            rowKey={(c) => c.courseId}
            columns={[
              { key: 'course', header: formatMessage(m.course), cell: (c) => <a href={`/courses/${encodeURIComponent(c.courseId)}`}>{c.displayName}</a> },
              { key: 'enrolled', header: formatMessage(m.enrolled), num: true, cell: (c) => count(c.enrolled) },
              { key: 'passed', header: formatMessage(m.passed), num: true, cell: (c) => count(c.passed) },
              { key: 'certified', header: formatMessage(m.certified), num: true, cell: (c) => count(c.certified) },
              { key: 'completed', header: formatMessage(m.completed), num: true, cell: (c) => count(c.completed) },
              { key: 'rate', header: formatMessage(m.completionRate), num: true, cell: (c) => percent(c.completionRate) },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function AtRiskCard({ summary }: { summary?: InstitutionWidgets['atRiskSummary'] }) {
  const title = formatMessage(m.atRiskTitle);
  return (
    <Card id="at-risk-summary" title={title} span={12} loading={!summary} missing={summary && summary.courses.length === 0 ? formatMessage(m.noAtRisk) : undefined} definition={d.atRiskSummary}>
      {summary && (
        <>
          <p className={styles.kpiNote}>{formatMessage(m.atRiskTotals, { atRisk: summary.atRisk, red: summary.red, yellow: summary.yellow })}</p>
          <FigureTable
            label={title}
            rows={summary.courses}
            rowKey={(c) => c.courseId}
            columns={[
              { key: 'course', header: formatMessage(m.course), cell: (c) => <a href={`/courses/${encodeURIComponent(c.courseId)}/at-risk`}>{c.displayName}</a> },
              { key: 'atRisk', header: formatMessage(m.atRisk), num: true, cell: (c) => count(c.atRisk) },
              { key: 'red', header: formatMessage(m.red), num: true, cell: (c) => (c.red === null ? formatMessage(m.none) : count(c.red)) },
              { key: 'yellow', header: formatMessage(m.yellow), num: true, cell: (c) => (c.yellow === null ? formatMessage(m.none) : count(c.yellow)) },
            ]}
          />
          {summary.trend.length > 0 && (
            <FigureTable
              label={formatMessage(m.trend)}
              caption={formatMessage(m.trend)}
              rows={summary.trend}
              rowKey={(x) => x.day}
              columns={[
                { key: 'day', header: formatMessage(m.day), cell: (x) => x.day },
                { key: 'red', header: formatMessage(m.red), num: true, cell: (x) => count(x.red) },
                { key: 'yellow', header: formatMessage(m.yellow), num: true, cell: (x) => count(x.yellow) },
                { key: 'courses', header: formatMessage(m.coursesEvaluated), num: true, cell: (x) => count(x.coursesEvaluated) },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}
