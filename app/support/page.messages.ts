import { defineMessages } from '@/lib/i18n';

/** The support page (app/support/page.tsx): the at-risk lists of several courses in one CSV. */
export const messages = defineMessages({
  title: { id: 'support.title', defaultMessage: 'At-risk learners across courses', description: 'Page title' },
  intro: {
    id: 'support.intro',
    defaultMessage: 'One CSV of the at-risk learners of the courses you support (courses with learner activity in the last 30 days), with a course column.',
    description: 'Under the title',
  },
  piiAll: { id: 'support.piiAll', defaultMessage: 'Emails and names are included.', description: 'Every course allows names and emails' },
  piiSome: {
    id: 'support.piiSome',
    defaultMessage: 'Emails and names are included only for courses where your role allows them; elsewhere those columns stay empty.',
    description: 'Some courses do not allow names and emails',
  },
  recorded: { id: 'support.recorded', defaultMessage: 'Every export is recorded.', description: 'Exports audit' },
  lakeError: { id: 'support.lakeError', defaultMessage: 'Could not read the lake: {error}', description: 'The lake did not answer' },
  none: { id: 'support.none', defaultMessage: 'No course you may see had learner activity in the last 30 days.', description: 'No course to export' },
  coursesTable: { id: 'support.coursesTable', defaultMessage: 'Courses you support', description: 'Name of the scrollable table' },
  colInclude: { id: 'support.col.include', defaultMessage: 'Include', description: 'Column' },
  colCourse: { id: 'support.col.course', defaultMessage: 'Course', description: 'Column' },
  colOrg: { id: 'support.col.org', defaultMessage: 'Org', description: 'Column' },
  colLinks: { id: 'support.col.links', defaultMessage: 'Pages', description: 'Column of links (visually hidden)' },
  include: { id: 'support.include', defaultMessage: 'include {course}', description: 'Checkbox name' },
  atRiskList: { id: 'support.atRiskList', defaultMessage: 'at-risk list', description: 'Link to a course’s at-risk page' },
  rule: { id: 'support.rule', defaultMessage: 'Rule', description: 'Filter' },
  severity: { id: 'support.severity', defaultMessage: 'Severity', description: 'Filter' },
  download: { id: 'support.download', defaultMessage: 'Download CSV', description: 'Button' },
});
