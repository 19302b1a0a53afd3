import { defineMessages } from '@/lib/i18n';

/**
 * What each card counts: which events, and who is left out. README's "Metric definitions" carries
 * the same sentences word for word (test/dashboard/definitions.test.ts checks it), so the page and
 * the documentation cannot drift apart.
 */
export const definitions = defineMessages({
  live: {
    id: 'lookout.definition.live',
    defaultMessage:
      'Active learners: distinct learners with a learner event in the last 5 minutes. Events in the last minute: learner events in the last 60 seconds (not "this minute so far"); the chart counts them per minute (UTC) over the last hour. A learner event is a browser, mobile or learner-caused server event of the course by a known learner; enrollment events are not activity. Staff, instructors and beta testers are left out of the active learners.',
  },
  feed: {
    id: 'lookout.definition.feed',
    defaultMessage: 'The latest learner events of the course, newest first, with usernames only. Staff, instructors and beta testers are left out.',
  },
  engagement: {
    id: 'lookout.definition.engagement',
    defaultMessage:
      'Enrolled: active enrollments at the end of the dates. Active: distinct learners with a learner event in the dates. Watched a video: distinct learners who played a video. Tried a problem: distinct learners with a graded problem submission (server problem_check). Time spent: per learner, the gaps between consecutive learner events, each capped at 5 minutes, plus 60 seconds for the last one, averaged over active learners. Weeks run Monday to Monday (UTC), or Sunday to Sunday for a course set so, or else for a viewer whose locale starts weeks on Sunday. Staff, instructors and beta testers are left out.',
  },
  progress: {
    id: 'lookout.definition.progress',
    defaultMessage:
      'Learners who completed each unit by the end of the dates (LMS block completion, or completion events), in course order, and their share of the enrolled learners. Staff, instructors and beta testers are left out.',
  },
  grades: {
    id: 'lookout.definition.grades',
    defaultMessage:
      "Each learner's latest course grade from the LMS, in 10 bins; passed: at or above the course's passing grade. Learners with no grade yet are left out, as are staff, instructors and beta testers.",
  },
  videos: {
    id: 'lookout.definition.videos',
    defaultMessage:
      'Viewers: distinct learners who played the video in the dates. Watch time: the sum of watched segments (from a play to the next pause, stop, seek or play; segments under 0.25 s or longer than the video are dropped). Complete view: a learner watched at least 95 % of the video. Staff, instructors and beta testers are left out.',
  },
  problems: {
    id: 'lookout.definition.problems',
    defaultMessage:
      'Attempts: graded submissions (server problem_check) in the dates; learners: distinct learners who submitted; correct on first attempt; % correct of attempts; attempts per correct answer. Staff, instructors and beta testers are left out.',
  },
  demographics: {
    id: 'lookout.definition.demographics',
    defaultMessage:
      'Gender, level of education, age band and country from the LMS profiles of the learners enrolled at the end of the dates; "Not given" when the profile has no value. Staff, instructors and beta testers are left out.',
  },
  atRisk: {
    id: 'lookout.definition.atRisk',
    defaultMessage:
      'Enrolled learners ranked by their risk score; the top of the list, up to the flag budget, is flagged, with the rules that fired as reasons. Not evaluated: learners who already passed, learners enrolled for less than 3 days, and staff, instructors and beta testers.',
  },
});

export const definitionLabels = defineMessages({
  summary: { id: 'lookout.definition.summary', defaultMessage: 'What is counted' },
});
