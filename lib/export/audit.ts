/**
 * The export audit trail (table `export_audit`, migration 050): one row per CSV export,
 * written before the file is sent, so that no export leaves without its record.
 */
import { randomUUID } from 'node:crypto';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';

/** 'course': one course's list; 'cross-course': support staff's export over the courses they may see. */
/** 'api': an at-risk JSON answer that carried emails and names. 'org': an org's learner list (course_id 'org:<org>'). */
export type ExportKind = 'course' | 'cross-course' | 'api' | 'org';

/** course_id of a cross-course export. */
export const ALL_COURSES = 'all';

export interface ExportRecord {
  id: string;
  /** ISO time. */
  at: string;
  actor: string;
  kind: ExportKind;
  /** The course, or 'all' for a cross-course export. */
  courseId: string;
  /** The courses the export covered (one for a course export). */
  courseIds: string[];
  /** The filter as given (rule, severity, sort…). */
  filter: Record<string, unknown>;
  rows: number;
  /** Whether emails and full names were included. */
  pii: boolean;
}

export type NewExportRecord = Omit<ExportRecord, 'id' | 'at'> & { at?: Date };

export async function recordExport(lake: Lake, record: NewExportRecord): Promise<ExportRecord> {
  const at = record.at ?? new Date();
  const row: ExportRecord = { ...record, id: randomUUID(), at: at.toISOString() };
  await lake.client.insert({
    table: 'export_audit',
    values: [
      {
        id: row.id,
        at: formatLakeTime(at),
        actor: row.actor,
        kind: row.kind,
        course_id: row.courseId,
        course_ids: row.courseIds,
        filter: JSON.stringify(row.filter),
        rows: row.rows,
        pii: row.pii ? 1 : 0,
      },
    ],
    format: 'JSONEachRow',
  });
  return row;
}

export interface ExportListFilter {
  actor?: string;
  courseId?: string;
  /** Default 100, at most EXPORTS_MAX. */
  limit?: number;
}

export const EXPORTS_DEFAULT = 100;
export const EXPORTS_MAX = 1_000;

/** Recorded exports, newest first. A course filter also finds cross-course exports that covered it. */
export async function listExports(lake: Lake, filter: ExportListFilter = {}): Promise<ExportRecord[]> {
  const limit = Math.max(1, Math.min(EXPORTS_MAX, Math.trunc(filter.limit ?? EXPORTS_DEFAULT)));
  const where: string[] = [];
  const params: Record<string, unknown> = { limit };
  if (filter.actor !== undefined) {
    where.push('actor = {actor:String}');
    params.actor = filter.actor;
  }
  if (filter.courseId !== undefined) {
    where.push('(course_id = {courseId:String} OR has(course_ids, {courseId:String}))');
    params.courseId = filter.courseId;
  }
  const rows = await queryRows<{
    id: string;
    at: string;
    actor: string;
    kind: string;
    course_id: string;
    course_ids: string[];
    filter: string;
    rows: number | string;
    pii: number | string;
  }>(
    lake,
    `SELECT id, at, actor, kind, course_id, course_ids, filter, rows, pii
     FROM export_audit
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY at DESC, id
     LIMIT {limit:UInt32}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    at: parseLakeTime(r.at).toISOString(),
    actor: r.actor,
    kind: r.kind === 'cross-course' || r.kind === 'api' || r.kind === 'org' ? r.kind : 'course',
    courseId: r.course_id,
    courseIds: r.course_ids,
    filter: parseFilterJson(r.filter),
    rows: Number(r.rows),
    pii: Number(r.pii) === 1,
  }));
}

function parseFilterJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
