'use client';
import Link from 'next/link';
import { createContext, useContext, type ReactNode } from 'react';
import { formatMessage } from '@/lib/i18n';
import type { LearnerListMetric } from '@/lib/metrics/learnerList';
import { toCsv, type CsvCell } from '@/lib/export/csv';
import type { DashboardWindow } from './dashboardWindow';
import { drillMessages as m } from './drill.messages';
import { usePathBase } from '../pagePaths';
import { coursePath, learnerPath } from '@/lib/embed/paths';

/** What a count needs to open its learners: the course and the dashboard's window. */
const DrillContext = createContext<{ courseId: string; range: DashboardWindow } | undefined>(undefined);

export function DrillProvider({ courseId, range, children }: { courseId: string; range?: DashboardWindow; children: ReactNode }) {
  return <DrillContext.Provider value={range ? { courseId, range } : undefined}>{children}</DrillContext.Provider>;
}

/** The page listing the learners behind a count (app/courses/[courseId]/learners; `base` EMBED_BASE inside the LMS tab). */
export function learnersHref(base: string, courseId: string, range: DashboardWindow | undefined, metric: LearnerListMetric, item?: string, label?: string): string {
  const q = new URLSearchParams({ metric });
  if (item !== undefined) q.set('item', item);
  if (label) q.set('label', label);
  if (range && metric !== 'atRisk') {
    q.set('from', range.from);
    q.set('to', range.to);
  }
  return `${coursePath(base, courseId, '/learners')}?${q}`;
}

/** A count that stands for learners, opening the list of those learners for the window. */
export function LearnersLink(props: {
  metric: LearnerListMetric;
  item?: string;
  label?: string;
  count: number;
  what: string;
  /** Another window than the dashboard's (a week of the week-by-week table). */
  range?: DashboardWindow;
  children: ReactNode;
}) {
  const ctx = useContext(DrillContext);
  const base = usePathBase();
  if (!ctx || props.count === 0) return <>{props.children}</>;
  return (
    <Link
      href={learnersHref(base, ctx.courseId, props.range ?? ctx.range, props.metric, props.item, props.label)}
      data-testid={`drill-${props.metric}`}
      data-count={props.count}
      // Named by its visible count (an aria-label would hide it: axe label-content-name-mismatch);
      // what it opens is its description, and its tooltip.
      title={formatMessage(m.showLearners, { count: props.count, what: props.what })}
    >
      {props.children}
    </Link>
  );
}

/** Downloads a card's table as CSV, as shown (built in the browser from the card's own rows). */
export function TableCsv({ name, header, rows, what }: { name: string; header: string[]; rows: CsvCell[][]; what: string }) {
  if (rows.length === 0) return null;
  const download = () => {
    const url = URL.createObjectURL(new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <button type="button" className="link-button" onClick={download} data-testid={`csv-${name}`} aria-label={formatMessage(m.csvLabel, { what })}>
      {formatMessage(m.csv)}
    </button>
  );
}

/** A learner's name opening their page in the course (where counts open lists). */
export function LearnerPageLink({ username, userId }: { username: string; userId: number }) {
  const ctx = useContext(DrillContext);
  const base = usePathBase();
  if (!ctx) return <>{username}</>;
  return (
    <Link href={learnerPath(base, ctx.courseId, { username, userId })} data-testid="learner-link">
      {username}
    </Link>
  );
}
