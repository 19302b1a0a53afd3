import { getServices } from '@/lib/services';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { AccessDenied } from '@/components/AccessDenied';
import { LocalTime } from '@/components/LocalTime';
import { formatMessage } from '@/lib/i18n';
import { preferencesOf } from '@/lib/alerts/preferences';
import { listDeliveries, type Delivery } from '@/lib/alerts/deliveries';
import { NotificationPrefs, type PrefView } from '@/components/alerts/NotificationPrefs';
import { messages } from '@/components/alerts/alerts.messages';

export const dynamic = 'force-dynamic';

/**
 * Anyone signed in: their alert choices (opt out, own schedule; every course or one) and the
 * alerts sent to them — the outbox, where emails stay when no SMTP server is configured.
 */
export default async function NotificationsPage() {
  const access = await pageAccess(SITE_PAGES.notifications.action, {}, SITE_PAGES.notifications.href());
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const { principal } = access;
  if (principal.userId === undefined) return <AccessDenied reason={formatMessage(messages.noUserId)} status={403} />;
  const { lake, config } = getServices();
  let prefs: PrefView[] = [];
  let deliveries: Delivery[] = [];
  let error: string | undefined;
  try {
    prefs = (await preferencesOf(lake, [principal.userId])).get(principal.userId) ?? [];
    deliveries = await listDeliveries(lake, { recipient: `user:${principal.userId}`, limit: 100 });
  } catch (err) {
    error = (err as Error).message;
  }
  const courses = ['', ...Object.keys(principal.roles.courses).sort(), ...prefs.map((p) => p.courseId)];
  const rows = [...new Set(courses)].map((courseId) => prefs.find((p) => p.courseId === courseId) ?? { courseId, optedOut: false, schedule: null });

  return (
    <div className="stack">
      <div>
        <h1>{formatMessage(messages.notificationsTitle)}</h1>
        <p className="subtitle">{formatMessage(messages.notificationsSubtitle)}</p>
      </div>
      {error && <p className="error">{formatMessage(messages.lakeError, { error })}</p>}
      <section className="panel">
        <NotificationPrefs rows={rows} />
      </section>
      <section className="panel" data-testid="outbox">
        <h2>{formatMessage(messages.outbox)}</h2>
        {!config.alerts.smtpUrl && <p className="kpi-note">{formatMessage(messages.outboxNote)}</p>}
        {deliveries.length === 0 ? (
          <p className="empty">{formatMessage(messages.outboxEmpty)}</p>
        ) : (
          deliveries.map((d) => (
            <details key={d.id} data-testid="outbox-item" data-status={d.status}>
              <summary>
                <LocalTime iso={d.createdAt} /> · {d.subject}{' '}
                <span className="kpi-note">
                  {formatMessage(messages.channelAndStatus, {
                    channel: formatMessage(messages.channel, { channel: d.channel }),
                    status: formatMessage(messages.status, { status: d.status }),
                  })}
                </span>
              </summary>
              <pre className="alert-body">{d.body}</pre>
            </details>
          ))
        )}
      </section>
    </div>
  );
}
