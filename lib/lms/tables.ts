/**
 * What the LMS sync copies, one entry per lake table: source, target, dedup key, strategy.
 * Column names and types are Open edX's own (Django models in openedx/edx-platform and
 * openedx/completion); only the columns Lookout needs are kept. The runner is
 * server/lms/sync.ts; the lake tables are created by migration 005_lms_state.sql (certificates: 182).
 *
 * | target                  | source                                         | key                              | strategy |
 * |-------------------------|------------------------------------------------|----------------------------------|----------|
 * | lms_users               | auth_user                                      | id                               | new ids (id > last) every run; full refresh every Nth run (changed email, names, flags, last_login; deleted rows → tombstones). No `modified` column in auth_user. |
 * | lms_profiles            | auth_userprofile                               | user_id                          | same as users (no `modified` column). |
 * | lms_enrollments         | student_courseenrollment (+ _history)          | (course_id, user_id)             | new ids every run + changes from student_courseenrollment_history (django-simple-history row per save, by history_date; '-' rows delete) every run; full refresh every Nth run (catches queryset.update() changes and deletes). No `modified` column. |
 * | lms_course_grades       | grades_persistentcoursegrade                   | (course_id, user_id)             | incremental by `modified` (≥ watermark − overlap). |
 * | lms_subsection_grades   | grades_persistentsubsectiongrade               | (course_id, user_id, usage_key)  | incremental by `modified`. |
 * | lms_block_completion    | completion_blockcompletion                     | (course_key, user_id, block_key) | incremental by `modified`. |
 * | lms_certificates        | certificates_generatedcertificate              | (course_id, user_id)             | incremental by `modified_date` (a revoke or regrade saves the row: status unavailable / notpassing). |
 * | lms_course_overviews    | course_overviews_courseoverview                | course_id                        | incremental by `modified`; full refresh every Nth run (deleted courses → tombstones). Also fills `courses`. |
 * | lms_course_access_roles | student_courseaccessrole                       | (user_id, org, course_id, role)  | full refresh every run (small; a removed role must disappear at once → tombstones). |
 * | lms_course_sections     | learning_sequences_coursesection               | (course_id, usage_key)           | per course: learning contexts with `modified` ≥ watermark (a publish rewrites the outline) → re-copy that course's outline, tombstone the rest of it; every Nth run all courses. |
 * | lms_course_sequences    | learning_sequences_coursesectionsequence + learningsequence + coursesection | (course_id, usage_key) | with the sections. |
 * | lms_due_extensions      | edx_when_userdate + _contentdate ('due') + _datepolicy | (course_id, user_id, usage_key) | incremental by userdate `modified`; full every Nth run (gone → tombstones). The learner's due date: userdate abs_date, or policy abs_date + userdate rel_date. |
 * | xapi_actors             | external_user_ids_externalid + _externalidtype ('xapi') | actor_id                 | incremental by `modified`; username from lms_users. |
 *
 * Versions: tables with `modified` are versioned by it; the others by `synced_at` (the run's
 * time, increasing). Deletes are rows with is_deleted = 1, which FINAL hides. N is
 * LmsSyncOptions.fullRefreshEvery (default 10); the first run after start is always full.
 * Not propagated: deletes of grades, subsection grades, completions and certificates (the LMS
 * deletes those only on learner retirement or a reset, and retains certificates; re-syncing
 * them means a full copy of the largest tables).
 */

export type Strategy =
  /** Incremental by the `modified` column; `fullRefresh` adds the periodic full copy with tombstones. */
  | 'modified'
  /** New rows by `id` every run, full copy with tombstones every Nth run. */
  | 'new-ids'
  /** Full copy with tombstones every run. */
  | 'full';

export interface TableSpec {
  target: string;
  source: string;
  key: string[];
  strategy: Strategy;
  /** For 'modified': also do the periodic full refresh (to see deletes). */
  fullRefresh?: boolean;
  /** For 'modified': the source's modification time column when it is not `modified` (copied to the target's `modified`). */
  modifiedColumn?: string;
  /** Target column → ClickHouse expression over the source's columns. synced_at/is_deleted are added. */
  columns: Array<[string, string]>;
}

/** MySQL DATETIME text → DateTime64(6, 'UTC'). The engine parses a MySQL DATETIME in its own
 * time zone; re-reading the text as UTC keeps Django's UTC wall-clock values exact on any server. */
export const dt = (c: string) => `toDateTime64(toString(${c}), 6, 'UTC')`;
const str = (c: string) => `ifNull(toString(${c}), '')`;
const u64 = (c: string) => `toUInt64(${c})`;
const u8 = (c: string) => `toUInt8(ifNull(${c}, 0))`;
const f64 = (c: string) => `toFloat64(ifNull(${c}, 0))`;

