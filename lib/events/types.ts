/**
 * One learner action, normalized from any of the shapes Open edX emits
 * (on-disk tracking log, in-process {name,timestamp,data,context}, the hybrid, xAPI).
 * Field names are the lake's column names (DESIGN §4).
 */
export interface LakeEvent {
  /** Dedupe key: the xAPI statement id, or a hash of a tracking event's identity. */
  event_id: string;
  /** When the learner acted, UTC, as 'YYYY-MM-DD HH:MM:SS.mmm'. */
  time: string;
  /** When Lookout received it, UTC, same format. */
  received_at: string;
  /** `name` when present, else `event_type` (a URL path for implicit events). */
  name: string;
  /** server | browser | mobile | task | xapi | '' */
  event_source: string;
  /** LMS user id; 0 when unknown. */
  user_id: number;
  username: string;
  /** Course key as given (course-v1:…, legacy Org/Course/Run, ccx-v1:…); '' outside a course. */
  course_id: string;
  org: string;
  /** Usage key of the block acted on, when known. */
  block_id: string;
  /** Video block id as the event gives it (32-hex or i4x-… id). */
  video_id: string;
  /** Problem usage key. */
  problem_id: string;
  session: string;
  /** 1 when this counts as a learner event by DESIGN §5 (staff are excluded later, at query time). */
  is_learner: 0 | 1;
  video_position: number | null;
  video_old_time: number | null;
  video_new_time: number | null;
  video_speed: number | null;
  video_duration: number | null;
  /** 'correct' | 'incorrect' | '' (server problem_check only). */
  problem_success: string;
  problem_grade: number | null;
  problem_max_grade: number | null;
  problem_attempts: number | null;
  /** Course grade 0–1 from edx.grades.course.grade_calculated. */
  grade_percent: number | null;
  /** Block completion 0–1 from edx.completion.block_completion.changed. */
  completion: number | null;
  enrollment_mode: string;
  /** The original line or statement, kept so a parser fix can re-derive columns. */
  raw: string;
}

export type ParseResult =
  | { ok: true; event: LakeEvent }
  | { ok: false; reason: string };
