import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { courseFilter, staffBitmapSql, staffParams, weeksOf, type InstitutionQuery, type ScopeCourse } from './scope';

export interface ActiveWeek {
  weekStart: string;
  /** Distinct learners (not staff) with a learner event in the week, in any course of the scope. */
  active: number;
  /** Those whose first learner event in the scope's org(s) falls in this week. */
  new: number;
  /** active − new: they had been active in an earlier week. */
  returning: number;
}

export interface OrgActiveWeeks {
  org: string;
  weeks: { weekStart: string; active: number }[];
}

export interface ActiveLearners {
  weeks: ActiveWeek[];
  /** Per org (the platform view; on an org page, that org alone). */
  byOrg: OrgActiveWeeks[];
}

/**
 * Active learners per week (Monday to Monday, UTC; DESIGN §5), new vs returning, from the
 * learner bitmaps per week, org and course (institution_week_learners, migration 191), not a row
 * per learner: a week's active learners are the OR of its courses' bitmaps, each with its
 * course's staff taken out; new are those in no earlier week's bitmap of the scope's org(s) (of
 * every org on the platform: a learner's first week anywhere), staff or not then.
 */
const WEEKS_SQL = (filter: string, orgFilter: string) => `
  SELECT toString(w) AS week_text, bitmapCardinality(active_w) AS active, bitmapCardinality(bitmapAndnot(active_w, before_w)) AS new
  FROM (
    SELECT w, groupBitmapOrStateIf(kept, week = w) AS active_w, groupBitmapOrStateIf(everyone, week < w) AS before_w
    FROM (
      SELECT week,
        groupBitmapOrStateIf(bitmapAndnot(learners, ${staffBitmapSql('org')}), ${filter}) AS kept,
        groupBitmapOrStateIf(learners, ${orgFilter}) AS everyone
      FROM institution_week_learners
      WHERE week < {to:DateTime64(3, 'UTC')} AND (${filter} OR ${orgFilter})
      GROUP BY week
    )
    ARRAY JOIN {weeks:Array(Date)} AS w
    GROUP BY w
  )`;

const BY_ORG_SQL = (filter: string) => `
  SELECT lower(org) AS org_key, any(org) AS org_name, toString(week) AS week_text, groupBitmapOr(bitmapAndnot(learners, ${staffBitmapSql('org')})) AS active
  FROM institution_week_learners
  WHERE ${filter} AND week >= toMonday({from:DateTime64(3, 'UTC')}) AND week < {to:DateTime64(3, 'UTC')}
  GROUP BY org_key, week
  ORDER BY org_key, week`;

export async function activeLearners(lake: Lake, q: InstitutionQuery, courses: ScopeCourse[]): Promise<ActiveLearners> {
  const f = courseFilter(q, courses);
  const weekStarts = weeksOf(q.from, q.to);
  const params = { ...f.params, ...(await staffParams(lake)), from: formatLakeTime(q.from), to: formatLakeTime(q.to), org: q.org ?? '', weeks: weekStarts };
  const orgFilter = q.org === undefined ? '1' : 'lower(org) = lower({org:String})';
  const [weekRows, orgRows] = await Promise.all([
    queryRows<{ week_text: string; active: string | number; new: string | number }>(lake, WEEKS_SQL(f.sql, orgFilter), params),
    queryRows<{ org_name: string; week_text: string; active: string | number }>(lake, BY_ORG_SQL(f.sql), params),
  ]);
  const byWeek = new Map(weekRows.map((r) => [r.week_text, r]));
  const weeks = weekStarts.map((weekStart) => {
    const r = byWeek.get(weekStart);
    const active = Number(r?.active ?? 0);
    const fresh = Number(r?.new ?? 0);
    return { weekStart, active, new: fresh, returning: active - fresh };
  });
  const orgs = new Map<string, OrgActiveWeeks>();
  for (const r of orgRows) {
    const org = orgs.get(r.org_name) ?? { org: r.org_name, weeks: [] };
    org.weeks.push({ weekStart: r.week_text, active: Number(r.active) });
    orgs.set(r.org_name, org);
  }
  return { weeks, byOrg: [...orgs.values()] };
}
