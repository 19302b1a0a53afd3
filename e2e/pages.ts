import { DEMO_COURSE_ID } from '../lib/demo/course';
import { orgFromCourseKey } from '../lib/events/courseKey';

export type DemoUser = 'demo_admin' | 'demo_instructor' | 'demo_support' | 'demo_learner' | 'demo_org_staff';

/**
 * Every signed-in page, and the demo users whose role opens it (the demo course is the seeded
 * one). The accessibility and phone-width test (e2e/a11y.test.ts) visits each for each of its
 * users: a page added to the product is one line here.
 */
export const SIGNED_IN_PAGES: Array<{ path: string; users: DemoUser[] }> = [
  { path: '/', users: ['demo_admin', 'demo_instructor', 'demo_support', 'demo_learner'] },
  { path: `/courses/${encodeURIComponent(DEMO_COURSE_ID)}`, users: ['demo_admin', 'demo_instructor', 'demo_support'] },
  { path: `/courses/${encodeURIComponent(DEMO_COURSE_ID)}/at-risk`, users: ['demo_admin', 'demo_instructor', 'demo_support'] },
  { path: `/embed/courses/${encodeURIComponent(DEMO_COURSE_ID)}`, users: ['demo_instructor'] },
  { path: `/embed/courses/${encodeURIComponent(DEMO_COURSE_ID)}/at-risk`, users: ['demo_instructor'] },
  { path: '/support', users: ['demo_admin', 'demo_support'] },
  { path: '/admin/settings', users: ['demo_admin'] },
  { path: `/admin/settings?scope=course&key=${encodeURIComponent(DEMO_COURSE_ID)}`, users: ['demo_admin'] },
  { path: '/admin/exports', users: ['demo_admin'] },
  { path: '/admin/dead-letters', users: ['demo_admin'] },
  { path: '/admin/alerts', users: ['demo_admin'] },
  { path: '/platform', users: ['demo_admin', 'demo_support'] },
  { path: `/orgs/${encodeURIComponent(orgFromCourseKey(DEMO_COURSE_ID))}`, users: ['demo_admin', 'demo_org_staff'] },
  { path: '/notifications', users: ['demo_admin', 'demo_instructor', 'demo_support'] },
  { path: '/support/learners', users: ['demo_admin', 'demo_support'] },
  { path: `/courses/${encodeURIComponent(DEMO_COURSE_ID)}/learners?metric=active`, users: ['demo_admin', 'demo_instructor'] },
  { path: `/courses/${encodeURIComponent(DEMO_COURSE_ID)}/learners/demo_learner`, users: ['demo_admin', 'demo_instructor'] },
  { path: `/embed/courses/${encodeURIComponent(DEMO_COURSE_ID)}/learners?metric=active`, users: ['demo_instructor'] },
  { path: `/embed/courses/${encodeURIComponent(DEMO_COURSE_ID)}/learners/demo_learner`, users: ['demo_instructor'] },
];
