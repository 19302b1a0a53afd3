/** The Socket.IO protocol between the live engine and browsers (DESIGN §7). */

export interface SubscribeRequest {
  room: string;
}

export interface Snapshot {
  room: string;
  /** Increases by one each time any widget of the room changes. */
  version: number;
  /** When the widgets were computed (ISO): the UI shows the data's age from it. */
  asOf: string;
  widgets: Record<string, unknown>;
}

/** Changed widgets only. */
export type Update = Snapshot;

export interface SubscribeError {
  room: string;
  error: string;
  /** 403 when the caller may not see the room's course. */
  status?: number;
}

export const COURSE_ROOM_PREFIX = 'course:';

export function courseRoom(courseId: string): string {
  return COURSE_ROOM_PREFIX + courseId;
}

/** The course id of a `course:<id>` room, or undefined for anything else. */
export function courseIdOfRoom(room: unknown): string | undefined {
  if (typeof room !== 'string' || !room.startsWith(COURSE_ROOM_PREFIX)) return undefined;
  const id = room.slice(COURSE_ROOM_PREFIX.length);
  return id.length > 0 && id.length <= 255 ? id : undefined;
}
