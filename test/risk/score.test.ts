/** The risk score: training with a known answer, scoring and reasons, the flag budget, hard alerts, retraining from the lake. */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { writeCourseBlocks } from '../../lib/risk/courseBlocks';
import { assessCourse, recordFlags } from '../../lib/risk/evaluate';
import { FEATURE_NAMES, featureVector, learnerSignals, type LearnerSignals } from '../../lib/risk/features';
import { loadCohort } from '../../lib/risk/cohort';
import { checkModel, scoreLearner, scoreVector, trainModel, type Example } from '../../lib/risk/model';
import { chooseFlagged, flagBudget, rankLearners } from '../../lib/risk/rank';
import { currentModel, priorModel, retrainRiskModel } from '../../lib/risk/train';
import { DEFAULT_THRESHOLDS } from '../../lib/risk/types';
import { rng } from '../../lib/demo/random';
import { videoEvent } from '../../lib/demo/tracking';
import { actor } from '../metrics/lake';
import { openMetricsLake } from '../metrics/lake';
import { AT, CourseBuilder, daysBefore, insertCourse } from './learners';
import { handModel } from './model';

/** One lake for the file (chDB: one database per process). */
let shared: Promise<Lake> | undefined;
const theLake = () => (shared ??= openMetricsLake('lookout_risk_score_test'));

const Q = FEATURE_NAMES.indexOf('daysQuiet');
const M = FEATURE_NAMES.indexOf('missedShare');

describe('trainModel (logistic regression, Newton with L2)', () => {
  it('finds the features that decide the label and ignores noise', () => {
    const random = rng(8);
    const examples: Example[] = [];
    for (let i = 0; i < 8000; i++) {
      const x = FEATURE_NAMES.map(() => random());
      x[Q] = random() * 4;
      x[M] = random();
      // true log-odds: 2 × daysQuiet + 3 × missedShare − 4
      const p = 1 / (1 + Math.exp(-(2 * x[Q]! + 3 * x[M]! - 4)));
      examples.push({ x, y: random() < p ? 1 : 0 });
    }
    const model = trainModel(examples, { label: 'l', trainedOn: 't', l2: 1e-5 });
    // coefficients are on standardised features: raw = coef / sd
    const raw = (j: number) => model.coef[j]! / model.sd[j]!;
    assert.ok(Math.abs(raw(Q) - 2) < 0.35, `daysQuiet ${raw(Q)}`);
    assert.ok(Math.abs(raw(M) - 3) < 0.6, `missedShare ${raw(M)}`);
    for (const [j, f] of FEATURE_NAMES.entries()) if (j !== Q && j !== M) assert.ok(Math.abs(raw(j)) < 0.5, `${f} ${raw(j)}`);
    const low = FEATURE_NAMES.map(() => 0.5);
    const high = [...low];
    high[Q] = 4;
    assert.ok(scoreVector(model, high) > 0.9 && scoreVector(model, low) < 0.2);
  });

  it('with its default penalty, shares the weight of two near-copies of a feature instead of giving them opposite signs', () => {
    const random = rng(11);
    const examples: Example[] = [];
    for (let i = 0; i < 5000; i++) {
      const x = FEATURE_NAMES.map(() => random());
      x[Q] = random() * 4;
      x[M] = x[Q]! / 4 + (random() - 0.5) * 0.02;
      examples.push({ x, y: random() < 1 / (1 + Math.exp(-(2 * x[Q]! - 4))) ? 1 : 0 });
    }
    const model = trainModel(examples, { label: 'l', trainedOn: 't' });
    assert.ok(model.coef[Q]! > 0.3 && model.coef[M]! > 0.3, `daysQuiet ${model.coef[Q]}, missedShare ${model.coef[M]}`);
  });

  it('an example of weight 2 counts as two copies of it (sources of different sizes can count alike)', () => {
    const random = rng(5);
    const examples: Example[] = Array.from({ length: 600 }, () => {
      const x = FEATURE_NAMES.map(() => random());
      return { x, y: random() < 1 / (1 + Math.exp(-(3 * x[Q]! - 1.5))) ? 1 : 0 };
    });
    const doubled = trainModel([...examples, ...examples.slice(0, 200)], { label: 'l', trainedOn: 't' });
    const weighted = trainModel(examples.map((e, i) => (i < 200 ? { ...e, weight: 2 } : e)), { label: 'l', trainedOn: 't' });
    for (const [j, c] of weighted.coef.entries()) assert.ok(Math.abs(c - doubled.coef[j]!) < 1e-6, `${FEATURE_NAMES[j]} ${c} ${doubled.coef[j]}`);
    assert.ok(Math.abs(weighted.intercept - doubled.intercept) < 1e-6);
  });

  it('refuses a model whose features are not this code’s', () => {
    assert.throws(() => checkModel({ ...priorModel(), features: ['daysQuiet'] as never }), /do not match/);
  });

  it('ships a prior that says what it was trained on', () => {
    const prior = priorModel();
    assert.match(prior.trainedOn, /OULAD/);
    assert.ok(prior.examples > 1000 && prior.positives > 100);
  });
});

