/**
 * Scoring of early-warning flags against what learners went on to do.
 *
 * At a cut-off c the population is the learners with a learner event in (c − 7 d, c]; a learner
 * of it is positive when they have no learner event in (c, c + 10 d]. A rule's flags at c are
 * scored on that population: precision, recall, flags per 100 learners, and lead time: for each
 * true positive, days from the start of the learner's flag spell under that rule (the earliest
 * of the consecutive cut-offs up to c at which the rule flagged them) to their last event at or
 * before c, i.e. how long before going silent the rule had warned (negative: only after).
 * "Learner event" here leaves out enrolling, as the rules do: enrolling is not starting.
 */
import { rng } from '../../lib/demo/random';
import type { EventTimes } from './load';

const DAY = 86_400_000;
export const ACTIVE_WINDOW_DAYS = 7;
export const LABEL_HORIZON_DAYS = 10;

export interface CutoffFlags {
  at: number;
  /** Enrolled learners at the cut-off (the cohort's, enrolled by then). */
  enrolled: number;
  /** Learners flagged, by rule name (plus any combination the caller adds, e.g. 'any'). */
  flagged: Map<string, Set<number>>;
}

export interface Labelled {
  at: number;
  population: number[];
  positives: Set<number>;
}

/** Index of the first time > t (times ascending). */
function upperBound(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last event at or before t, or undefined. */
export function lastEventAtOrBefore(times: number[], t: number): number | undefined {
  const i = upperBound(times, t);
  return i > 0 ? times[i - 1] : undefined;
}

/**
 * Who is scored at a cut-off: 'active', the learners with a learner event in the week before
 * (the definition: will someone still here stop?); 'enrolled', every learner enrolled
 * for at least NEW_ENROLLMENT_DAYS (also those already quiet: will they stay away?), which is
 * the only population where the rules about quiet learners (inactive, disengaging, never
 * started) can fire at all.
 */
export type Population = 'active' | 'enrolled';
export const NEW_ENROLLMENT_DAYS = 3;

export function labelAt(times: EventTimes, at: number, population: Population = 'active'): Labelled {
  const members: number[] = [];
  const positives = new Set<number>();
  for (const [userId, t] of times.activity) {
    const last = lastEventAtOrBefore(t, at);
    const scored =
      population === 'enrolled' ? times.enrolledAt.get(userId)! <= at - NEW_ENROLLMENT_DAYS * DAY : last !== undefined && last > at - ACTIVE_WINDOW_DAYS * DAY;
    if (!scored) continue;
    members.push(userId);
    const next = t[upperBound(t, at)];
    if (next === undefined || next > at + LABEL_HORIZON_DAYS * DAY) positives.add(userId);
  }
  return { at, population: members, positives };
}

/** The learner's last sign of life at or before `at`: their last activity, else their enrollment. */
function lastSeen(times: EventTimes, userId: number, at: number): number {
  return lastEventAtOrBefore(times.activity.get(userId)!, at) ?? times.enrolledAt.get(userId)!;
}

export interface RuleScore {
  /** Flags among the population per 100 of it, mean over cut-offs. */
  flagsPer100Population: number;
  /** All flags (in the population or not) per 100 enrolled learners, mean over cut-offs. */
  flagsPer100Enrolled: number;
  precision: number;
  recall: number;
  /** Median lead time of the true positives, days (NaN with none). */
  leadDays: number;
  truePositives: number;
}

export interface SeedScore {
  baseRate: number;
  /** Population size per cut-off, mean. */
  population: number;
  rules: Map<string, { rule: RuleScore; random: RuleScore }>;
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Scores one rule's flags over the cut-offs (in time order). */
function scoreFlags(labels: Labelled[], flagsAt: Set<number>[], enrolled: number[], allFlags: number[], times: EventTimes): RuleScore {
  let flaggedInPopulation = 0;
  let truePositives = 0;
  let positives = 0;
  const per100Active: number[] = [];
  const per100Enrolled: number[] = [];
  const leads: number[] = [];
  labels.forEach((label, k) => {
    const flags = flagsAt[k]!;
    let inPopulation = 0;
    for (const userId of label.population) {
      if (!flags.has(userId)) continue;
      inPopulation++;
      if (!label.positives.has(userId)) continue;
      truePositives++;
      let first = k;
      while (first > 0 && flagsAt[first - 1]!.has(userId)) first--;
      leads.push((lastSeen(times, userId, label.at) - labels[first]!.at) / DAY);
    }
    flaggedInPopulation += inPopulation;
    positives += label.positives.size;
    per100Active.push(label.population.length ? (100 * inPopulation) / label.population.length : 0);
    per100Enrolled.push(enrolled[k] ? (100 * allFlags[k]!) / enrolled[k]! : 0);
  });
  return {
    flagsPer100Population: mean(per100Active),
    flagsPer100Enrolled: mean(per100Enrolled),
    precision: flaggedInPopulation ? truePositives / flaggedInPopulation : NaN,
    recall: positives ? truePositives / positives : NaN,
    leadDays: median(leads),
    truePositives,
  };
}

/**
 * Scores every rule of the cut-offs, each beside a random baseline that flags, at every
 * cut-off, as many learners of the population as the rule did, drawn with a seeded RNG.
 */
export function scoreSeed(cutoffs: CutoffFlags[], times: EventTimes, seed: number, population: Population = 'active'): SeedScore {
  const labels = cutoffs.map((c) => labelAt(times, c.at, population));
  const enrolled = cutoffs.map((c) => c.enrolled);
  const ruleNames = [...new Set(cutoffs.flatMap((c) => [...c.flagged.keys()]))];
  const rules = new Map<string, { rule: RuleScore; random: RuleScore }>();
  for (const [r, name] of ruleNames.entries()) {
    const random = rng(seed * 7919 + r + 1);
    const flagsAt = cutoffs.map((c) => c.flagged.get(name) ?? new Set<number>());
    const allFlags = flagsAt.map((f) => f.size);
    const randomAt = labels.map((label, k) => {
      const count = label.population.filter((u) => flagsAt[k]!.has(u)).length;
      return new Set(sample(label.population, count, random));
    });
    rules.set(name, { rule: scoreFlags(labels, flagsAt, enrolled, allFlags, times), random: scoreFlags(labels, randomAt, enrolled, allFlags, times) });
  }
  const inPopulation = labels.reduce((n, l) => n + l.population.length, 0);
  const positives = labels.reduce((n, l) => n + l.positives.size, 0);
  return { baseRate: inPopulation ? positives / inPopulation : NaN, population: inPopulation / Math.max(1, labels.length), rules };
}

/** `count` distinct items drawn uniformly (partial Fisher–Yates). */
export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const a = [...items];
  const n = Math.min(count, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

export function mean(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
}

export function sd(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length < 2) return NaN;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
}

/** A learner as the recorded truth knows them: whether and when they stopped. */
export interface TruthLearner {
  userId: number;
  /** Day (from the course start) of their last activity when they stop for good; null: they do not. */
  stoppedOnDay: number | null;
}

export interface TruthScore {
  /** Stoppers flagged at a cut-off on or before the day they stopped, %. */
  warned: number;
  /** Median days from the first such flag to the stop. */
  daysAhead: number;
  /** Learners who do not stop flagged at one cut-off or more, %. */
  falseAlarmsEver: number;
  /** … and at the average cut-off, %. */
  falseAlarmsPerCutoff: number;
}

/**
 * Scores one rule against the recorded truth instead of the 10-day label: stoppers (those who
 * stop between the first and last cut-off) warned before they stopped, and how early; and how
 * often learners who never stop are flagged. `cutoffDays`: each cut-off's day from the course start.
 */
export function truthScore(learners: TruthLearner[], cutoffDays: number[], flagsAt: Set<number>[]): TruthScore {
  const first = cutoffDays[0]!;
  const last = cutoffDays.at(-1)!;
  const stoppers = learners.filter((l) => l.stoppedOnDay !== null && l.stoppedOnDay >= first && l.stoppedOnDay <= last);
  const stayers = learners.filter((l) => l.stoppedOnDay === null);
  const ahead: number[] = [];
  for (const l of stoppers) {
    const k = cutoffDays.findIndex((d, i) => d <= l.stoppedOnDay! && flagsAt[i]!.has(l.userId));
    if (k >= 0) ahead.push(l.stoppedOnDay! - cutoffDays[k]!);
  }
  const flaggedCount = (l: TruthLearner) => flagsAt.filter((f) => f.has(l.userId)).length;
  return {
    warned: stoppers.length ? ahead.length / stoppers.length : NaN,
    daysAhead: median(ahead),
    falseAlarmsEver: stayers.length ? stayers.filter((l) => flaggedCount(l) > 0).length / stayers.length : NaN,
    falseAlarmsPerCutoff: stayers.length ? stayers.reduce((n, l) => n + flaggedCount(l), 0) / (stayers.length * cutoffDays.length) : NaN,
  };
}
