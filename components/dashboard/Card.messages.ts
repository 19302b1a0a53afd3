import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  loading: { id: 'lookout.card.loading', defaultMessage: 'loading' },
  showTable: { id: 'lookout.card.showTable', defaultMessage: 'Show as table' },
});
