import { defineMessages } from '@/lib/i18n';

/** The course's week start field on the settings page (WeekStartForm.tsx). */
export const messages = defineMessages({
  legend: { id: 'lookout.settings.weekStart.legend', defaultMessage: 'First day of the course’s weeks', description: 'Name of the field' },
  help: {
    id: 'lookout.settings.weekStart.help',
    defaultMessage: 'The course page’s weeks (the week picker, “this week”, the weekly engagement table) start on this day, in UTC.',
    description: 'Under the field name',
  },
  locale: { id: 'lookout.settings.weekStart.locale', defaultMessage: 'Follow the viewer’s locale (default): Sunday for en-US, Monday for en-GB, fr…', description: 'Option: no course setting' },
  monday: { id: 'lookout.settings.weekStart.monday', defaultMessage: 'Monday, for every viewer', description: 'Option' },
  sunday: { id: 'lookout.settings.weekStart.sunday', defaultMessage: 'Sunday, for every viewer', description: 'Option' },
  save: { id: 'lookout.settings.weekStart.save', defaultMessage: 'Save the week start', description: 'Button' },
  saving: { id: 'lookout.settings.weekStart.saving', defaultMessage: 'Saving…', description: 'Button while saving' },
  saved: { id: 'lookout.settings.weekStart.saved', defaultMessage: 'Saved at {time}: {choice}. Open course pages follow it when reloaded.', description: 'Notice after saving; stays' },
  failed: { id: 'lookout.settings.weekStart.failed', defaultMessage: 'Not saved: {error}', description: 'The server refused or failed' },
});
