import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  checkingSession: { id: 'lookout.embed.checkingSession', defaultMessage: 'Checking your LMS session…' },
  signInOnLms: { id: 'lookout.embed.signInOnLms', defaultMessage: 'Sign in on the LMS to see this course.' },
  lmsSignIn: { id: 'lookout.embed.lmsSignIn', defaultMessage: 'LMS sign-in' },
});
