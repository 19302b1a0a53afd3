import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  signOut: { id: 'header.signOut', defaultMessage: 'Sign out', description: 'Button in the site header' },
});
