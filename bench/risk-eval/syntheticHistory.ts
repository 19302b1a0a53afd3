/**
 * Training examples from synthetic course runs (lib/cohort: learners who pause and come back,
 * fade, never start, struggle, surge late; skewed time spent) through the platform's own
 * training routine (lib/risk/train.ts courseExamples, PLATFORM_LABEL). They teach the prior what
 * OULAD cannot: OULAD has no click log, so there a learner is "quiet" between any two
 * submissions and quiet days barely predict withdrawal; on a platform with a click log they do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCohort } from '../../lib/cohort/cohort';
import { openLake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import type { Example } from '../../lib/risk/model';
import { courseExamples, OUTCOME_DAYS, weeklyCutoffs } from '../../lib/risk/train';
import { loadCohort } from './load';

const DAY = 86_400_000;

export async function syntheticExamples(o: { seeds: number; learners: number; weeks: number }): Promise<{ examples: Example[]; description: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-bench-synthetic-'));
  const lake = await openLake({ dataDir: dir, database: 'risk_synthetic' });
  try {
    await migrate(lake);
    const start = new Date('2025-01-06T00:00:00Z');
    const examples: Example[] = [];
    for (let seed = 1; seed <= o.seeds; seed++) {
      const cohort = generateCohort({ seed, learners: o.learners, weeks: o.weeks, start });
      await loadCohort(lake, cohort);
      // The known history ends with the course: the outcome of the last OUTCOME_DAYS' cut-offs is not known.
      const end = new Date(start.getTime() + o.weeks * 7 * DAY);
      examples.push(...(await courseExamples(lake, cohort.course.courseId, weeklyCutoffs(start, new Date(end.getTime() - OUTCOME_DAYS * DAY)), end)));
    }
    return { examples, description: `${o.seeds} synthetic course runs of ${o.learners} learners × ${o.weeks} weeks (lib/cohort, seeds 1–${o.seeds}; label: withdraws or does no more study)` };
  } finally {
    await lake.close();
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
    } catch {
      // chDB's background work may still write there after close: a temp dir left behind is no failure
      console.warn(`could not remove ${dir}`);
    }
  }
}
