import type { Lake } from '../lake/client';
import { formatLakeTime } from '../lake/time';

/** A block of a course's structure as the missed-deadline rule needs it (migration 040 block_schedule). */
export type CourseBlock =
  | { blockType: 'sequential'; usageKey: string; title: string; graded: boolean; due: Date | null; format?: string; /** Share of the final grade (0–1); null: not known. */ weight?: number | null }
  | { blockType: 'problem'; usageKey: string; subsectionKey: string; title?: string };

/**
 * Writes (or replaces) blocks of a course's structure: graded subsections with their due dates,
 * and which subsection each problem belongs to. For the LMS sync and the demo seed; a later
 * write of the same block replaces it, `deleted` removes it.
 */
export async function writeCourseBlocks(lake: Lake, courseId: string, blocks: readonly CourseBlock[], opts: { now?: Date; deleted?: boolean } = {}): Promise<void> {
  if (!blocks.length) return;
  const updatedAt = formatLakeTime(opts.now ?? new Date());
  await lake.client.insert({
    table: 'block_schedule',
    values: blocks.map((b) => ({
      course_id: courseId,
      usage_key: b.usageKey,
      block_type: b.blockType,
      subsection_key: b.blockType === 'problem' ? b.subsectionKey : '',
      title: b.title ?? '',
      graded: b.blockType === 'sequential' && b.graded ? 1 : 0,
      due: b.blockType === 'sequential' && b.due ? formatLakeTime(b.due) : null,
      format: b.blockType === 'sequential' ? b.format ?? '' : '',
      weight: b.blockType === 'sequential' && b.weight != null ? b.weight : null,
      updated_at: updatedAt,
      is_deleted: opts.deleted ? 1 : 0,
    })),
    format: 'JSONEachRow',
  });
}
