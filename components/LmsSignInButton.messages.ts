import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  signIn: { id: 'lookout.signin.lms', defaultMessage: 'Sign in with your LMS account', description: 'Button of the sign-in page' },
});
