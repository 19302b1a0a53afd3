import { formatMessage } from '../i18n';
import type { AlertPayload } from './kinds';
import { messages } from './alerts.messages';
import type { AlertKind, Audience } from './names';

/** One line of a digest, as stored in alert_items. */
export interface DigestItem {
  itemKey: string;
  ruleId: string;
  kind: AlertKind;
  /** The rule's own label, else its kind in words. */
  ruleLabel: string;
  courseId: string;
  courseName: string;
  since: Date;
  payload: AlertPayload;
}

export interface DigestReader {
  /** '' for a webhook's channel. */
  username: string;
  /** Learners' emails by user id: given only to readers allowed PII on the item's course. */
  emails?: ReadonlyMap<string, ReadonlyMap<number, string>>;
  audience: Audience;
}

const KIND_TEXT = {
  newlyRed: messages.kindNewlyRed,
  newlyFlagged: messages.kindNewlyFlagged,
  atRiskShare: messages.kindAtRiskShare,
  ingestStopped: messages.kindIngestStopped,
} as const;
const AUDIENCE_TEXT = { courseStaff: messages.audienceCourseStaff, support: messages.audienceSupport, admins: messages.audienceAdmins } as const;

export const kindText = (kind: AlertKind) => formatMessage(KIND_TEXT[kind]);

const minute = (d: Date | string) => new Date(d).toISOString().slice(0, 16).replace('T', ' ');
const coursePath = (courseId: string) => `/courses/${encodeURIComponent(courseId)}`;

/** Links of a digest line, absolute under Lookout's public URL. */
export function itemLinks(baseUrl: string, item: Pick<DigestItem, 'courseId' | 'payload'>) {
  const course = baseUrl + coursePath(item.courseId);
  return {
    course,
    atRisk: `${course}/at-risk`,
    ...(item.payload.type === 'learner' && { learner: `${course}/at-risk#learner-${encodeURIComponent(item.payload.username)}` }),
  };
}

/**
 * A plain, readable digest (who, why, since when, links), grouped by course then rule. Learners
 * are named by username; their email is added only from `reader.emails` (readers allowed PII).
 */
export function renderDigest(reader: DigestReader, items: readonly DigestItem[], baseUrl: string, at: Date): { subject: string; text: string } {
  const byCourse = new Map<string, DigestItem[]>();
  for (const item of items) byCourse.set(item.courseId, [...(byCourse.get(item.courseId) ?? []), item]);
  // A webhook's channel (no username) gets neither a greeting nor a person's footer.
  const lines = [...(reader.username ? [formatMessage(messages.greeting, { name: reader.username }), ''] : []), formatMessage(messages.intro, { at: minute(at) })];
  for (const [courseId, courseItems] of byCourse) {
    const links = itemLinks(baseUrl, courseItems[0]!);
    lines.push('', formatMessage(messages.course, { name: courseItems[0]!.courseName, courseId }), formatMessage(messages.coursePage, { url: links.course }), formatMessage(messages.atRiskPage, { url: links.atRisk }));
    const byRule = new Map<string, DigestItem[]>();
    for (const item of courseItems) byRule.set(item.ruleId, [...(byRule.get(item.ruleId) ?? []), item]);
    for (const ruleItems of byRule.values()) {
      lines.push('', `  ${ruleItems[0]!.ruleLabel}`);
      for (const item of ruleItems) lines.push(...itemLines(reader, item, baseUrl).map((l) => `  ${l}`));
    }
  }
  if (reader.username) lines.push('', '--', formatMessage(messages.footer, { audience: formatMessage(AUDIENCE_TEXT[reader.audience]), url: `${baseUrl}/notifications` }));
  lines.push('');
  return { subject: subjectOf(items), text: lines.join('\n') };
}

function itemLines(reader: DigestReader, item: DigestItem, baseUrl: string): string[] {
  const p = item.payload;
  if (p.type === 'share') return [formatMessage(messages.share, { flagged: p.flagged, enrolled: p.enrolled, share: Math.round(p.share * 100), level: Math.round(p.level * 100) })];
  if (p.type === 'quiet') return [formatMessage(messages.quiet, { hours: p.hours, at: minute(p.lastActivity) })];
  const email = reader.emails?.get(item.courseId)?.get(p.userId);
  const who = email ? `${p.username} <${email}>` : p.username;
  return [
    formatMessage(messages.learner, { who, severityReason: p.severityReason, score: Math.round(p.score * 100) }),
    `  ${formatMessage(messages.why, { reasons: p.reasons.join('; ') })}`,
    `  ${formatMessage(messages.since, { since: minute(item.since) })}`,
    `  ${formatMessage(messages.lastActivity, { at: p.lastActivity ? `${minute(p.lastActivity)} UTC` : formatMessage(messages.never) })}`,
    `  ${formatMessage(messages.learnerLink, { url: itemLinks(baseUrl, item).learner! })}`,
  ];
}

function subjectOf(items: readonly DigestItem[]): string {
  const courses = [...new Set(items.map((i) => i.courseName))];
  if (courses.length === 1) {
    const learners = items.filter((i) => i.payload.type === 'learner').length;
    const what =
      learners === items.length
        ? learners === 1
          ? formatMessage(messages.learnerAtRisk)
          : formatMessage(messages.learnersAtRisk, { count: learners })
        : items.length === 1
          ? items[0]!.ruleLabel
          : formatMessage(messages.subject, { count: items.length, courses: courses[0]! });
    return learners === items.length || items.length === 1 ? formatMessage(messages.subjectOne, { what, course: courses[0]! }) : what;
  }
  return formatMessage(messages.subject, { count: items.length, courses: courses.slice(0, 3).join(', ') + (courses.length > 3 ? ', …' : '') });
}

/**
 * The JSON a webhook receives: the items without emails, and the digest as `text`: a Slack
 * incoming webhook shows a POSTed JSON object's `text` field as the message (Slack's
 * @slack/webhook IncomingWebhook sends `{text}`), and ignores the other fields.
 */
export function webhookBody(items: readonly DigestItem[], baseUrl: string, at: Date, text: string) {
  return {
    type: 'lookout.alerts',
    sentAt: at.toISOString(),
    text,
    alerts: items.map((i) => ({
      id: i.itemKey,
      rule: { id: i.ruleId, kind: i.kind, label: i.ruleLabel },
      courseId: i.courseId,
      courseName: i.courseName,
      since: i.since.toISOString(),
      ...i.payload,
      links: itemLinks(baseUrl, i),
    })),
  };
}
