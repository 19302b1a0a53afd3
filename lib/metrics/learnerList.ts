/**
 * From a number to the learners behind it: every dashboard count that stands for learners opens
 * the list of those learners, computed by a small module next to the metric (engagementLearners,
 * gradeLearners, unitLearners, videoViewers, problemLearners; the at-risk list itself), from the
 * metric's own definition, so the list and the count agree. Names and emails are added only for
 * a caller the export rule allows, and such a list is recorded as an export (lib/export/audit.ts).
 */
import type { Lake } from '../lake/client';
import { formatLakeTime } from '../lake/time';
import { currentAtRisk } from '../live/widgets/atRisk';
import { learnerPii } from '../export/atRiskCsv';
import { recordExport } from '../export/audit';
import { toCsv, type CsvCell } from '../export/csv';
import { engagementLearners } from './engagementLearners';
import { gradeBinLearners } from './gradeLearners';
import { problemLearners } from './problemLearners';
import { unitLearners } from './unitLearners';
import { usernamesOf } from './usernames';
import { unnamedLearner } from '../embed/paths';
import { videoViewers } from './videoViewers';
import { windowEnd, type DashboardQuery } from './scope';

export const LEARNER_LIST_METRICS = ['active', 'watched', 'tried', 'grade', 'unit', 'video', 'problem', 'atRisk'] as const;
export type LearnerListMetric = (typeof LEARNER_LIST_METRICS)[number];
/** Metrics of one item of a card: the grade bin (0–9), the unit's block, the video, the problem. */
export const ITEM_METRICS: readonly LearnerListMetric[] = ['grade', 'unit', 'video', 'problem'];

export const isLearnerListMetric = (v: unknown): v is LearnerListMetric => (LEARNER_LIST_METRICS as readonly unknown[]).includes(v);

export interface LearnerListRow {
  userId: number;
  username: string;
  /** Only for callers allowed PII, else null. */
  name: string | null;
  email: string | null;
  /** The metric's own figures for the learner, in `columns` order. */
  values: CsvCell[];
}

export interface LearnerList {
  metric: LearnerListMetric;
  item?: string;
  /** Names of the metric's own columns (after username, name, email). */
  columns: string[];
  rows: LearnerListRow[];
  pii: boolean;
}

type Figures = { userId: number; values: CsvCell[] }[];

/** The learners of one count, without names: user ids with the metric's figures. */
async function learnersOf(lake: Lake, q: DashboardQuery, metric: LearnerListMetric, item: string): Promise<{ columns: string[]; rows: Figures }> {
  switch (metric) {
    case 'active':
    case 'watched':
    case 'tried':
      return {
        columns: ['last_activity', 'time_spent_seconds'],
        rows: (await engagementLearners(lake, q, metric)).map((l) => ({ userId: l.userId, values: [l.lastActivity, l.timeSpentSeconds] })),
      };
    case 'grade':
      return { columns: ['grade', 'passed'], rows: (await gradeBinLearners(lake, q, Number(item))).map((l) => ({ userId: l.userId, values: [l.grade, l.passed ? 'yes' : 'no'] })) };
    case 'unit':
      return { columns: [], rows: (await unitLearners(lake, q, item)).map((l) => ({ userId: l.userId, values: [] })) };
    case 'video':
      return { columns: ['watch_seconds'], rows: (await videoViewers(lake, q, item)).map((l) => ({ userId: l.userId, values: [l.watchSeconds] })) };
    case 'problem':
      return { columns: ['attempts', 'correct_checks'], rows: (await problemLearners(lake, q, item)).map((l) => ({ userId: l.userId, values: [l.attempts, l.correct] })) };
    case 'atRisk': {
      const list = await currentAtRisk(lake, q.courseId, q.now);
      return {
        columns: ['rank', 'score', 'severity', 'reasons', 'first_flagged_at'],
        rows: list.learners.map((l) => ({ userId: l.userId, values: [l.rank, l.score, l.severity, l.reasons.join('; '), l.firstFlaggedAt] })),
      };
    }
  }
}

/**
 * The list behind a count, with usernames; names and emails when `pii.allowed`, and then the
 * list is recorded as an export by `pii.actor` before it is returned.
 */
export async function learnerList(
  lake: Lake,
  q: DashboardQuery,
  request: { metric: LearnerListMetric; item?: string },
  pii: { allowed: boolean; actor: string; kind: 'page' | 'csv' },
): Promise<LearnerList> {
  const item = request.item ?? '';
  if (ITEM_METRICS.includes(request.metric) && item === '') throw new RangeError(`${request.metric} needs an item (the grade bin, unit, video or problem)`);
  const { columns, rows } = await learnersOf(lake, q, request.metric, item);
  const ids = rows.map((r) => r.userId);
  const [names, people] = await Promise.all([
    usernamesOf(lake, { courseId: q.courseId, ids, at: formatLakeTime(windowEnd(q.to) > q.now ? q.now : windowEnd(q.to)) }),
    pii.allowed ? learnerPii(lake, ids) : undefined,
  ]);
  if (pii.allowed && rows.length > 0) {
    await recordExport(lake, {
      actor: pii.actor,
      kind: pii.kind === 'csv' ? 'course' : 'api',
      courseId: q.courseId,
      courseIds: [q.courseId],
      filter: { list: request.metric, ...(item && { item }), from: q.from.toISOString(), to: q.to.toISOString() },
      rows: rows.length,
      pii: true,
    });
  }
  return {
    metric: request.metric,
    ...(item && { item }),
    columns,
    pii: pii.allowed,
    rows: rows.map((r) => ({
      userId: r.userId,
      username: names.get(r.userId) ?? unnamedLearner(r.userId),
      name: people?.get(r.userId)?.name || null,
      email: people?.get(r.userId)?.email || null,
      values: r.values,
    })),
  };
}

/** The list as CSV: username, name, email (empty without PII), then the metric's columns. */
export function learnerListCsv(list: LearnerList): string {
  return toCsv(
    ['user_id', 'username', 'name', 'email', ...list.columns],
    list.rows.map((r) => [r.userId, r.username, r.name ?? '', r.email ?? '', ...r.values]),
  );
}
