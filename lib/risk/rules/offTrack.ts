import { DEFAULT_PASSING_GRADE, type Cohort } from '../cohort';
import { round1, type Rule } from '../rule';
import type { RiskFlag } from '../types';

const pct = (x: number) => `${round1(x * 100)} %`;

/**
 * off track: grade below passing once offTrackElapsedShare of the course (start to end) has
 * elapsed — "below passing" at the pace of the course: Open edX's course grade counts every
 * graded assignment, also those not yet due, so a learner on track to pass has only the elapsed
 * share of the passing grade by now. The rule fires when grade < passing × elapsed share
 * (at the end of the course: grade < passing). Read literally, it would flag nearly every
 * learner until late in the course (measured with bench/risk-eval).
 * Needs the course dates, and grades in the course (a course nobody has a grade in is not graded
 * yet: silent); a learner with no grade counts as 0 %. The passing grade is the course
 * overview's, else Open edX's default 50 % (said in the reason).
 */
export const offTrack: Rule = {
  name: 'offTrack',
  async evaluate(_lake, cohort: Cohort) {
    const flags = new Map<number, RiskFlag>();
    const { start, end, at } = cohort;
    if (!start || !end || end <= start) return { flags, silent: 'course start and end dates not known' };
    if (!cohort.anyGrades) return { flags, silent: 'no grades known for the course' };
    const elapsed = Math.min(1, (at.getTime() - start.getTime()) / (end.getTime() - start.getTime()));
    const share = cohort.thresholds.offTrackElapsedShare;
    if (elapsed < share) return { flags };
    const passing = cohort.passingGrade ?? DEFAULT_PASSING_GRADE;
    const needed = passing * elapsed;
    const passingText = cohort.passingGrade === null ? `passing ${pct(passing)}, the Open edX default` : `passing ${pct(passing)}`;
    const since = new Date(start.getTime() + share * (end.getTime() - start.getTime())).toISOString();
    for (const l of cohort.eligible) {
      const grade = l.grade ?? 0;
      if (grade >= needed) continue;
      flags.set(l.userId, {
        rule: 'offTrack',
        severity: 'yellow',
        reason: `grade ${l.grade === null ? '0 % (none yet)' : pct(grade)}; on pace to pass needs ${pct(needed)} by now (${passingText}; ${pct(elapsed)} of the course elapsed)`,
        since,
      });
    }
    return { flags };
  },
};
