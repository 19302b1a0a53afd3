import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime } from '../lake/time';
import type { CountByValue, DemographicsWidget } from './dashboardTypes';
import { enrolledAt } from './roster';
import { windowEnd, windowParams, type DashboardQuery } from './scope';
import { formatMessage } from '../i18n';
import { missingMessages } from './missing.messages';

/** The LMS's profile codes, as people read them. */
export const GENDERS: Record<string, string> = { m: 'Male', f: 'Female', o: 'Other / prefer not to say' };
export const EDUCATION_LEVELS: Record<string, string> = {
  p: 'Doctorate',
  p_se: 'Doctorate (science or engineering)',
  p_oth: 'Doctorate (other field)',
  m: "Master's or professional degree",
  b: "Bachelor's degree",
  a: 'Associate degree',
  hs: 'Secondary / high school',
  jhs: 'Junior secondary / middle school',
  el: 'Elementary / primary school',
  none: 'No formal education',
  other: 'Other education',
};
/** Age bands by the age reached in the year the window ends. */
export const AGE_BANDS: [number, string][] = [
  [18, 'under 18'],
  [25, '18–24'],
  [35, '25–34'],
  [45, '35–44'],
  [55, '45–54'],
  [65, '55–64'],
  [Infinity, '65 and over'],
];
export const UNKNOWN = 'unknown';

/** Per enrolled learner with a profile, its (field, value) pairs. */
const PROFILE_FIELDS_SQL = `[('gender', gender), ('education', level_of_education), ('country', country),
  ('age', if(year_of_birth IS NULL, '', toString(toYear({at:DateTime64(3, 'UTC')}) - year_of_birth)))]`;

/**
 * DESIGN §5 demographics: learners enrolled at the end of the window (staff excluded) by
 * gender, level of education, age band and country, from their LMS profiles; learners without
 * a profile or a value are counted as 'unknown'. The enrolled learners pick the profiles (by the
 * profiles' key) and their number is the field 'enrolled'. Computed from the facts, they are
 * computed once, as a bitmap; a snapshot's stored roster is simply read twice.
 * Rows: field, value, learners (with a profile), and the field 'enrolled' whose value is their number.
 */
const SQL = (enrolled: string, stored: boolean) => `
  ${stored ? '' : `WITH (SELECT groupBitmapState(user_id) FROM (${enrolled})) AS enrolled_learners`}
  SELECT kv.1 AS field, kv.2 AS value, count() AS learners
  FROM (
    SELECT ${PROFILE_FIELDS_SQL} AS fields
    FROM lms_profiles FINAL
    WHERE user_id IN (${stored ? enrolled : 'SELECT arrayJoin(bitmapToArray(enrolled_learners))'})
    UNION ALL
    ${stored ? `SELECT [('enrolled', toString(count()))] FROM (${enrolled})` : `SELECT [('enrolled', toString(bitmapCardinality(enrolled_learners)))]`}
  )
  ARRAY JOIN fields AS kv
  GROUP BY field, value`;

function ageBand(age: string): string {
  if (age === '') return UNKNOWN;
  const years = Number(age);
  if (!Number.isFinite(years) || years < 5 || years > 120) return UNKNOWN; // a typo, not a learner's age
  return AGE_BANDS.find(([below]) => years < below)![1];
}

function tally(rows: { value: string; learners: number }[], label: (v: string) => string): CountByValue[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = r.value === '' ? UNKNOWN : label(r.value);
    counts.set(key, (counts.get(key) ?? 0) + r.learners);
  }
  return [...counts].map(([value, learners]) => ({ value, learners })).sort((a, b) => b.learners - a.learners || a.value.localeCompare(b.value));
}

export async function demographics(lake: Lake, q: DashboardQuery): Promise<DemographicsWidget> {
  const at = windowEnd(q.to);
  const enrolled = await enrolledAt(q, at);
  const rows = await queryRows<{ field: string; value: string; learners: string | number }>(lake, SQL(enrolled.sql, enrolled.stored), {
    ...(await windowParams(lake, q)),
    at: formatLakeTime(at),
  });
  const learners = Number(rows.find((r) => r.field === 'enrolled')?.value ?? 0);
  // Enrolled learners without a profile count as unknown in every field.
  const of = (field: string) => {
    const counts = rows.filter((r) => r.field === field).map((r) => ({ value: r.value, learners: Number(r.learners) }));
    const withProfile = counts.reduce((n, r) => n + r.learners, 0);
    return learners > withProfile ? [...counts, { value: '', learners: learners - withProfile }] : counts;
  };
  const gender = of('gender');
  const ages = of('age');
  const result: DemographicsWidget = {
    learners,
    gender: tally(gender, (v) => GENDERS[v] ?? v),
    levelOfEducation: tally(of('education'), (v) => EDUCATION_LEVELS[v] ?? v),
    ageBand: tally(ages, ageBand).sort((a, b) => bandOrder(a.value) - bandOrder(b.value)),
    country: tally(of('country'), (v) => v.toUpperCase()),
  };
  if (learners === 0) result.missing = formatMessage(missingMessages.noEnrolled);
  else if (rows.length === 1) result.missing = formatMessage(missingMessages.noProfiles);
  return result;
}

function bandOrder(band: string): number {
  const i = AGE_BANDS.findIndex(([, name]) => name === band);
  return i < 0 ? AGE_BANDS.length : i;
}
