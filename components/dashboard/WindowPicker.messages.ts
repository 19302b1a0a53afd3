import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  thisWeek: { id: 'lookout.window.thisWeek', defaultMessage: 'This week ({window})' },
  lastWeek: { id: 'lookout.window.lastWeek', defaultMessage: 'Last week ({window})' },
  weekOf: { id: 'lookout.window.weekOf', defaultMessage: 'Week of {day}' },
  dateRange: { id: 'lookout.window.dateRange', defaultMessage: 'date range' },
  previousWeek: { id: 'lookout.window.previousWeek', defaultMessage: 'previous week' },
  nextWeek: { id: 'lookout.window.nextWeek', defaultMessage: 'next week' },
  week: { id: 'lookout.window.week', defaultMessage: 'week' },
  last4: { id: 'lookout.window.last4', defaultMessage: 'Last 4 weeks' },
  last12: { id: 'lookout.window.last12', defaultMessage: 'Last 12 weeks' },
  from: { id: 'lookout.window.from', defaultMessage: 'From' },
  to: { id: 'lookout.window.to', defaultMessage: 'to' },
  show: { id: 'lookout.window.show', defaultMessage: 'Show' },
});
