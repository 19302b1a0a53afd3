'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatMessage } from '@/lib/i18n';
import { kindText as alertKindText } from '@/lib/alerts/digest';
import { ALERT_KINDS, AUDIENCES, SCHEDULES, type AlertKind } from '@/lib/alerts/names';
import { RULE_NAMES } from '@/lib/risk/types';
import { messages } from './alerts.messages';
import { ScrollRegion } from '@/components/ScrollRegion';
import { scopeMessages } from '@/components/common.messages';
import { scopeText } from '@/components/scopeText';
import './alerts.css';

/** A rule as the page hands it over (lib/alerts/rules.ts AlertRule, as JSON). */
export interface RuleView {
  id: string;
  scope: 'global' | 'org' | 'course';
  key: string;
  spec: Record<string, unknown> & { kind: string; schedule: string; digestHour: number; enabled: boolean };
}

type Draft = Record<string, string | boolean | string[]>;

const blank: Draft = { scope: 'global', key: '', kind: 'newlyRed', rule: '', minScore: '', share: '', hours: '', schedule: 'immediate', digestHour: '7', quietStart: '', quietEnd: '', audience: [], webhookUrl: '', label: '', enabled: true };

function draftOf(r: RuleView): Draft {
  const s = r.spec;
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return { scope: r.scope, key: r.key, kind: s.kind, rule: text(s.rule), minScore: text(s.minScore), share: text(s.share), hours: text(s.hours), schedule: s.schedule, digestHour: text(s.digestHour), quietStart: text(s.quietStart), quietEnd: text(s.quietEnd), audience: (s.audience as string[] | undefined) ?? [], webhookUrl: text(s.webhookUrl), label: text(s.label), enabled: s.enabled };
}

function specOf(d: Draft): Record<string, unknown> {
  const num = (k: string) => (String(d[k]).trim() === '' ? undefined : Number(d[k]));
  const str = (k: string) => (String(d[k]).trim() === '' ? undefined : String(d[k]).trim());
  const spec: Record<string, unknown> = {
    kind: d.kind,
    rule: d.kind === 'newlyFlagged' ? str('rule') : undefined,
    minScore: d.kind === 'newlyFlagged' ? num('minScore') : undefined,
    share: d.kind === 'atRiskShare' ? num('share') : undefined,
    hours: d.kind === 'ingestStopped' ? num('hours') : undefined,
    schedule: d.schedule,
    digestHour: num('digestHour'),
    quietStart: num('quietStart'),
    quietEnd: num('quietEnd'),
    audience: (d.audience as string[]).length ? d.audience : undefined,
    webhookUrl: str('webhookUrl'),
    label: str('label'),
    enabled: d.enabled,
  };
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
}

