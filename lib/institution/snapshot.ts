import type { Lake } from '../lake/client';
import { activeLearners, type ActiveLearners } from './activity';
import { atRiskSummary, type AtRiskSummary } from './atRisk';
import { catalogOf, completionOf, type Catalog, type Completion } from './catalog';
import { courseFigures, type CourseFigures } from './courseFigures';
import { courseLearnerCounts, enrolledOfCounts, type CourseLearnerCounts } from './courseLearners';
import { enrollments, type Enrollments } from './enrollments';
import { institutionNow, type InstitutionNow } from './live';
import { scopeCourses, type InstitutionQuery, type ScopeCourse } from './scope';
import { medianUnitProgress } from './unitProgress';

/** The widgets of /platform and /orgs/<org>, as the rooms `platform` and `org:<org>` carry them. */
export interface InstitutionWidgets {
  institutionNow: InstitutionNow;
  enrollments: Enrollments;
  activeLearners: ActiveLearners;
  completion: Completion;
  catalog: Catalog;
  atRiskSummary: AtRiskSummary;
}

export type InstitutionWidgetName = keyof InstitutionWidgets;
export const INSTITUTION_WIDGET_NAMES: InstitutionWidgetName[] = ['institutionNow', 'enrollments', 'activeLearners', 'completion', 'catalog', 'atRiskSummary'];

/** GET /api/platform/dashboard and /api/orgs/<org>/dashboard: every widget of the window. */
export interface InstitutionSnapshot {
  /** The org of an org view; absent on the platform. */
  org?: string;
  from: string;
  to: string;
  asOf: string;
  widgets: InstitutionWidgets;
}

/** The reads several widgets share, made once per query object (one per room pass or snapshot). */
interface Shared {
  courses: Promise<ScopeCourse[]>;
  counts?: Promise<Map<string, CourseLearnerCounts>>;
  figures?: Promise<Map<string, CourseFigures>>;
}

const shared = new WeakMap<object, Shared>();

function sharedOf(lake: Lake, q: InstitutionQuery): Shared {
  let held = shared.get(q);
  if (!held) {
    held = { courses: scopeCourses(lake, q) };
    shared.set(q, held);
  }
  return held;
}

const courses = (lake: Lake, q: InstitutionQuery) => sharedOf(lake, q).courses;
async function countsOf(lake: Lake, q: InstitutionQuery) {
  const s = sharedOf(lake, q);
  s.counts ??= s.courses.then((c) => courseLearnerCounts(lake, q, c));
  return s.counts;
}
const enrolledOf = async (lake: Lake, q: InstitutionQuery) => enrolledOfCounts(await countsOf(lake, q));
async function figuresOf(lake: Lake, q: InstitutionQuery) {
  const s = sharedOf(lake, q);
  s.figures ??= s.courses.then(async (c) => courseFigures(lake, q, c, await countsOf(lake, q)));
  return s.figures;
}

/** Each widget from a query; widgets of one query object share the course list, the learner counts and per-course figures. */
export const institutionWidgetComputes: { [K in InstitutionWidgetName]: (lake: Lake, q: InstitutionQuery) => Promise<InstitutionWidgets[K]> } = {
  institutionNow: async (lake, q) => institutionNow(lake, q, await courses(lake, q)),
  enrollments: async (lake, q) => enrollments(lake, q, await courses(lake, q), await enrolledOf(lake, q)),
  activeLearners: async (lake, q) => activeLearners(lake, q, await courses(lake, q)),
  completion: async (lake, q) => completionOf(await courses(lake, q), await enrolledOf(lake, q), await figuresOf(lake, q)),
  catalog: async (lake, q) => {
    const scope = await courses(lake, q);
    const [enrolled, figures, progress] = await Promise.all([enrolledOf(lake, q), figuresOf(lake, q), medianUnitProgress(lake, q, scope)]);
    return catalogOf(scope, enrolled, figures, progress);
  },
  atRiskSummary: async (lake, q) => atRiskSummary(lake, q, await courses(lake, q), await figuresOf(lake, q)),
};

export async function institutionSnapshot(lake: Lake, q: InstitutionQuery): Promise<InstitutionSnapshot> {
  const values = await Promise.all(INSTITUTION_WIDGET_NAMES.map((name) => institutionWidgetComputes[name](lake, q)));
  return {
    ...(q.org !== undefined && { org: q.org }),
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    asOf: q.now.toISOString(),
    widgets: Object.fromEntries(INSTITUTION_WIDGET_NAMES.map((name, i) => [name, values[i]])) as unknown as InstitutionWidgets,
  };
}
