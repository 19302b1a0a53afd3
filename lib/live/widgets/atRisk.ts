import type { Lake } from '../../lake/client';
import { assessCourse } from '../../risk/evaluate';
import { resolveThresholds } from '../../risk/thresholds';
import { DEFAULT_THRESHOLDS, THRESHOLD_NAMES, type LearnerRisk, type RiskThresholds, type RuleName, type ThresholdName, type ThresholdSource } from '../../risk/types';
import type { Widget } from '../widget';

/** The at-risk learners of a course (DESIGN §6), as the live list and the API show them. */
export interface AtRiskWidget {
  /** The evaluation time (ISO): days inactive and windows are counted to it. */
  evaluatedAt: string;
  thresholds: RiskThresholds;
  /** Where each threshold comes from: course → org → global → default. */
  sources: Record<ThresholdName, ThresholdSource>;
  /** Every at-risk learner, red first (the browser filters and sorts). */
  learners: LearnerRisk[];
  /** Learners the rules looked at (enrolled, not staff, not passed, not newly enrolled). */
  evaluated: number;
  /** Rules that could not judge this course, with why (too few active peers, no due dates…). */
  silent: Partial<Record<RuleName, string>>;
  /** Set when the latest evaluation failed: the list is then the last good one (or empty). */
  error?: string;
}

/**
 * A course's evaluation is reused for this long, whatever the number of rooms, API calls and
 * ingest batches asking meanwhile: a busy course marks its room dirty every tick, and the rules
 * scan weeks of activity. A threshold change is seen at once (the thresholds are part of the key);
 * the engine's slow refresh brings learners who cross a day threshold in the meantime.
 */
export const AT_RISK_REUSE_MS = 3_000;

interface Cached {
  at: number;
  key: string;
  value: Promise<AtRiskWidget>;
}
const cache = new Map<string, Cached>();

/** The course's at-risk list at `now`, evaluated at most once per AT_RISK_REUSE_MS for the same thresholds. */
export async function currentAtRisk(lake: Lake, courseId: string, now = new Date()): Promise<AtRiskWidget> {
  const { thresholds, sources } = await resolveThresholds(lake, courseId);
  const key = JSON.stringify(thresholds);
  const hit = cache.get(courseId);
  if (hit && hit.key === key && now.getTime() - hit.at < AT_RISK_REUSE_MS && now.getTime() >= hit.at) return hit.value;
  // recordFlags: the live list keeps each learner's first-flagged time across evaluations.
  const value = assessCourse(lake, { courseId, at: now, thresholds, recordFlags: true }).then((a) => ({
    evaluatedAt: now.toISOString(),
    thresholds,
    sources,
    learners: a.learners,
    evaluated: a.evaluated,
    silent: a.silent,
  }));
  const entry = { at: now.getTime(), key, value };
  cache.set(courseId, entry);
  // A failed evaluation is not reused; an old entry is dropped so the map does not grow with courses.
  value.catch(() => cache.get(courseId) === entry && cache.delete(courseId));
  for (const [id, c] of cache) if (now.getTime() - c.at > 10 * AT_RISK_REUSE_MS) cache.delete(id);
  return value;
}

const lastGood = new Map<string, AtRiskWidget>();

/**
 * The live list. A failing evaluation must not take the room's other widgets down with it
 * (the engine computes them together), so it shows the last good list with the error.
 */
export const atRisk: Widget<AtRiskWidget> = {
  name: 'atRisk',
  async compute({ lake, courseId, now }) {
    try {
      const value = await currentAtRisk(lake, courseId, now);
      lastGood.set(courseId, value);
      return value;
    } catch (err) {
      const previous = lastGood.get(courseId);
      return {
        evaluatedAt: previous?.evaluatedAt ?? now.toISOString(),
        thresholds: previous?.thresholds ?? { ...DEFAULT_THRESHOLDS },
        sources: previous?.sources ?? defaultSources(),
        learners: previous?.learners ?? [],
        evaluated: previous?.evaluated ?? 0,
        silent: previous?.silent ?? {},
        error: `at-risk list not updated: ${(err as Error).message}`,
      };
    }
  },
};

function defaultSources(): Record<ThresholdName, ThresholdSource> {
  return Object.fromEntries(THRESHOLD_NAMES.map((n) => [n, 'default'])) as Record<ThresholdName, ThresholdSource>;
}