/** The rules of every scope, each editable and deletable, and a form for a new one. The server checks every value. */
/** `scopeKeyList`: the id of the page's datalist of orgs and courses, which the org or course field searches. */
export function AlertRulesEditor({ rules, scopeKeyList }: { rules: RuleView[]; scopeKeyList?: string }) {
  const router = useRouter();
  const [editing, setEditing] = useState<string | undefined>();
  const [draft, setDraft] = useState<Draft>(blank);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const set = (k: string, v: string | boolean | string[]) => setDraft({ ...draft, [k]: v });
  const kindText = (k: string) => alertKindText(k as AlertKind);

  async function send(method: string, path: string, body?: unknown) {
    setErrors([]);
    setSaved(false);
    const res = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json().catch(() => ({}))) as { error?: string; errors?: string[]; reason?: string };
    if (!res.ok) return setErrors(json.errors ?? [json.reason ?? json.error ?? `HTTP ${res.status}`]);
    setSaved(true);
    setEditing(undefined);
    setDraft(blank);
    router.refresh();
  }

  const save = () =>
    send(editing ? 'PUT' : 'POST', editing ? `/api/admin/alert-rules/${encodeURIComponent(editing)}` : '/api/admin/alert-rules', {
      scope: draft.scope,
      key: draft.scope === 'global' ? '' : String(draft.key).trim(),
      spec: specOf(draft),
    });

  return (
    <div className="stack">
      {rules.length === 0 ? (
        <p className="empty">{formatMessage(messages.noRules)}</p>
      ) : (
        <ScrollRegion label={formatMessage(messages.rules)}>
          <table className="list" data-testid="alert-rules">
            <thead>
              <tr>
                <th>{formatMessage(messages.colScope)}</th>
                <th>{formatMessage(messages.colRule)}</th>
                <th>{formatMessage(messages.colSchedule)}</th>
                <th>{formatMessage(messages.colAudience)}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id} data-testid="alert-rule" data-kind={r.spec.kind}>
                  <td>{scopeText(r.scope, r.key)}</td>
                  <td>
                    {String(r.spec.label ?? '') || kindText(r.spec.kind)}
                    {r.spec.rule ? ` · ${String(r.spec.rule)}` : ''}
                    {r.spec.minScore !== undefined ? ` · ≥ ${String(r.spec.minScore)}` : ''}
                    {r.spec.share !== undefined ? ` · ≥ ${Math.round(Number(r.spec.share) * 100)} %` : ''}
                    {r.spec.hours !== undefined ? ` · ${formatMessage(messages.hours, { hours: String(r.spec.hours) })}` : ''}
                    {!r.spec.enabled && <span className="kpi-note"> ({formatMessage(messages.disabled)})</span>}
                  </td>
                  <td>
                    {formatMessage(messages[`schedule${r.spec.schedule[0]!.toUpperCase()}${r.spec.schedule.slice(1)}` as 'scheduleDaily'])}
                    {r.spec.quietStart !== undefined && <div className="kpi-note">{formatMessage(messages.quiet, { from: String(r.spec.quietStart), to: String(r.spec.quietEnd) })}</div>}
                  </td>
                  <td>
                    {((r.spec.audience as string[] | undefined) ?? [r.spec.kind === 'ingestStopped' ? 'admins' : 'courseStaff'])
                      .map((a) => formatMessage(messages[`audience${a[0]!.toUpperCase()}${a.slice(1)}` as 'audienceSupport']))
                      .join(', ')}
                    {r.spec.webhookUrl ? <div className="kpi-note">{formatMessage(messages.webhook)}</div> : null}
                  </td>
                  <td>
                    <button className="button" type="button" onClick={() => (setEditing(r.id), setDraft(draftOf(r)))}>
                      {formatMessage(messages.edit)}
                    </button>{' '}
                    <button className="button" type="button" onClick={() => void send('DELETE', `/api/admin/alert-rules/${encodeURIComponent(r.id)}`)}>
                      {formatMessage(messages.remove)}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <form
        className="panel stack alert-rule-form"
        data-testid="alert-rule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h3>{editing ? formatMessage(messages.editRule, { id: editing.slice(0, 8) }) : formatMessage(messages.newRule)}</h3>
        {errors.length > 0 && (
          <ul className="error" data-testid="alert-rule-errors">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        {saved && <p className="kpi-note">{formatMessage(messages.saved)}</p>}
        <label>
          {formatMessage(messages.fieldScope)}{' '}
          <select value={String(draft.scope)} onChange={(e) => set('scope', e.target.value)}>
            <option value="global">{formatMessage(scopeMessages.global)}</option>
            <option value="org">{formatMessage(scopeMessages.org)}</option>
            <option value="course">{formatMessage(scopeMessages.course)}</option>
          </select>{' '}
          {draft.scope !== 'global' && <input aria-label={formatMessage(messages.fieldKey)} placeholder={formatMessage(messages.fieldKey)} value={String(draft.key)} onChange={(e) => set('key', e.target.value)} size={40} list={scopeKeyList} autoComplete="off" data-testid="alert-scope-key" />}
        </label>
        <label>
          {formatMessage(messages.fieldKind)}{' '}
          <select name="kind" value={String(draft.kind)} onChange={(e) => set('kind', e.target.value)}>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindText(k)}
              </option>
            ))}
          </select>
        </label>
        {draft.kind === 'newlyFlagged' && (
          <>
            <label>
              {formatMessage(messages.fieldRule)}{' '}
              <select value={String(draft.rule)} onChange={(e) => set('rule', e.target.value)}>
                <option value="">{formatMessage(messages.any)}</option>
                {RULE_NAMES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {formatMessage(messages.fieldMinScore)} <input value={String(draft.minScore)} onChange={(e) => set('minScore', e.target.value)} size={5} />
            </label>
          </>
        )}
        {draft.kind === 'atRiskShare' && (
          <label>
            {formatMessage(messages.fieldShare)} <input value={String(draft.share)} onChange={(e) => set('share', e.target.value)} size={5} />
          </label>
        )}
        {draft.kind === 'ingestStopped' && (
          <label>
            {formatMessage(messages.fieldHours)} <input value={String(draft.hours)} onChange={(e) => set('hours', e.target.value)} size={5} />
          </label>
        )}
        <label>
          {formatMessage(messages.fieldSchedule)}{' '}
          <select name="schedule" value={String(draft.schedule)} onChange={(e) => set('schedule', e.target.value)}>
            {SCHEDULES.map((s) => (
              <option key={s} value={s}>
                {formatMessage(messages[`schedule${s[0]!.toUpperCase()}${s.slice(1)}` as 'scheduleDaily'])}
              </option>
            ))}
          </select>{' '}
          {formatMessage(messages.fieldDigestHour)} <input value={String(draft.digestHour)} onChange={(e) => set('digestHour', e.target.value)} size={3} />
        </label>
        <label>
          {formatMessage(messages.fieldQuiet)} <input value={String(draft.quietStart)} onChange={(e) => set('quietStart', e.target.value)} size={3} /> –{' '}
          <input value={String(draft.quietEnd)} onChange={(e) => set('quietEnd', e.target.value)} size={3} />
        </label>
        <fieldset>
          <legend>{formatMessage(messages.fieldAudience)}</legend>
          {AUDIENCES.map((a) => (
            <label key={a}>
              <input
                type="checkbox"
                checked={(draft.audience as string[]).includes(a)}
                onChange={(e) => set('audience', e.target.checked ? [...(draft.audience as string[]), a] : (draft.audience as string[]).filter((x) => x !== a))}
              />{' '}
              {formatMessage(messages[`audience${a[0]!.toUpperCase()}${a.slice(1)}` as 'audienceSupport'])}{' '}
            </label>
          ))}
        </fieldset>
        <label>
          {formatMessage(messages.fieldWebhook)} <input value={String(draft.webhookUrl)} onChange={(e) => set('webhookUrl', e.target.value)} size={50} placeholder={formatMessage(messages.webhookPlaceholder)} />
        </label>
        <label>
          {formatMessage(messages.fieldLabel)} <input value={String(draft.label)} onChange={(e) => set('label', e.target.value)} size={40} />
        </label>
        <label>
          <input type="checkbox" checked={Boolean(draft.enabled)} onChange={(e) => set('enabled', e.target.checked)} /> {formatMessage(messages.fieldEnabled)}
        </label>
        <div>
          <button className="button" type="submit" data-testid="alert-rule-save">
            {formatMessage(messages.save)}
          </button>{' '}
          {editing && (
            <button className="button" type="button" onClick={() => (setEditing(undefined), setDraft(blank))}>
              {formatMessage(messages.cancel)}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}

/** Asks for a failed or abandoned delivery to be attempted on the next run. */
export function RetryButton({ id }: { id: string }) {
  const router = useRouter();
  const [state, setState] = useState<string | undefined>();
  return (
    <>
      <button
        className="button"
        type="button"
        onClick={async () => {
          const res = await fetch(`/api/admin/alert-deliveries/${encodeURIComponent(id)}/retry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
          const json = (await res.json().catch(() => ({}))) as { error?: string };
          setState(res.ok ? formatMessage(messages.retried) : (json.error ?? `HTTP ${res.status}`));
          router.refresh();
        }}
      >
        {formatMessage(messages.retry)}
      </button>
      {state && <span className="kpi-note"> {state}</span>}
    </>
  );
}
