import { NO_FIGURES, type CourseFigures } from './courseFigures';
import type { CourseStatus, ScopeCourse } from './scope';
import { formatMessage } from '../i18n';
import { missingMessages } from '../metrics/missing.messages';

/** One course of the catalog table (issue 21): each row links to the course page. */
export interface CatalogRow {
  courseId: string;
  displayName: string;
  org: string;
  start: string | null;
  end: string | null;
  status: CourseStatus;
  enrolled: number;
  activeThisWeek: number;
  activeLastWeek: number;
  /** (this week − last week) / last week; null when nobody was active last week. */
  weekOverWeek: number | null;
  /**
   * Median progress: the median unit completion of the enrolled learners (units completed ÷ units
   * of the course structure, 0–1; none completed is 0), null without a structure or learners.
   */
  medianProgress: number | null;
  /** Completed (passed or certified) / assessed (with a grade or a certificate), null when nobody is. */
  passRate: number | null;
  atRisk: number;
  /** atRisk / enrolled, null with nobody enrolled. */
  atRiskShare: number | null;
}

export interface Catalog {
  courses: CatalogRow[];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** Every course of the scope with its figures, by course id (the page sorts and filters). */
export function catalogOf(courses: ScopeCourse[], enrolled: Map<string, number>, figures: Map<string, CourseFigures>, progress: Map<string, number>): Catalog {
  return {
    courses: courses.map((c) => {
      const f = figures.get(c.courseId) ?? NO_FIGURES;
      const n = enrolled.get(c.courseId) ?? 0;
      return {
        courseId: c.courseId,
        displayName: c.displayName,
        org: c.org,
        start: c.start,
        end: c.end,
        status: c.status,
        enrolled: n,
        activeThisWeek: f.activeThisWeek,
        activeLastWeek: f.activeLastWeek,
        weekOverWeek: f.activeLastWeek > 0 ? (f.activeThisWeek - f.activeLastWeek) / f.activeLastWeek : null,
        medianProgress: progress.get(c.courseId) ?? null,
        passRate: ratio(f.completed, f.assessed),
        atRisk: f.atRisk,
        atRiskShare: ratio(f.atRisk, n),
      };
    }),
  };
}

export interface CompletionRow {
  courseId: string;
  displayName: string;
  enrolled: number;
  graded: number;
  passed: number;
  certified: number;
  /** Passed or earned a certificate. */
  completed: number;
  /** completed / enrolled (learners enrolled now), null with nobody enrolled. */
  completionRate: number | null;
}

/**
 * Completion: learners enrolled now who passed (the latest course grade against the passing grade,
 * or the LMS's passed mark) or earned a certificate (LMS status 'downloadable'), per course run
 * and in all, from the LMS state (grades, certificates) and grade events.
 */
export interface Completion {
  enrolled: number;
  completed: number;
  completionRate: number | null;
  courses: CompletionRow[];
  missing?: string;
}

export function completionOf(courses: ScopeCourse[], enrolled: Map<string, number>, figures: Map<string, CourseFigures>): Completion {
  const rows = courses
    .map((c) => {
      const f = figures.get(c.courseId) ?? NO_FIGURES;
      const n = enrolled.get(c.courseId) ?? 0;
      return { courseId: c.courseId, displayName: c.displayName, enrolled: n, graded: f.graded, passed: f.passed, certified: f.certified, completed: f.completed, completionRate: ratio(f.completed, n) };
    })
    .filter((r) => r.enrolled > 0 || r.graded > 0);
  const total = rows.reduce((a, r) => a + r.enrolled, 0);
  const completed = rows.reduce((a, r) => a + r.completed, 0);
  return {
    enrolled: total,
    completed,
    completionRate: ratio(completed, total),
    courses: rows,
    ...(rows.every((r) => r.graded === 0 && r.certified === 0) && { missing: formatMessage(missingMessages.catalogGrades) }),
  };
}
