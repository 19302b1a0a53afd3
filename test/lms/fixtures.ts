/**
 * The LMS tables the sync reads, as Open edX creates them on MySQL (Django models of
 * openedx/edx-platform and openedx/completion; columns the sync ignores are kept where
 * they are NOT NULL so inserts look like the LMS's own).
 */
export const LMS_DDL = `
CREATE TABLE auth_user (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  password varchar(128) NOT NULL DEFAULT '!',
  last_login datetime(6) NULL,
  is_superuser tinyint(1) NOT NULL DEFAULT 0,
  username varchar(150) NOT NULL UNIQUE,
  first_name varchar(150) NOT NULL DEFAULT '',
  last_name varchar(150) NOT NULL DEFAULT '',
  email varchar(254) NOT NULL,
  is_staff tinyint(1) NOT NULL DEFAULT 0,
  is_active tinyint(1) NOT NULL DEFAULT 1,
  date_joined datetime(6) NOT NULL
);
CREATE TABLE auth_userprofile (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name varchar(255) NOT NULL,
  meta longtext NOT NULL DEFAULT '',
  courseware varchar(255) NOT NULL DEFAULT 'course.xml',
  language varchar(255) NOT NULL DEFAULT '',
  location varchar(255) NOT NULL DEFAULT '',
  year_of_birth int NULL,
  gender varchar(6) NULL,
  level_of_education varchar(6) NULL,
  mailing_address longtext NULL,
  city longtext NULL,
  country varchar(2) NULL,
  goals longtext NULL,
  bio varchar(3000) NULL,
  profile_image_uploaded_at datetime(6) NULL,
  phone_number varchar(50) NULL,
  state varchar(2) NULL,
  user_id int NOT NULL UNIQUE
);
CREATE TABLE student_courseenrollment (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id varchar(255) NOT NULL,
  created datetime(6) NULL,
  is_active tinyint(1) NOT NULL,
  mode varchar(100) NOT NULL,
  user_id int NOT NULL,
  UNIQUE KEY (user_id, course_id)
);
CREATE TABLE student_courseenrollment_history (
  id int NOT NULL,
  course_id varchar(255) NOT NULL,
  created datetime(6) NULL,
  is_active tinyint(1) NOT NULL,
  mode varchar(100) NOT NULL,
  history_id char(32) NOT NULL PRIMARY KEY,
  history_date datetime(6) NOT NULL,
  history_change_reason varchar(100) NULL,
  history_type varchar(1) NOT NULL,
  history_user_id int NULL,
  user_id int NULL,
  KEY (history_date)
);
CREATE TABLE grades_persistentcoursegrade (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id int NOT NULL,
  course_id varchar(255) NOT NULL,
  course_edited_timestamp datetime(6) NULL,
  course_version varchar(255) NOT NULL DEFAULT '',
  grading_policy_hash varchar(255) NOT NULL DEFAULT '',
  percent_grade double NOT NULL,
  letter_grade varchar(255) NOT NULL,
  passed_timestamp datetime(6) NULL,
  UNIQUE KEY (course_id, user_id),
  KEY (modified, course_id)
);
CREATE TABLE grades_persistentsubsectiongrade (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id int NOT NULL,
  course_id varchar(255) NOT NULL,
  usage_key varchar(255) NOT NULL,
  subtree_edited_timestamp datetime(6) NULL,
  course_version varchar(255) NOT NULL DEFAULT '',
  earned_all double NOT NULL,
  possible_all double NOT NULL,
  earned_graded double NOT NULL,
  possible_graded double NOT NULL,
  visible_blocks_id varchar(100) NOT NULL DEFAULT '',
  first_attempted datetime(6) NULL,
  UNIQUE KEY (course_id, user_id, usage_key),
  KEY (modified, course_id, usage_key)
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
  UNIQUE KEY (course_key, block_key, user_id)
);
CREATE TABLE course_overviews_courseoverview (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  version int NOT NULL DEFAULT 19,
  id varchar(255) NOT NULL PRIMARY KEY,
  _location varchar(255) NOT NULL DEFAULT '',
  display_name longtext NULL,
  display_number_with_default longtext NOT NULL DEFAULT '',
  display_org_with_default longtext NOT NULL DEFAULT '',
  start datetime(6) NULL,
  end datetime(6) NULL,
  org longtext NOT NULL,
  enrollment_start datetime(6) NULL,
  enrollment_end datetime(6) NULL,
  lowest_passing_grade decimal(5,2) NULL,
  self_paced tinyint(1) NOT NULL DEFAULT 0
);
CREATE TABLE student_courseaccessrole (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org varchar(64) NOT NULL,
  course_id varchar(255) NOT NULL,
  role varchar(64) NOT NULL,
  user_id int NOT NULL,
  UNIQUE KEY (user_id, org, course_id, role)
);
CREATE TABLE learning_sequences_learningcontext (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  context_key varchar(255) NOT NULL UNIQUE,
  title varchar(255) NOT NULL,
  published_at datetime(6) NOT NULL,
  published_version varchar(255) NOT NULL
);
CREATE TABLE learning_sequences_coursecontext (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  learning_context_id bigint NOT NULL PRIMARY KEY,
  course_visibility varchar(32) NOT NULL DEFAULT 'private',
  days_early_for_beta int NULL,
  self_paced tinyint(1) NOT NULL DEFAULT 0
);
CREATE TABLE learning_sequences_coursesection (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  usage_key varchar(255) NOT NULL,
  title varchar(1000) NOT NULL,
  ordering int unsigned NOT NULL,
  hide_from_toc tinyint(1) NOT NULL DEFAULT 0,
  visible_to_staff_only tinyint(1) NOT NULL DEFAULT 0,
  course_context_id bigint NOT NULL,
  UNIQUE KEY (course_context_id, usage_key)
);
CREATE TABLE learning_sequences_learningsequence (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  usage_key varchar(255) NOT NULL UNIQUE,
  title varchar(1000) NOT NULL,
  learning_context_id bigint NOT NULL,
  usage_key_hash varchar(8) NULL
);
CREATE TABLE learning_sequences_coursesectionsequence (
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ordering int unsigned NOT NULL,
  hide_from_toc tinyint(1) NOT NULL DEFAULT 0,
  visible_to_staff_only tinyint(1) NOT NULL DEFAULT 0,
  inaccessible_after_due tinyint(1) NOT NULL DEFAULT 0,
  course_context_id bigint NOT NULL,
  section_id bigint NOT NULL,
  sequence_id bigint NOT NULL,
  UNIQUE KEY (course_context_id, ordering)
);
CREATE TABLE external_user_id_externalidtype (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  name varchar(32) NOT NULL UNIQUE,
  description longtext NOT NULL
);
CREATE TABLE external_user_id_externalid (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created datetime(6) NOT NULL,
  modified datetime(6) NOT NULL,
  external_user_id char(32) NOT NULL UNIQUE,
  external_id_type_id int NOT NULL,
  user_id int NOT NULL,
  UNIQUE KEY (user_id, external_id_type_id)
);
`;
