import { defineMessages } from '@/lib/i18n';

/** The exports audit page (app/admin/exports/page.tsx). */
export const exportsMessages = defineMessages({
  title: { id: 'lookout.exports.title', defaultMessage: 'Exports' },
  subtitle: {
    id: 'lookout.exports.subtitle',
    defaultMessage: 'Every CSV export of at-risk learners: who, when, which course, the filter, how many rows, and whether emails were in it.',
  },
  showAll: { id: 'lookout.exports.showAll', defaultMessage: 'Show all' },
  lakeError: { id: 'lookout.exports.lakeError', defaultMessage: 'Could not read the lake: {error}' },
  none: { id: 'lookout.exports.none', defaultMessage: 'No exports yet.' },
  when: { id: 'lookout.exports.when', defaultMessage: 'When' },
  who: { id: 'lookout.exports.who', defaultMessage: 'Who' },
  course: { id: 'lookout.exports.course', defaultMessage: 'Course' },
  filter: { id: 'lookout.exports.filter', defaultMessage: 'Filter' },
  rows: { id: 'lookout.exports.rows', defaultMessage: 'Rows' },
  emails: { id: 'lookout.exports.emails', defaultMessage: 'Emails' },
  allVisible: { id: 'lookout.exports.allVisible', defaultMessage: 'all visible courses ({count})' },
  yes: { id: 'lookout.exports.yes', defaultMessage: 'yes' },
  no: { id: 'lookout.exports.no', defaultMessage: 'no' },
});
