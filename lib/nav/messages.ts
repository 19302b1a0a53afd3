import { defineMessages } from '../i18n';

export const navMessages = defineMessages({
  courses: { id: 'nav.courses', defaultMessage: 'Courses', description: 'Header link to the list of courses' },
  course: { id: 'nav.course', defaultMessage: 'Dashboard', description: 'Header link to the current course dashboard' },
  atRisk: { id: 'nav.atRisk', defaultMessage: 'At-risk', description: "Header link to the current course's at-risk learners" },
  learners: { id: 'nav.learners', defaultMessage: 'Learners', description: 'The learners behind a count' },
  learner: { id: 'nav.learner', defaultMessage: 'Learner', description: "One learner's page in a course" },
  support: { id: 'nav.support', defaultMessage: 'Support export', description: 'Header link to the cross-course at-risk export' },
  learnerLookup: { id: 'nav.learnerLookup', defaultMessage: 'Find a learner', description: 'Header link to the learner look-up across courses' },
  settings: { id: 'nav.settings', defaultMessage: 'Settings', description: 'Header link to the early-warning thresholds' },
  exports: { id: 'nav.exports', defaultMessage: 'Exports audit', description: 'Header link to the audit of exports' },
  deadLetters: { id: 'nav.deadLetters', defaultMessage: 'Dead letters', description: 'Header link to refused input' },
  platform: { id: 'nav.platform', defaultMessage: 'Platform', description: 'Header link to the institution-wide figures' },
  org: { id: 'nav.org', defaultMessage: 'Org {org}', description: "Header link to one organization's figures" },
  alerts: { id: 'nav.alerts', defaultMessage: 'Alerts', description: 'Header link to the alert rules and deliveries' },
  notifications: { id: 'nav.notifications', defaultMessage: 'Notifications', description: "Header link to the person's alert preferences and outbox" },
  menu: { id: 'nav.menu', defaultMessage: 'Menu', description: 'Button that opens the navigation on a narrow screen' },
  signIn: { id: 'nav.signIn', defaultMessage: 'Sign in', description: 'Header link to sign in' },
  signOut: { id: 'nav.signOut', defaultMessage: 'Sign out', description: 'Header button to sign out' },
  courseNavLabel: { id: 'nav.courseLabel', defaultMessage: 'This course', description: "Accessible name of a course's own pages" },
  navLabel: { id: 'nav.label', defaultMessage: 'Pages', description: 'Accessible name of the header navigation' },
});
