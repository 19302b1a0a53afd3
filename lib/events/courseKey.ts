/**
 * Course keys and usage keys (SCHEMA §3, §7.4–5).
 *
 *   course-v1:Org+Course+Run            current form
 *   ccx-v1:Org+Course+Run+ccx@101       custom course (CCX)
 *   Org/Course/Run                      legacy (pre-2015) slash form
 *   block-v1:Org+Course+Run+type@T+block@B, ccx-block-v1:…+ccx@N+type@T+block@B   usage keys
 */

const PART = String.raw`[^/\s?#+@]+`;
const NEW_KEY = String.raw`course-v1:${PART}\+${PART}\+${PART}|ccx-v1:${PART}\+${PART}\+${PART}\+ccx@\d+`;
const NEW_KEY_RE = new RegExp(`^(?:${NEW_KEY})$`);
const NEW_KEY_IN_URL_RE = new RegExp(`/courses?/(${NEW_KEY})`);
const LEGACY_KEY_RE = /^[^/\s:?#]+\/[^/\s:?#]+\/[^/\s?#]+$/;

/** True when s looks like a course key in any of the three forms. */
export function isCourseKey(s: unknown): s is string {
  return typeof s === 'string' && (NEW_KEY_RE.test(s) || LEGACY_KEY_RE.test(s));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The course key in a URL or URL path: `/courses/<key>/…` (what edx-analytics-pipeline does
 * for implicit events and browser `page`s), or `/course/<key>` (xAPI activity ids).
 */
export function courseFromUrl(url: unknown): string {
  if (typeof url !== 'string' || url.length === 0) return '';
  const path = safeDecode(url.split(/[?#]/, 1)[0] ?? '');
  const modern = NEW_KEY_IN_URL_RE.exec(path);
  if (modern?.[1] && isCourseKey(modern[1])) return modern[1];
  const legacy = /\/courses\/([^/\s:]+\/[^/\s:]+\/[^/\s]+)/.exec(path);
  if (legacy?.[1] && isCourseKey(legacy[1])) return legacy[1];
  return '';
}

/** The course of a usage key (block-v1 / ccx-block-v1), or ''. i4x:// locations carry no run, so ''. */
export function courseFromUsageKey(usageKey: unknown): string {
  if (typeof usageKey !== 'string') return '';
  const m = /(?:^|[/:])(ccx-block-v1|block-v1):([^/\s?#]+?)\+type@/.exec(usageKey);
  if (!m?.[2]) return '';
  const key = `${m[1] === 'block-v1' ? 'course-v1' : 'ccx-v1'}:${m[2]}`;
  return isCourseKey(key) ? key : '';
}

/** The first usage key (block-v1:… or ccx-block-v1:…) in a string such as an xAPI activity id. */
export function usageKeyIn(s: unknown): string {
  if (typeof s !== 'string') return '';
  const m = /(?:ccx-)?block-v1:[^/\s?#]+\+type@[^/\s?#+]+\+block@[^/\s?#]+/.exec(safeDecode(s));
  return m ? m[0] : '';
}

/** The org of a course key: 'edX' for course-v1:edX+DemoX+Demo_Course and edX/DemoX/Demo_Course. */
export function orgFromCourseKey(courseId: string): string {
  const m = /^(?:course|ccx)-v1:([^+]+)\+/.exec(courseId);
  if (m?.[1]) return m[1];
  if (LEGACY_KEY_RE.test(courseId)) return courseId.split('/')[0] ?? '';
  return '';
}

/**
 * Usage key of a video from the course key and the bare block id browser video events carry,
 * as event-routing-backends builds it. '' for legacy courses (no usage key form) or odd ids.
 */
export function videoUsageKey(courseId: string, videoId: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(videoId) || videoId.startsWith('i4x-')) return '';
  const m = /^(course|ccx)-v1:(.+)$/.exec(courseId);
  if (!m?.[2]) return '';
  const prefix = m[1] === 'course' ? 'block-v1' : 'ccx-block-v1';
  return `${prefix}:${m[2]}+type@video+block@${videoId}`;
}

/** The block part of a usage key: '…+type@video+block@abc' → 'abc'. */
export function blockIdOf(usageKey: string): string {
  const i = usageKey.lastIndexOf('block@');
  return i >= 0 ? usageKey.slice(i + 'block@'.length) : '';
}
