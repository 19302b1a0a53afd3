import { defineMessages } from '@/lib/i18n';

/** The dead letters page (app/admin/dead-letters/page.tsx). */
export const deadLetterMessages = defineMessages({
  title: { id: 'lookout.deadLetters.title', defaultMessage: 'Dead letters' },
  subtitle: {
    id: 'lookout.deadLetters.subtitle',
    defaultMessage:
      'Tracking-log lines and xAPI statements that ingest refused, with the reason. Reasons are grouped without their variable detail (the text after the first colon, numbers).',
  },
  lakeError: { id: 'lookout.deadLetters.lakeError', defaultMessage: 'Could not read the lake: {error}' },
  bySourceAndReason: { id: 'lookout.deadLetters.bySourceAndReason', defaultMessage: 'By source and reason' },
  inAll: { id: 'lookout.deadLetters.inAll', defaultMessage: ' ({total} in all)' },
  none: { id: 'lookout.deadLetters.none', defaultMessage: 'No dead letters: everything sent so far was accepted.' },
  countsRegion: { id: 'lookout.deadLetters.countsRegion', defaultMessage: 'Rejected lines by source and reason' },
  source: { id: 'lookout.deadLetters.source', defaultMessage: 'Source' },
  reason: { id: 'lookout.deadLetters.reason', defaultMessage: 'Reason' },
  count: { id: 'lookout.deadLetters.count', defaultMessage: 'Count' },
  lastSeen: { id: 'lookout.deadLetters.lastSeen', defaultMessage: 'Last seen (UTC)' },
  waitingTitle: { id: 'lookout.deadLetters.waitingTitle', defaultMessage: 'xAPI statements waiting for their learner' },
  waitingNone: { id: 'lookout.deadLetters.waitingNone', defaultMessage: "None: every stored statement's actor is a known learner." },
  overlapTitle: { id: 'lookout.deadLetters.overlapTitle', defaultMessage: 'xAPI statements counted by tracking logs instead' },
  latest: { id: 'lookout.deadLetters.latest', defaultMessage: 'Latest' },
  showAll: { id: 'lookout.deadLetters.showAll', defaultMessage: 'Show all' },
  noMatch: { id: 'lookout.deadLetters.noMatch', defaultMessage: 'None match this filter.' },
  nothing: { id: 'lookout.deadLetters.nothing', defaultMessage: 'Nothing refused yet.' },
  recentRegion: { id: 'lookout.deadLetters.recentRegion', defaultMessage: 'Rejected lines' },
  received: { id: 'lookout.deadLetters.received', defaultMessage: 'Received (UTC)' },
  raw: { id: 'lookout.deadLetters.raw', defaultMessage: 'Raw' },
  empty: { id: 'lookout.deadLetters.empty', defaultMessage: '(empty)' },
  cut: { id: 'lookout.deadLetters.cut', defaultMessage: 'Cut at {chars} characters.' },
});