describe('reasons', () => {
  it('never names an absence as a reason, even when a negative weight makes it push the score up', () => {
    // A learner who missed nothing, was never late and enrolled on time, against a model that
    // (as an OULAD-trained one may) weighs those features negatively: each pushes the score up.
    const s = {
      learner: { userId: 1, grade: 0.3, attempts: 0, correct: 0 },
      daysQuiet: 9,
      neverActive: false,
      usualGap: 3,
      activeLastWeek: 0,
      baselinePerWeek: null,
      activeDaysPerWeek: 1,
      work: { due: [], missed: [], weightDue: 0.3, weightMissed: 0, consecutiveMisses: 0, late: 0, attempted: 2, daysEarly: 1 },
      enrolledDaysBeforeStart: 0,
      enrolledDaysAfterStart: 0,
      elapsed: 0.3,
      videos: null,
    } as unknown as LearnerSignals;
    const model = handModel({ consecutiveMisses: -3, missedCount: -3, missedShare: -3, lateShare: -3, enrolledAfterStart: -3, attemptsPerCorrect: -3, gapVsUsual: 1 }, -2);
    model.mean = FEATURE_NAMES.map(() => 1);
    const { reasons } = scoreLearner(model, s);
    assert.deepEqual(reasons, ['quiet for 9 days; usually back within 3 days']);
  });
});

describe('flagBudget', () => {
  it('flags at most the budget per 100 enrolled, rounded down', () => {
    assert.deepEqual([flagBudget(100, 15), flagBudget(20, 15), flagBudget(6, 15), flagBudget(0, 15), flagBudget(40, 0)], [15, 3, 0, 0, 0]);
  });
});

describe('chooseFlagged (hysteresis)', () => {
  const ranked = Array.from({ length: 40 }, (_, i) => ({ userId: 100 + i + 1, rank: i + 1 }));
  const ids = (s: Set<number>) => [...s].sort((a, b) => a - b);

  it('with nobody flagged before, flags the top of the ranking', () => {
    assert.deepEqual(ids(chooseFlagged(ranked, 5, new Set())), [101, 102, 103, 104, 105]);
  });

  it('a flagged learner keeps their place while ranked below twice the budget, never past the budget', () => {
    // 109 (rank 9, budget 5) competes as 4.5 and beats the newcomer at rank 5; 110 (rank 10) competes as 5 and the newcomer ranked 5 wins.
    assert.deepEqual(ids(chooseFlagged(ranked, 5, new Set([109]))), [101, 102, 103, 104, 109]);
    assert.deepEqual(ids(chooseFlagged(ranked, 5, new Set([110]))), [101, 102, 103, 104, 105]);
    const many = chooseFlagged(ranked, 5, new Set([106, 107, 108, 109, 110, 101]));
    assert.equal(many.size, 5);
    // a newcomer ranked in the top half of the budget still gets in ahead of the stayers below the budget
    assert.ok(many.has(101) && many.has(102) && many.has(103) && !many.has(110), ids(many).join());
  });
});

