'use client';
import { LearnerPageLink } from '../dashboard/drill';
import { ScrollRegion } from '../ScrollRegion';
import { useEffect, useMemo, useState } from 'react';
import { riskRoom } from '@/lib/live/protocol';
import type { AtRiskWidget } from '@/lib/live/widgets/atRisk';
import {
  applyAtRiskQuery,
  atRiskQueryParams,
  DEFAULT_QUERY,
  SORT_KEYS,
  type AtRiskQuery,
  type SortKey,
} from '@/lib/export/atRiskQuery';
import type { RuleName, Severity } from '@/lib/risk/types';
import { ConnectionBadge } from '../ConnectionBadge';
import { useLiveRoom, useNow, type LiveRoom } from '../useLiveRoom';
import { useCoursePath } from '../pagePaths';
import './risk.css';
import { percent, RULE_LABELS, SEVERITY_LABELS, SORT_LABELS } from './labels';
import { LocalTime } from '../LocalTime';
import { formatMessage } from '@/lib/i18n';
import { explainMessages, listMessages, messages } from './AtRiskList.messages';

/** Why the enrolled learners not evaluated were left out: "3 already passed, 2 enrolled in the last days, 1 staff". */
function notEvaluated(widget: AtRiskWidget): string {
  const e = widget.excluded ?? { passed: 0, newlyEnrolled: 0, staff: 0 };
  const parts = [
    e.passed > 0 && formatMessage(messages.excludedPassed, { count: e.passed }),
    e.newlyEnrolled > 0 && formatMessage(messages.excludedNew, { count: e.newlyEnrolled }),
    (e.staff ?? 0) > 0 && formatMessage(messages.excludedStaff, { count: e.staff }),
  ].filter(Boolean);
  return parts.length === 0 ? formatMessage(messages.noneLeftOut) : formatMessage(messages.leftOut, { reasons: parts.join(', ') });
}
import { RuleOptions, SeverityOptions } from './FilterOptions';

/**
 * The live at-risk list of a course, self-contained: subscribes to the course's risk room, which
 * carries the `atRisk` widget alone, and shows it with filters, sort and the CSV export of what is
 * shown. For a page that already holds the course room (the dashboard), use AtRiskListView with
 * its LiveRoom.
 */
export function AtRiskList(props: { courseId: string; initialQuery?: AtRiskQuery; syncUrl?: boolean; limit?: number }) {
  const live = useLiveRoom(riskRoom(props.courseId));
  return <AtRiskListView {...props} live={live} />;
}

