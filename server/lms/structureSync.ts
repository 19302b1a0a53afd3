/**
 * Course structure from the LMS REST API (lib/lms/lmsApi.ts) into the lake (lib/lms/structure.ts):
 * on each LMS sync run (the first at start) the courses never synced, those whose
 * course_overviews_courseoverview.modified moved since their last structure sync (a publish
 * updates the overview), those synced by an earlier STRUCTURE_FORMAT, and the courses that failed
 * before (retried with backoff); on demand for one course or all (`lookout lms sync-structure`).
 * A restart does not ask the LMS again for the structure of every course. A course the API refuses is logged and
 * reported (health) and the others go on.
 */
import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import { setMeta } from '../../lib/lake/meta';
import { log as rootLog, type Logger } from '../../lib/log';
import { LmsApi, type LmsApiOptions } from '../../lib/lms/lmsApi';
import { writeCourseStructure } from '../../lib/lms/structure';

export interface CourseStructureResult {
  courseId: string;
  ok: boolean;
  blocks: number;
  error?: string;
}

export interface StructureReport {
  startedAt: string;
  durationMs: number;
  /** No course failed in this run and none is waiting for a retry. */
  ok: boolean;
  courses: CourseStructureResult[];
  /** Every course whose last attempt failed (in this run or before), retried later. */
  failedCourses: Array<{ courseId: string; error: string; attempts: number }>;
}

/** Meta key holding the overview `modified` a course's structure was last synced at (see synced). */
const SYNCED_AT = (courseId: string) => `lms.structure.${courseId}`;
/**
 * How Lookout turns a structure into rows (lib/lms/structure.ts): raise it when that changes, and
 * every course is synced again once, as a course of an older format has rows the new code lacks.
 */
export const STRUCTURE_FORMAT = 2;
/** The meta value of a course synced at an overview `modified` by this format. */
const synced = (modified: string) => `${modified} format ${STRUCTURE_FORMAT}`;
/** Failed courses are retried after this, doubling up to RETRY_MAX_MS. */
const RETRY_MS = 60_000;
const RETRY_MAX_MS = 3_600_000;

export class StructureSync {
  readonly api: LmsApi;
  private readonly log: Logger;
  private readonly failed = new Map<string, { error: string; attempts: number; retryAt: number }>();
  private _lastReport: StructureReport | undefined;

  constructor(
    private readonly lake: Lake,
    api: LmsApi | LmsApiOptions,
    opts: { log?: Logger } = {},
  ) {
    this.api = api instanceof LmsApi ? api : new LmsApi(api);
    this.log = (opts.log ?? rootLog).child({ component: 'lms-structure' });
  }

  get lastReport(): StructureReport | undefined {
    return this._lastReport;
  }

  /** Courses that failed and are waiting for their retry, with the error. */
  failedCourses(): Array<{ courseId: string; error: string; attempts: number }> {
    return [...this.failed].map(([courseId, f]) => ({ courseId, error: f.error, attempts: f.attempts }));
  }

  /** One course: fetch its blocks and grading policy, replace its structure in the lake. */
  async syncCourse(courseId: string, overviewModified?: string): Promise<CourseStructureResult> {
    try {
      const structure = await this.api.courseStructure(courseId);
      const { blocks } = await writeCourseStructure(this.lake, structure);
      if (overviewModified !== undefined) await setMeta(this.lake, SYNCED_AT(courseId), synced(overviewModified));
      this.failed.delete(courseId);
      return { courseId, ok: true, blocks };
    } catch (err) {
      const error = (err as Error).message.slice(0, 500);
      const attempts = (this.failed.get(courseId)?.attempts ?? 0) + 1;
      this.failed.set(courseId, { error, attempts, retryAt: Date.now() + Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** (attempts - 1)) });
      this.log.warn({ courseId, err: error, attempts }, 'course structure sync failed');
      return { courseId, ok: false, blocks: 0, error };
    }
  }

  /**
   * The courses to sync: with `all`, every course the LMS sync knows; otherwise those whose
   * overview changed since their last structure sync (or never synced, or by an older format),
   * and failed ones due for a retry. Each with the overview `modified` to remember.
   */
  async dueCourses(options: { all?: boolean } = {}): Promise<Array<{ courseId: string; modified: string }>> {
    const rows = await queryRows<{ course_id: string; modified: string; synced: string }>(
      this.lake,
      `SELECT o.course_id AS course_id, toString(o.modified) AS modified, m.value AS synced
       FROM (SELECT course_id, modified FROM lms_course_overviews FINAL) AS o
       LEFT JOIN (SELECT substring(key, ${'lms.structure.'.length + 1}) AS course_id, argMax(value, updated_at) AS value
                  FROM meta WHERE startsWith(key, 'lms.structure.') GROUP BY key) AS m ON m.course_id = o.course_id
       ORDER BY o.course_id
       SETTINGS join_use_nulls = 0`,
    );
    const now = Date.now();
    return rows
      .filter((r) => {
        if (options.all) return true;
        const failed = this.failed.get(r.course_id);
        if (failed) return failed.retryAt <= now;
        return r.synced !== synced(r.modified);
      })
      .map((r) => ({ courseId: r.course_id, modified: r.modified }));
  }

  /** Syncs the given courses (default: dueCourses()), one at a time; never throws. */
  async run(options: { all?: boolean; courses?: string[]; onProgress?: (done: number, total: number, result: CourseStructureResult) => void } = {}): Promise<StructureReport> {
    const started = Date.now();
    let todo: Array<{ courseId: string; modified?: string }> = [];
    const results: CourseStructureResult[] = [];
    try {
      const known = await this.dueCourses({ all: true });
      if (options.courses) {
        const modified = new Map(known.map((c) => [c.courseId, c.modified]));
        todo = options.courses.map((courseId) => ({ courseId, modified: modified.get(courseId) }));
      } else {
        todo = options.all ? known : await this.dueCourses();
      }
    } catch (err) {
      results.push({ courseId: '', ok: false, blocks: 0, error: `could not list the courses: ${(err as Error).message}` });
    }
    for (const c of todo) {
      const r = await this.syncCourse(c.courseId, c.modified);
      results.push(r);
      options.onProgress?.(results.length, todo.length, r);
    }
    const failedCourses = this.failedCourses();
    const report: StructureReport = {
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      ok: results.every((r) => r.ok) && failedCourses.length === 0,
      courses: results,
      failedCourses,
    };
    this._lastReport = report;
    if (results.length) this.log.info({ courses: results.length, failed: results.filter((r) => !r.ok).length, durationMs: report.durationMs }, 'course structures synced');
    return report;
  }
}
