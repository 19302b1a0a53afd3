/**
 * LMS state sync: copies the LMS tables Lookout needs into the lake, incrementally, on an
 * interval — never on a dashboard view (DESIGN §4). The lake pulls the rows itself through
 * the `mysql()` table function; Node only sends statements and reads watermarks.
 *
 * Strategy per table (source → target, dedup key, how): see the table at the top of
 * lib/lms/tables.ts. In short:
 *   - tables with `modified` (grades, subsection grades, completion, certificates' `modified_date`,
 *     course overviews, external ids, learning contexts): incremental, `modified >= watermark − overlap`;
 *     the overlap catches rows committed late; ReplacingMergeTree makes re-copies harmless.
 *   - auth_user, auth_userprofile, student_courseenrollment (no `modified`): new ids every
 *     run, a full refresh every Nth run (enrollments also follow their _history table;
 *     auth_user's access columns are re-read on every run).
 *   - student_courseaccessrole: full refresh every run (a removed role disappears at once).
 *   - full refreshes write a tombstone (is_deleted = 1) for every key the source no longer has.
 * Watermarks live in the `meta` table under `lms.watermark.<target>`.
 *
 * Errors of one table are reported (and logged) without stopping the others; a failing LMS
 * never throws out of start()'s timer.
 */
import type { Lease } from '../../lib/bus';
import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import { getMeta, setMeta } from '../../lib/lake/meta';
import { formatLakeTime, parseLakeTime } from '../../lib/lake/time';
import { log as rootLog, type Logger } from '../../lib/log';
import { resolveLateStatements } from '../../lib/xapiActors';
import { describeSource, mysqlTable, parseMysqlUrl, redact, sqlString, type MysqlSource } from '../../lib/lms/source';
import type { StructureReport, StructureSync } from './structureSync';
import {
  actorIdExpr,
  dt,
  DUE_DATE_SOURCES,
  ENROLLMENT_HISTORY,
  EXTERNAL_ID_SOURCES,
  OUTLINE_SOURCES,
  TABLES,
  XAPI_ID_TYPE,
  type TableSpec,
} from '../../lib/lms/tables';

export interface LmsSyncOptions {
  /** Every Nth run refreshes the tables without a `modified` column in full (default 10; the first run is always full). */
  fullRefreshEvery?: number;
  /** How far before the watermark an incremental copy starts again (default 30 s). */
  overlapMs?: number;
  log?: Logger;
  /** Course structures from the LMS REST API, synced after the tables on every run (those due: StructureSync.dueCourses). */
  structure?: StructureSync;
  /**
   * With replicas sharing a Redis, one syncs at a time (Bus.lease): two copying into one lake at
   * once would race on its watermarks and deletions, and ask the LMS for everything twice.
   */
  lease?: (ttlMs: number) => Promise<Lease | undefined>;
}

/** A sync's lease lapses this long after its replica dies (renewed while the run lives). */
const SYNC_LEASE_MS = 60_000;

export interface TableReport {
  table: string;
  mode: 'incremental' | 'full';
  /** Rows written (re-copies within the overlap included). */
  rows: number;
  /** Keys the source no longer has, marked deleted. */
  deleted: number;
  durationMs: number;
  error?: string;
}

export interface SyncReport {
  run: number;
  full: boolean;
  startedAt: string;
  durationMs: number;
  ok: boolean;
  /** Set when the LMS could not be reached at all (every table then carries it too). */
  error?: string;
  tables: TableReport[];
  /** The course structure step, when LMS API credentials are configured. */
  structure?: StructureReport;
}

const WATERMARK = (name: string) => `lms.watermark.${name}`;
/** Learning contexts per statement when re-copying outlines. */
const OUTLINE_CHUNK = 500;

