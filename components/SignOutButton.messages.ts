import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  signOut: { id: 'lookout.header.signOut', defaultMessage: 'Sign out', description: 'Button in the site header' },
});
