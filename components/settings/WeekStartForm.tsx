'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatMessage } from '@/lib/i18n';
import type { WeekStart } from '@/lib/metrics/weekStart';
import { viewerNow } from '@/lib/i18n/time';
import '../risk/risk.css';
import { messages as m } from './WeekStartForm.messages';

type Choice = WeekStart | 'locale';
const CHOICES: Choice[] = ['locale', 'monday', 'sunday'];

/**
 * A course's week start (PUT /api/courses/<id>/week-start): Monday or Sunday for every viewer, or
 * unset ("follow the viewer's locale", the default), which the API takes as null. The "saved"
 * notice stays after the page refreshes with the stored value.
 */
export function WeekStartForm({ courseId, setting }: { courseId: string; setting: WeekStart | undefined }) {
  const router = useRouter();
  const stored: Choice = setting ?? 'locale';
  const [choice, setChoice] = useState<Choice>(stored);
  const [saved, setSaved] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setError(undefined);
    try {
      const res = await fetch(`/api/courses/${encodeURIComponent(courseId)}/week-start`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ weekStart: choice === 'locale' ? null : choice }),
      });
      const body = (await res.json().catch(() => ({}))) as { error?: string; reason?: string };
      if (!res.ok) throw new Error(body.reason ?? body.error ?? `HTTP ${res.status}`);
      setSaved(formatMessage(m.saved, { time: viewerNow(), choice: formatMessage(m[choice]) }));
      router.refresh();
    } catch (err) {
      setError(formatMessage(m.failed, { error: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="risk-form"
      data-testid="week-start-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend>{formatMessage(m.legend)}</legend>
        <p className="kpi-note">{formatMessage(m.help)}</p>
        {CHOICES.map((c) => (
          <label key={c} className="choice">
            <input type="radio" name="weekStart" value={c} checked={choice === c} onChange={() => setChoice(c)} data-testid={`week-start-${c}`} />{' '}
            {formatMessage(m[c])}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="error" role="alert" data-testid="week-start-error">
          {error}
        </p>
      )}
      {saved && (
        <p className="ok" role="status" data-testid="week-start-saved">
          {saved}
        </p>
      )}
      <button type="submit" className="button" disabled={busy || choice === stored} data-testid="week-start-save">
        {formatMessage(busy ? m.saving : m.save)}
      </button>
    </form>
  );
}
