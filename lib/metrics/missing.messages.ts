import { defineMessages } from '../i18n';

/** What a dashboard card says when it has nothing to show, and why (the widgets' `missing`). */
export const missingMessages = defineMessages({
  grades: {
    id: 'lookout.missing.grades',
    defaultMessage: 'No grades yet: no enrolled learner has a course grade (from the LMS or grade events) by the end of this period.',
  },
  engagement: { id: 'lookout.missing.engagement', defaultMessage: 'No enrollments and no learner activity in this course for this period.' },
  videos: { id: 'lookout.missing.videos', defaultMessage: 'No video was played by a learner in this period.' },
  videoTimeline: { id: 'lookout.missing.videoTimeline', defaultMessage: 'Nobody watched this video in this period.' },
  unitCompletion: {
    id: 'lookout.missing.unitCompletion',
    defaultMessage: 'No completion data: no course structure and no block completion from the LMS or completion events yet.',
  },
  noEnrolled: { id: 'lookout.missing.noEnrolled', defaultMessage: 'No enrolled learners at the end of this period.' },
  noProfiles: { id: 'lookout.missing.noProfiles', defaultMessage: 'No learner profiles: none of the enrolled learners has a profile synced from the LMS.' },
  problems: { id: 'lookout.missing.problems', defaultMessage: 'No problem was submitted by a learner in this period.' },
  catalogGrades: { id: 'lookout.missing.catalogGrades', defaultMessage: 'no course grades or certificates yet (LMS grades and certificates, or grade events)', description: 'Course catalog of the platform page' },
  liveFeed: { id: 'lookout.missing.liveFeed', defaultMessage: 'No learner activity in the last {minutes} minutes.' },
  atRiskNotUpdated: { id: 'lookout.missing.atRiskNotUpdated', defaultMessage: 'at-risk list not updated: {error}', description: 'The evaluation failed; {error} is the technical reason' },
});
