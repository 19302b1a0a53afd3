import type { ConnectionState } from './useLiveRoom';
import { formatMessage } from '@/lib/i18n';
import { connectionMessages } from './common.messages';

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span className={`badge ${state}`} data-testid="connection-state" data-state={state}>
      {formatMessage(connectionMessages[state])}
    </span>
  );
}