export const TABLES: TableSpec[] = [
  {
    target: 'lms_users',
    source: 'auth_user',
    key: ['id'],
    strategy: 'new-ids',
    columns: [
      ['id', u64('id')],
      ['username', str('username')],
      ['email', str('email')],
      ['first_name', str('first_name')],
      ['last_name', str('last_name')],
      ['is_staff', u8('is_staff')],
      ['is_superuser', u8('is_superuser')],
      ['is_active', u8('is_active')],
      ['date_joined', dt('date_joined')],
      ['last_login', dt('last_login')],
    ],
  },
  {
    target: 'lms_profiles',
    source: 'auth_userprofile',
    key: ['user_id'],
    strategy: 'new-ids',
    columns: [
      ['user_id', u64('user_id')],
      ['id', u64('id')],
      ['name', str('name')],
      ['gender', str('gender')],
      ['level_of_education', str('level_of_education')],
      ['year_of_birth', 'toInt32OrNull(toString(year_of_birth))'],
      ['country', str('country')],
    ],
  },
  {
    target: 'lms_enrollments',
    source: 'student_courseenrollment',
    key: ['course_id', 'user_id'],
    strategy: 'new-ids',
    columns: [
      ['course_id', str('course_id')],
      ['user_id', u64('user_id')],
      ['id', u64('id')],
      ['mode', str('mode')],
      ['is_active', u8('is_active')],
      ['created', dt('created')],
    ],
  },
  {
    target: 'lms_course_grades',
    source: 'grades_persistentcoursegrade',
    key: ['course_id', 'user_id'],
    strategy: 'modified',
    columns: [
      ['course_id', str('course_id')],
      ['user_id', u64('user_id')],
      ['percent_grade', f64('percent_grade')],
      ['letter_grade', str('letter_grade')],
      ['passed_timestamp', dt('passed_timestamp')],
      ['created', dt('created')],
      ['modified', dt('modified')],
    ],
  },
  {
    target: 'lms_subsection_grades',
    source: 'grades_persistentsubsectiongrade',
    key: ['course_id', 'user_id', 'usage_key'],
    strategy: 'modified',
    columns: [
      ['course_id', str('course_id')],
      ['user_id', u64('user_id')],
      ['usage_key', str('usage_key')],
      ['earned_all', f64('earned_all')],
      ['possible_all', f64('possible_all')],
      ['earned_graded', f64('earned_graded')],
      ['possible_graded', f64('possible_graded')],
      ['first_attempted', dt('first_attempted')],
      ['created', dt('created')],
      ['modified', dt('modified')],
    ],
  },
  {
    target: 'lms_block_completion',
    source: 'completion_blockcompletion',
    key: ['course_key', 'user_id', 'block_key'],
    strategy: 'modified',
    columns: [
      ['course_key', str('course_key')],
      ['user_id', u64('user_id')],
      ['block_key', str('block_key')],
      ['block_type', str('block_type')],
      ['completion', f64('completion')],
      ['created', dt('created')],
      ['modified', dt('modified')],
    ],
  },
  {
    // lms/djangoapps/certificates/models.py GeneratedCertificate (openedx/edx-platform): unique
    // (user, course_id); status 'downloadable' is an earned certificate, invalidate() sets
    // 'unavailable', mark_notpassing() 'notpassing'; modified_date is auto_now. `name` (PII) is not copied.
    target: 'lms_certificates',
    source: 'certificates_generatedcertificate',
    key: ['course_id', 'user_id'],
    strategy: 'modified',
    modifiedColumn: 'modified_date',
    columns: [
      ['course_id', str('course_id')],
      ['user_id', u64('user_id')],
      ['status', str('status')],
      ['mode', str('mode')],
      ['grade', str('grade')],
      ['created', dt('created_date')],
      ['modified', dt('modified_date')],
    ],
  },
  {
    target: 'lms_course_overviews',
    source: 'course_overviews_courseoverview',
    key: ['course_id'],
    strategy: 'modified',
    fullRefresh: true,
    columns: [
      ['course_id', str('id')],
      ['display_name', str('display_name')],
      ['org', str('org')],
      ['start', dt('`start`')],
      ['end', dt('`end`')],
      ['enrollment_start', dt('enrollment_start')],
      ['enrollment_end', dt('enrollment_end')],
      ['lowest_passing_grade', 'toFloat64(lowest_passing_grade)'],
      ['created', dt('created')],
      ['modified', dt('modified')],
    ],
  },
  {
    target: 'lms_course_access_roles',
    source: 'student_courseaccessrole',
    key: ['user_id', 'org', 'course_id', 'role'],
    strategy: 'full',
    columns: [
      ['user_id', u64('user_id')],
      ['org', str('org')],
      ['course_id', str('course_id')],
      ['role', str('role')],
      ['id', u64('id')],
    ],
  },
];

/** Source tables of the steps that are not a single-table copy. */
export const ENROLLMENT_HISTORY = 'student_courseenrollment_history';
export const OUTLINE_SOURCES = {
  context: 'learning_sequences_learningcontext',
  section: 'learning_sequences_coursesection',
  sequence: 'learning_sequences_learningsequence',
  sectionSequence: 'learning_sequences_coursesectionsequence',
} as const;
export const EXTERNAL_ID_SOURCES = {
  externalId: 'external_user_ids_externalid',
  type: 'external_user_ids_externalidtype',
} as const;
/** Per-learner due dates (openedx/edx-when): UserDate → ContentDate → DatePolicy. */
export const DUE_DATE_SOURCES = {
  userDate: 'edx_when_userdate',
  contentDate: 'edx_when_contentdate',
  policy: 'edx_when_datepolicy',
} as const;
/** ExternalIdType.XAPI in edx-platform. */
export const XAPI_ID_TYPE = 'xapi';

/**
 * external_user_id is a Django UUIDField: char(32) hex without dashes on MySQL (a native
 * uuid on MariaDB ≥ 10.7 with Django ≥ 5). event-routing-backends puts str(uuid) — dashed,
 * lower case — in the statement's actor, so the lake stores that form.
 */
export function actorIdExpr(column: string): string {
  const x = `toString(${column})`;
  return `lower(if(length(${x}) = 32, concat(substring(${x}, 1, 8), '-', substring(${x}, 9, 4), '-', substring(${x}, 13, 4), '-', substring(${x}, 17, 4), '-', substring(${x}, 21, 12)), ${x}))`;
}
