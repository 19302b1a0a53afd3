import { defineMessages } from '@/lib/i18n';

export const learnerLookupMessages = defineMessages({
  title: { id: 'lookup.title', defaultMessage: 'Find a learner' },
  intro: { id: 'lookup.intro', defaultMessage: 'A username or LMS user id: the courses you may see where they are enrolled or active, each with their learner page.' },
  label: { id: 'lookup.label', defaultMessage: 'Username or user id' },
  search: { id: 'lookup.search', defaultMessage: 'Look up' },
  none: { id: 'lookup.none', defaultMessage: 'No course you may see has a learner "{user}".' },
  colCourse: { id: 'lookup.col.course', defaultMessage: 'Course' },
  colLearner: { id: 'lookup.col.learner', defaultMessage: 'Learner page' },
});
