/**
 * The at-risk export: one CSV row per learner, in the order of the (filtered, sorted) list.
 * Emails and full names come from the LMS copy (lms_users, lms_profiles) and only for callers
 * allowed to see PII; for everyone else the columns stay, empty, so files have one shape.
 */
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import type { LearnerRisk } from '../risk/types';
import { toCsv, type CsvCell } from './csv';

export const AT_RISK_CSV_COLUMNS = [
  'rank',
  'score',
  'username',
  'name',
  'email',
  'enrollment_mode',
  'last_activity',
  'days_inactive',
  'grade',
  'progress',
  'score_reasons',
  'rules',
  'rule_reasons',
  'severity',
  'severity_reason',
  'flagged_by',
] as const;

/** The cross-course export leads with the course. */
export const CROSS_COURSE_CSV_COLUMNS = ['course_id', ...AT_RISK_CSV_COLUMNS] as const;

export interface LearnerPii {
  name: string;
  email: string;
}

/** Full names (profile name, else first + last) and emails of these users, from the LMS copy. */
export async function learnerPii(lake: Lake, userIds: readonly number[]): Promise<Map<number, LearnerPii>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string | number; email: string; first_name: string; last_name: string; profile_name: string | null }>(
    lake,
    `SELECT u.id AS id, u.email AS email, u.first_name AS first_name, u.last_name AS last_name, p.name AS profile_name
     FROM (SELECT id, email, first_name, last_name FROM lms_users FINAL WHERE id IN {ids:Array(UInt64)}) AS u
     LEFT JOIN (SELECT user_id, name FROM lms_profiles FINAL WHERE user_id IN {ids:Array(UInt64)}) AS p ON p.user_id = u.id
     SETTINGS join_use_nulls = 1`,
    { ids },
  );
  const out = new Map<number, LearnerPii>();
  for (const r of rows) {
    const name = r.profile_name?.trim() || `${r.first_name} ${r.last_name}`.trim();
    out.set(Number(r.id), { name, email: r.email });
  }
  return out;
}

/** One record's cells (without the course column). `pii` undefined: the caller may not see PII. */
export function atRiskCsvCells(l: LearnerRisk, pii: Map<number, LearnerPii> | undefined): CsvCell[] {
  const person = pii?.get(l.userId);
  return [
    l.rank,
    fraction(l.score),
    l.username,
    person?.name ?? '',
    person?.email ?? '',
    l.enrollmentMode,
    l.lastActivity ?? '',
    l.daysInactive,
    fraction(l.grade),
    fraction(l.progress),
    l.reasons.join('; '),
    l.flags.map((f) => f.rule).join('; '),
    l.flags.map((f) => f.reason).join('; '),
    l.severity,
    l.severityReason,
    l.flaggedBy,
  ];
}

export function atRiskCsv(learners: readonly LearnerRisk[], pii: Map<number, LearnerPii> | undefined): string {
  return toCsv(
    AT_RISK_CSV_COLUMNS,
    learners.map((l) => atRiskCsvCells(l, pii)),
  );
}

export function crossCourseCsv(
  lists: readonly { courseId: string; learners: readonly LearnerRisk[]; pii: Map<number, LearnerPii> | undefined }[],
): string {
  return toCsv(
    CROSS_COURSE_CSV_COLUMNS,
    lists.flatMap(({ courseId, learners, pii }) => learners.map((l) => [courseId, ...atRiskCsvCells(l, pii)])),
  );
}

/** 0–1 with at most four decimals, as in the JSON API. */
function fraction(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10_000) / 10_000;
}
