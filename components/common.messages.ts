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
