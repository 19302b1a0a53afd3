'use client';
import { useEffect, useState } from 'react';
import {
  addDays,
  dayLabel,
  isWeek,
  lastWeeks,
  recentWeeks,
  shiftWeeks,
  weekOf,
  windowLabel,
  windowProblem,
  type DashboardWindow,
} from './dashboardWindow';
import type { WeekStart } from '@/lib/metrics/weekStart';
import { formatMessage } from '@/lib/i18n';
import { messages } from './WindowPicker.messages';
import styles from './dashboard.module.css';

const WEEKS_LISTED = 26;

/**
 * Week by week (Monday to Monday, UTC, or Sunday to Sunday for such a viewer), the last 4 or 12
 * weeks, or any range of whole days.
 */
export function WindowPicker({ range, onChange, now, weekStart = 'monday' }: { range: DashboardWindow; onChange(w: DashboardWindow): void; now: Date; weekStart?: WeekStart }) {
  const current = weekOf(now, weekStart);
  const weeks = recentWeeks(now, WEEKS_LISTED, weekStart);
  const week = isWeek(range, weekStart);
  if (week && !weeks.some((w) => w.from === range.from)) weeks.push(range);

  // The custom range is edited as first and last day (inclusive), as people think of it.
  const [first, setFirst] = useState(range.from);
  const [last, setLast] = useState(addDays(range.to, -1));
  useEffect(() => {
    setFirst(range.from);
    setLast(addDays(range.to, -1));
  }, [range.from, range.to]);
  const custom = { from: first, to: /^\d{4}-\d{2}-\d{2}$/.test(last) ? addDays(last, 1) : last };
  const customProblem = windowProblem(custom);
  const customIsShown = custom.from === range.from && custom.to === range.to;

  const weekName = (w: DashboardWindow) =>
    w.from === current.from
      ? formatMessage(messages.thisWeek, { window: windowLabel(w) })
      : w.from === shiftWeeks(current, -1, weekStart).from
        ? formatMessage(messages.lastWeek, { window: windowLabel(w) })
        : formatMessage(messages.weekOf, { day: dayLabel(w.from) });

  return (
    <div className={styles.picker} role="group" aria-label={formatMessage(messages.dateRange)}>
      <button
        type="button"
        className={styles.button}
        onClick={() => onChange(shiftWeeks(range, -1, weekStart))}
        data-testid="prev-week"
        aria-label={formatMessage(messages.previousWeek)}
        title={formatMessage(messages.previousWeek)}
      >
        ‹
      </button>
      <select
        value={week ? range.from : ''}
        onChange={(e) => e.target.value && onChange({ from: e.target.value, to: addDays(e.target.value, 7) })}
        data-testid="week-select"
        aria-label={formatMessage(messages.week)}
      >
        {!week && <option value="">{windowLabel(range)}</option>}
        {weeks
          .sort((a, b) => b.from.localeCompare(a.from))
          .map((w) => (
            <option key={w.from} value={w.from}>
              {weekName(w)}
            </option>
          ))}
      </select>
      <button
        type="button"
        className={styles.button}
        onClick={() => onChange(shiftWeeks(range, 1, weekStart))}
        disabled={week ? range.from >= current.from : range.to > current.from}
        data-testid="next-week"
        aria-label={formatMessage(messages.nextWeek)}
        title={formatMessage(messages.nextWeek)}
      >
        ›
      </button>
      <button type="button" className={styles.button} onClick={() => onChange(lastWeeks(now, 4, weekStart))} data-testid="last-4-weeks">
        {formatMessage(messages.last4)}
      </button>
      <button type="button" className={styles.button} onClick={() => onChange(lastWeeks(now, 12, weekStart))} data-testid="last-12-weeks">
        {formatMessage(messages.last12)}
      </button>
      <form
        className={styles.customRange}
        onSubmit={(e) => {
          e.preventDefault();
          if (!customProblem) onChange(custom);
        }}
      >
        <label>
          {formatMessage(messages.from)}
          <input type="date" value={first} onChange={(e) => setFirst(e.target.value)} data-testid="range-from" required />
        </label>
        <label>
          {formatMessage(messages.to)}
          <input type="date" value={last} onChange={(e) => setLast(e.target.value)} data-testid="range-to" required />
        </label>
        <button type="submit" className={`${styles.button} ${styles.buttonPrimary}`} disabled={!!customProblem || customIsShown} data-testid="range-apply">
          {formatMessage(messages.show)}
        </button>
        {customProblem && first && last && <span className={styles.warning}>{customProblem}</span>}
      </form>
    </div>
  );
}
