import type mysql from 'mysql2/promise';

/**
 * The LMS tables the sync reads, as Django creates them on MySQL/MariaDB from edx-platform's
 * own models and migrations (columns the sync ignores are kept where they are NOT NULL, so
 * inserts have to look like the LMS's own). Faithful to Django, so:
 *   - no database-level DEFAULTs: Django puts model defaults in its INSERTs, never in the DDL
 *     (use lmsInsert below, which supplies them as the ORM would);
 *   - the real column names, NULLability and unique keys.
 * Sources (openedx/edx-platform unless named):
 *   auth_user                         django.contrib.auth (AbstractUser)
 *   auth_userprofile                  common/djangoapps/student/models/user.py (UserProfile)
 *   student_courseenrollment(+_history) common/djangoapps/student/models/course_enrollment.py
 *                                     (HistoricalRecords: FKs become nullable, db_constraint=False)
 *   grades_persistent*grade           lms/djangoapps/grades/models.py (visible_blocks FK with
 *                                     db_column='visible_blocks_hash', to_field='hashed')
 *   completion_blockcompletion        openedx/completion completion/models.py
 *   certificates_generatedcertificate lms/djangoapps/certificates/models.py (GeneratedCertificate)
 *   course_overviews_courseoverview   openedx/core/djangoapps/content/course_overviews/models.py
 *   student_courseaccessrole          common/djangoapps/student/models/user.py (CourseAccessRole)
 *   learning_sequences_*              openedx/core/djangoapps/content/learning_sequences/models.py
 *   external_user_ids_*               openedx/core/djangoapps/external_user_ids/models.py and
 *                                     migrations 0001 (UUIDField), 0003 (unique user+type),
 *                                     0009_mariadb_uuid_conversion (MariaDB: native `uuid` column)
 *   edx_when_*                        openedx/edx-when edx_when/models.py, migrations 0001–0008
 *                                     (DurationField = bigint microseconds on MySQL)
 * MySQL 8 (what Tutor runs) differs in one place: external_user_id stays char(32) (hex, no
 * dashes) since migration 0009 is a no-op there — LMS_DDL_MYSQL8 has that form.
 */
