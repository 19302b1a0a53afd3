'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ActiveNowWidget, EventsPerMinuteWidget, LiveFeedWidget } from '@/lib/metrics/dashboardTypes';
import { Card, Kpi } from '../Card';
import { count, utcTime } from '../format';
import styles from '../dashboard.module.css';

const hhmm = (iso: string) => iso.slice(11, 16);

/** Who is here now, and the last hour minute by minute. Not tied to the chosen window. */
export function RightNowCard({ activeNow, perMinute }: { activeNow?: ActiveNowWidget; perMinute?: EventsPerMinuteWidget }) {
  const total = perMinute?.minutes.reduce((sum, m) => sum + m.events, 0) ?? 0;
  const lastMinute = perMinute?.minutes.at(-1)?.events;
  return (
    <Card id="live" title="Right now" note="live, not tied to the dates above" span={5} loading={!activeNow || !perMinute}>
      {activeNow && perMinute && (
        <>
          <div className={styles.passRate}>
            <Kpi
              big
              label="Active learners"
              value={count(activeNow.learners)}
              testId="active-now"
              note={`with an event in the last ${activeNow.windowMinutes} minutes`}
            />
            <Kpi
              label="Events in the last minute"
              value={lastMinute === undefined ? '–' : count(lastMinute)}
              testId="events-last-minute"
              note="learner events"
            />
          </div>
          <div className={styles.chartBoxSmall} data-testid="events-per-minute" data-total={total}>
            <ResponsiveContainer>
              <BarChart data={perMinute.minutes} margin={{ top: 4, right: 4, bottom: 14, left: -12 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis
                  dataKey="minute"
                  tickFormatter={hhmm}
                  minTickGap={28}
                  fontSize={11}
                  label={{ value: 'minute (UTC)', position: 'insideBottom', offset: -8, fontSize: 11 }}
                />
                <YAxis allowDecimals={false} fontSize={11} label={{ value: 'events', angle: -90, position: 'insideLeft', offset: 18, fontSize: 11 }} />
                <Tooltip
                  labelFormatter={(v) => `${hhmm(String(v))} UTC`}
                  formatter={(v, name) => [count(Number(v)), name === 'events' ? 'learner events' : 'learners']}
                />
                <Bar dataKey="events" fill="#0a6ebd" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div className={styles.kpiNote}>{count(total)} learner events in the last hour</div>
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
      title="Recent learner actions"
      note="newest first, live"
      span={7}
      loading={!feed}
      missing={feed?.missing ?? (feed && items.length === 0 ? 'No learner actions yet: they appear here as learners work.' : undefined)}
    >
      <ul className={styles.feed} data-testid="feed-items" data-count={items.length}>
        {items.map((item) => (
          <li key={item.eventId}>
            <span className={styles.feedTime}>{utcTime(item.time).replace(' UTC', '')}</span>
            <span>
              <span className={styles.who} title={item.name || undefined}>
                {item.username}
              </span>{' '}
              {item.verb} {item.target && <span>{item.target}</span>}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
