'use client';
import { ScrollRegion } from '../ScrollRegion';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { RiskThresholds, ThresholdName, ThresholdScope, ThresholdSource } from '@/lib/risk/types';
import './risk.css';
import { SOURCE_LABELS } from './labels';

export interface ThresholdRow {
  name: ThresholdName;
  label: string;
  min: number;
  max: number;
  integer: boolean;
}

/**
 * The thresholds of one scope: a value typed here is set at this scope, an empty field
 * inherits (from the org, global or the default). Saving sends only what changed; the
 * server refuses invalid values with the reasons, shown above the table.
 */
export function ThresholdsForm({
  scope,
  scopeKey,
  rows,
  set,
  effective,
  sources,
}: {
  scope: ThresholdScope;
  scopeKey: string;
  rows: ThresholdRow[];
  set: Partial<RiskThresholds>;
  effective: RiskThresholds;
  sources: Record<ThresholdName, ThresholdSource>;
}) {
  const router = useRouter();
  const initial = Object.fromEntries(rows.map((r) => [r.name, set[r.name] === undefined ? '' : String(set[r.name])])) as Record<ThresholdName, string>;
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const changes: Partial<Record<ThresholdName, number | null>> = {};
  const local: string[] = [];
  for (const r of rows) {
    const text = draft[r.name].trim();
    if (text === (set[r.name] === undefined ? '' : String(set[r.name]))) continue;
    if (text === '') changes[r.name] = null;
    else if (!/^-?\d+(\.\d+)?$/.test(text)) local.push(`${r.name}: "${text}" is not a number`);
    else changes[r.name] = Number(text);
  }
  const dirty = Object.keys(changes).length > 0;

  async function save() {
    if (local.length > 0) return setErrors(local);
    setBusy(true);
    setErrors([]);
    setSaved(undefined);
    try {
      const res = await fetch('/api/risk/thresholds', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scope, key: scopeKey, values: changes }),
      });
      const body = (await res.json()) as { error?: string; errors?: string[]; changes?: unknown[] };
      if (!res.ok) setErrors(body.errors ?? [body.error ?? `HTTP ${res.status}`]);
      else {
        setSaved(`Saved ${body.changes?.length ?? 0} change(s). Live at-risk lists recompute within seconds.`);
        router.refresh();
      }
    } catch (err) {
      setErrors([(err as Error).message]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="risk-form"
      data-testid="thresholds-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {errors.length > 0 && (
        <ul className="errors" data-testid="thresholds-errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {saved && (
        <p className="ok" data-testid="thresholds-saved">
          {saved}
        </p>
      )}
      <ScrollRegion label="Thresholds">
        <table className="list">
        <thead>
          <tr>
            <th>Threshold</th>
            <th>Set here</th>
            <th>Applies</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>
                {r.label}
                <div className="kpi-note">
                  {r.name} · {r.min}–{r.max}
                  {r.integer ? ', whole number' : ''}
                </div>
              </td>
              <td>
                <input
                  name={r.name}
                  data-testid={`threshold-${r.name}`}
                  inputMode="decimal"
                  placeholder="inherit"
                  value={draft[r.name]}
                  onChange={(e) => setDraft({ ...draft, [r.name]: e.target.value })}
                />{' '}
                {draft[r.name] !== '' && (
                  <button type="button" className="link-button" onClick={() => setDraft({ ...draft, [r.name]: '' })}>
                    inherit
                  </button>
                )}
              </td>
              <td className="num" data-testid={`effective-${r.name}`}>
                {effective[r.name]}
              </td>
              <td className="kpi-note">{SOURCE_LABELS[sources[r.name]]}</td>
            </tr>
          ))}
        </tbody>
        </table>
      </ScrollRegion>
      <p>
        <button type="submit" className="button" data-testid="thresholds-save" disabled={!dirty || busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>{' '}
        {dirty && (
          <button type="button" className="link-button" onClick={() => setDraft(initial)}>
            discard
          </button>
        )}
      </p>
    </form>
  );
}
