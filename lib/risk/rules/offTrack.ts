import { DEFAULT_PASSING_GRADE, type Cohort } from '../cohort';
import { loadGradedWork } from '../gradedWork';
import { round1, type Rule } from '../rule';
import type { RiskFlag } from '../types';
import { formatMessage } from '../../i18n';
import { ruleReasons as m } from '../reasons.messages';

const pct = (x: number) => `${round1(x * 100)} %`;

/**
 * off track: the grade earned is below passing × the weight of the graded work already due —
 * Open edX's course grade counts work not yet due as 0, so a learner on track to pass has only
 * that share of the passing grade by now. It can fire as soon as offTrackMinWeightDue of the
 * grade is due (early in the course when the first assignment counts). Without due dates and
 * weights it falls back to the elapsed share of the course (start to end), from
 * offTrackElapsedShare on. Needs grades in the course (silent otherwise); a learner with no grade
 * counts as 0 %. The passing grade is the course overview's, else Open edX's default 50 %.
 */
export const offTrack: Rule = {
  name: 'offTrack',
  async evaluate(lake, cohort: Cohort) {
    const flags = new Map<number, RiskFlag>();
    const { start, end, at } = cohort;
    if (!cohort.anyGrades) return { flags, silent: formatMessage(m.noGrades) };
    const work = await loadGradedWork(lake, cohort);
    const weightDue = work.subsections.filter((s) => s.due <= at).reduce((a, s) => a + s.weight, 0);
    const passing = cohort.passingGrade ?? DEFAULT_PASSING_GRADE;
    const passingText = formatMessage(cohort.passingGrade === null ? m.passingDefault : m.passing, { grade: pct(passing) });
    let share: number;
    let what: string;
    let since: string | undefined;
    if (work.subsections.length) {
      if (weightDue < cohort.thresholds.offTrackMinWeightDue) return { flags };
      share = Math.min(1, weightDue);
      what = formatMessage(m.paceByDueDates, { share: pct(share) });
      since = work.subsections.filter((s) => s.due <= at).at(-1)?.due.toISOString();
    } else {
      if (!start || !end || end <= start) return { flags, silent: formatMessage(m.noDates) };
      share = Math.min(1, (at.getTime() - start.getTime()) / (end.getTime() - start.getTime()));
      if (share < cohort.thresholds.offTrackElapsedShare) return { flags };
      what = formatMessage(m.paceByElapsed, { share: pct(share) });
      since = new Date(start.getTime() + cohort.thresholds.offTrackElapsedShare * (end.getTime() - start.getTime())).toISOString();
    }
    const needed = passing * share;
    for (const l of cohort.eligible) {
      const grade = l.grade ?? 0;
      if (grade >= needed) continue;
      flags.set(l.userId, {
        rule: 'offTrack',
        severity: 'yellow',
        reason: formatMessage(m.offTrack, { grade: l.grade === null ? formatMessage(m.noGradeYet) : pct(grade), needed: pct(needed), passing: passingText, basis: what }),
        since,
      });
    }
    return { flags };
  },
};
