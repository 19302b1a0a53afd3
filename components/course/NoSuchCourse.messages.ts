import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  title: { id: 'lookout.course.notFound.title', defaultMessage: 'No such course' },
  explanation: {
    id: 'lookout.course.notFound.explanation',
    defaultMessage:
      'Lookout knows no course with this id: no learner event, no course synced from the LMS. Check the id in the address (course-v1:Org+Course+Run), or wait for its first events.',
  },
  backToCourses: { id: 'lookout.course.notFound.backToCourses', defaultMessage: 'Back to the courses' },
});
