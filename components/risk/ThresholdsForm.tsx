'use client';
import { ScrollRegion } from '../ScrollRegion';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { formatMessage } from '@/lib/i18n';
import type { RiskThresholds, ThresholdName, ThresholdScope, ThresholdSource } from '@/lib/risk/types';
import type { ThresholdPreview } from '@/lib/risk/preview';
import './risk.css';
import { SOURCE_LABELS } from './labels';
import { viewerNow } from '@/lib/i18n/time';
import { thresholdsMessages as m } from './ThresholdsForm.messages';

export interface ThresholdRow {
  name: ThresholdName;
  label: string;
  /** 'share' values (0–1) are shown and typed as percentages. */
  kind: string;
  min: number;
  max: number;
  integer: boolean;
}

const isShare = (r: ThresholdRow) => r.kind === 'share';
/** A stored value as the field shows it: shares as percentages. */
const shown = (r: ThresholdRow, v: number | undefined) => (v === undefined ? '' : String(isShare(r) ? Math.round(v * 100 * 1e4) / 1e4 : v));
/** A typed number as stored: percentages back to shares. */
const stored = (r: ThresholdRow, typed: number) => (isShare(r) ? Math.round((typed / 100) * 1e6) / 1e6 : typed);
const unit = (r: ThresholdRow) => (isShare(r) ? ' %' : '');

/**
 * The thresholds of one scope: a value typed here is set at this scope, an empty field
 * inherits (from the org, global or the default). Shares are typed as percentages. Before
 * saving, "preview" counts the learners the change would flag (the at-risk code itself, on the
 * server). Saving sends only what changed; the server refuses invalid values with the reasons.
 * The "saved" notice stays after the page refreshes with the stored values.
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
  const setKey = JSON.stringify(set);
  const initialOf = () => Object.fromEntries(rows.map((r) => [r.name, shown(r, set[r.name])])) as Record<ThresholdName, string>;
  const [draft, setDraft] = useState(initialOf);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ for: string; value: ThresholdPreview } | undefined>();
  const [previewing, setPreviewing] = useState(false);
  // The stored values changed (saved here, then refreshed): the fields show them; the notice stays.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setDraft(initialOf()), [setKey]);

  const changes: Partial<Record<ThresholdName, number | null>> = {};
  const local: string[] = [];
  for (const r of rows) {
    const text = draft[r.name].trim();
    if (text === shown(r, set[r.name])) continue;
    if (text === '') changes[r.name] = null;
    else if (!/^-?\d+(\.\d+)?$/.test(text)) local.push(formatMessage(m.notANumber, { label: r.label, text }));
    else changes[r.name] = stored(r, Number(text));
  }
  const dirty = Object.keys(changes).length > 0;
  const changeKey = JSON.stringify(changes);

  async function send(path: string, method: string) {
    const res = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scope, key: scopeKey, values: changes }) });
    const body = (await res.json()) as { error?: string; errors?: string[] } & Record<string, unknown>;
    if (!res.ok) throw Object.assign(new Error(body.error ?? `HTTP ${res.status}`), { errors: body.errors ?? [body.error ?? `HTTP ${res.status}`] });
    return body;
  }
  const fail = (err: unknown) => setErrors((err as { errors?: string[] }).errors ?? [(err as Error).message]);

  async function save() {
    if (local.length > 0) return setErrors(local);
    setBusy(true);
    setErrors([]);
    try {
      const body = (await send('/api/risk/thresholds', 'PUT')) as { changes?: unknown[] };
      setSaved(formatMessage(m.saved, { count: body.changes?.length ?? 0, time: viewerNow() }));
      setPreview(undefined);
      router.refresh();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  async function runPreview() {
    if (local.length > 0) return setErrors(local);
    setPreviewing(true);
    setErrors([]);
    try {
      setPreview({ for: changeKey, value: (await send('/api/risk/thresholds/preview', 'POST')) as unknown as ThresholdPreview });
    } catch (err) {
      fail(err);
    } finally {
      setPreviewing(false);
    }
  }
  const current = preview?.for === changeKey ? preview.value : undefined;

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
        <ul className="errors" data-testid="thresholds-errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {saved && (
        <p className="ok" data-testid="thresholds-saved" role="status">
          {saved}
        </p>
      )}
      <ScrollRegion label={formatMessage(m.tableLabel)}>
        <table className="list">
        <thead>
          <tr>
            <th>{formatMessage(m.colThreshold)}</th>
            <th>{formatMessage(m.colSetHere)}</th>
            <th className="num">{formatMessage(m.colApplies)}</th>
            <th>{formatMessage(m.colFrom)}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const id = `threshold-${r.name}`;
            return (
              <tr key={r.name}>
                <td>
                  <label htmlFor={id}>{r.label}</label>
                  <div className="kpi-note" id={`${id}-help`}>
                    {formatMessage(m.range, { min: shown(r, r.min), max: shown(r, r.max), unit: unit(r) })}
                    {r.integer ? formatMessage(m.wholeNumber) : ''}
                  </div>
                </td>
                <td>
                  <input
                    id={id}
                    name={r.name}
                    data-testid={id}
                    inputMode="decimal"
                    aria-describedby={`${id}-help`}
                    placeholder={formatMessage(m.inherit)}
                    value={draft[r.name]}
                    onChange={(e) => setDraft({ ...draft, [r.name]: e.target.value })}
                  />
                  {unit(r)}{' '}
                  {draft[r.name] !== '' && (
                    <button
                      type="button"
                      className="link-button"
                      aria-label={formatMessage(m.inheritFor, { label: r.label })}
                      onClick={() => setDraft({ ...draft, [r.name]: '' })}
                    >
                      {formatMessage(m.inherit)}
                    </button>
                  )}
                </td>
                <td className="num" data-testid={`effective-${r.name}`}>
                  {shown(r, effective[r.name])}
                  {unit(r)}
                </td>
                <td className="kpi-note">{SOURCE_LABELS[sources[r.name]]}</td>
              </tr>
            );
          })}
        </tbody>
        </table>
      </ScrollRegion>
      {current && (
        <div className="panel" data-testid="thresholds-preview" role="status">
          {current.courses.length === 0 ? (
            <p>{formatMessage(m.previewNoCourse)}</p>
          ) : (
            <>
              <p>
                <strong>{formatMessage(m.previewTotal, { after: current.flaggedAfter, now: current.flaggedNow, courses: current.courses.length })}</strong>
              </p>
              <ul className="reasons">
                {current.courses.map((c) => (
                  <li key={c.courseId}>{formatMessage(m.previewCourse, { course: c.courseId, after: c.flaggedAfter, now: c.flaggedNow, evaluated: c.evaluated })}</li>
                ))}
              </ul>
              {current.coursesLeftOut > 0 && <p className="kpi-note">{formatMessage(m.previewLeftOut, { count: current.coursesLeftOut })}</p>}
            </>
          )}
        </div>
      )}
      <p>
        <button type="button" className="button" data-testid="thresholds-preview-button" disabled={!dirty || previewing} onClick={() => void runPreview()}>
          {formatMessage(previewing ? m.previewing : m.preview)}
        </button>{' '}
        <button type="submit" className="button" data-testid="thresholds-save" disabled={!dirty || busy}>
          {formatMessage(busy ? m.saving : m.save)}
        </button>{' '}
        {dirty && (
          <button type="button" className="link-button" onClick={() => setDraft(initialOf())}>
            {formatMessage(m.discard)}
          </button>
        )}
      </p>
    </form>
  );
}