export function lmsDdl(options: { externalIdType?: 'uuid' | 'char(32)' } = {}): string {
  const externalIdType = options.externalIdType ?? 'uuid';
  return `
CREATE TABLE auth_user (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  password varchar(128) NOT NULL,
  last_login datetime(6) NULL,
  is_superuser tinyint(1) NOT NULL,
  username varchar(150) NOT NULL UNIQUE,
  first_name varchar(150) NOT NULL,
  last_name varchar(150) NOT NULL,
  email varchar(254) NOT NULL,
  is_staff tinyint(1) NOT NULL,
  is_active tinyint(1) NOT NULL,
  date_joined datetime(6) NOT NULL
);
CREATE TABLE auth_userprofile (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name varchar(255) NOT NULL,
  meta longtext NOT NULL,
  courseware varchar(255) NOT NULL,
  language varchar(255) NOT NULL,
  location varchar(255) NOT NULL,
  year_of_birth int NULL,
  gender varchar(6) NULL,
  level_of_education varchar(6) NULL,
  mailing_address longtext NULL,
  city longtext NULL,
  country varchar(2) NULL,
  goals longtext NULL,
  allow_certificate tinyint(1) NOT NULL,
  bio varchar(3000) NULL,
  profile_image_uploaded_at datetime(6) NULL,
  phone_number varchar(50) NULL,
  state varchar(2) NULL,
  user_id int NOT NULL UNIQUE,
  KEY (name), KEY (language), KEY (location), KEY (year_of_birth), KEY (gender), KEY (level_of_education)
);
CREATE TABLE student_courseenrollment (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id varchar(255) NOT NULL,
  created datetime(6) NULL,
  is_active tinyint(1) NOT NULL,
  mode varchar(100) NOT NULL,
  user_id int NOT NULL,
  UNIQUE KEY (user_id, course_id),
  KEY (course_id), KEY (created)
);
CREATE TABLE student_courseenrollment_history (
  id int NOT NULL,
  created datetime(6) NULL,
  is_active tinyint(1) NOT NULL,
  mode varchar(100) NOT NULL,
  history_id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  history_date datetime(6) NOT NULL,
  history_change_reason varchar(100) NULL,
  history_type varchar(1) NOT NULL,
  course_id varchar(255) NULL,
  history_user_id int NULL,
  user_id int NULL,
  KEY (id), KEY (created), KEY (course_id), KEY (user_id), KEY (history_date)
);
CREATE TABLE grades_persistentcoursegrade (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id int NOT NULL,
  course_id varchar(255) NOT NULL,
  course_edited_timestamp datetime(6) NULL,
  course_version varchar(255) NOT NULL,
  grading_policy_hash varchar(255) NOT NULL,
  percent_grade double NOT NULL,
  letter_grade varchar(255) NOT NULL,
  passed_timestamp datetime(6) NULL,
  UNIQUE KEY (course_id, user_id),
  KEY (user_id), KEY (passed_timestamp, course_id), KEY (modified, course_id)
);
CREATE TABLE grades_persistentsubsectiongrade (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id int NOT NULL,
  course_id varchar(255) NOT NULL,
  usage_key varchar(255) NOT NULL,
  subtree_edited_timestamp datetime(6) NULL,
  course_version varchar(255) NOT NULL,
  earned_all double NOT NULL,
  possible_all double NOT NULL,
  earned_graded double NOT NULL,
  possible_graded double NOT NULL,
  first_attempted datetime(6) NULL,
  visible_blocks_hash varchar(100) NOT NULL,
  UNIQUE KEY (course_id, user_id, usage_key),
  KEY (modified, course_id, usage_key), KEY (first_attempted, course_id, user_id), KEY (visible_blocks_hash)
);
CREATE TABLE completion_blockcompletion (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_key varchar(255) NOT NULL,
  block_key varchar(255) NOT NULL,
  block_type varchar(64) NOT NULL,
  completion double NOT NULL,
  user_id int NOT NULL,
  UNIQUE KEY (course_key, block_key, user_id),
  KEY (course_key, block_type, user_id), KEY (user_id, course_key, modified)
);
CREATE TABLE certificates_generatedcertificate (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id varchar(255) NOT NULL,
  verify_uuid varchar(32) NOT NULL,
  download_uuid varchar(32) NOT NULL,
  download_url varchar(128) NOT NULL,
  grade varchar(5) NOT NULL,
  \`key\` varchar(32) NOT NULL,
  distinction tinyint(1) NOT NULL,
  status varchar(32) NOT NULL,
  mode varchar(32) NOT NULL,
  name varchar(255) NOT NULL,
  created_date datetime(6) NOT NULL,
  modified_date datetime(6) NOT NULL,
  error_reason varchar(512) NOT NULL,
  user_id int NOT NULL,
  UNIQUE KEY (user_id, course_id),
  KEY (verify_uuid)
);
CREATE TABLE course_overviews_courseoverview (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  version int NOT NULL,
  id varchar(255) NOT NULL PRIMARY KEY,
  _location varchar(255) NOT NULL,
  display_name longtext NULL,
  display_number_with_default longtext NOT NULL,
  display_org_with_default longtext NOT NULL,
  start datetime(6) NULL,
  end datetime(6) NULL,
  advertised_start longtext NULL,
  course_image_url longtext NOT NULL,
  social_sharing_url longtext NULL,
  end_of_course_survey_url longtext NULL,
  certificates_display_behavior longtext NULL,
  certificates_show_before_end tinyint(1) NOT NULL,
  cert_html_view_enabled tinyint(1) NOT NULL,
  has_any_active_web_certificate tinyint(1) NOT NULL,
  cert_name_short longtext NOT NULL,
  cert_name_long longtext NOT NULL,
  lowest_passing_grade decimal(5,2) NULL,
  days_early_for_beta double NULL,
  mobile_available tinyint(1) NOT NULL,
  visible_to_staff_only tinyint(1) NOT NULL,
  _pre_requisite_courses_json longtext NOT NULL,
  enrollment_start datetime(6) NULL,
  enrollment_end datetime(6) NULL,
  enrollment_domain longtext NULL,
  invitation_only tinyint(1) NOT NULL,
  max_student_enrollments_allowed int NULL,
  announcement datetime(6) NULL,
  catalog_visibility longtext NULL,
  course_video_url longtext NULL,
  effort longtext NULL,
  short_description longtext NULL,
  org longtext NOT NULL,
  self_paced tinyint(1) NOT NULL,
  marketing_url longtext NULL,
  eligible_for_financial_aid tinyint(1) NOT NULL,
  language longtext NULL,
  certificate_available_date datetime(6) NULL,
  end_date datetime(6) NULL,
  start_date datetime(6) NULL,
  banner_image_url longtext NOT NULL,
  has_highlights tinyint(1) NULL,
  allow_proctoring_opt_out tinyint(1) NOT NULL,
  enable_proctored_exams tinyint(1) NOT NULL,
  proctoring_escalation_email longtext NULL,
  proctoring_provider longtext NULL,
  entrance_exam_enabled tinyint(1) NOT NULL,
  entrance_exam_id varchar(255) NOT NULL,
  entrance_exam_minimum_score_pct double NOT NULL,
  external_id varchar(128) NULL,
  force_on_flexible_peak_pacing tinyint(1) NOT NULL
);
CREATE TABLE student_courseaccessrole (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org varchar(64) NOT NULL,
  course_id varchar(255) NOT NULL,
  role varchar(64) NOT NULL,
  user_id int NOT NULL,
  UNIQUE KEY (user_id, org, course_id, role),
  KEY (org), KEY (course_id), KEY (role)
);
CREATE TABLE learning_sequences_learningcontext (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  context_key varchar(255) NOT NULL UNIQUE,
  title varchar(255) NOT NULL,
  published_at datetime(6) NOT NULL,
  published_version varchar(255) NOT NULL,
  KEY (published_at), KEY (title)
);
CREATE TABLE learning_sequences_coursecontext (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  learning_context_id bigint NOT NULL PRIMARY KEY,
  course_visibility varchar(32) NOT NULL,
  days_early_for_beta int NULL,
  self_paced tinyint(1) NOT NULL,
  entrance_exam_id varchar(255) NULL
);
CREATE TABLE learning_sequences_coursesection (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  usage_key varchar(255) NOT NULL,
  title varchar(1000) NOT NULL,
  ordering int unsigned NOT NULL,
  hide_from_toc tinyint(1) NOT NULL,
  visible_to_staff_only tinyint(1) NOT NULL,
  course_context_id bigint NOT NULL,
  UNIQUE KEY (course_context_id, usage_key),
  KEY (course_context_id, ordering)
);
CREATE TABLE learning_sequences_learningsequence (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  usage_key varchar(255) NOT NULL,
  title varchar(1000) NOT NULL,
  learning_context_id bigint NOT NULL,
  UNIQUE KEY (learning_context_id, usage_key)
);
CREATE TABLE learning_sequences_coursesectionsequence (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ordering int unsigned NOT NULL,
  hide_from_toc tinyint(1) NOT NULL,
  visible_to_staff_only tinyint(1) NOT NULL,
  inaccessible_after_due tinyint(1) NOT NULL,
  course_context_id bigint NOT NULL,
  section_id bigint NOT NULL,
  sequence_id bigint NOT NULL,
  UNIQUE KEY (course_context_id, ordering),
  KEY (section_id), KEY (sequence_id)
);
CREATE TABLE external_user_ids_externalidtype (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  name varchar(32) NOT NULL UNIQUE,
  description longtext NOT NULL
);
CREATE TABLE external_user_ids_externalid (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  external_user_id ${externalIdType} NOT NULL UNIQUE,
  external_id_type_id int NOT NULL,
  user_id int NOT NULL,
  UNIQUE KEY (user_id, external_id_type_id)
);
CREATE TABLE edx_when_datepolicy (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  abs_date datetime(6) NULL,
  rel_date bigint NULL,
  KEY (abs_date), KEY (rel_date)
);
CREATE TABLE edx_when_contentdate (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id varchar(255) NOT NULL,
  location varchar(255) NULL,
  field varchar(255) NOT NULL,
  active tinyint(1) NOT NULL,
  policy_id int NOT NULL,
  block_type varchar(255) NULL,
  UNIQUE KEY (policy_id, location, field),
  KEY (course_id), KEY (location), KEY (course_id, block_type)
);
CREATE TABLE edx_when_userdate (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  abs_date datetime(6) NULL,
  rel_date bigint NULL,
  reason longtext NOT NULL,
  actor_id int NULL,
  content_date_id int NOT NULL,
  user_id int NOT NULL,
  KEY (rel_date), KEY (content_date_id), KEY (user_id)
);
`;
}

