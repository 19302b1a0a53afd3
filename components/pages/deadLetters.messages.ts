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
  lastSeen: { id: 'lookout.deadLetters.lastSeen', defaultMessage: 'Last seen' },
  waitingTitle: { id: 'lookout.deadLetters.waitingTitle', defaultMessage: 'xAPI statements waiting for their learner' },
  waiting: {
    id: 'lookout.deadLetters.waiting',
    defaultMessage:
      '{statements} statements of {actors} actors not (yet) known to the LMS sync, the oldest received {oldest} UTC. They count in no learner metric until the sync brings their actor (external id or email), then count from their own time; actors still unknown after a day likely never will be (another platform’s learners, or an actor type the LMS does not hold).',
  },
  overlap: {
    id: 'lookout.deadLetters.overlap',
    defaultMessage:
      '{statements} statements of {courses} courses were stored but not counted: Lookout also receives those courses’ tracking logs, which count each action once. Stop one of the two feeds to silence this.',
  },
  waitingNone: { id: 'lookout.deadLetters.waitingNone', defaultMessage: "None: every stored statement's actor is a known learner." },
  overlapTitle: { id: 'lookout.deadLetters.overlapTitle', defaultMessage: 'xAPI statements counted by tracking logs instead' },
  latest: { id: 'lookout.deadLetters.latest', defaultMessage: 'Latest' },
  showAll: { id: 'lookout.deadLetters.showAll', defaultMessage: 'Show all' },
  noMatch: { id: 'lookout.deadLetters.noMatch', defaultMessage: 'None match this filter.' },
  nothing: { id: 'lookout.deadLetters.nothing', defaultMessage: 'Nothing refused yet.' },
  recentRegion: { id: 'lookout.deadLetters.recentRegion', defaultMessage: 'Rejected lines' },
  received: { id: 'lookout.deadLetters.received', defaultMessage: 'Received' },
  raw: { id: 'lookout.deadLetters.raw', defaultMessage: 'Raw' },
  empty: { id: 'lookout.deadLetters.empty', defaultMessage: '(empty)' },
  cut: { id: 'lookout.deadLetters.cut', defaultMessage: 'Cut at {chars} characters.' },
});
