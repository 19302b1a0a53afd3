'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatMessage } from '@/lib/i18n';
import { messages } from './alerts.messages';
import { ScrollRegion } from '@/components/ScrollRegion';
import './alerts.css';

export interface PrefView {
  courseId: string;
  optedOut: boolean;
  schedule: 'immediate' | 'daily' | 'weekly' | null;
}

const SCHEDULE_TEXT = { immediate: messages.scheduleImmediate, daily: messages.scheduleDaily, weekly: messages.scheduleWeekly } as const;

/**
 * A person's alert choices: for every course ('') and per course, whether to receive alerts and
 * how often (as each rule says, as it happens, daily or weekly). A course's own row wins over
 * "every course". Each change is saved at once.
 */
export function NotificationPrefs({ rows: initial }: { rows: PrefView[] }) {
  const router = useRouter();
  const [rows, setRows] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const [other, setOther] = useState('');

  async function save(p: PrefView) {
    setError(undefined);
    setRows((list) => (list.some((r) => r.courseId === p.courseId) ? list.map((r) => (r.courseId === p.courseId ? p : r)) : [...list, p]));
    const res = await fetch('/api/notifications', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p) });
    if (!res.ok) {
      const json = (await res.json().catch(() => ({}))) as { error?: string; reason?: string };
      setError(json.reason ?? json.error ?? `HTTP ${res.status}`);
    }
    router.refresh();
  }

  return (
    <div className="stack">
      {error && <p className="error">{error}</p>}
      <ScrollRegion label={formatMessage(messages.notificationsTitle)}>
        <table className="list" data-testid="notification-prefs">
          <thead>
            <tr>
              <th>{formatMessage(messages.colCourse)}</th>
              <th>{formatMessage(messages.receive)}</th>
              <th>{formatMessage(messages.colSchedule)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.courseId} data-testid="notification-pref" data-course={p.courseId}>
                <td>{p.courseId || formatMessage(messages.everyCourse)}</td>
                <td>
                  <input type="checkbox" aria-label={formatMessage(messages.receive)} checked={!p.optedOut} onChange={(e) => void save({ ...p, optedOut: !e.target.checked })} />
                </td>
                <td>
                  <select
                    aria-label={formatMessage(messages.colSchedule)}
                    value={p.schedule ?? ''}
                    onChange={(e) => void save({ ...p, schedule: (e.target.value || null) as PrefView['schedule'] })}
                  >
                    <option value="">{formatMessage(messages.scheduleRule)}</option>
                    {(Object.keys(SCHEDULE_TEXT) as (keyof typeof SCHEDULE_TEXT)[]).map((s) => (
                      <option key={s} value={s}>
                        {formatMessage(SCHEDULE_TEXT[s])}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (other.trim()) void save({ courseId: other.trim(), optedOut: false, schedule: null }).then(() => setOther(''));
        }}
      >
        <input aria-label={formatMessage(messages.otherCourse)} placeholder={formatMessage(messages.otherCourse)} value={other} onChange={(e) => setOther(e.target.value)} size={40} className="fit-width" />{' '}
        <button className="button" type="submit">
          {formatMessage(messages.add)}
        </button>
      </form>
    </div>
  );
}
