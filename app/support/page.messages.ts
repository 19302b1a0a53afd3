import { defineMessages } from '@/lib/i18n';

/** The support page (app/support/page.tsx): the at-risk lists of several courses in one CSV. */
export const messages = defineMessages({
  title: { id: 'lookout.support.title', defaultMessage: 'At-risk learners across courses', description: 'Page title' },
  intro: {
    id: 'lookout.support.intro',
    defaultMessage: 'One CSV of the at-risk learners of the courses you support (courses with learner activity in the last 30 days), with a course column.',
    description: 'Under the title',
  },
  piiAll: { id: 'lookout.support.piiAll', defaultMessage: 'Emails and names are included.', description: 'Every course allows names and emails' },
  piiSome: {
    id: 'lookout.support.piiSome',
    defaultMessage: 'Emails and names are included only for courses where your role allows them; elsewhere those columns stay empty.',
    description: 'Some courses do not allow names and emails',
  },
  recorded: { id: 'lookout.support.recorded', defaultMessage: 'Every export is recorded.', description: 'Exports audit' },
  lakeError: { id: 'lookout.support.lakeError', defaultMessage: 'Could not read the lake: {error}', description: 'The lake did not answer' },
  none: { id: 'lookout.support.none', defaultMessage: 'No course you may see had learner activity in the last 30 days.', description: 'No course to export' },
  coursesTable: { id: 'lookout.support.coursesTable', defaultMessage: 'Courses you support', description: 'Name of the scrollable table' },
  colInclude: { id: 'lookout.support.col.include', defaultMessage: 'Include', description: 'Column' },
  colCourse: { id: 'lookout.support.col.course', defaultMessage: 'Course', description: 'Column' },
  colOrg: { id: 'lookout.support.col.org', defaultMessage: 'Org', description: 'Column' },
  colLinks: { id: 'lookout.support.col.links', defaultMessage: 'Pages', description: 'Column of links (visually hidden)' },
  include: { id: 'lookout.support.include', defaultMessage: 'include {course}', description: 'Checkbox name' },
  atRiskList: { id: 'lookout.support.atRiskList', defaultMessage: 'at-risk list', description: 'Link to a course’s at-risk page' },
  rule: { id: 'lookout.support.rule', defaultMessage: 'Rule', description: 'Filter' },
  severity: { id: 'lookout.support.severity', defaultMessage: 'Severity', description: 'Filter' },
  download: { id: 'lookout.support.download', defaultMessage: 'Download CSV', description: 'Button' },
});
