import { z } from 'zod';
import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { SCHEDULES, type Schedule } from './names';

/** A person's choice for one course ('' = every course): opted out, or their own schedule. */
export interface Preference {
  courseId: string;
  optedOut: boolean;
  /** null: as the rule says. */
  schedule: Schedule | null;
}

export const PREFERENCE = z.strictObject(
  {
    courseId: z.string({ error: 'courseId must be a course id, or "" for every course' }).max(255, { error: 'courseId is at most 255 characters' }),
    optedOut: z.boolean({ error: 'optedOut must be true or false' }),
    schedule: z.enum(SCHEDULES, { error: `schedule must be one of ${SCHEDULES.join(', ')}, or null` }).nullable(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : 'a preference is {courseId, optedOut, schedule}') },
);

export async function preferencesOf(lake: Lake, userIds: readonly number[]): Promise<Map<number, Preference[]>> {
  const out = new Map<number, Preference[]>();
  if (!userIds.length) return out;
  const rows = await queryRows<{ user_id: string; course_id: string; opted_out: number; schedule: string }>(
    lake,
    `SELECT user_id, course_id, opted_out, schedule FROM alert_preferences FINAL WHERE user_id IN {ids:Array(UInt64)}`,
    { ids: [...userIds] },
  );
  for (const r of rows) {
    const list = out.get(Number(r.user_id)) ?? [];
    list.push({ courseId: r.course_id, optedOut: Number(r.opted_out) === 1, schedule: (SCHEDULES as readonly string[]).includes(r.schedule) ? (r.schedule as Schedule) : null });
    out.set(Number(r.user_id), list);
  }
  return out;
}

/** The preference that applies to a course: the course's own, else the one for every course. */
export function preferenceFor(prefs: readonly Preference[] | undefined, courseId: string): Preference | undefined {
  return prefs?.find((p) => p.courseId === courseId) ?? prefs?.find((p) => p.courseId === '');
}

export async function savePreference(lake: Lake, userId: number, input: unknown, now = new Date()): Promise<Preference> {
  const parsed = PREFERENCE.safeParse(input);
  if (!parsed.success) throw new InvalidPreferenceError([...new Set(parsed.error.issues.map((i) => i.message))]);
  const p = parsed.data;
  await lake.client.insert({
    table: 'alert_preferences',
    values: [{ user_id: userId, course_id: p.courseId.trim(), opted_out: p.optedOut ? 1 : 0, schedule: p.schedule ?? '', updated_at: formatLakeTime(now), version: now.getTime() }],
    format: 'JSONEachRow',
  });
  return { courseId: p.courseId.trim(), optedOut: p.optedOut, schedule: p.schedule };
}

export class InvalidPreferenceError extends Error {
  constructor(readonly errors: string[]) {
    super(`invalid preference: ${errors.join('; ')}`);
    this.name = 'InvalidPreferenceError';
  }
}
