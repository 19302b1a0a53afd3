import type { CourseFigures } from './courseFigures';
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
   * Median progress: the median of the enrolled learners' latest course grade (0–1; the share of
   * the course's grade earned so far), null with no grade.
   */
  medianProgress: number | null;
  /** passed / graded, null when nobody is graded. */
  passRate: number | null;
  atRisk: number;
  /** atRisk / enrolled, null with nobody enrolled. */
  atRiskShare: number | null;
}

export interface Catalog {
  courses: CatalogRow[];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

const NONE: CourseFigures = { activeThisWeek: 0, activeLastWeek: 0, graded: 0, passed: 0, medianGrade: null, atRisk: 0, red: null, yellow: null };

/** Every course of the scope with its figures, by course id (the page sorts and filters). */
export function catalogOf(courses: ScopeCourse[], enrolled: Map<string, number>, figures: Map<string, CourseFigures>): Catalog {
  return {
    courses: courses.map((c) => {
      const f = figures.get(c.courseId) ?? NONE;
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
        medianProgress: f.medianGrade,
        passRate: ratio(f.passed, f.graded),
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
  /** passed / enrolled (learners enrolled now), null with nobody enrolled. */
  completionRate: number | null;
}

/**
 * Completion: learners who passed, per course run and in all, from the LMS grade state (the
 * latest course grade against the passing grade, or the LMS's passed mark). Certificates are not
 * copied from the LMS (certificates_generatedcertificate is not synced), so a certificate without
 * a passing grade does not count.
 */
export interface Completion {
  enrolled: number;
  passed: number;
  completionRate: number | null;
  courses: CompletionRow[];
  missing?: string;
}

export function completionOf(courses: ScopeCourse[], enrolled: Map<string, number>, figures: Map<string, CourseFigures>): Completion {
  const rows = courses
    .map((c) => {
      const f = figures.get(c.courseId) ?? NONE;
      const n = enrolled.get(c.courseId) ?? 0;
      return { courseId: c.courseId, displayName: c.displayName, enrolled: n, graded: f.graded, passed: f.passed, completionRate: ratio(f.passed, n) };
    })
    .filter((r) => r.enrolled > 0 || r.graded > 0);
  const total = rows.reduce((a, r) => a + r.enrolled, 0);
  const passed = rows.reduce((a, r) => a + r.passed, 0);
  return {
    enrolled: total,
    passed,
    completionRate: ratio(passed, total),
    courses: rows,
    ...(rows.every((r) => r.graded === 0) && { missing: formatMessage(missingMessages.catalogGrades) }),
  };
}