describe('the ranked list on a small cohort with a known answer', () => {
  let lake: Lake;
  const course = new CourseBuilder('course-v1:RiskS+Score+1');
  const quitters = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const stayers = Array.from({ length: 30 }, (_, i) => 101 + i);

  before(async () => {
    lake = await theLake();
    // Quitters study for the first 10 days of the course and stop; stayers study every other day and do the quizzes.
    for (const u of [...quitters, ...stayers]) course.enroll(u, daysBefore(60));
    for (let d = 50; d >= 0; d--) {
      for (const u of quitters) if (d >= 40 && (d + u) % 2 === 0) course.session(u, daysBefore(d + 0.2));
      for (const u of stayers) if ((d + u) % 2 === 0) course.session(u, daysBefore(d + 0.1));
    }
    for (const [i, due] of [45, 30, 15].entries()) for (const u of stayers) course.problem(u, daysBefore(due + 1), true, `q${i}`);
    quitters.forEach((u) => course.problem(u, daysBefore(46), u % 3 === 0, 'q0'));
    await course.write(lake);
    await insertCourse(lake, course.courseId, daysBefore(50), daysBefore(-30));
    await writeCourseBlocks(lake, course.courseId, [
      ...[45, 30, 15].map((due, i) => ({ blockType: 'sequential' as const, usageKey: course.sequentialKey(`s${i}`), title: `Quiz ${i}`, graded: true, due: daysBefore(due), weight: 0.1 })),
      ...[0, 1, 2].map((i) => ({ blockType: 'problem' as const, usageKey: course.problemKey(`q${i}`), subsectionKey: course.sequentialKey(`s${i}`) })),
    ]);
  });

  it('trained on the cohort, the score ranks the quitters first, with reasons in words and numbers', async () => {
    const cohort = await loadCohort(lake, course.courseId, AT, DEFAULT_THRESHOLDS);
    const signals = await learnerSignals(lake, cohort);
    assert.equal(signals.length, 40);
    const examples = signals.map((s) => ({ x: featureVector(s), y: (quitters.includes(s.learner.userId) ? 1 : 0) as 0 | 1 }));
    const model = trainModel(examples, { label: 'quits', trainedOn: 'the test cohort' });
    const a = await assessCourse(lake, { courseId: course.courseId, at: AT, model, thresholds: { ...DEFAULT_THRESHOLDS, flagBudgetPer100: 25 } });
    assert.deepEqual([a.enrolled, a.budget], [40, { per100: 25, count: 10 }]);
    assert.deepEqual(a.learners.map((l) => l.userId).sort((x, y) => x - y), quitters);
    assert.deepEqual(a.learners.map((l) => l.rank), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.ok(a.learners.every((l, i) => i === 0 || l.score <= a.learners[i - 1]!.score));
    const one = a.learners.find((l) => l.userId === 1)!;
    assert.ok(one.reasons.length >= 1 && one.reasons.length <= 3);
    assert.ok(
      one.reasons.some((r) => /^no activity for (39|40|41) days$/.test(r) || /^missed 20 % of the grade \(2 graded subsections of 3 due/.test(r)),
      one.reasons.join(' | '),
    );
    assert.equal(a.model.trainedOn, 'the test cohort');
  });

  it('the budget keeps the list short; hard alerts add red rules beyond it', async () => {
    const model = handModel({ activeDaysPerWeek: -1 });
    const short = await assessCourse(lake, { courseId: course.courseId, at: AT, model });
    assert.equal(short.learners.length, 6); // 15 of every 100 of 40
    assert.ok(short.learners.every((l) => l.flaggedBy === 'budget'));
    const alerts = await assessCourse(lake, { courseId: course.courseId, at: AT, model, thresholds: { ...DEFAULT_THRESHOLDS, hardAlerts: 1 } });
    const beyond = alerts.learners.filter((l) => l.flaggedBy === 'hardAlert');
    assert.ok(beyond.length > 0, 'quitters whose rules are red join beyond the budget');
    assert.ok(beyond.every((l) => l.severity === 'red' && l.rank > 6 && l.severityReason.startsWith('red: ')));
  });

  it('a learner flagged by the live list keeps their place a little below the budget (hysteresis)', async () => {
    const model = handModel({ activeDaysPerWeek: -1 });
    const cohort = await loadCohort(lake, course.courseId, AT, DEFAULT_THRESHOLDS);
    const ranked = rankLearners(model, await learnerSignals(lake, cohort));
    const first = await assessCourse(lake, { courseId: course.courseId, at: AT, model });
    assert.deepEqual(first.learners.map((l) => l.userId), ranked.slice(0, 6).map((r) => r.userId));
    // The learner at rank 8 was flagged at the last live evaluation, half a day ago.
    const eighth = ranked[7]!.userId;
    await recordFlags(lake, course.courseId, daysBefore(0.5), [{ ...first.learners[0]!, userId: eighth, firstFlaggedAt: daysBefore(0.5).toISOString() }]);
    const again = await assessCourse(lake, { courseId: course.courseId, at: AT, model });
    assert.equal(again.learners.length, 6);
    assert.ok(again.learners.some((l) => l.userId === eighth && l.rank === 8 && l.flaggedBy === 'budget'));
    assert.ok(!again.learners.some((l) => l.userId === ranked[5]!.userId), 'the newcomer at rank 6 waits');
    await lake.client.command({ query: `TRUNCATE TABLE risk_flag_state` });
  });

  it('retrains from the platform history (earlier weeks whose outcome is known) and scores with it', async () => {
    assert.equal((await currentModel(lake, 0)).trainedOn, priorModel().trainedOn);
    const r = await retrainRiskModel(lake, AT, { examples: 50, positives: 5 });
    assert.equal(r.stored, true);
    assert.ok(r.examples >= 40 && r.positives >= 10, JSON.stringify(r));
    const model = await currentModel(lake, Date.now() + 3_600_000);
    assert.match(model.trainedOn, /^this platform: 1 course runs/);
    const a = await assessCourse(lake, { courseId: course.courseId, at: AT, thresholds: { ...DEFAULT_THRESHOLDS, flagBudgetPer100: 25 } });
    assert.ok(a.learners.filter((l) => quitters.includes(l.userId)).length >= 8, a.learners.map((l) => l.userId).join());
  });
});

describe('video completion and earliness (features the lake has; absent from OULAD)', () => {
  let lake: Lake;
  const course = new CourseBuilder('course-v1:RiskS+Video+1');
  const video = (user: number, videoId: string, action: 'play_video' | 'pause_video' | 'stop_video', position: number, days: number) =>
    course.lines.push(videoEvent({ actor: actor(user), courseId: course.courseId, time: daysBefore(days), action, videoId, position, duration: 300 }));

  before(async () => {
    lake = await theLake();
    for (const u of [1, 2, 3]) course.enroll(u, daysBefore(30));
    // 1 watches v1 to its end and half of v2; 2 plays v2 and stops a tenth in; 3 watches nothing.
    video(1, 'v1', 'play_video', 0, 20);
    video(1, 'v1', 'stop_video', 299, 19.99);
    video(1, 'v2', 'play_video', 0, 18);
    video(1, 'v2', 'pause_video', 150, 17.99);
    video(2, 'v2', 'play_video', 0, 18);
    video(2, 'v2', 'pause_video', 30, 17.99);
    // the quiz is due 10 days ago: 1 hands it in 2 days before, 2 one day after, 3 never
    course.problem(1, daysBefore(12), true, 'q0').problem(2, daysBefore(9), true, 'q0');
    await course.write(lake);
    await insertCourse(lake, course.courseId, daysBefore(25), daysBefore(-30));
    await writeCourseBlocks(lake, course.courseId, [
      { blockType: 'sequential', usageKey: course.sequentialKey('s0'), title: 'Quiz', graded: true, due: daysBefore(10), weight: 0.2 },
      { blockType: 'problem', usageKey: course.problemKey('q0'), subsectionKey: course.sequentialKey('s0') },
    ]);
  });

  it('counts the videos each learner watched to the end against those the course’s learners played, and how early graded work came in', async () => {
    const signals = await learnerSignals(lake, await loadCohort(lake, course.courseId, AT, DEFAULT_THRESHOLDS));
    const by = new Map(signals.map((s) => [s.learner.userId, s]));
    assert.deepEqual([1, 2, 3].map((u) => by.get(u)!.videos), [{ completed: 1, course: 2 }, { completed: 0, course: 2 }, { completed: 0, course: 2 }]);
    assert.deepEqual([1, 2, 3].map((u) => Math.round(by.get(u)!.work.daysEarly * 100) / 100), [2, -1, 0]);
    const model = handModel({ videoCompletion: -3, daysEarly: -1 });
    model.mean = FEATURE_NAMES.map((f) => (f === 'videoCompletion' ? 0.5 : 0));
    assert.deepEqual(scoreLearner(model, by.get(2)!).reasons, ['watched none of 2 videos to the end', 'handed graded work in 1 day after its due date on average']);
    assert.deepEqual(scoreLearner(model, by.get(3)!).reasons, ['watched none of 2 videos to the end']);
    assert.ok(scoreLearner(model, by.get(1)!).score < scoreLearner(model, by.get(3)!).score);
  });

  it('a course with no video played leaves the feature neutral', async () => {
    const cohort = await loadCohort(lake, 'course-v1:RiskS+Score+1', AT, DEFAULT_THRESHOLDS);
    const signals = await learnerSignals(lake, cohort);
    assert.ok(signals.length > 0 && signals.every((s) => s.videos === null && featureVector(s)[FEATURE_NAMES.indexOf('videoCompletion')] === 1));
  });
});
