import { defineMessages } from '../i18n';

export const navMessages = defineMessages({
  courses: { id: 'lookout.nav.courses', defaultMessage: 'Courses', description: 'Header link to the list of courses' },
  course: { id: 'lookout.nav.course', defaultMessage: 'Dashboard', description: 'Header link to the current course dashboard' },
  atRisk: { id: 'lookout.nav.atRisk', defaultMessage: 'At-risk', description: "Header link to the current course's at-risk learners" },
  learners: { id: 'lookout.nav.learners', defaultMessage: 'Learners', description: 'The learners behind a count' },
  learner: { id: 'lookout.nav.learner', defaultMessage: 'Learner', description: "One learner's page in a course" },
  support: { id: 'lookout.nav.support', defaultMessage: 'Support export', description: 'Header link to the cross-course at-risk export' },
  learnerLookup: { id: 'lookout.nav.learnerLookup', defaultMessage: 'Find a learner', description: 'Header link to the learner look-up across courses' },
  settings: { id: 'lookout.nav.settings', defaultMessage: 'Settings', description: 'Header link to the early-warning thresholds' },
  exports: { id: 'lookout.nav.exports', defaultMessage: 'Exports audit', description: 'Header link to the audit of exports' },
  deadLetters: { id: 'lookout.nav.deadLetters', defaultMessage: 'Dead letters', description: 'Header link to refused input' },
  platform: { id: 'lookout.nav.platform', defaultMessage: 'Platform', description: 'Header link to the institution-wide figures' },
  org: { id: 'lookout.nav.org', defaultMessage: 'Org {org}', description: "Header link to one organization's figures" },
  alerts: { id: 'lookout.nav.alerts', defaultMessage: 'Alerts', description: 'Header link to the alert rules and deliveries' },
  notifications: { id: 'lookout.nav.notifications', defaultMessage: 'Notifications', description: "Header link to the person's alert preferences and outbox" },
  menu: { id: 'lookout.nav.menu', defaultMessage: 'Menu', description: 'Button that opens the navigation on a narrow screen' },
  signIn: { id: 'lookout.nav.signIn', defaultMessage: 'Sign in', description: 'Header link to sign in' },
  signOut: { id: 'lookout.nav.signOut', defaultMessage: 'Sign out', description: 'Header button to sign out' },
  courseNavLabel: { id: 'lookout.nav.courseLabel', defaultMessage: 'This course', description: "Accessible name of a course's own pages" },
  navLabel: { id: 'lookout.nav.label', defaultMessage: 'Pages', description: 'Accessible name of the header navigation' },
});
