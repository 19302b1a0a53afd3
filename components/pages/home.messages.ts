import { defineMessages } from '@/lib/i18n';

/** The home page (app/page.tsx): the courses the viewer may see. */
export const homeMessages = defineMessages({
  title: { id: 'lookout.home.title', defaultMessage: 'Courses' },
  subtitle: { id: 'lookout.home.subtitle', defaultMessage: 'Courses with learner activity in the last 30 days, most recently active first.' },
  lakeError: { id: 'lookout.home.lakeError', defaultMessage: 'Could not read the lake: {error}' },
  none: {
    id: 'lookout.home.none',
    defaultMessage: 'No learner activity yet in the courses your LMS role covers. Events sent to /api/ingest/tracking appear here.',
  },
  course: { id: 'lookout.home.course', defaultMessage: 'Course' },
  org: { id: 'lookout.home.org', defaultMessage: 'Org' },
  events: { id: 'lookout.home.events', defaultMessage: 'Learner events (30 days)' },
  lastActivity: { id: 'lookout.home.lastActivity', defaultMessage: 'Last activity' },
});
