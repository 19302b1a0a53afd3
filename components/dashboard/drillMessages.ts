import { defineMessages } from '@/lib/i18n';

export const drillMessages = defineMessages({
  showLearners: { id: 'drill.showLearners', defaultMessage: 'show the {count} learner(s): {what}', description: 'Accessible name of a count that opens its list of learners' },
  csv: { id: 'drill.csv', defaultMessage: 'CSV', description: "Downloads a card's table as CSV" },
  csvLabel: { id: 'drill.csvLabel', defaultMessage: 'Download the {what} table as CSV' },
  gradeBins: { id: 'drill.gradeBins', defaultMessage: 'Learners per grade band (open a band for its learners)' },
});
