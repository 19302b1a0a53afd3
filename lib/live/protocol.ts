/** The Socket.IO protocol between the live engine and browsers (DESIGN §7). */
import { isWeekStart, type WeekStart } from '../metrics/weekStart';

export interface SubscribeRequest {
  room: string;
  /**
   * A course room may carry a window (both or neither): the dashboard widgets are then computed
   * for [from, to) instead of the current week. Days (YYYY-MM-DD) or ISO instants on 5-minute
   * edges, as in GET /api/courses/<id>/dashboard. Snapshots and updates of that subscription
   * carry the same `room`, `from` and `to`; unsubscribe with the same three.
   */
  from?: string;
  to?: string;
  /**
   * A course room only: the first day of the viewer's weeks (the page resolves it: the course's
   * setting, else the viewer's locale). The course's setting still wins when the widgets are
   * computed; 'sunday' makes a room variant of its own, so a course and window has at most two.
   */
  weekStart?: WeekStart;
}

export interface Snapshot {
  room: string;
  /** Increases by one each time any widget of the room changes. */
  version: number;
  /** When the widgets were computed (ISO): the UI shows the data's age from it. */
  asOf: string;
  widgets: Record<string, unknown>;
  /** The window of a windowed subscription, as the client sent it. */
  from?: string;
  to?: string;
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
/**
 * A course's at-risk list alone (the at-risk page): its viewers get the `atRisk` widget only,
 * so the live engine does not compute the dashboard widgets for them.
 */
export const RISK_ROOM_PREFIX = 'risk:';

/** The widgets of a room kind (absent: all of them), and whether a subscription may give it a window. */
const ROOM_KINDS: { prefix: string; widgets?: readonly string[]; takesWindow: boolean }[] = [
  { prefix: COURSE_ROOM_PREFIX, takesWindow: true },
  { prefix: RISK_ROOM_PREFIX, widgets: ['atRisk'], takesWindow: false },
];

function kindOf(room: string) {
  return ROOM_KINDS.find((k) => room.startsWith(k.prefix));
}

export function courseRoom(courseId: string): string {
  return COURSE_ROOM_PREFIX + courseId;
}

export function riskRoom(courseId: string): string {
  return RISK_ROOM_PREFIX + courseId;
}

/** The course id of a `course:<id>` or `risk:<id>` room, or undefined for anything else. */
export function courseIdOfRoom(room: unknown): string | undefined {
  if (typeof room !== 'string') return undefined;
  const kind = kindOf(room);
  const id = kind ? room.slice(kind.prefix.length) : '';
  return id.length > 0 && id.length <= 255 ? id : undefined;
}

/** The names of the widgets a room carries, or undefined when it carries all of them. */
export function widgetsOfRoom(room: string): readonly string[] | undefined {
  return kindOf(room)?.widgets;
}

/** Whether a room may carry a window: only the full course room (its dashboard widgets have one). */
export function roomTakesWindow(room: string): boolean {
  return kindOf(room)?.takesWindow ?? false;
}

/**
 * The engine's key of a subscription: the room, its window if any, and `week=sunday` for viewers
 * whose weeks start on Sunday (Monday is the default: no mark, so both ways of saying it share a room).
 */
export function roomKey(room: string, from?: string, to?: string, weekStart?: WeekStart): string {
  const params = new URLSearchParams();
  if (from !== undefined || to !== undefined) {
    params.set('from', from ?? '');
    params.set('to', to ?? '');
  }
  if (weekStart === 'sunday') params.set('week', weekStart);
  const query = params.toString();
  return query ? `${room}?${query}` : room;
}

/** A room key back into its room, course, window and week start (undefined when it is not a course room). */
export function parseRoomKey(key: string): { room: string; courseId: string; from?: string; to?: string; weekStart?: WeekStart } | undefined {
  const parsed = parseLiveRoomKey(key);
  if (parsed?.scope.kind !== 'course') return undefined;
  const { scope, ...rest } = parsed;
  return { ...rest, courseId: scope.courseId };
}

/**
 * Institutional rooms (issue 21): `platform` (every course) and `org:<org>` (the courses of an
 * org). They carry the institution's widgets (lib/live/widgets/institution.ts), take a window as a
 * course room does, and are recomputed once per change of any course they cover.
 */
export const PLATFORM_ROOM = 'platform';
export const ORG_ROOM_PREFIX = 'org:';

export function orgRoom(org: string): string {
  return ORG_ROOM_PREFIX + org;
}

/** What a room covers: one course, or the institution (every course, or the courses of one org). */
export type RoomScope = { kind: 'course'; courseId: string } | { kind: 'platform' } | { kind: 'org'; org: string };

/** Orgs are course-key parts: no separators, at most 255 characters. */
const ORG_RE = /^[^\s/:+?#]{1,255}$/;

/** The scope of a public room name, or undefined for an unknown room. */
export function scopeOfRoom(room: unknown): RoomScope | undefined {
  if (typeof room !== 'string') return undefined;
  if (room === PLATFORM_ROOM) return { kind: 'platform' };
  if (room.startsWith(ORG_ROOM_PREFIX)) {
    const org = room.slice(ORG_ROOM_PREFIX.length);
    return ORG_RE.test(org) ? { kind: 'org', org } : undefined;
  }
  const courseId = courseIdOfRoom(room);
  return courseId ? { kind: 'course', courseId } : undefined;
}

/** Whether a room's subscription may carry a window: course rooms and institutional rooms. */
export function anyRoomTakesWindow(room: string): boolean {
  const scope = scopeOfRoom(room);
  return scope !== undefined && (scope.kind !== 'course' || roomTakesWindow(room));
}

/** A room key (lib/live/protocol roomKey) of any room back into its room, scope, window and week start. */
export function parseLiveRoomKey(key: string): { room: string; scope: RoomScope; from?: string; to?: string; weekStart?: WeekStart } | undefined {
  const q = key.indexOf('?');
  const room = q < 0 ? key : key.slice(0, q);
  const scope = scopeOfRoom(room);
  if (!scope) return undefined;
  if (q < 0) return { room, scope };
  const params = new URLSearchParams(key.slice(q + 1));
  const from = params.get('from');
  const to = params.get('to');
  const week = params.get('week');
  if ((from === null) !== (to === null) || (week !== null && !isWeekStart(week))) return undefined;
  return { room, scope, ...(from !== null && { from, to: to! }), ...(week !== null && { weekStart: week as WeekStart }) };
}
