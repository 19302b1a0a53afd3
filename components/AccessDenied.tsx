import { formatMessage } from '@/lib/i18n';
import { accessMessages } from './common.messages';

export function AccessDenied({ reason, status = 403 }: { reason: string; status?: number }) {
  return (
    <div className="panel" data-testid="access-denied" data-status={status}>
      <h1>{formatMessage(status === 401 ? accessMessages.signInNeeded : accessMessages.notAllowed)}</h1>
      <p className="error">{reason}</p>
      <p className="kpi-note">{formatMessage(accessMessages.rolesNote)}</p>
    </div>
  );
}
