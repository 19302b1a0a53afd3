import type { Lake } from '../lake/client';
import { ACTIVITY_AT_SQL, cohortParams, DAY_MS, type Cohort } from './cohort';
import { compactRows } from './compactRows';

/** Per learner: their study days (days since the epoch, ascending) at or before the evaluation time. */
export type ActivityDays = Map<number, number[]>;

const DAYS_SQL = `
  SELECT user_id, arraySort(groupUniqArray(toUInt32(day)))
  FROM (${ACTIVITY_AT_SQL})
  GROUP BY user_id`;

const cache = new WeakMap<Cohort, Promise<ActivityDays>>();

/** Read once per evaluation: the activity rules and the score share it. */
export function loadActivityDays(lake: Lake, cohort: Cohort): Promise<ActivityDays> {
  let days = cache.get(cohort);
  if (!days) {
    days = compactRows<[number, number[]]>(lake, DAYS_SQL, cohortParams(cohort)).then((rows) => new Map(rows.map(([u, d]) => [u, d.map(Number)])));
    cache.set(cohort, days);
  }
  return days;
}

/** The day number (days since the epoch) of an instant. */
export const dayNumber = (t: Date): number => Math.floor(t.getTime() / DAY_MS);

/** Active days in [fromDay, toDay). */
export function activeDaysIn(days: readonly number[], fromDay: number, toDay: number): number {
  let n = 0;
  for (const d of days) if (d >= fromDay && d < toDay) n++;
  return n;
}

/** Gaps in days between consecutive study days (a learner back the next day: gap 1). */
export function gaps(days: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < days.length; i++) out.push(days[i]! - days[i - 1]!);
  return out;
}
