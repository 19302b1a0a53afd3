'use client';
import { ScrollRegion } from '../../ScrollRegion';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ActiveNowWidget, EventsPerMinuteWidget, LiveFeedWidget } from '@/lib/metrics/dashboardTypes';
import { formatMessage } from '@/lib/i18n';
import { zonedText } from '@/lib/i18n/time';
import { LocalTime, useViewerTimeZone } from '../../LocalTime';
import { Card, Chart, Kpi } from '../Card';
import { count } from '../format';
import { messages } from './LiveCards.messages';
import styles from '../dashboard.module.css';

/** "14:05" of a minute, in the viewer's zone once known (UTC before). */
function useMinuteLabel(): (iso: string) => string {
  const zone = useViewerTimeZone();
  return (iso) => (zone ? zonedText(iso, zone, 'clock').slice(0, 5) : iso.slice(11, 16));
}

/**
 * Learner events per minute over the last hour, as bars (one series: nothing to tell apart by hue),
 * named, with the minutes that had events as its table. The course page and the platform and org
 * pages show it.
 */
export function EventsPerMinuteChart({ minutes }: { minutes: Array<{ minute: string; events: number; learners: number }> }) {
  const minuteLabel = useMinuteLabel();
  const chartName = formatMessage(messages.chartName);
  return (
    <Chart
      name={chartName}
      boxClassName={styles.chartBoxSmall}
      box={{ 'data-testid': 'events-per-minute', 'data-total': minutes.reduce((sum, m) => sum + m.events, 0) }}
      table={
        <table className={styles.table}>
          <thead>
            <tr>
              <th>{formatMessage(messages.minute)}</th>
              <th className={styles.num}>{formatMessage(messages.learnerEvents)}</th>
              <th className={styles.num}>{formatMessage(messages.learners)}</th>
            </tr>
          </thead>
          <tbody>
            {minutes
              .filter((m) => m.events > 0)
              .map((m) => (
                <tr key={m.minute}>
                  <td>
                    <LocalTime iso={m.minute} precision="clock" />
                  </td>
                  <td className={styles.num}>{count(m.events)}</td>
                  <td className={styles.num}>{count(m.learners)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer>
        <BarChart data={minutes} margin={{ top: 4, right: 4, bottom: 14, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="minute"
            tickFormatter={(v) => minuteLabel(String(v))}
            minTickGap={28}
            fontSize={11}
            label={{ value: formatMessage(messages.minuteAxis), position: 'insideBottom', offset: -8, fontSize: 11 }}
          />
          <YAxis
            allowDecimals={false}
            fontSize={11}
            label={{ value: formatMessage(messages.eventsAxis), angle: -90, position: 'insideLeft', offset: 18, fontSize: 11 }}
          />
          <Tooltip
            labelFormatter={(v) => minuteLabel(String(v))}
            formatter={(v, name) => [count(Number(v)), formatMessage(name === 'events' ? messages.learnerEvents : messages.learners)]}
          />
          <Bar dataKey="events" fill="#0a6ebd" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </Chart>
  );
}

/** Who is here now, and the last hour minute by minute. Not tied to the chosen window. */
export function RightNowCard({ activeNow, perMinute }: { activeNow?: ActiveNowWidget; perMinute?: EventsPerMinuteWidget }) {
  const total = perMinute?.minutes.reduce((sum, m) => sum + m.events, 0) ?? 0;
  return (
    <Card id="live" title={formatMessage(messages.rightNow)} note={formatMessage(messages.rightNowNote)} span={5} loading={!activeNow || !perMinute}>
      {activeNow && perMinute && (
        <>
          <div className={styles.passRate}>
            <Kpi
              big
              label={formatMessage(messages.activeLearners)}
              value={count(activeNow.learners)}
              testId="active-now"
              note={formatMessage(messages.activeNote, { minutes: activeNow.windowMinutes })}
            />
            <Kpi
              label={formatMessage(messages.lastMinute)}
              value={perMinute.lastMinute === undefined ? '–' : count(perMinute.lastMinute)}
              testId="events-last-minute"
              note={formatMessage(messages.lastMinuteNote)}
            />
          </div>
          <EventsPerMinuteChart minutes={perMinute.minutes} />
          <div className={styles.kpiNote}>{formatMessage(messages.lastHour, { count: count(total) })}</div>
        </>
      )}
    </Card>
  );
}

export function LiveFeedCard({ feed }: { feed?: LiveFeedWidget }) {
  const items = feed?.items ?? [];
  return (
    <Card
      id="feed"
      title={formatMessage(messages.feedTitle)}
      note={formatMessage(messages.feedNote)}
      span={7}
      loading={!feed}
      missing={feed?.missing ?? (feed && items.length === 0 ? formatMessage(messages.feedEmpty) : undefined)}
    >
      {/* A long feed scrolls inside the card: a focusable, named region, so keyboards can scroll it. */}
      <ScrollRegion label={formatMessage(messages.feedTitle)} className={styles.feedScroll}>
        <ul className={styles.feed} data-testid="feed-items" data-count={items.length}>
          {items.map((item) => (
            <li key={item.eventId}>
              <span className={styles.feedTime}>
                <LocalTime iso={item.time} precision="clock" />
              </span>
              <span>
                <span className={styles.who} title={item.name || undefined}>
                  {item.username}
                </span>{' '}
                {item.verb} {item.target && <span>{item.target}</span>}
              </span>
            </li>
          ))}
        </ul>
      </ScrollRegion>
    </Card>
  );
}
