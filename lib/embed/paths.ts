/** The base of the pages the LMS may frame (LOOKOUT_EMBED_ORIGINS); every other page refuses framing. */
export const EMBED_BASE = '/embed';

/** A course page's path: `base` '' for the site, EMBED_BASE inside the LMS tab; `sub` '' or '/at-risk'… */
export function coursePath(base: string, courseId: string, sub = ''): string {
  return `${base}/courses/${encodeURIComponent(courseId)}${sub}`;
}

/** What a list shows for a learner whose username neither the LMS copy nor their events hold. */
export const unnamedLearner = (userId: number) => `user ${userId}`;

/**
 * A learner's page in a course. By username where it names them alone; by id when there is no
 * username, or when it is all digits and so could be read as another learner's id.
 */
export function learnerPath(base: string, courseId: string, learner: { username: string; userId: number }): string {
  const named = learner.username !== '' && !/^\d+$/.test(learner.username) && learner.username !== unnamedLearner(learner.userId);
  return coursePath(base, courseId, `/learners/${encodeURIComponent(named ? learner.username : String(learner.userId))}`);
}
