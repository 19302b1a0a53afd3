import { defineMessages } from '@/lib/i18n';

/** The sign-in page (app/signin/page.tsx). */
export const messages = defineMessages({
  title: { id: 'lookout.signin.title', defaultMessage: 'Sign in', description: 'Page title' },
  subtitle: { id: 'lookout.signin.subtitle', defaultMessage: 'Lookout shows each person the courses their LMS role covers.', description: 'Under the title' },
  failed: { id: 'lookout.signin.failed', defaultMessage: 'Sign-in failed: {error}', description: 'The sign-in did not succeed' },
  onLms: { id: 'lookout.signin.onLms', defaultMessage: 'Sign in on the LMS', description: 'Link to the LMS login' },
  demoUsers: { id: 'lookout.signin.demoUsers', defaultMessage: 'Demo users', description: 'Heading of the demo sign-in' },
  demoNote: { id: 'lookout.signin.demoNote', defaultMessage: 'This Lookout has no LMS: pick a seeded demo user to see what each role sees.', description: 'Demo sign-in' },
  none: {
    id: 'lookout.signin.none',
    defaultMessage: 'No sign-in is configured: set LMS_URL with LMS_OAUTH_CLIENT_ID / LMS_OAUTH_CLIENT_SECRET, or use an API token (lookout token create).',
    description: 'Neither the LMS nor the demo sign-in is configured',
  },
});
