import { DAY_MS, type Cohort } from '../cohort';
import { loadGradedWork, workStanding } from '../gradedWork';
import { formatDay, type Rule } from '../rule';
import type { RiskFlag } from '../types';
import { formatMessage } from '../../i18n';
import { ruleReasons as m } from '../reasons.messages';

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/**
 * missed deadline: graded subsections due in the last missedDeadlineDays (after the learner
 * enrolled) with no attempt, weighed by their share of the final grade (the grading policy in
 * block_schedule.weight; unknown weights share the rest equally): they flag when they weigh at
 * least missedDeadlineMinWeight, or when the latest due ones are missedDeadlineConsecutive or
 * more misses in a row — a single small quiz alone does not. Red when both hold.
 * Without any due date the rule is silent.
 */
export const missedDeadline: Rule = {
  name: 'missedDeadline',
  async evaluate(lake, cohort: Cohort) {
    const flags = new Map<number, RiskFlag>();
    const { missedDeadlineDays, missedDeadlineMinWeight, missedDeadlineConsecutive } = cohort.thresholds;
    const work = await loadGradedWork(lake, cohort);
    if (!work.subsections.length) return { flags, silent: formatMessage(m.noDueDates) };
    const from = cohort.at.getTime() - missedDeadlineDays * DAY_MS;
    for (const l of cohort.eligible) {
      const standing = workStanding(work, l, cohort.at);
      const recent = standing.missed.filter((s) => s.due.getTime() >= from);
      if (!recent.length) continue;
      const weight = recent.reduce((a, s) => a + s.weight, 0);
      const heavy = weight >= missedDeadlineMinWeight - 1e-9;
      const inARow = standing.consecutiveMisses >= missedDeadlineConsecutive;
      if (!heavy && !inARow) continue;
      const list = recent.map((s) => formatMessage(m.dueSubsection, { title: s.title, day: formatDay(s.due) })).join(', ');
      flags.set(l.userId, {
        rule: 'missedDeadline',
        severity: heavy && inARow ? 'red' : 'yellow',
        reason: formatMessage(standing.consecutiveMisses >= 2 ? m.missedDeadlineInARow : m.missedDeadline, {
          count: recent.length,
          days: missedDeadlineDays,
          share: pct(weight),
          list,
          inARow: standing.consecutiveMisses,
        }),
        since: recent[0]!.due.toISOString(),
      });
    }
    return { flags };
  },
};
