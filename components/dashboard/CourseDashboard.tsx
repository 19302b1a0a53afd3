'use client';
import { useRef } from 'react';
import { ConnectionBadge } from '../ConnectionBadge';
import { useNow } from '../useLiveRoom';
import { AtRiskListView } from '../risk/AtRiskList';
import { useDashboard } from './useDashboard';
import { lastWeeks, windowLabel, windowQuery, type DashboardWindow } from './dashboardWindow';
import { useWindowInUrl } from './useWindowInUrl';
import { WindowPicker } from './WindowPicker';
import { utcText } from '@/lib/i18n/time';
import { formatMessage } from '@/lib/i18n';
import { messages } from './CourseDashboard.messages';
import { LiveFeedCard, RightNowCard } from './widgets/LiveCards';
import { EngagementCard } from './widgets/EngagementCard';
import { UnitCompletionCard } from './widgets/UnitCompletionCard';
import { GradesCard } from './widgets/GradesCard';
import { VideosCard } from './widgets/VideosCard';
import { ProblemsCard } from './widgets/ProblemsCard';
import { DemographicsCard } from './widgets/DemographicsCard';
import styles from './dashboard.module.css';
import { DrillProvider } from './drill';
import type { Snapshot } from '@/lib/live/protocol';
import type { WeekStart } from '@/lib/metrics/weekStart';

export interface CourseDashboardProps {
  courseId: string;
  /** The window to open with (from the page's URL); the current week when absent. */
  initialWindow?: DashboardWindow;
  /** Why the URL's window was not used, shown once above the widgets. */
  windowNotice?: string;
  /** Show the course's name above the widgets (for pages without their own heading, such as the embed). */
  showCourseName?: boolean;
  /** Show the course's at-risk learners below the widgets, at most this many. */
  atRiskLimit?: number;
  /** Counts that stand for learners open the list of those learners (the site; not the embed). */
  learnerLinks?: boolean;
  /** The live snapshot the server rendered the page from (lib/live/firstView.ts), for the initial window. */
  initialSnapshot?: Snapshot;
  /**
   * The first day of the viewer's weeks, as the page resolved it (the course's setting, else the
   * viewer's locale: lib/metrics/weekStart.ts): the week picker, the current week and the weekly
   * table follow it, and the socket subscription carries it so the first view and the socket agree.
   */
  weekStart?: WeekStart;
}

/**
 * The course dashboard, with no site chrome so the site page and the LMS embed can both
 * render it. The chosen window lives in the URL (?from=&to=), so a view can be linked,
 * and the back button walks through the windows the user looked at.
 */
export function CourseDashboard({ courseId, initialWindow, windowNotice, showCourseName = false, atRiskLimit, learnerLinks = false, initialSnapshot, weekStart = 'monday' }: CourseDashboardProps) {
  const { range, choose, notice } = useWindowInUrl(initialWindow, windowNotice, weekStart);
  const data = useDashboard(courseId, range, initialSnapshot, weekStart);
  const now = useNow();
  // The window's room carries the at-risk list too (one socket, one room computed per viewer). It
  // does not depend on the window: the last one stays shown while another window loads.
  const atRisk = useRef<unknown>(undefined);
  if ((data.widgets as Record<string, unknown>).atRisk) atRisk.current = (data.widgets as Record<string, unknown>).atRisk;

  const age = data.receivedAt === undefined ? undefined : Math.max(0, Math.round((now - data.receivedAt) / 1000));
  const w = data.widgets;

  return (
    <DrillProvider courseId={courseId} range={learnerLinks ? range : undefined}>
      <div className={styles.dashboard} data-testid="course-dashboard" data-window={windowQuery(range)}>
        {showCourseName && <h1 className={styles.cardTitle}>{data.displayName ?? courseId}</h1>}
        <div className={styles.toolbar}>
          <WindowPicker range={range} onChange={choose} now={new Date(now)} weekStart={weekStart} />
          <div className={styles.status}>
            <ConnectionBadge state={data.connection} />
            <span data-testid="data-age" suppressHydrationWarning title={data.asOf ? formatMessage(messages.computedAt, { time: utcText(data.asOf, 'second') }) : undefined}>
              {age === undefined ? formatMessage(messages.waiting) : formatMessage(messages.age, { seconds: age })}
            </span>
            {data.liveError && (
              <span className={styles.warning} data-testid="live-error">
                {formatMessage(messages.liveUnavailable, { error: data.liveError })}
              </span>
            )}
          </div>
        </div>
        <span className={styles.visuallyHidden} data-testid="window-label" aria-live="polite">
          {formatMessage(messages.showing, { window: windowLabel(range) })}
        </span>
        {notice && <p className={styles.notice}>{notice}</p>}
        {data.error ? (
          <div className={styles.errorBox} role="alert" data-testid="dashboard-error">
            <span className={styles.errorText}>{formatMessage(messages.couldNotLoad, { window: windowLabel(range), error: data.error })}</span>
            <button type="button" className={`${styles.button} ${styles.buttonPrimary}`} onClick={data.retry} data-testid="retry">
              {formatMessage(messages.tryAgain)}
            </button>
          </div>
        ) : (
          <div className={styles.grid} data-loading={data.loading}>
            <RightNowCard activeNow={w.activeNow} perMinute={w.eventsPerMinute} />
            <LiveFeedCard feed={w.liveFeed} />
            <EngagementCard engagement={w.engagement} range={range} onShowTrend={() => choose(lastWeeks(new Date(), 12, weekStart))} />
            <UnitCompletionCard completion={w.unitCompletion} />
            <GradesCard grades={w.grades} />
            <VideosCard courseId={courseId} videos={w.videos} range={range} />
            <ProblemsCard problems={w.problems} />
            <DemographicsCard demographics={w.demographics} />
          </div>
        )}
      </div>
      {atRiskLimit !== undefined && (
        <AtRiskListView
          courseId={courseId}
          limit={atRiskLimit}
          live={{ widgets: { atRisk: atRisk.current }, version: 0, connection: data.connection, receivedAt: data.receivedAt }}
        />
      )}
    </DrillProvider>
  );
}
