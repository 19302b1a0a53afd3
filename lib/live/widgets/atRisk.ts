import type { Lake } from '../../lake/client';
import { assessCourse, type CourseAssessment } from '../../risk/evaluate';
import { resolveThresholds } from '../../risk/thresholds';
import { DEFAULT_THRESHOLDS, THRESHOLD_NAMES, type LearnerRisk, type RiskThresholds, type RuleName, type ThresholdName, type ThresholdSource } from '../../risk/types';
import { withLanePriority } from '../../lake/lane';
import type { Widget } from '../widget';
import { formatMessage } from '../../i18n';
import { missingMessages } from '../../metrics/missing.messages';

/** The at-risk learners of a course (DESIGN §6), as the live list and the API show them. */
export interface AtRiskWidget {
  /** The evaluation time (ISO): days inactive and windows are counted to it. */
  evaluatedAt: string;
  thresholds: RiskThresholds;
  /** Where each threshold comes from: course → org → global → default. */
  sources: Record<ThresholdName, ThresholdSource>;
  /** The flagged learners, ranked by score (the browser filters and sorts). */
  learners: LearnerRisk[];
  /** Learners scored and checked by the rules (enrolled, not staff, not passed, not newly enrolled). */
  evaluated: number;
  /** Enrolled learners, and the flag budget per 100 of them with the count it allows. */
  enrolled: number;
  budget: CourseAssessment['budget'];
  /** Left out before scoring: unenrolled, already passed, newly enrolled (the page says so). */
  excluded: CourseAssessment['excluded'];
  /** The score's model: its label and what it was trained on. */
  model: CourseAssessment['model'] | null;
  /** Rules that could not judge this course, with why (too few active peers, no due dates…). */
  silent: Partial<Record<RuleName, string>>;
  /** Set when the latest evaluation failed: the list is then the last good one (or empty). */
  error?: string;
}

/**
 * A course's evaluation is reused for this long, whatever the number of rooms, API calls and
 * ingest batches asking meanwhile: a busy course marks its room dirty every tick, and the rules
 * scan weeks of activity (~150–300 ms for the 300-learner demo course, seconds for very large ones).
 * A course whose evaluation takes longer is re-evaluated less often: at most one tenth of the
 * time goes to evaluating it (REUSE_PER_EVALUATION × its last duration).
 */
export const AT_RISK_REUSE_MS = 3_000;
const REUSE_PER_EVALUATION = 10;
/** The live widget may show an evaluation this old while a fresh one runs (see atRisk below). */
export const AT_RISK_STALE_MAX_MS = 60_000;

interface CourseState {
  /** The thresholds the evaluations are made with: a change starts afresh, never served stale. */
  key: string;
  thresholds: RiskThresholds;
  sources: Record<ThresholdName, ThresholdSource>;
  settled?: { at: number; value: AtRiskWidget; durationMs: number };
  pending?: Promise<AtRiskWidget>;
  /** A background evaluation for the live list: tell the engine when it is done. */
  notify?: boolean;
  /** The recompute the last notice caused needs no new evaluation. */
  quietNext?: boolean;
  trailing?: NodeJS.Timeout;
}
const courses = new Map<string, CourseState>();

const refreshedListeners = new Set<(courseId: string) => void>();

/**
 * Called with the course id when a background evaluation has finished, so the live engine
 * recomputes the room (markDirty) and viewers get the new list. Returns the unsubscribe.
 */
export function onAtRiskRefreshed(listener: (courseId: string) => void): () => void {
  refreshedListeners.add(listener);
  return () => refreshedListeners.delete(listener);
}

/**
 * The course's at-risk list at `now`, evaluated at most once per reuse window for the same
 * thresholds (concurrent callers share one evaluation).
 *
 * With `allowStale` (the live widget) the caller never waits once the course has a list: past the
 * window it gets the last list (up to AT_RISK_STALE_MAX_MS old) while a fresh evaluation runs; inside
 * the window, a later request (new events made the room dirty) schedules one evaluation at the
 * window's end. Either way onAtRiskRefreshed listeners hear when the fresh list is ready.
 */
export async function currentAtRisk(lake: Lake, courseId: string, now = new Date(), opts: { allowStale?: boolean } = {}): Promise<AtRiskWidget> {
  const { thresholds, sources } = await resolveThresholds(lake, courseId);
  const key = JSON.stringify(thresholds);
  const t = now.getTime();
  forgetUnwatched(t);
  let state = courses.get(courseId);
  if (!state || state.key !== key) {
    if (state?.trailing) clearTimeout(state.trailing);
    state = { key, thresholds, sources };
    courses.set(courseId, state);
  }
  const settled = state.settled;
  const reuseMs = Math.max(AT_RISK_REUSE_MS, REUSE_PER_EVALUATION * (settled?.durationMs ?? 0));
  if (settled && t >= settled.at && t - settled.at < reuseMs) {
    if (opts.allowStale && t > settled.at) {
      if (state.quietNext) state.quietNext = false;
      else scheduleTrailing(lake, courseId, state, settled.at + reuseMs - t);
    }
    return settled.value;
  }
  const serveStale = opts.allowStale && settled && t - settled.at < Math.max(AT_RISK_STALE_MAX_MS, 2 * reuseMs);
  if (!state.pending) evaluate(lake, courseId, state, now, !!serveStale);
  if (serveStale) {
    state.notify = true;
    return settled.value;
  }
  return state.pending!;
}

