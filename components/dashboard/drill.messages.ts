import { defineMessages } from '@/lib/i18n';

export const drillMessages = defineMessages({
  showLearners: { id: 'lookout.drill.showLearners', defaultMessage: '{count, plural, one {show the # learner: {what}} other {show the # learners: {what}}}', description: 'Accessible name of a count that opens its list of learners' },
  csv: { id: 'lookout.drill.csv', defaultMessage: 'CSV', description: "Downloads a card's table as CSV" },
  csvLabel: { id: 'lookout.drill.csvLabel', defaultMessage: 'Download the {what} table as CSV' },
  whoIsEnrolled: { id: 'lookout.drill.what.whoIsEnrolled', defaultMessage: 'who is enrolled', description: 'What the demographics table holds (in "Download the … table as CSV")' },
  engagement: { id: 'lookout.drill.what.engagement', defaultMessage: 'engagement', description: 'What the week-by-week engagement table holds' },
  grades: { id: 'lookout.drill.what.grades', defaultMessage: 'grades', description: 'What the grades table holds' },
  problems: { id: 'lookout.drill.what.problems', defaultMessage: 'problems', description: 'What the problems table holds' },
  courseProgress: { id: 'lookout.drill.what.courseProgress', defaultMessage: 'course progress', description: 'What the unit completion table holds' },
  videos: { id: 'lookout.drill.what.videos', defaultMessage: 'videos', description: 'What the videos table holds' },
  active: { id: 'lookout.drill.what.active', defaultMessage: 'active learners', description: 'Learners behind a count (in "show the 3 learners: …")' },
  watched: { id: 'lookout.drill.what.watched', defaultMessage: 'watched a video', description: 'Learners behind a count' },
  tried: { id: 'lookout.drill.what.tried', defaultMessage: 'tried a problem', description: 'Learners behind a count' },
  activeInWeek: { id: 'lookout.drill.what.activeInWeek', defaultMessage: 'active in the week of {week}', description: 'Learners behind a count of one week' },
  watchedInWeek: { id: 'lookout.drill.what.watchedInWeek', defaultMessage: 'watched a video in the week of {week}', description: 'Learners behind a count of one week' },
  triedInWeek: { id: 'lookout.drill.what.triedInWeek', defaultMessage: 'tried a problem in the week of {week}', description: 'Learners behind a count of one week' },
  gradeBin: { id: 'lookout.drill.what.gradeBin', defaultMessage: 'grade {bin}', description: 'Learners whose grade is in one band' },
  triedProblem: { id: 'lookout.drill.what.triedProblem', defaultMessage: 'tried {problem}', description: 'Learners who tried one problem' },
  completedUnit: { id: 'lookout.drill.what.completedUnit', defaultMessage: 'completed {unit}', description: 'Learners who completed one unit' },
  viewersOf: { id: 'lookout.drill.what.viewersOf', defaultMessage: 'viewers of {video}', description: 'Learners who played one video' },
  gradeBins: { id: 'lookout.drill.gradeBins', defaultMessage: 'Learners per grade band (open a band for its learners)' },
});
