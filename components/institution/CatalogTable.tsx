'use client';
import { useMemo, useState, type ReactNode } from 'react';
import { formatMessage, type MessageDescriptor } from '@/lib/i18n';
import type { CatalogRow } from '@/lib/institution/catalog';
import type { CourseStatus } from '@/lib/institution/scope';
import { count, percent } from '../dashboard/format';
import styles from '../dashboard/dashboard.module.css';
import { messages as m } from './institution.messages';
import { FigureTable } from './FigureTable';
import { learnersHref } from '../dashboard/drill';
import { drillMessages } from '../dashboard/drill.messages';
import { weekOf, type DashboardWindow } from '../dashboard/dashboardWindow';
import { coursePath } from '@/lib/embed/paths';

type SortKey = 'displayName' | 'org' | 'status' | 'start' | 'end' | 'enrolled' | 'activeThisWeek' | 'weekOverWeek' | 'medianProgress' | 'passRate' | 'atRisk' | 'atRiskShare';

const COLUMNS: { key: SortKey; label: MessageDescriptor; num?: boolean; orgOnly?: boolean }[] = [
  { key: 'displayName', label: m.course },
  { key: 'org', label: m.org, orgOnly: true },
  { key: 'status', label: m.status },
  { key: 'start', label: m.start },
  { key: 'end', label: m.end },
  { key: 'enrolled', label: m.enrolled, num: true },
  { key: 'activeThisWeek', label: m.activeThisWeek, num: true },
  { key: 'weekOverWeek', label: m.weekOverWeek, num: true },
  { key: 'medianProgress', label: m.medianProgress, num: true },
  { key: 'passRate', label: m.passRate, num: true },
  { key: 'atRisk', label: m.atRisk, num: true },
  { key: 'atRiskShare', label: m.atRiskShare, num: true },
];

const STATUS_LABELS: Record<CourseStatus, MessageDescriptor> = { upcoming: m.statusUpcoming, running: m.statusRunning, ended: m.statusEnded, unknown: m.statusUnknown };

/** A count of learners opening their list on the course's pages (none for 0). */
function learnersLink(n: number, href: string, what: string, testId: string): ReactNode {
  if (n === 0) return count(n);
  return (
    <a href={href} data-testid={testId} title={formatMessage(drillMessages.showLearners, { count: n, what })}>
      {count(n)}
    </a>
  );
}

/** The cells of a row; `thisWeek`: the catalog's week (Monday, UTC) at its computation. */
const cells = (thisWeek: DashboardWindow): Record<SortKey, (r: CatalogRow) => ReactNode> => ({
  displayName: (r) => (
    <a href={coursePath('', r.courseId)} title={r.courseId} data-testid="catalog-course-link">
      {r.displayName}
    </a>
  ),
  org: (r) => r.org,
  status: (r) => formatMessage(STATUS_LABELS[r.status]),
  start: (r) => r.start?.slice(0, 10) ?? formatMessage(m.none),
  end: (r) => r.end?.slice(0, 10) ?? formatMessage(m.none),
  enrolled: (r) => count(r.enrolled),
  activeThisWeek: (r) => learnersLink(r.activeThisWeek, learnersHref('', r.courseId, thisWeek, 'active'), formatMessage(m.activeThisWeek), 'catalog-active-link'),
  weekOverWeek: (r) => (r.weekOverWeek === null ? formatMessage(m.none) : `${r.weekOverWeek >= 0 ? '+' : ''}${percent(r.weekOverWeek, 0)}`),
  medianProgress: (r) => percent(r.medianProgress, 0),
  passRate: (r) => percent(r.passRate, 0),
  atRisk: (r) => learnersLink(r.atRisk, coursePath('', r.courseId, '/at-risk'), formatMessage(m.atRisk), 'catalog-at-risk-link'),
  atRiskShare: (r) => percent(r.atRiskShare),
});

/** Nulls sort last whichever the order. */
function compare(a: CatalogRow, b: CatalogRow, key: SortKey): number {
  const x = a[key];
  const y = b[key];
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
}

/**
 * Every course of the scope: sortable by any column, filterable by org, status, start and end
 * date and name; each row links to the course page.
 */
export function CatalogTable({ rows, showOrg, asOf }: { rows: CatalogRow[]; showOrg: boolean; asOf: string | undefined }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'enrolled', desc: true });
  const [org, setOrg] = useState('');
  const [status, setStatus] = useState('');
  const [startFrom, setStartFrom] = useState('');
  const [endBefore, setEndBefore] = useState('');
  const [text, setText] = useState('');
  const orgs = useMemo(() => [...new Set(rows.map((r) => r.org))].sort(), [rows]);

  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const list = rows.filter(
      (r) =>
        (!org || r.org === org) &&
        (!status || r.status === status) &&
        (!startFrom || (r.start !== null && r.start.slice(0, 10) >= startFrom)) &&
        (!endBefore || (r.end !== null && r.end.slice(0, 10) < endBefore)) &&
        (!needle || r.displayName.toLowerCase().includes(needle) || r.courseId.toLowerCase().includes(needle)),
    );
    return list.sort((a, b) => {
      const c = compare(a, b, sort.key);
      const nullLast = (a[sort.key] === null) !== (b[sort.key] === null);
      return (nullLast || !sort.desc ? c : -c) || a.courseId.localeCompare(b.courseId);
    });
  }, [rows, org, status, startFrom, endBefore, text, sort]);

  const rowCells = useMemo(() => cells(weekOf(asOf ? new Date(asOf) : new Date())), [asOf]);

  if (rows.length === 0) return <p className={styles.empty}>{formatMessage(m.noCourses)}</p>;
  const columns = COLUMNS.filter((c) => showOrg || !c.orgOnly);
  return (
    <>
      <div className={styles.picker} data-testid="catalog-filters">
        {showOrg && (
          <label>
            {formatMessage(m.filterOrg)}
            <select value={org} onChange={(e) => setOrg(e.target.value)} data-testid="catalog-org">
              <option value="">{formatMessage(m.all)}</option>
              {orgs.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {formatMessage(m.filterStatus)}
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="catalog-status">
            <option value="">{formatMessage(m.all)}</option>
            {(Object.keys(STATUS_LABELS) as CourseStatus[]).map((s) => (
              <option key={s} value={s}>
                {formatMessage(STATUS_LABELS[s])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {formatMessage(m.filterStartFrom)}
          <input type="date" value={startFrom} onChange={(e) => setStartFrom(e.target.value)} />
        </label>
        <label>
          {formatMessage(m.filterEndBefore)}
          <input type="date" value={endBefore} onChange={(e) => setEndBefore(e.target.value)} />
        </label>
        <label>
          {formatMessage(m.filterText)}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} data-testid="catalog-search" />
        </label>
        <span className={styles.kpiNote} data-testid="catalog-count">
          {formatMessage(m.catalogCount, { shown: shown.length, total: rows.length })}
        </span>
      </div>
      <FigureTable
        label={formatMessage(m.catalogTitle)}
        testId="catalog"
        rows={shown}
        rowKey={(r) => r.courseId}
        rowProps={(r) => ({ 'data-testid': 'catalog-row', 'data-course': r.courseId })}
        columns={columns.map((c) => ({
          key: c.key,
          num: c.num,
          testId: c.key === 'activeThisWeek' ? 'catalog-active' : undefined,
          headerProps: { 'aria-sort': sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none' },
          header: (
            <button type="button" className={styles.selectable} onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : Boolean(c.num) }))}>
              {formatMessage(c.label)}
              {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
            </button>
          ),
          cell: rowCells[c.key],
        }))}
      />
    </>
  );
}
