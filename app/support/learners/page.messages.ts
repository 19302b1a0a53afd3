import { defineMessages } from '@/lib/i18n';

export const learnerLookupMessages = defineMessages({
  title: { id: 'lookout.lookup.title', defaultMessage: 'Find a learner' },
  intro: { id: 'lookout.lookup.intro', defaultMessage: 'A username or LMS user id: the courses you may see where they are enrolled or active, each with their learner page.' },
  label: { id: 'lookout.lookup.label', defaultMessage: 'Username or user id' },
  search: { id: 'lookout.lookup.search', defaultMessage: 'Look up' },
  none: { id: 'lookout.lookup.none', defaultMessage: 'No course you may see has a learner "{user}".' },
  colCourse: { id: 'lookout.lookup.col.course', defaultMessage: 'Course' },
  colLearner: { id: 'lookout.lookup.col.learner', defaultMessage: 'Learner page' },
});
