/**
 * bench:risk-eval's OULAD replay (bench/risk-eval/oulad.ts) as the product reads it: one run of the
 * project's copy (bench/fixtures/oulad-2013, CC BY 4.0) through the parser into a lake, then the
 * cohort, graded work and grades at a cut-off against the dataset's own rows.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { loadCohort } from '../../lib/risk/cohort';
import { loadGradedWork } from '../../lib/risk/gradedWork';
import { DEFAULT_THRESHOLDS } from '../../lib/risk/types';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOuladRun, readOulad, runDay, type OuladRun } from '../../bench/risk-eval/oulad';
import { readCutoffs, runCutoffs, writeCutoffs } from '../../bench/risk-eval/ouladEval';
import { openMetricsLake } from '../metrics/lake';

const DIR = new URL('../../bench/fixtures/oulad-2013/', import.meta.url).pathname;

describe('OULAD replayed as tracking events', () => {
  let lake: Lake;
  let run: OuladRun;
  const DAY = 60;

  before(async () => {
    lake = await openMetricsLake('lookout_risk_oulad_test');
    run = readOulad(DIR).find((r) => r.name === 'AAA-2013J')!;
    await loadOuladRun(lake, run);
  });

  it('reads the 2013 runs with their assessments, learners and submissions', () => {
    const runs = readOulad(DIR);
    assert.deepEqual(runs.map((r) => r.name), ['AAA-2013J', 'BBB-2013B', 'BBB-2013J', 'DDD-2013B', 'DDD-2013J', 'EEE-2013J', 'FFF-2013B', 'FFF-2013J', 'GGG-2013J']);
    assert.deepEqual([run.lengthDays, run.assessments.length, run.learners.length], [268, 6, 383]);
    assert.equal(run.start.toISOString(), '2013-10-01T00:00:00.000Z');
  });

  it('holds who is enrolled at a cut-off: registered before it, not yet withdrawn', async () => {
    const at = runDay(run, DAY);
    const cohort = await loadCohort(lake, run.courseId, at, DEFAULT_THRESHOLDS);
    const expected = run.learners.filter((l) => (l.registrationDay ?? 0) < DAY && (l.unregistrationDay === null || l.unregistrationDay >= DAY)).length;
    assert.equal(cohort.everyone.filter((l) => l.enrolled === true).length, expected);
  });

  it('gives each assessment its due day and its share of the grade, and each learner the weighted grade', async () => {
    const at = runDay(run, DAY);
    const cohort = await loadCohort(lake, run.courseId, at, DEFAULT_THRESHOLDS);
    const work = await loadGradedWork(lake, cohort);
    // AAA-2013J: TMAs of 10, 20, 20, 20, 30 % of the coursework and the exam (100 %): halves of the grade.
    assert.deepEqual(work.subsections.map((s) => Math.round(s.weight * 1000) / 1000), [0.05, 0.1, 0.1, 0.1, 0.15, 0.5]);
    assert.deepEqual(work.subsections.slice(0, 2).map((s) => s.due.toISOString().slice(0, 10)), ['2013-10-20', '2013-11-24']);
    const weight = new Map(run.assessments.map((a) => [a.id, work.subsections.find((s) => s.title.endsWith(` ${a.id}`))!.weight]));
    let checked = 0;
    for (const l of cohort.everyone.slice(0, 50)) {
      const subs = run.submissions.filter((s) => s.userId === l.userId && s.day < DAY);
      if (!subs.length) continue;
      const grade = subs.reduce((g, s) => g + (s.score / 100) * weight.get(s.assessment)!, 0);
      assert.ok(Math.abs((l.grade ?? 0) - grade) < 0.01, `${l.userId}: ${l.grade} vs ${grade}`);
      assert.equal(work.attempts.get(l.userId)?.size, new Set(subs.map((s) => s.assessment)).size);
      checked++;
    }
    assert.ok(checked > 20);
  });

  it('the bench’s cut-off cache gives back the same features, rule flags and labels as the replay', async () => {
    const cutoffs = await runCutoffs(lake, run, 90);
    assert.deepEqual(cutoffs.map((c) => c.day), [90, 180]);
    const dir = mkdtempSync(join(tmpdir(), 'lookout-oulad-cache-'));
    try {
      const file = join(dir, 'cutoffs.json');
      writeCutoffs(file, cutoffs);
      const back = readCutoffs(file, [run]);
      assert.equal(back.length, cutoffs.length);
      for (const [k, c] of cutoffs.entries()) {
        assert.ok(c.learners.length > 100);
        assert.equal(back[k]!.enrolled, c.enrolled);
        assert.deepEqual(back[k]!.learners.map((l) => l.x), c.learners.map((l) => l.x));
        assert.deepEqual(back[k]!.learners.map((l) => [l.learner.userId, [...l.rules], l.platformLabel]), c.learners.map((l) => [l.learner.userId, [...l.rules], l.platformLabel]));
      }
      // Someone missed work by day 180: the features do see the weights.
      assert.ok(cutoffs[1]!.learners.some((l) => l.signals.work.weightMissed > 0));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
