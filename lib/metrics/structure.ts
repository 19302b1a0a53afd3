import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { oncePerScope } from './scope';

export interface BlockInfo {
  blockId: string;
  type: string;
  name: string;
  /** The unit holding it ('' for units and above). */
  parent: string;
  section: string;
  subsection: string;
  /** Course order; blocks not in the structure sort after those that are. */
  position: number;
  /** A video's length in seconds, where the LMS structure knows it. */
  duration?: number | null;
}

/** Blocks not in the synced/seeded structure sort after it. */
export const UNKNOWN_POSITION = 2 ** 31;

/**
 * The names and order of a course's blocks: the structure (course_blocks, written by the demo
 * seed or a structure sync; subsections and sections also from the LMS outline tables), with
 * the display names events carry (context.module.display_name) where the structure is silent.
 */
export const STRUCTURE_SQL = `
  SELECT block_id, block_type, display_name, parent, section, subsection, position, 1 AS rank, duration
  FROM course_blocks FINAL WHERE course_id = {courseId:String} AND block_type != ''
  UNION ALL
  SELECT q.usage_key, 'sequential', q.title, '', s.title, q.title, q.ordering, 2, CAST(NULL AS Nullable(Float64))
  FROM (SELECT * FROM lms_course_sequences FINAL WHERE course_id = {courseId:String}) AS q
  LEFT JOIN (SELECT usage_key, title FROM lms_course_sections FINAL WHERE course_id = {courseId:String}) AS s
    ON s.usage_key = q.section_key
  UNION ALL
  SELECT block_id, extract(block_id, 'type@([^+]+)'), display_name, '', '', '', ${UNKNOWN_POSITION}, 3, CAST(NULL AS Nullable(Float64))
  FROM block_names FINAL WHERE course_id = {courseId:String}`;

/**
 * The video lengths the structure knows (Blocks API student_view_data.duration, migration 085),
 * by the bare id video events name a video with (the tail of its usage key, as blockIdOfKey).
 * The length of a video whose events carry none. Param {courseId}. Columns: video_id, block_length.
 */
export const STRUCTURE_VIDEO_LENGTHS_SQL = `
  SELECT extract(block_id, '[^@]*$') AS video_id, max(assumeNotNull(duration)) AS block_length
  FROM course_blocks FINAL
  WHERE course_id = {courseId:String} AND block_type = 'video' AND duration > 0
  GROUP BY video_id`;

/** Block usage key → what the structure says of it (first source that names it wins). */
export async function courseStructure(lake: Lake, courseId: string): Promise<Map<string, BlockInfo>> {
  const rows = await queryRows<{ block_id: string; block_type: string; display_name: string; parent: string; section: string; subsection: string; position: number | string; rank: number; duration: number | null }>(
    lake,
    `SELECT * FROM (${STRUCTURE_SQL}) ORDER BY rank`,
    { courseId },
  );
  const blocks = new Map<string, BlockInfo>();
  for (const r of rows) {
    const known = blocks.get(r.block_id);
    if (known) {
      if (!known.name && r.display_name) known.name = r.display_name;
      continue;
    }
    blocks.set(r.block_id, {
      blockId: r.block_id,
      type: r.block_type,
      name: r.display_name,
      parent: r.parent,
      section: r.section,
      subsection: r.subsection,
      position: Number(r.position),
      duration: r.duration === null || r.duration === undefined ? null : Number(r.duration),
    });
  }
  return blocks;
}

/** courseStructure, read once per dashboard query (see oncePerScope). */
export const courseStructureOf = oncePerScope(courseStructure);

/** The bare block id at the end of a usage key (`…+block@<id>`), as browser video events name videos. */
export function blockIdOfKey(usageKey: string): string {
  const at = usageKey.lastIndexOf('@');
  return at >= 0 ? usageKey.slice(at + 1) : usageKey;
}

/**
 * A readable name for a block neither the structure nor its events name: its type and the tail
 * of its id ("video …7a48f74b"). The tail, not the head: legacy ids (i4x-edX-DemoX-video-…) and
 * many generated ones share their first characters. `type` for bare ids (browser video ids).
 */
export function fallbackName(blockId: string, type = /type@([^+]+)/.exec(blockId)?.[1]): string {
  const id = blockIdOfKey(blockId);
  const tail = id.length > 12 ? `…${id.slice(-8)}` : id;
  return type ? `${type} ${tail}` : tail;
}