export class LmsSync {
  readonly source: MysqlSource;
  private readonly fullEvery: number;
  private readonly overlapMs: number;
  private readonly log: Logger;
  private readonly structure: StructureSync | undefined;
  private runs = 0;
  private lastSyncAt = 0;
  private current: Promise<SyncReport> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private _lastReport: SyncReport | undefined;
  private _leaseHeldElsewhereAt: Date | undefined;
  private readonly lease: LmsSyncOptions['lease'];

  constructor(
    private readonly lake: Lake,
    mysqlUrl: string,
    opts: LmsSyncOptions = {},
  ) {
    this.source = parseMysqlUrl(mysqlUrl);
    this.fullEvery = Math.max(1, Math.floor(opts.fullRefreshEvery ?? 10));
    this.overlapMs = opts.overlapMs ?? 30_000;
    this.log = (opts.log ?? rootLog).child({ component: 'lms-sync' });
    this.structure = opts.structure;
    this.lease = opts.lease;
  }

  /** The report of the last finished run (for health). */
  get lastReport(): SyncReport | undefined {
    return this._lastReport;
  }

  /** When this replica last left its turn to another that held the sync's lease (for health). */
  get leaseHeldElsewhereAt(): Date | undefined {
    return this._leaseHeldElsewhereAt;
  }

  /** Runs every `intervalMs`, the first run at once; a run never overlaps the previous one. */
  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.log.info({ lms: describeSource(this.source), intervalMs }, 'LMS sync started');
    const tick = async () => {
      this.timer = undefined;
      try {
        await this.runLeased();
      } catch (err) {
        this.log.error({ err: this.redact(err) }, 'LMS sync run failed');
      }
      if (!this.stopped) {
        this.timer = setTimeout(tick, intervalMs);
        this.timer.unref();
      }
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref();
  }

