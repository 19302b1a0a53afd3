import { defineMessages } from '@/lib/i18n';

export const messages = defineMessages({
  allAtRisk: { id: 'lookout.course.allAtRisk', defaultMessage: 'all at-risk learners' },
  atRiskTitle: { id: 'lookout.atRisk.title', defaultMessage: 'At-risk learners · {course}' },
  atRiskSubtitle: { id: 'lookout.atRisk.subtitle', defaultMessage: 'learners flagged by the early-warning rules, updated live.' },
  thresholds: { id: 'lookout.atRisk.thresholds', defaultMessage: 'Thresholds:' },
  settings: { id: 'lookout.atRisk.settings', defaultMessage: 'settings' },
  filterIgnored: { id: 'lookout.atRisk.filterIgnored', defaultMessage: 'Filter ignored: {errors}' },
  backToDashboard: { id: 'lookout.embed.backToDashboard', defaultMessage: 'course dashboard' },
});
