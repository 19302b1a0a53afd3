'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EventsPerMinute } from '@/lib/live/widgets/eventsPerMinute';

const hhmm = (iso: string) => iso.slice(11, 16);

export function EventsPerMinuteChart({ data }: { data: EventsPerMinute }) {
  const total = data.minutes.reduce((sum, m) => sum + m.events, 0);
  return (
    <div data-testid="events-per-minute" data-total={total} style={{ width: '100%', height: 240 }}>
      <ResponsiveContainer>
        <BarChart data={data.minutes} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="minute" tickFormatter={hhmm} minTickGap={24} fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip labelFormatter={(v) => `${hhmm(String(v))} UTC`} formatter={(v, name) => [v, name === 'events' ? 'events' : 'learners']} />
          <Bar dataKey="events" fill="#0a6ebd" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <div className="kpi-note">{total.toLocaleString('en-US')} learner events in the last hour (UTC times)</div>
    </div>
  );
}
