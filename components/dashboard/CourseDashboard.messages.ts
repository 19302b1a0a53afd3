import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  computedAt: { id: 'lookout.dashboard.computedAt', defaultMessage: 'computed at {time}' },
  waiting: { id: 'lookout.dashboard.waiting', defaultMessage: 'waiting for data…' },
  age: { id: 'lookout.dashboard.age', defaultMessage: 'data as of {seconds} s ago' },
  liveUnavailable: { id: 'lookout.dashboard.liveUnavailable', defaultMessage: 'live updates unavailable: {error}' },
  serverAnswered: { id: 'lookout.dashboard.serverAnswered', defaultMessage: 'the server answered {status} {statusText}', description: 'Why the dashboard could not be loaded: an HTTP status' },
  noJson: { id: 'lookout.dashboard.noJson', defaultMessage: 'the server sent no JSON', description: 'Why the dashboard could not be loaded' },
  showing: { id: 'lookout.dashboard.showing', defaultMessage: 'Showing {window}' },
  couldNotLoad: { id: 'lookout.dashboard.couldNotLoad', defaultMessage: 'Could not load the dashboard for {window}: {error}' },
  tryAgain: { id: 'lookout.dashboard.tryAgain', defaultMessage: 'Try again' },
});
