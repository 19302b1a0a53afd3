import { defineMessages } from '@/lib/i18n';

/** Words of the small shared components (ConnectionBadge, AccessDenied). */
export const connectionMessages = defineMessages({
  connecting: { id: 'lookout.connection.connecting', defaultMessage: 'connecting' },
  live: { id: 'lookout.connection.live', defaultMessage: 'live' },
  reconnecting: { id: 'lookout.connection.reconnecting', defaultMessage: 'reconnecting…' },
  offline: { id: 'lookout.connection.offline', defaultMessage: 'offline' },
});

export const accessMessages = defineMessages({
  signInNeeded: { id: 'lookout.access.signInNeeded', defaultMessage: 'Sign in needed' },
  notAllowed: { id: 'lookout.access.notAllowed', defaultMessage: 'Not allowed' },
  rolesNote: {
    id: 'lookout.access.rolesNote',
    defaultMessage: 'Access follows your LMS role on the course (staff, instructor, limited staff, org-wide staff, support, global staff, admin).',
  },
});

/** Where a setting or an alert rule applies: everywhere, one org, or one course. */
export const scopeMessages = defineMessages({
  global: { id: 'lookout.scope.global', defaultMessage: 'global', description: 'Scope of a setting: every course' },
  org: { id: 'lookout.scope.org', defaultMessage: 'org', description: 'Scope of a setting: the courses of one organization' },
  course: { id: 'lookout.scope.course', defaultMessage: 'course', description: 'Scope of a setting: one course' },
  orgKey: { id: 'lookout.scope.orgKey', defaultMessage: 'org {key}', description: 'One organization, by its id' },
  courseKey: { id: 'lookout.scope.courseKey', defaultMessage: 'course {key}', description: 'One course, by its id' },
});

export const siteMessages = defineMessages({
  description: {
    id: 'lookout.site.description',
    defaultMessage: 'Live course analytics and early warning for Open edX',
    description: "The site's description in the page metadata",
  },
});