/** The DDL as MariaDB gets it (Django 5: native uuid external ids). */
export const LMS_DDL = lmsDdl();
/** As MySQL 8 gets it. */
export const LMS_DDL_MYSQL8 = lmsDdl({ externalIdType: 'char(32)' });

const NOW = () => new Date().toISOString().replace('T', ' ').replace('Z', '');

/** The values the Django models put in an INSERT for the NOT NULL columns a test leaves out. */
const MODEL_DEFAULTS: Record<string, () => Record<string, unknown>> = {
  auth_user: () => ({ password: '!', is_superuser: 0, first_name: '', last_name: '', is_staff: 0, is_active: 1, date_joined: NOW() }),
  auth_userprofile: () => ({ meta: '', courseware: 'course.xml', language: '', location: '', allow_certificate: 1 }),
  grades_persistentcoursegrade: () => ({ course_version: '', grading_policy_hash: '' }),
  grades_persistentsubsectiongrade: () => ({ course_version: '', visible_blocks_hash: 'aGFzaA==' }),
  certificates_generatedcertificate: () => ({
    verify_uuid: '', download_uuid: '', download_url: '', grade: '', key: '', distinction: 0, status: 'unavailable', mode: 'honor', name: '', error_reason: '',
    created_date: NOW(), modified_date: NOW(),
  }),
  course_overviews_courseoverview: () => ({
    version: 19, _location: '', display_number_with_default: '', display_org_with_default: '', course_image_url: '',
    certificates_show_before_end: 0, cert_html_view_enabled: 0, has_any_active_web_certificate: 0, cert_name_short: '',
    cert_name_long: '', mobile_available: 0, visible_to_staff_only: 0, _pre_requisite_courses_json: '[]', invitation_only: 0,
    self_paced: 0, eligible_for_financial_aid: 1, banner_image_url: '', allow_proctoring_opt_out: 0, enable_proctored_exams: 0,
    entrance_exam_enabled: 0, entrance_exam_id: '', entrance_exam_minimum_score_pct: 0.65, force_on_flexible_peak_pacing: 0,
  }),
  learning_sequences_coursecontext: () => ({ course_visibility: 'private', self_paced: 0 }),
  learning_sequences_coursesection: () => ({ hide_from_toc: 0, visible_to_staff_only: 0 }),
  learning_sequences_coursesectionsequence: () => ({ hide_from_toc: 0, visible_to_staff_only: 0, inaccessible_after_due: 0 }),
  external_user_ids_externalidtype: () => ({ description: '' }),
  edx_when_contentdate: () => ({ field: 'due', active: 1 }),
  edx_when_userdate: () => ({ reason: '' }),
  edx_when_datepolicy: () => ({ created: NOW(), modified: NOW() }),
};

/** INSERTs rows as the Django ORM would (model defaults filled in for omitted columns). */
export async function lmsInsert(conn: mysql.Connection, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const full = rows.map((r) => ({ ...(MODEL_DEFAULTS[table]?.() ?? {}), ...r }));
  const cols = [...new Set(full.flatMap((r) => Object.keys(r)))];
  const values = full.map((r) => cols.map((c) => (c in r ? r[c] : null)));
  await conn.query(`INSERT INTO ${table} (${cols.map((c) => '`' + c + '`').join(', ')}) VALUES ?`, [values]);
}
