import { getServices } from '@/lib/services';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { AccessDenied } from '@/components/AccessDenied';
import { LocalTime } from '@/components/LocalTime';
import { formatMessage } from '@/lib/i18n';
import { listRules, ruleHistory, type AlertRule, type AlertRuleHistoryRow } from '@/lib/alerts/rules';
import { deliveryCounts, listDeliveries, withoutPiiUnlessAllowed, type Delivery, type DeliveryStatus } from '@/lib/alerts/deliveries';
import { kindText } from '@/lib/alerts/digest';
import { AlertRulesEditor, RetryButton, type RuleView } from '@/components/alerts/AlertRulesEditor';
import { messages } from '@/components/alerts/alerts.messages';
import { ScrollRegion } from '@/components/ScrollRegion';
import { scopeText } from '@/components/scopeText';
import { ScopeKeyList } from '@/components/ScopeKeyList';
import { listActiveCourses, type CourseSummary } from '@/lib/courses';

const SCOPE_KEY_LIST = 'alert-scope-keys';

export const dynamic = 'force-dynamic';

/** Admins: alert rules (with their history) and every delivery with its status (issue 22). */
export default async function AlertsAdminPage() {
  const access = await pageAccess(SITE_PAGES.alerts.action, {}, SITE_PAGES.alerts.href());
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const { lake, config } = getServices();
  let rules: AlertRule[] = [];
  let history: AlertRuleHistoryRow[] = [];
  let deliveries: Delivery[] = [];
  let counts: Record<DeliveryStatus, number> | undefined;
  let courses: CourseSummary[] = [];
  let error: string | undefined;
  try {
    [rules, history, deliveries, counts, courses] = await Promise.all([
      listRules(lake),
      ruleHistory(lake, 100),
      listDeliveries(lake, { limit: 300 }),
      deliveryCounts(lake),
      listActiveCourses(lake),
    ]);
    deliveries = deliveries.map((d) => withoutPiiUnlessAllowed(d, config.auth.piiRoles.includes('admin')));
  } catch (err) {
    error = (err as Error).message;
  }
  const change = (h: AlertRuleHistoryRow) =>
    !h.old ? `${formatMessage(messages.created)}: ${JSON.stringify(h.new)}` : !h.new ? formatMessage(messages.deleted) : `${JSON.stringify(h.old)} → ${JSON.stringify(h.new)}`;

  return (
    <div className="stack">
      <div>
        <h1>{formatMessage(messages.adminTitle)}</h1>
        <p className="subtitle">{formatMessage(messages.adminSubtitle)}</p>
        <p className="kpi-note" data-testid="alerts-mail-mode">
          {formatMessage(messages.mailMode, { mode: formatMessage(config.alerts.smtpUrl ? messages.mailSmtp : messages.mailOutbox) })}
        </p>
      </div>
      {error && <p className="error">{formatMessage(messages.lakeError, { error })}</p>}
      <section className="panel">
        <h2>{formatMessage(messages.rules)}</h2>
        <AlertRulesEditor rules={rules.map((r) => ({ id: r.id, scope: r.scope, key: r.key, spec: r.spec as RuleView['spec'] }))} scopeKeyList={SCOPE_KEY_LIST} />
        <ScopeKeyList id={SCOPE_KEY_LIST} courses={courses} />
      </section>
      <section className="panel" data-testid="alert-deliveries">
        <h2>{formatMessage(messages.deliveries)}</h2>
        {counts && <p className="kpi-note" data-testid="alert-delivery-counts">{formatMessage(messages.counts, counts)}</p>}
        {deliveries.length === 0 ? (
          <p className="empty">{formatMessage(messages.noDeliveries)}</p>
        ) : (
          <ScrollRegion label={formatMessage(messages.deliveries)}>
            <table className="list">
              <thead>
                <tr>
                  <th>{formatMessage(messages.colWhen)}</th>
                  <th>{formatMessage(messages.colChannel)}</th>
                  <th>{formatMessage(messages.colTo)}</th>
                  <th>{formatMessage(messages.colSubject)}</th>
                  <th>{formatMessage(messages.colStatus)}</th>
                  <th className="num">{formatMessage(messages.colAttempts)}</th>
                  <th>{formatMessage(messages.colError)}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id} data-testid="alert-delivery" data-status={d.status}>
                    <td><LocalTime iso={d.createdAt} /></td>
                    <td>{formatMessage(messages.channel, { channel: d.channel })}</td>
                    <td>{d.address || d.recipient}</td>
                    <td>
                      {d.channel === 'webhook' ? (
                        d.subject
                      ) : (
                        <details>
                          <summary>{d.subject}</summary>
                          <pre className="alert-body">{d.body}</pre>
                        </details>
                      )}
                    </td>
                    <td>
                      {formatMessage(messages.status, { status: d.status })}
                      {d.status === 'failed' && <div className="kpi-note">→ <LocalTime iso={d.nextAttemptAt} /></div>}
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td className="kpi-note">{d.lastError}</td>
                    <td>{(d.status === 'failed' || d.status === 'abandoned') && <RetryButton id={d.id} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
      <section className="panel">
        <h2>{formatMessage(messages.history)}</h2>
        <ScrollRegion label={formatMessage(messages.history)}>
          <table className="list" data-testid="alert-rule-history">
            <thead>
              <tr>
                <th>{formatMessage(messages.colWhen)}</th>
                <th>{formatMessage(messages.colWho)}</th>
                <th>{formatMessage(messages.colScope)}</th>
                <th>{formatMessage(messages.colRule)}</th>
                <th>{formatMessage(messages.colChange)}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={`${h.at}-${h.ruleId}`}>
                  <td><LocalTime iso={h.at} /></td>
                  <td>{h.actor}</td>
                  <td>{scopeText(h.scope, h.key)}</td>
                  <td>{kindText((h.new ?? h.old)!.kind)}</td>
                  <td className="kpi-note">{change(h)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </div>
  );
}