export function AtRiskListView({
  courseId,
  live,
  initialQuery = DEFAULT_QUERY,
  syncUrl = false,
  limit,
}: {
  courseId: string;
  live: LiveRoom;
  initialQuery?: AtRiskQuery;
  /** Keep the filter in the page's address (the at-risk page), so it can be shared and reloaded. */
  syncUrl?: boolean;
  /** Show at most this many rows (the dashboard), with a link to the full page. */
  limit?: number;
}) {
  const [query, setQuery] = useState<AtRiskQuery>(initialQuery);
  const widget = live.widgets.atRisk as AtRiskWidget | undefined;
  const now = useNow(5_000);
  const shown = useMemo(() => (widget ? applyAtRiskQuery(widget.learners, query) : []), [widget, query]);
  const params = atRiskQueryParams(query).toString();
  const base = `/api/courses/${encodeURIComponent(courseId)}/at-risk.csv`;
  const pagePath = useCoursePath(courseId, '/at-risk');

  useEffect(() => {
    if (!syncUrl) return;
    const url = `${window.location.pathname}${params ? `?${params}` : ''}`;
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', url);
  }, [params, syncUrl]);

  const red = widget?.learners.filter((l) => l.severity === 'red').length ?? 0;
  const yellow = (widget?.learners.length ?? 0) - red;
  const rows = limit === undefined ? shown : shown.slice(0, limit);
  const age = widget ? Math.max(0, Math.round((now - Date.parse(widget.evaluatedAt)) / 1000)) : undefined;

  return (
    <section className="panel at-risk" data-testid="at-risk-list" data-count={widget ? shown.length : undefined}>
      <div className="at-risk-head">
        <h2 className="chart-title">
          {formatMessage(messages.title)}{' '}
          {widget && (
            <span className="kpi-note" data-testid="at-risk-summary">
              {formatMessage(messages.summary, { flagged: widget.learners.length, evaluated: widget.evaluated })} ·{' '}
              <span className="sev red">{formatMessage(messages.red, { count: red })}</span> ·{' '}
              <span className="sev yellow">{formatMessage(messages.yellow, { count: yellow })}</span>
            </span>
          )}
        </h2>
        <div className="status-bar">
          <ConnectionBadge state={live.connection} />
          {age !== undefined && (
            <span className="kpi-note" suppressHydrationWarning>
              {formatMessage(age < 60 ? messages.evaluatedSecondsAgo : messages.evaluatedMinutesAgo, { seconds: age, minutes: Math.round(age / 60) })}
            </span>
          )}
        </div>
      </div>

      <div className="at-risk-filters" role="group" aria-label={formatMessage(listMessages.filterAndSort)}>
        <label>
          {formatMessage(listMessages.rule)}{' '}
          <select
            data-testid="at-risk-rule"
            value={query.rules[0] ?? ''}
            onChange={(e) => setQuery({ ...query, rules: e.target.value ? [e.target.value as RuleName] : [] })}
          >
            <RuleOptions />
          </select>
        </label>
        <label>
          {formatMessage(listMessages.severity)}{' '}
          <select
            data-testid="at-risk-severity"
            value={query.severities.length === 1 ? query.severities[0] : ''}
            onChange={(e) => setQuery({ ...query, severities: e.target.value ? [e.target.value as Severity] : [] })}
          >
            <SeverityOptions />
          </select>
        </label>
        <label>
          {formatMessage(listMessages.sort)}{' '}
          <select
            data-testid="at-risk-sort"
            value={query.sort}
            onChange={(e) => {
              const sort = e.target.value as SortKey;
              setQuery({ ...query, sort, order: SORT_KEYS[sort] });
            }}
          >
            {(Object.keys(SORT_KEYS) as SortKey[]).map((k) => (
              <option key={k} value={k}>
                {SORT_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="link-button" onClick={() => setQuery({ ...query, order: query.order === 'asc' ? 'desc' : 'asc' })}>
          {formatMessage(query.order === 'asc' ? listMessages.ascending : listMessages.descending)}
        </button>
        <a className="button" data-testid="at-risk-export" href={`${base}${params ? `?${params}` : ''}`} download>
          {formatMessage(listMessages.exportCsv)}
        </a>
      </div>

      {widget && (
        <p className="kpi-note" data-testid="at-risk-evaluated">
          {formatMessage(messages.evaluated, { evaluated: widget.evaluated, enrolled: widget.enrolled + (widget.excluded?.staff ?? 0) })}{' '}
          {notEvaluated(widget)}
        </p>
      )}
      {widget && (
        <p className="kpi-note" data-testid="at-risk-explain">
          {formatMessage(widget.model ? explainMessages.rankedByModel : explainMessages.rankedByScore, {
            model: widget.model?.label ?? '',
            per100: widget.budget.per100,
            count: widget.budget.count,
            enrolled: widget.enrolled,
          })}
          {(widget.excluded?.passed ?? 0) > 0 && (
            <span data-testid="at-risk-passed"> {formatMessage(explainMessages.passedLeftOut, { count: widget.excluded.passed })}</span>
          )}
          {(widget.excluded?.newlyEnrolled ?? 0) > 0 && <span> {formatMessage(explainMessages.newNotScored, { count: widget.excluded.newlyEnrolled })}</span>}
          {' '}{formatMessage(explainMessages.severity)}
          {widget.model && <span className="model-note"> {formatMessage(explainMessages.model, { trainedOn: widget.model.trainedOn })}</span>}
        </p>
      )}
      {widget && Object.keys(widget.silent).length > 0 && (
        <p className="kpi-note" data-testid="at-risk-silent">
          {formatMessage(listMessages.notJudged)}{' '}
          {(Object.entries(widget.silent) as [RuleName, string][]).map(([rule, why], i) => (
            <span key={rule}>
              {i > 0 && ' · '}
              {RULE_LABELS[rule]} ({why})
            </span>
          ))}
        </p>
      )}
      {widget?.error && <p className="error">{widget.error}</p>}
      {!widget ? (
        <p className="empty">{formatMessage(listMessages.loading)}</p>
      ) : shown.length === 0 ? (
        <p className="empty" data-testid="at-risk-empty">
          {widget.learners.length > 0
            ? formatMessage(listMessages.noMatch)
            : widget.budget.count === 0
              ? formatMessage(listMessages.budgetNone, { per100: widget.budget.per100, enrolled: widget.enrolled })
              : formatMessage(listMessages.noneAtRisk)}
        </p>
      ) : (
        <ScrollRegion label={formatMessage(messages.title)}>
          <table className="list">
          <thead>
            <tr>
              <th className="num">{formatMessage(listMessages.rank)}</th>
              <th className="num">{formatMessage(listMessages.risk)}</th>
              <th>{formatMessage(listMessages.learner)}</th>
              <th>{formatMessage(listMessages.severity)}</th>
              <th>{formatMessage(listMessages.why)}</th>
              <th>{formatMessage(messages.lastActivity)}</th>
              <th className="num">{formatMessage(listMessages.grade)}</th>
              <th className="num">{formatMessage(listMessages.progress)}</th>
              <th>{formatMessage(messages.firstFlagged)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => (
              <tr key={l.userId} id={`learner-${l.username}`} data-testid="at-risk-row" data-username={l.username} data-severity={l.severity} data-rank={l.rank}>
                <td className="num" data-testid="at-risk-rank">{l.rank}</td>
                <td className="num" data-testid="at-risk-score">
                  {percent(l.score)}
                  {l.flaggedBy === 'hardAlert' && <div className="kpi-note">{formatMessage(listMessages.hardAlert)}</div>}
                </td>
                <td>
                  <strong>
                    <LearnerPageLink username={l.username} userId={l.userId} />
                  </strong>
                  <div className="kpi-note">{l.enrollmentMode}</div>
                </td>
                <td>
                  <span className={`sev ${l.severity}`} title={l.severityReason}>
                    {SEVERITY_LABELS[l.severity]}
                  </span>
                  <div className="kpi-note" data-testid="at-risk-severity-reason">
                    {l.severityReason}
                  </div>
                </td>
                <td>
                  <ul className="reasons">
                    {l.reasons.map((r) => (
                      <li key={r} data-testid="at-risk-score-reason">
                        {r}
                      </li>
                    ))}
                    {l.flags.map((f) => (
                      <li key={f.rule} data-rule={f.rule}>
                        <span className={`sev ${f.severity}`}>{SEVERITY_LABELS[f.severity]}</span> <b>{RULE_LABELS[f.rule]}</b>: {f.reason}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  <LocalTime iso={l.lastActivity} />
                  {l.daysInactive !== null && <div className="kpi-note">{formatMessage(listMessages.daysAgo, { days: l.daysInactive })}</div>}
                </td>
                <td className="num">{percent(l.grade)}</td>
                <td className="num">{percent(l.progress)}</td>
                <td>
                  <LocalTime iso={l.firstFlaggedAt} />
                </td>
              </tr>
            ))}
          </tbody>
          </table>
        </ScrollRegion>
      )}
      {limit !== undefined && shown.length > limit && (
        <p className="kpi-note">
          {formatMessage(listMessages.more, { count: shown.length - limit })} · <a href={`${pagePath}${params ? `?${params}` : ''}`}>{formatMessage(listMessages.seeAll)}</a>
        </p>
      )}
    </section>
  );
}
