import type { CourseAssessment } from '../risk/evaluate';
import { RULE_LABELS } from '../risk/ruleLabels';
import type { RuleName } from '../risk/types';
import type { AlertSpec } from './rules';

/** What one digest line says; never an email (added when rendered, for readers allowed PII). */
export type AlertPayload =
  | {
      type: 'learner';
      userId: number;
      username: string;
      severity: 'red' | 'yellow';
      severityReason: string;
      score: number;
      /** The score's top reasons and the rules that fired, in words with their numbers. */
      reasons: string[];
      lastActivity: string | null;
    }
  | { type: 'share'; flagged: number; enrolled: number; share: number; level: number }
  | { type: 'quiet'; lastActivity: string; hours: number };

export interface Match {
  /** A learner's user id; 0 for the course itself. */
  subject: number;
  /** When the condition began, when known (the learner's first flagged time). */
  since: Date;
  payload: AlertPayload;
}

/** What a course looks like to the alert rules at one instant. */
export interface CourseState {
  courseId: string;
  at: Date;
  /** The at-risk list (lib/risk assessCourse), when a learner or share rule needs it. */
  assessment?: CourseAssessment;
  /** Latest learner event of the course (ISO), from the active-course list. */
  lastActivity?: string;
}

/** The rule's matches now. A rule whose data is missing matches nothing. */
export function matchesOf(spec: AlertSpec, course: CourseState): Match[] {
  const a = course.assessment;
  switch (spec.kind) {
    case 'newlyRed':
      return a ? a.learners.filter((l) => l.severity === 'red').map((l) => learnerMatch(l)) : [];
    case 'newlyFlagged':
      return a
        ? a.learners
            .filter((l) => (spec.rule === undefined || l.flags.some((f) => f.rule === spec.rule)) && (spec.minScore === undefined || l.score >= spec.minScore))
            .map((l) => learnerMatch(l))
        : [];
    case 'atRiskShare': {
      if (!a || a.enrolled === 0) return [];
      const share = a.learners.length / a.enrolled;
      return share >= spec.share! ? [{ subject: 0, since: course.at, payload: { type: 'share', flagged: a.learners.length, enrolled: a.enrolled, share, level: spec.share! } }] : [];
    }
    case 'ingestStopped': {
      if (!course.lastActivity) return [];
      const last = Date.parse(course.lastActivity);
      const hours = (course.at.getTime() - last) / 3_600_000;
      return hours >= spec.hours! ? [{ subject: 0, since: new Date(last), payload: { type: 'quiet', lastActivity: course.lastActivity, hours: Math.floor(hours) } }] : [];
    }
  }
}

/** Whether the rule reads the at-risk list. */
export const needsAssessment = (spec: AlertSpec) => spec.kind !== 'ingestStopped';

function learnerMatch(l: CourseAssessment['learners'][number]): Match {
  const ruleReasons = l.flags.map((f) => `${RULE_LABELS[f.rule as RuleName]}: ${f.reason}`);
  return {
    subject: l.userId,
    since: new Date(l.firstFlaggedAt),
    payload: {
      type: 'learner',
      userId: l.userId,
      username: l.username,
      severity: l.severity,
      severityReason: l.severityReason,
      score: l.score,
      reasons: [...ruleReasons, ...l.reasons],
      lastActivity: l.lastActivity,
    },
  };
}