  /** Stops the timer and waits (up to `waitMs`) for a run in progress. */
  async stop(waitMs = 10_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.current) {
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        this.current.catch(() => undefined),
        new Promise((r) => {
          timeout = setTimeout(r, waitMs);
        }),
      ]);
      clearTimeout(timeout);
    }
  }

  /** A timed run, if this replica holds the sync's lease (an unreachable Redis fails the run: retried next interval). */
  private async runLeased(): Promise<void> {
    const lease = this.lease ? await this.lease(SYNC_LEASE_MS) : undefined;
    if (this.lease && !lease) {
      this._leaseHeldElsewhereAt = new Date();
      return;
    }
    try {
      await this.runOnce();
    } finally {
      await lease?.release();
    }
  }

  /** One pass over every table. Concurrent calls share the run in progress. */
  runOnce(options: { full?: boolean } = {}): Promise<SyncReport> {
    this.current ??= this.run(options.full).finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private async run(forceFull?: boolean): Promise<SyncReport> {
    const started = Date.now();
    const run = this.runs++;
    const full = forceFull ?? run % this.fullEvery === 0;
    // The run's time: the version of rows without `modified`; strictly increasing.
    this.lastSyncAt = Math.max(started, this.lastSyncAt + 1);
    const syncAt = formatLakeTime(new Date(this.lastSyncAt));
    const ctx: RunContext = { run, full, syncAt, T: `toDateTime64(${sqlString(syncAt)}, 6, 'UTC')`, present: new Set() };

    const tables: TableReport[] = [];
    let error: string | undefined;
    try {
      ctx.present = await this.sourceTables();
    } catch (err) {
      error = `LMS database unreachable: ${this.message(err)}`;
    }

    const step = async (table: string, mode: TableReport['mode'], sources: string[], fn: () => Promise<{ rows: number; deleted?: number }>) => {
      const t0 = Date.now();
      const report: TableReport = { table, mode, rows: 0, deleted: 0, durationMs: 0 };
      try {
        if (error) throw new Error(error);
        const missing = sources.filter((s) => !ctx.present.has(s));
        if (missing.length) throw new Error(`source table ${missing.join(', ')} missing in ${this.source.database}`);
        const r = await fn();
        report.rows = r.rows;
        report.deleted = r.deleted ?? 0;
      } catch (err) {
        report.error = this.message(err);
        if (!error) this.log.warn({ table, err: report.error }, 'LMS sync of a table failed');
      }
      report.durationMs = Date.now() - t0;
      tables.push(report);
    };

    for (const spec of TABLES) {
      const fullHere = spec.strategy === 'full' || (full && (spec.strategy === 'new-ids' || !!spec.fullRefresh));
      await step(spec.target, fullHere ? 'full' : 'incremental', [spec.source], () => this.copyTable(spec, ctx, fullHere));
    }
    await step('lms_course_outline', full ? 'full' : 'incremental', Object.values(OUTLINE_SOURCES), () => this.copyOutline(ctx));
    await step('xapi_actors', 'incremental', Object.values(EXTERNAL_ID_SOURCES), () => this.copyXapiActors(ctx));
    await step('lms_due_extensions', full ? 'full' : 'incremental', Object.values(DUE_DATE_SOURCES), () => this.copyDueExtensions(ctx));
    // Statements that arrived before their actor (or their email's user) was synced now get their learner.
    await step('xapi_late_statements', 'incremental', [], async () => ({ rows: (await resolveLateStatements(this.lake)).resolved }));
    if (error) this.log.warn({ err: error }, 'LMS sync skipped: LMS database unreachable');
    // After the overviews: a publish moves their `modified`, which selects the courses to refresh.
    const structure = this.structure && !error ? await this.structure.run() : undefined;

    const report: SyncReport = {
      run,
      full,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      ok: !error && tables.every((t) => !t.error),
      ...(error ? { error } : {}),
      tables,
      ...(structure ? { structure } : {}),
    };
    this._lastReport = report;
    this.log.info(
      { run, full, durationMs: report.durationMs, ok: report.ok, rows: Object.fromEntries(tables.map((t) => [t.table, t.rows])) },
      'LMS sync run',
    );
    return report;
  }

  // ---------------------------------------------------------------- single-table copies

  private async copyTable(spec: TableSpec, ctx: RunContext, full: boolean): Promise<{ rows: number; deleted: number }> {
    const src = mysqlTable(this.source, spec.source);
    const cols = spec.columns.map(([c]) => quoteIdent(c)).join(', ');
    // Positional, without aliases: an alias named like a source column would shadow it in WHERE.
    const exprs = spec.columns.map(([, e]) => e).join(', ');
    const insert = (where: string) =>
      this.exec(`INSERT INTO ${spec.target} (${cols}, synced_at) SELECT ${exprs}, ${ctx.T} FROM ${src}${where}`);
    const wmKey = WATERMARK(spec.target);
    const stored = await getMeta(this.lake, wmKey);
    const wm = full ? undefined : stored;

    if (spec.strategy === 'modified') {
      await insert(wm ? ` WHERE ${quoteIdent(spec.modifiedColumn ?? 'modified')} >= ${sqlString(this.minusOverlap(wm))}` : '');
      const next = await this.scalar(`SELECT toString(max(modified)) AS v, count() AS n FROM ${spec.target} WHERE synced_at = ${ctx.T} AND is_deleted = 0`);
      if (Number(next.n) > 0 && next.v !== stored) await setMeta(this.lake, wmKey, next.v);
    } else {
      // 'new-ids' (incremental: id > the last id copied) or a full copy.
      const lastId = wm && /^\d+$/.test(wm) ? wm : undefined;
      await insert(lastId ? ` WHERE id > ${lastId}` : '');
      if (spec.target === 'lms_enrollments') await this.copyEnrollmentHistory(ctx, full);
      const next = await this.scalar(`SELECT toString(max(id)) AS v, count() AS n FROM ${spec.target} WHERE synced_at = ${ctx.T} AND is_deleted = 0`);
      if (Number(next.n) > 0 && next.v !== stored) await setMeta(this.lake, wmKey, next.v);
      // After the watermark: its rows are not new ids.
      if (spec.target === 'lms_users' && !full) await this.refreshUserAccess(ctx);
    }
    const deleted = full ? await this.tombstone(spec.target, spec.key, ctx, spec.strategy === 'modified') : 0;
    if (spec.target === 'lms_course_overviews') await this.fillCourses(ctx);
    return { rows: await this.countRun(spec.target, ctx), deleted };
  }

  /**
   * The auth_user columns that decide access (username, is_active, is_staff, is_superuser) on
   * every run, not only at the full refresh: a deactivated or demoted user, or a renamed one,
   * then loses access within LMS_SYNC_INTERVAL_MS + LOOKOUT_ROLE_CACHE_MS. A narrow read of
   * the whole table; only users whose access columns changed get a new row (their other
   * columns as the lake has them).
   */
  private async refreshUserAccess(ctx: RunContext): Promise<void> {
    const src = mysqlTable(this.source, 'auth_user');
    await this.exec(`
      INSERT INTO lms_users (id, username, email, first_name, last_name, is_staff, is_superuser, is_active, date_joined, last_login, synced_at)
      SELECT l.id, s.username, l.email, l.first_name, l.last_name, s.is_staff, s.is_superuser, s.is_active, l.date_joined, l.last_login, ${ctx.T}
      FROM (SELECT toUInt64(id) AS uid, ifNull(toString(username), '') AS username, toUInt8(ifNull(is_staff, 0)) AS is_staff,
                   toUInt8(ifNull(is_superuser, 0)) AS is_superuser, toUInt8(ifNull(is_active, 0)) AS is_active
            FROM ${src}) AS s
      INNER JOIN (SELECT * FROM lms_users FINAL WHERE is_deleted = 0 AND synced_at < ${ctx.T}) AS l ON l.id = s.uid
      WHERE (s.username, s.is_staff, s.is_superuser, s.is_active) != (l.username, l.is_staff, l.is_superuser, l.is_active)`);
  }

  /** The existing `courses` table (names on the current pages) follows the course overviews. */
  private async fillCourses(ctx: RunContext): Promise<void> {
    await this.exec(`
      INSERT INTO courses (course_id, display_name, org, start, \`end\`, updated_at)
      SELECT course_id, display_name, org, start, \`end\`, toDateTime64(${sqlString(ctx.syncAt)}, 3, 'UTC')
      FROM lms_course_overviews WHERE synced_at = ${ctx.T} AND is_deleted = 0`);
  }

  /**
   * Enrollment changes between full refreshes: django-simple-history writes a row to
   * student_courseenrollment_history on every save (history_type '+', '~' or '-'), so the
   * latest history row per enrollment since the watermark is its current state. Changes made
   * with queryset.update() skip the history; the periodic full refresh catches those.
   */
  private async copyEnrollmentHistory(ctx: RunContext, full: boolean): Promise<void> {
    if (!ctx.present.has(ENROLLMENT_HISTORY)) return;
    const key = WATERMARK(`${ENROLLMENT_HISTORY}`);
    if (full) {
      // The full copy has the current state; follow the history from now on.
      await setMeta(this.lake, key, ctx.syncAt);
      return;
    }
    const wm = await getMeta(this.lake, key);
    const where = wm ? ` WHERE history_date >= ${sqlString(this.minusOverlap(wm))}` : '';
    const src = mysqlTable(this.source, ENROLLMENT_HISTORY);
    // Read the new watermark first: rows arriving meanwhile are copied now and again next run.
    const next = await this.scalar(`SELECT toString(max(${dt('history_date')})) AS v, count() AS n FROM ${src}${where}`);
    if (Number(next.n) === 0) return;
    await this.exec(`
      INSERT INTO lms_enrollments (course_id, user_id, id, mode, is_active, created, synced_at, is_deleted)
      SELECT h_course_id, h_user_id, argMax(h_id, hd), argMax(h_mode, hd), argMax(h_is_active, hd), argMax(h_created, hd), ${ctx.T},
             argMax(h_type = '-', hd)
      FROM (
        SELECT ifNull(toString(course_id), '') AS h_course_id, toUInt64(user_id) AS h_user_id, toUInt64(id) AS h_id,
               ifNull(toString(mode), '') AS h_mode, toUInt8(ifNull(is_active, 0)) AS h_is_active, ${dt('created')} AS h_created,
               ${dt('history_date')} AS hd, ifNull(toString(history_type), '') AS h_type
        FROM ${src}${where}
      )
      GROUP BY h_course_id, h_user_id`);
    if (next.v !== wm) await setMeta(this.lake, key, next.v);
  }

  // ---------------------------------------------------------------- course outline

  /**
   * A publish rewrites a course's outline rows (deleted and re-created) and updates its
   * learning context; so: contexts modified since the watermark → copy their sections and
   * sequences again, and mark deleted whatever else the lake had for those courses. A full
   * run does this for every course (and so also drops courses whose context is gone).
   */
  private async copyOutline(ctx: RunContext): Promise<{ rows: number; deleted: number }> {
    const wmKey = WATERMARK('lms_course_outline');
    const wm = ctx.full ? undefined : await getMeta(this.lake, wmKey);
    const contexts = await this.rows<{ cid: string; course_key: string; changed: string }>(
      `SELECT toString(id) AS cid, ifNull(toString(context_key), '') AS course_key, toString(${dt('modified')}) AS changed
       FROM ${mysqlTable(this.source, OUTLINE_SOURCES.context)}${wm ? ` WHERE modified >= ${sqlString(this.minusOverlap(wm))}` : ''}`,
    );
    for (let i = 0; i < contexts.length; i += OUTLINE_CHUNK) {
      const chunk = contexts.slice(i, i + OUTLINE_CHUNK);
      const ids = chunk.map((c) => {
        if (!/^\d+$/.test(c.cid)) throw new Error(`unexpected learning context id ${JSON.stringify(c.cid)}`);
        return c.cid;
      });
      const inIds = `(${ids.join(', ')})`;
      const t = (name: string) => mysqlTable(this.source, name);
      const contextsSql = `(SELECT id AS ctx_id, ifNull(toString(context_key), '') AS ctx_course FROM ${t(OUTLINE_SOURCES.context)} WHERE id IN ${inIds})`;
      await this.exec(`
        INSERT INTO lms_course_sections (course_id, usage_key, title, ordering, hide_from_toc, visible_to_staff_only, synced_at)
        SELECT c.ctx_course, s.s_key, s.s_title, s.s_ordering, s.s_hide, s.s_staff, ${ctx.T}
        FROM (
          SELECT course_context_id AS s_ctx, ifNull(toString(usage_key), '') AS s_key, ifNull(toString(title), '') AS s_title,
                 toUInt32(ordering) AS s_ordering, toUInt8(ifNull(hide_from_toc, 0)) AS s_hide,
                 toUInt8(ifNull(visible_to_staff_only, 0)) AS s_staff
          FROM ${t(OUTLINE_SOURCES.section)} WHERE course_context_id IN ${inIds}
        ) AS s
        INNER JOIN ${contextsSql} AS c ON c.ctx_id = s.s_ctx`);
      await this.exec(`
        INSERT INTO lms_course_sequences
          (course_id, usage_key, section_key, title, ordering, inaccessible_after_due, hide_from_toc, visible_to_staff_only, synced_at)
        SELECT c.ctx_course, ls.q_key, cs.p_key, ls.q_title, css.x_ordering, css.x_after_due, css.x_hide, css.x_staff, ${ctx.T}
        FROM (
          SELECT course_context_id AS x_ctx, section_id AS x_section, sequence_id AS x_sequence, toUInt32(ordering) AS x_ordering,
                 toUInt8(ifNull(inaccessible_after_due, 0)) AS x_after_due,
                 toUInt8(ifNull(hide_from_toc, 0)) AS x_hide, toUInt8(ifNull(visible_to_staff_only, 0)) AS x_staff
          FROM ${t(OUTLINE_SOURCES.sectionSequence)} WHERE course_context_id IN ${inIds}
        ) AS css
        INNER JOIN (
          SELECT id AS q_id, ifNull(toString(usage_key), '') AS q_key, ifNull(toString(title), '') AS q_title
          FROM ${t(OUTLINE_SOURCES.sequence)} WHERE learning_context_id IN ${inIds}
        ) AS ls ON ls.q_id = css.x_sequence
        INNER JOIN (
          SELECT id AS p_id, ifNull(toString(usage_key), '') AS p_key FROM ${t(OUTLINE_SOURCES.section)} WHERE course_context_id IN ${inIds}
        ) AS cs ON cs.p_id = css.x_section
        INNER JOIN ${contextsSql} AS c ON c.ctx_id = css.x_ctx`);
    }

    // Tombstones: on a full run, everything not rewritten now; else only within the changed courses.
    const courses = [...new Set(contexts.map((c) => c.course_key))];
    let deleted = 0;
    if (ctx.full || courses.length > 0) {
      const scope = ctx.full ? undefined : { sql: 'course_id IN {courses:Array(String)}', params: { courses } };
      deleted += await this.tombstone('lms_course_sections', ['course_id', 'usage_key'], ctx, false, scope);
      deleted += await this.tombstone('lms_course_sequences', ['course_id', 'usage_key'], ctx, false, scope);
    }
    if (contexts.length > 0) {
      const max = contexts.reduce((m, c) => (c.changed > m ? c.changed : m), '');
      const prev = wm ?? '';
      if (max > prev) await setMeta(this.lake, wmKey, max);
    }
    const rows = (await this.countRun('lms_course_sections', ctx)) + (await this.countRun('lms_course_sequences', ctx));
    return { rows, deleted };
  }

  // ---------------------------------------------------------------- xAPI actors

  /** external ids of type 'xapi' → xapi_actors (actor_id → user_id, username from lms_users). */
  private async copyXapiActors(ctx: RunContext): Promise<{ rows: number }> {
    const wmKey = WATERMARK('xapi_actors');
    const wm = await getMeta(this.lake, wmKey);
    const ids = mysqlTable(this.source, EXTERNAL_ID_SOURCES.externalId);
    const types = mysqlTable(this.source, EXTERNAL_ID_SOURCES.type);
    const where = wm ? ` WHERE modified >= ${sqlString(this.minusOverlap(wm))}` : '';
    const updatedAt = `toDateTime64(${sqlString(ctx.syncAt)}, 3, 'UTC')`;
    // The watermark first: rows arriving meanwhile are copied now and again next run.
    const next = await this.scalar(`SELECT toString(max(${dt('modified')})) AS v, count() AS n FROM ${ids}${where}`);
    let rows = 0;
    if (Number(next.n) > 0) {
      const before = await this.scalar(`SELECT count() AS n FROM xapi_actors WHERE updated_at = ${updatedAt}`);
      await this.exec(`
        INSERT INTO xapi_actors (actor_id, user_id, username, updated_at)
        SELECT e.x_actor, e.x_user, u.u_name, ${updatedAt}
        FROM (
          SELECT ${actorIdExpr('external_user_id')} AS x_actor, toUInt64(user_id) AS x_user, external_id_type_id AS x_type
          FROM ${ids}${where}
        ) AS e
        INNER JOIN (SELECT id AS t_id FROM ${types} WHERE name = ${sqlString(XAPI_ID_TYPE)}) AS t ON t.t_id = e.x_type
        LEFT JOIN (SELECT id AS u_id, username AS u_name FROM lms_users FINAL) AS u ON u.u_id = e.x_user
        SETTINGS join_use_nulls = 0`);
      const after = await this.scalar(`SELECT count() AS n FROM xapi_actors WHERE updated_at = ${updatedAt}`);
      rows = Number(after.n) - Number(before.n);
      if (next.v !== wm) await setMeta(this.lake, wmKey, next.v);
    }
    // Actors copied before their user reached lms_users get the username once it has.
    if (Number((await this.scalar(`SELECT count() AS n FROM xapi_actors WHERE username = ''`)).n) === 0) return { rows };
    await this.exec(`
      INSERT INTO xapi_actors (actor_id, user_id, username, updated_at)
      SELECT a.a_actor, a.a_user, u.u_name, ${updatedAt}
      FROM (
        SELECT actor_id AS a_actor, argMax(user_id, updated_at) AS a_user, argMax(username, updated_at) AS a_name
        FROM xapi_actors GROUP BY actor_id HAVING a_name = ''
      ) AS a
      INNER JOIN (SELECT id AS u_id, username AS u_name FROM lms_users FINAL WHERE username != '') AS u ON u.u_id = a.a_user`);
    return { rows };
  }

  // ---------------------------------------------------------------- due-date extensions

  /**
   * Per-learner due dates (edx_when, openedx/edx-when edx_when/models.py): a UserDate overrides
   * the ContentDate (field 'due') of a block for one learner, with an absolute date or a
   * duration (DurationField: bigint microseconds on MySQL) added to the DatePolicy's date.
   * Incremental by UserDate.modified (edx_when adds or updates a row per change; the latest
   * wins); a full run copies all and tombstones the extensions that are gone. Relative policy
   * dates (self-paced schedules) need the learner's schedule and are not copied.
   */
  private async copyDueExtensions(ctx: RunContext): Promise<{ rows: number; deleted: number }> {
    const wmKey = WATERMARK('lms_due_extensions');
    const wm = ctx.full ? undefined : await getMeta(this.lake, wmKey);
    const t = (name: string) => mysqlTable(this.source, name);
    const where = wm ? ` WHERE modified >= ${sqlString(this.minusOverlap(wm))}` : '';
    await this.exec(`
      INSERT INTO lms_due_extensions (course_id, user_id, usage_key, due, modified, synced_at)
      SELECT c.c_course, u.u_user, c.c_location,
             if(u.u_abs IS NOT NULL, assumeNotNull(u.u_abs), assumeNotNull(p.p_abs) + toIntervalMicrosecond(ifNull(u.u_rel, 0))) AS x_due,
             u.u_modified, ${ctx.T}
      FROM (
        SELECT toUInt64(user_id) AS u_user, toUInt64(content_date_id) AS u_cd, ${dt('abs_date')} AS u_abs,
               toInt64OrNull(toString(rel_date)) AS u_rel, ${dt('modified')} AS u_modified
        FROM ${t(DUE_DATE_SOURCES.userDate)}${where}
      ) AS u
      INNER JOIN (
        SELECT toUInt64(id) AS c_id, ifNull(toString(course_id), '') AS c_course, ifNull(toString(location), '') AS c_location,
               toUInt64(policy_id) AS c_policy
        FROM ${t(DUE_DATE_SOURCES.contentDate)} WHERE field = 'due' AND active = 1
      ) AS c ON c.c_id = u.u_cd
      INNER JOIN (SELECT toUInt64(id) AS p_id, ${dt('abs_date')} AS p_abs FROM ${t(DUE_DATE_SOURCES.policy)}) AS p ON p.p_id = c.c_policy
      WHERE (u.u_abs IS NOT NULL OR p.p_abs IS NOT NULL) AND c.c_location != ''
      SETTINGS join_use_nulls = 1`);
    const next = await this.scalar(`SELECT toString(max(modified)) AS v, count() AS n FROM lms_due_extensions WHERE synced_at = ${ctx.T} AND is_deleted = 0`);
    if (Number(next.n) > 0 && next.v !== wm) await setMeta(this.lake, wmKey, next.v);
    const deleted = ctx.full ? await this.tombstone('lms_due_extensions', ['course_id', 'user_id', 'usage_key'], ctx, true) : 0;
    return { rows: await this.countRun('lms_due_extensions', ctx), deleted };
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Marks deleted (is_deleted = 1, version = this run) every live key of `table` that this
   * run did not write. Only after a complete copy of the source (or of one course's outline).
   */
  private async tombstone(
    table: string,
    key: string[],
    ctx: RunContext,
    versionedByModified: boolean,
    scope?: { sql: string; params: Record<string, unknown> },
  ): Promise<number> {
    const keys = `(${key.map(quoteIdent).join(', ')})`;
    const replace = [`toUInt8(1) AS is_deleted`, `${ctx.T} AS synced_at`];
    // A tombstone must outrank the row it deletes: on `modified`-versioned tables, bump it.
    if (versionedByModified) replace.push(`greatest(modified + toIntervalMicrosecond(1), ${ctx.T}) AS modified`);
    await this.exec(
      `INSERT INTO ${table}
       SELECT * REPLACE (${replace.join(', ')}) FROM ${table} FINAL
       WHERE ${keys} NOT IN (SELECT ${keys} FROM ${table} WHERE synced_at = ${ctx.T} AND is_deleted = 0)
       ${scope ? `AND ${scope.sql}` : ''}`,
      scope?.params,
    );
    const r = await this.scalar(
      `SELECT count() AS n FROM ${table} WHERE synced_at = ${ctx.T} AND is_deleted = 1${scope ? ` AND ${scope.sql}` : ''}`,
      scope?.params,
    );
    return Number(r.n);
  }

  private async countRun(table: string, ctx: RunContext): Promise<number> {
    return Number((await this.scalar(`SELECT count() AS n FROM ${table} WHERE synced_at = ${ctx.T} AND is_deleted = 0`)).n);
  }

  /** The LMS tables visible to the sync's MySQL user (also the reachability check). */
  private async sourceTables(): Promise<Set<string>> {
    const rows = await this.rows<{ name: string }>(
      `SELECT TABLE_NAME AS name FROM ${mysqlTable(this.source, 'TABLES', 'information_schema')}
       WHERE TABLE_SCHEMA = ${sqlString(this.source.database)}`,
    );
    return new Set(rows.map((r) => r.name));
  }

  private minusOverlap(watermark: string): string {
    const t = parseLakeTime(watermark).getTime();
    if (Number.isNaN(t)) throw new Error(`bad watermark ${JSON.stringify(watermark)}`);
    return formatLakeTime(new Date(t - this.overlapMs));
  }

  private async exec(query: string, params?: Record<string, unknown>): Promise<void> {
    await this.lake.client.command({ query, ...(params ? { query_params: params } : {}) });
  }

  private rows<T>(query: string, params?: Record<string, unknown>): Promise<T[]> {
    return queryRows<T>(this.lake, query, params);
  }

  private async scalar(query: string, params?: Record<string, unknown>): Promise<{ v: string; n: string }> {
    const [row] = await this.rows<{ v?: string; n?: string | number }>(query, params);
    return { v: String(row?.v ?? ''), n: String(row?.n ?? '0') };
  }

  private message(err: unknown): string {
    return redact(this.source, err instanceof Error ? err.message : String(err)).slice(0, 2000);
  }

  private redact(err: unknown): unknown {
    return err instanceof Error ? { message: this.message(err) } : err;
  }
}

interface RunContext {
  run: number;
  full: boolean;
  /** 'YYYY-MM-DD HH:MM:SS.mmm' UTC. */
  syncAt: string;
  /** syncAt as a DateTime64(6, 'UTC') SQL expression. */
  T: string;
  /** The LMS tables visible to the sync's user, listed at the start of the run. */
  present: Set<string>;
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid column name ${name}`);
  return '`' + name + '`';
}
