'use client';
import { courseRoom } from '@/lib/live/protocol';
import type { ActiveNow } from '@/lib/live/widgets/activeNow';
import type { EventsPerMinute } from '@/lib/live/widgets/eventsPerMinute';
import { ConnectionBadge } from './ConnectionBadge';
import { EventsPerMinuteChart } from './EventsPerMinuteChart';
import { useLiveRoom, useNow } from './useLiveRoom';

export function LiveCourse({ courseId }: { courseId: string }) {
  const live = useLiveRoom(courseRoom(courseId));
  const now = useNow();
  const activeNow = live.widgets.activeNow as ActiveNow | undefined;
  const perMinute = live.widgets.eventsPerMinute as EventsPerMinute | undefined;
  const age = live.receivedAt === undefined ? undefined : Math.max(0, Math.round((now - live.receivedAt) / 1000));

  return (
    <>
      <div className="status-bar">
        <ConnectionBadge state={live.connection} />
        <span data-testid="data-age">{age === undefined ? 'waiting for data…' : `data as of ${age} s ago`}</span>
        {live.error && <span className="error">{live.error}</span>}
      </div>
      <div className="grid">
        <section className="panel">
          <div className="kpi-label">Active learners now</div>
          <div className="kpi-value" data-testid="active-now">
            {activeNow ? activeNow.learners.toLocaleString('en-US') : '–'}
          </div>
          <div className="kpi-note">distinct learners with an event in the last {activeNow?.windowMinutes ?? 5} minutes</div>
        </section>
        <section className="panel">
          <h2 className="chart-title">Learner events per minute, last hour</h2>
          {perMinute ? <EventsPerMinuteChart data={perMinute} /> : <p className="empty">Loading…</p>}
        </section>
      </div>
    </>
  );
}
