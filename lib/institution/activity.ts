import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import { courseFilter, notStaffSql, staffParams, weeksOf, type InstitutionQuery, type ScopeCourse } from './scope';

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
 * Active learners per week (Monday to Monday, UTC; DESIGN §5), new vs returning, from
 * institution_learner_weeks and institution_learner_first (migration 150): one row per learner,
 * course and week, not the events. "New" is per org on an org page and over every org on the
 * platform: a learner's first week anywhere in the scope. `w` has one row per week and learner:
 * counted, not hashed again by uniqExact.
 */
const WEEKS_SQL = (filter: string, orgFilter: string) => `
  SELECT toString(w.week) AS week_text, count() AS active, countIf(f.first_week = w.week) AS new
  FROM (
    SELECT week, user_id FROM institution_learner_weeks
    WHERE ${filter} AND week >= toMonday({from:DateTime64(3, 'UTC')}) AND week < {to:DateTime64(3, 'UTC')}
      AND ${notStaffSql('org')}
    GROUP BY week, user_id
  ) AS w
  LEFT JOIN (
    SELECT user_id, min(first_week) AS first_week FROM institution_learner_first
    WHERE ${orgFilter} GROUP BY user_id
  ) AS f ON f.user_id = w.user_id
  GROUP BY w.week
  ORDER BY w.week`;

const BY_ORG_SQL = (filter: string) => `
  SELECT lower(org) AS org_key, any(org) AS org_name, toString(week) AS week_text, uniqExact(user_id) AS active
  FROM institution_learner_weeks
  WHERE ${filter} AND week >= toMonday({from:DateTime64(3, 'UTC')}) AND week < {to:DateTime64(3, 'UTC')}
    AND ${notStaffSql('org')}
  GROUP BY org_key, week
  ORDER BY org_key, week`;

export async function activeLearners(lake: Lake, q: InstitutionQuery, courses: ScopeCourse[]): Promise<ActiveLearners> {
  const f = courseFilter(q, courses);
  const params = { ...f.params, ...(await staffParams(lake)), from: formatLakeTime(q.from), to: formatLakeTime(q.to), org: q.org ?? '' };
  const orgFilter = q.org === undefined ? '1' : 'lower(org) = lower({org:String})';
  const [weekRows, orgRows] = await Promise.all([
    queryRows<{ week_text: string; active: string | number; new: string | number }>(lake, WEEKS_SQL(f.sql, orgFilter), params),
    queryRows<{ org_name: string; week_text: string; active: string | number }>(lake, BY_ORG_SQL(f.sql), params),
  ]);
  const byWeek = new Map(weekRows.map((r) => [r.week_text, r]));
  const weeks = weeksOf(q.from, q.to).map((weekStart) => {
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
