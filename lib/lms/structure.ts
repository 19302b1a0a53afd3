/**
 * The course as the LMS knows it: its blocks in course order, the graded subsections with their
 * assignment type, due date and weight in the final grade, and the grading policy. One shape for
 * a real LMS (the Course Blocks and grading-policy APIs, server/lms/structureSync.ts) and for the
 * demo seed: both build a CourseStructure and write it with writeCourseStructure.
 *
 * Lake tables (migrations 010, 040, 085): course_blocks (names, units, order, video durations),
 * block_schedule (graded subsections and the subsection of each problem), course_grading_policy;
 * lms_due_extensions (per-learner due dates, copied by the LMS sync from edx_when) is read here.
 */
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import { writeCourseBlocks, type CourseBlock } from '../risk/courseBlocks';

/** One block as the Course Blocks API describes it (the fields Lookout requests). */
export interface StructureBlock {
  id: string;
  type: string;
  name: string;
  /** Ordered child ids. */
  children: string[];
  graded: boolean;
  /** Assignment type ('' when none). */
  format: string;
  due: Date | null;
  /** Video length in seconds, where the LMS knows it. */
  duration: number | null;
}

/** One assignment type of the grading policy. */
export interface AssignmentType {
  assignmentType: string;
  /** Subsections of the type the policy expects (min_count). */
  count: number;
  /** Lowest scores dropped (drop_count). */
  dropped: number;
  /** Share of the final grade, 0–1. */
  weight: number;
}

export interface CourseStructure {
  courseId: string;
  /** The course block's id. */
  root: string;
  blocks: Map<string, StructureBlock>;
  gradingPolicy: AssignmentType[];
}

/** A row of course_blocks. */
export interface CourseBlockRow {
  course_id: string;
  block_id: string;
  block_type: string;
  parent: string;
  display_name: string;
  section: string;
  subsection: string;
  position: number;
  duration: number | null;
}

/**
 * The structure as lake rows: every block reachable from the course root in course order (depth
 * first, children in order), with its section, subsection and unit (the first vertical under the
 * subsection: a leaf's `parent`); and block_schedule's graded subsections with their weights and
 * the subsection of each problem.
 */
export function structureRows(s: CourseStructure): { blocks: CourseBlockRow[]; schedule: CourseBlock[] } {
  const blocks: CourseBlockRow[] = [];
  const problems: CourseBlock[] = [];
  const sequentials: StructureBlock[] = [];
  const seen = new Set<string>();
  const walk = (id: string, ctx: { section: string; subsection: string; subsectionKey: string; unit: string }) => {
    const b = s.blocks.get(id);
    if (!b || seen.has(id)) return;
    seen.add(id);
    const here = { ...ctx };
    if (b.type === 'chapter') here.section = b.name;
    if (b.type === 'sequential') {
      here.subsection = b.name;
      here.subsectionKey = b.id;
      here.unit = '';
      sequentials.push(b);
    }
    const isUnit = b.type === 'vertical' && !ctx.unit && !!ctx.subsectionKey;
    if (id !== s.root) {
      blocks.push({
        course_id: s.courseId,
        block_id: b.id,
        block_type: b.type,
        parent: isUnit ? '' : ctx.unit,
        display_name: b.name,
        section: here.section,
        subsection: here.subsection,
        position: blocks.length,
        duration: b.duration,
      });
    }
    if (isUnit) here.unit = b.id;
    if (b.type === 'problem' && here.subsectionKey) {
      problems.push({ blockType: 'problem', usageKey: b.id, subsectionKey: here.subsectionKey, title: b.name });
    }
    for (const child of b.children) walk(child, here);
  };
  walk(s.root, { section: '', subsection: '', subsectionKey: '', unit: '' });

  const policy = new Map(s.gradingPolicy.map((p) => [p.assignmentType, p]));
  const gradedOfType = new Map<string, number>();
  for (const q of sequentials) if (q.graded && q.format) gradedOfType.set(q.format, (gradedOfType.get(q.format) ?? 0) + 1);
  const schedule: CourseBlock[] = sequentials.map((q) => {
    const type = q.graded ? policy.get(q.format) : undefined;
    const n = Math.max(type?.count ?? 0, gradedOfType.get(q.format) ?? 0, 1);
    return { blockType: 'sequential', usageKey: q.id, title: q.name, graded: q.graded, due: q.due, format: q.format, weight: type ? type.weight / n : policy.size ? 0 : null };
  });
  return { blocks, schedule: [...schedule, ...problems] };
}

/**
 * Replaces the course's structure in the lake: its blocks, schedule and grading policy as of
 * now; blocks and assignment types the new structure no longer has are removed.
 */
export async function writeCourseStructure(lake: Lake, s: CourseStructure, opts: { now?: Date } = {}): Promise<{ blocks: number }> {
  const now = opts.now ?? new Date();
  const updatedAt = formatLakeTime(now);
  const { blocks, schedule } = structureRows(s);
  const params = { courseId: s.courseId, at: updatedAt };
  if (blocks.length) {
    await lake.client.insert({ table: 'course_blocks', values: blocks.map((b) => ({ ...b, updated_at: updatedAt })), format: 'JSONEachRow' });
  }
  await writeCourseBlocks(lake, s.courseId, schedule, { now });
  if (s.gradingPolicy.length) {
    await lake.client.insert({
      table: 'course_grading_policy',
      values: s.gradingPolicy.map((p) => ({ course_id: s.courseId, assignment_type: p.assignmentType, count: p.count, dropped: p.dropped, weight: p.weight, updated_at: updatedAt })),
      format: 'JSONEachRow',
    });
  }
  // What the previous structure had and this one has not (a publish removed it): course_blocks
  // (no is_deleted column) gets a row with no type, which the readers skip. Not a DELETE: a
  // lightweight delete's mutation left later chDB statements hanging.
  await lake.client.command({
    query: `INSERT INTO course_blocks (course_id, block_id, block_type, parent, display_name, section, subsection, position, duration, updated_at)
            SELECT course_id, block_id, '', '', '', '', '', position, NULL, {at:DateTime64(3, 'UTC')}
            FROM (SELECT course_id, block_id, position FROM course_blocks FINAL
                  WHERE course_id = {courseId:String} AND block_type != '' AND updated_at < {at:DateTime64(3, 'UTC')})`,
    query_params: params,
  });
  for (const table of ['block_schedule', 'course_grading_policy']) {
    await lake.client.command({
      // Filtered in a subquery: in the outer WHERE, updated_at would name the REPLACE alias.
      query: `INSERT INTO ${table} SELECT * REPLACE (toUInt8(1) AS is_deleted, {at:DateTime64(3, 'UTC')} AS updated_at)
              FROM (SELECT * FROM ${table} FINAL WHERE course_id = {courseId:String} AND updated_at < {at:DateTime64(3, 'UTC')})`,
      query_params: params,
    });
  }
  return { blocks: blocks.length };
}

/** Per-learner due dates of the course (edx_when extensions): `${userId}\u0000${usageKey}` → due. */
export async function dueExtensions(lake: Lake, courseId: string): Promise<Map<string, Date>> {
  const rows = await queryRows<{ user_id: string; usage_key: string; due: string }>(
    lake,
    `SELECT user_id, usage_key, due FROM lms_due_extensions FINAL WHERE course_id = {courseId:String}`,
    { courseId },
  );
  return new Map(rows.map((r) => [extensionKey(r.user_id, r.usage_key), parseLakeTime(r.due)]));
}

export function extensionKey(userId: number | string, usageKey: string): string {
  return `${userId}\u0000${usageKey}`;
}
