import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  rightNow: { id: 'lookout.live.title', defaultMessage: 'Right now' },
  rightNowNote: { id: 'lookout.live.note', defaultMessage: 'live, not tied to the dates above' },
  activeLearners: { id: 'lookout.live.activeLearners', defaultMessage: 'Active learners' },
  activeNote: { id: 'lookout.live.activeNote', defaultMessage: 'with an event in the last {minutes} minutes' },
  lastMinute: { id: 'lookout.live.lastMinute', defaultMessage: 'Events in the last minute' },
  lastMinuteNote: { id: 'lookout.live.lastMinuteNote', defaultMessage: 'learner events in the last 60 s' },
  chartName: { id: 'lookout.live.chartName', defaultMessage: 'Learner events per minute over the last hour' },
  minuteAxis: { id: 'lookout.live.minuteAxis', defaultMessage: 'minute' },
  eventsAxis: { id: 'lookout.live.eventsAxis', defaultMessage: 'events' },
  learnerEvents: { id: 'lookout.live.learnerEvents', defaultMessage: 'learner events' },
  learners: { id: 'lookout.live.learners', defaultMessage: 'learners' },
  minute: { id: 'lookout.live.minuteColumn', defaultMessage: 'Minute' },
  lastHour: { id: 'lookout.live.lastHour', defaultMessage: '{count} learner events in the last hour' },
  feedTitle: { id: 'lookout.feed.title', defaultMessage: 'Recent learner actions' },
  feedNote: { id: 'lookout.feed.note', defaultMessage: 'newest first, live' },
  feedEmpty: { id: 'lookout.feed.empty', defaultMessage: 'No learner actions yet: they appear here as learners work.' },
});
