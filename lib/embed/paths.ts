/** The base of the pages the LMS may frame (LOOKOUT_EMBED_ORIGINS); every other page refuses framing. */
export const EMBED_BASE = '/embed';

/** A course page's path: `base` '' for the site, EMBED_BASE inside the LMS tab; `sub` '' or '/at-risk'… */
export function coursePath(base: string, courseId: string, sub = ''): string {
  return `${base}/courses/${encodeURIComponent(courseId)}${sub}`;
}
