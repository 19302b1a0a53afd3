import { defineMessages } from '../../lib/i18n';

/** Why a dashboard window (from a link or the API) cannot be used. */
export const windowProblemMessages = defineMessages({
  firstNotDate: { id: 'lookout.window.firstNotDate', defaultMessage: 'the first day is not a date (YYYY-MM-DD)' },
  lastNotDate: { id: 'lookout.window.lastNotDate', defaultMessage: 'the last day is not a date (YYYY-MM-DD)' },
  lastBeforeFirst: { id: 'lookout.window.lastBeforeFirst', defaultMessage: 'the last day is before the first day' },
  tooLong: { id: 'lookout.window.tooLong', defaultMessage: 'the range is longer than {days} days' },
  ignored: { id: 'lookout.window.ignored', defaultMessage: "The link's date range was ignored: {problem}.", description: 'Shown above the dashboard, which then shows the current week' },
});
