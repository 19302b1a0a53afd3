import type { ConnectionState } from './useLiveRoom';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'connecting',
  live: 'live',
  reconnecting: 'reconnecting…',
  offline: 'offline',
};

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span className={`badge ${state}`} data-testid="connection-state" data-state={state}>
      {LABELS[state]}
    </span>
  );
}