/** `background`: nobody waits for it (the live list shows the last one meanwhile), so its statements yield to others. */
function evaluate(lake: Lake, courseId: string, state: CourseState, now: Date, background: boolean): void {
  const started = performance.now();
  const { thresholds, sources } = state;
  // recordFlags: the live list keeps each learner's first-flagged time across evaluations.
  const assess = () => assessCourse(lake, { courseId, at: now, thresholds, recordFlags: true });
  state.pending = (background ? withLanePriority('background', assess) : assess())
    .then((a) => {
      const value: AtRiskWidget = {
        evaluatedAt: now.toISOString(),
        thresholds,
        sources,
        learners: a.learners,
        evaluated: a.evaluated,
        enrolled: a.enrolled,
        budget: a.budget,
        excluded: a.excluded,
        model: a.model,
        silent: a.silent,
      };
      state.settled = { at: now.getTime(), value, durationMs: performance.now() - started };
      return value;
    })
    .finally(() => {
      state.pending = undefined;
      if (state.notify && courses.get(courseId) === state) {
        state.notify = false;
        state.quietNext = true;
        for (const listener of refreshedListeners) listener(courseId);
      }
    });
  state.pending.catch(() => {}); // a caller that waits sees the error; a background one tries again later
}

function scheduleTrailing(lake: Lake, courseId: string, state: CourseState, delayMs: number): void {
  if (state.trailing) return;
  state.trailing = setTimeout(() => {
    state.trailing = undefined;
    if (courses.get(courseId) !== state) return;
    state.notify = true;
    if (!state.pending) evaluate(lake, courseId, state, new Date(), true);
  }, Math.max(0, delayMs));
  state.trailing.unref();
}

/**
 * For a stop: no evaluation starts any more, and those under way are waited for (statements still
 * running when the process exits would be cut off inside the engine).
 */
export async function settleAtRiskEvaluations(): Promise<void> {
  for (const state of courses.values()) if (state.trailing) clearTimeout(state.trailing);
  await Promise.allSettled([...courses.values()].map((state) => state.pending));
  courses.clear();
}

/** Courses nobody asked about for a while are dropped, so the map does not grow with every course ever viewed. */
function forgetUnwatched(t: number): void {
  for (const [id, state] of courses) {
    if (!state.pending && (!state.settled || t - state.settled.at > 10 * AT_RISK_STALE_MAX_MS)) {
      if (state.trailing) clearTimeout(state.trailing);
      courses.delete(id);
    }
  }
}

/**
 * The live list. The engine computes a room's widgets together, so a slow evaluation would hold
 * back the others (active now, events per minute): once a course has a list, refreshes run in the
 * background and the engine is told when one is ready (server/app.ts wires onAtRiskRefreshed to
 * markDirty). A threshold change or a first view waits for the evaluation. A failing evaluation must not
 * take the other widgets down either: the last good list is shown with the error.
 */
export const atRisk: Widget<AtRiskWidget> = {
  name: 'atRisk',
  async compute({ lake, courseId, now }) {
    try {
      return await currentAtRisk(lake, courseId, now, { allowStale: true });
    } catch (err) {
      const previous = courses.get(courseId)?.settled?.value;
      return {
        evaluatedAt: previous?.evaluatedAt ?? now.toISOString(),
        thresholds: previous?.thresholds ?? { ...DEFAULT_THRESHOLDS },
        sources: previous?.sources ?? defaultSources(),
        learners: previous?.learners ?? [],
        evaluated: previous?.evaluated ?? 0,
        enrolled: previous?.enrolled ?? 0,
        budget: previous?.budget ?? { per100: DEFAULT_THRESHOLDS.flagBudgetPer100, count: 0 },
        excluded: previous?.excluded ?? { unenrolled: 0, passed: 0, newlyEnrolled: 0, staff: 0 },
        model: previous?.model ?? null,
        silent: previous?.silent ?? {},
        error: formatMessage(missingMessages.atRiskNotUpdated, { error: (err as Error).message }),
      };
    }
  },
};

function defaultSources(): Record<ThresholdName, ThresholdSource> {
  return Object.fromEntries(THRESHOLD_NAMES.map((n) => [n, 'default'])) as Record<ThresholdName, ThresholdSource>;
}
