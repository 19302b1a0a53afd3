import { defineMessages } from '../i18n';

/** Why a page or an API call is refused: the "Not allowed" page shows it, the API answers it. */
export const refusals = defineMessages({
  signInFirst: { id: 'lookout.auth.signInFirst', defaultMessage: 'sign in first (LMS session, Lookout session or API token)' },
  adminOnly: { id: 'lookout.auth.adminOnly', defaultMessage: 'admin only (LMS superuser)' },
  crossCourseExports: { id: 'lookout.auth.crossCourseExports', defaultMessage: 'cross-course exports are for support and admins' },
  platformView: { id: 'lookout.auth.platformView', defaultMessage: 'the platform view is for admins, global staff and support' },
  needsCourse: { id: 'lookout.auth.needsCourse', defaultMessage: '{action} needs a course id', description: '{action}: the permission asked for, e.g. course:view' },
  noCourseRole: { id: 'lookout.auth.noCourseRole', defaultMessage: 'no staff role on {courseId}' },
  courseExport: { id: 'lookout.auth.courseExport', defaultMessage: 'exports of {courseId} need the staff or instructor role' },
  coursePii: { id: 'lookout.auth.coursePii', defaultMessage: "learners' emails and names on {courseId} are for {roles} only" },
  needsOrg: { id: 'lookout.auth.needsOrg', defaultMessage: '{action} needs an org' },
  noOrgRole: { id: 'lookout.auth.noOrgRole', defaultMessage: 'no org-wide staff role on {org}' },
  orgExport: { id: 'lookout.auth.orgExport', defaultMessage: 'exports of {org} need the org-wide staff or instructor role' },
  orgPii: { id: 'lookout.auth.orgPii', defaultMessage: "learners' emails and names of {org} are for {roles} only" },
});
