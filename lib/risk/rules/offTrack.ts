import { DEFAULT_PASSING_GRADE, type Cohort } from '../cohort';
import type { Rule } from '../rule';
import type { RiskFlag } from '../types';

const pct = (x: number) => `${Math.round(x * 100)} %`;

/**
 * off track: grade below the passing grade once offTrackElapsedShare of the course (start to
 * end) has elapsed. Needs the course dates, and grades for the course (a course nobody has a
 * grade in is not graded yet: silent); a learner with no grade counts as 0 %. The passing grade
 * is the course overview's, else Open edX's default 50 % (said in the reason).
 */
export const offTrack: Rule = {
  name: 'offTrack',
  async evaluate(_lake, cohort: Cohort) {
    const flags = new Map<number, RiskFlag>();
    const { start, end, at } = cohort;
    if (!start || !end || end <= start) return { flags, silent: 'course start and end dates not known' };
    if (!cohort.anyGrades) return { flags, silent: 'no grades known for the course' };
    const elapsed = (at.getTime() - start.getTime()) / (end.getTime() - start.getTime());
    const share = cohort.thresholds.offTrackElapsedShare;
    if (elapsed < share) return { flags };
    const passing = cohort.passingGrade ?? DEFAULT_PASSING_GRADE;
    const passingText = cohort.passingGrade === null ? `${pct(passing)} (Open edX default)` : pct(passing);
    const since = new Date(start.getTime() + share * (end.getTime() - start.getTime())).toISOString();
    for (const l of cohort.eligible) {
      const grade = l.grade ?? 0;
      if (grade >= passing) continue;
      flags.set(l.userId, {
        rule: 'offTrack',
        severity: 'yellow',
        reason: `grade ${l.grade === null ? '0 % (none yet)' : pct(grade)}, passing ${passingText}; ${pct(Math.min(elapsed, 1))} of the course elapsed`,
        since,
      });
    }
    return { flags };
  },
};
