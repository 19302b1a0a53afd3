/**
 * Every tracking/ fixture, checked against INDEX.csv (name, event_source, course_id, user_id, time).
 *
 * INDEX.csv records what the raw event says in `context`; the parser goes further where SCHEMA.md
 * says to. The differences are listed below, one reason each, rather than hidden in the comparison.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTrackingLine } from '../../lib/events/parse';
import { indexUserId, readFixture, readIndex } from './fixtures';

const RECEIVED = new Date('2026-01-02T03:04:05.678Z');

/** Doc examples cut down to name + event: no `time`, so they are rejected (a missing time is a rejection). */
const NO_TIME = new Set([
  'tracking/docs/edx.ui.lms.outline.selected__student_event_types-L969.json',
  'tracking/docs/edx.ui.lms.sequence.next_selected__student_event_types-L1106.json',
  'tracking/docs/edx.ui.lms.sequence.previous_selected__student_event_types-L1202.json',
  'tracking/docs/edx.ui.lms.sequence.tab_selected__legacy_event_type-seq_goto__student_event_types-L1274.json',
]);

/** INDEX has no (or a different) context.user_id; the learner is in the payload. */
const DERIVED_USER: Record<string, number> = {
  // §6f enrollments: always event.user_id (admin / manage.py / enterprise requests)
  'tracking/erb/edx.course.enrollment.activated.enterprise.json': 3,
  'tracking/pipeline/edx.course.enrollment.activated__server__problem_response_tracking-L3.json': 2,
  'tracking/pipeline/edx.course.enrollment.activated__server__problem_response_tracking-L6.json': 3,
  'tracking/pipeline/edx.course.enrollment.activated__server__problem_response_tracking-L8.json': 4,
  'tracking/pipeline/edx.course.enrollment.activated__server__problem_response_tracking-L12.json': 5,
  'tracking/pipeline/edx.course.enrollment.mode_changed__server__problem_response_tracking-L4.json': 2,
  'tracking/pipeline/edx.course.enrollment.mode_changed__server__problem_response_tracking-L9.json': 4,
  'tracking/pipeline/edx.course.enrollment.deactivated__server__student_engagement_acceptance_tracking-L14.json': 4,
  'tracking/pipeline/edx.course.enrollment.activated__server__answer_dist_acceptance_tracking-L1__quirk-legacy-no-name-slash-courseid.json': 1,
  // grades and completion are about event.user_id (the learner), not context.user_id (who made the request)
  'tracking/erb/edx.completion.block_completion.changed.json': 4,
  'tracking/erb/edx.grades.subsection.grade_calculated.json': 4,
  'tracking/erb/edx.grades.subsection.grade_calculated.weighted_possible_0.json': 4,
  // celery grade events: no context.user_id, event.user_id is the string "6"
  'tracking/erb_tracking_log/edx.grades.subsection.grade_calculated__L1.json': 6,
  'tracking/erb_tracking_log/edx.grades.course.grade_calculated__L2.json': 6,
  'tracking/erb_tracking_log/edx.grades.subsection.grade_calculated__L9.json': 6,
  'tracking/erb_tracking_log/edx.grades.subsection.grade_calculated__L10.json': 6,
  'tracking/erb_tracking_log/edx.course.grade.now_failed__L12.json': 6,
  // settings changes: event.user_id is the account whose setting changed (context {} or user_id null)
  'tracking/pipeline/edx.user.settings.changed__server__problem_response_tracking-L1.json': 1,
  'tracking/pipeline/edx.user.settings.changed__server__problem_response_tracking-L2.json': 2,
  'tracking/pipeline/edx.user.settings.changed__server__problem_response_tracking-L26.json': 6,
  // Segment API payload: top-level userId "4"
  'tracking/pipeline/segment_api__edx.video.loaded__mobile__load_events_acceptance_segment_20150414-L1.json': 4,
};

/** INDEX has no context.course_id; the course is in the payload. */
const DERIVED_COURSE: Record<string, string> = {
  // context.course_id is "" but event.course_id names the CCX
  'tracking/pipeline/edx.bookmark.added__server__event_export_tracking-L11.json': 'ccx-v1:AcceptanceX+Demo_ccx+T2_2014+ccx@101',
  // Segment payload: properties.context.course_id
  'tracking/pipeline/segment_api__edx.video.loaded__mobile__load_events_acceptance_segment_20150414-L1.json':
    'course-v1:edX+DemoX+2T2016',
};

/** event_source when INDEX leaves it blank: shape B without a source gets the shim's default. */
const DERIVED_SOURCE: Record<string, string> = {
  'tracking/pipeline/segment_api__edx.video.loaded__mobile__load_events_acceptance_segment_20150414-L1.json': 'mobile',
};

const LAKE_TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

/** Every fixture's time is UTC; the lake time is the same instant truncated to ms. */
function expectedLakeTime(text: string): string {
  const o = JSON.parse(text) as Record<string, unknown>;
  const t = String(o.time ?? o.timestamp);
  const [date, rest = ''] = t.split('T');
  const hms = rest.slice(0, 8);
  const frac = /^\.(\d+)/.exec(rest.slice(8))?.[1] ?? '';
  return `${date} ${hms}.${frac.slice(0, 3).padEnd(3, '0')}`;
}

const rows = readIndex().filter((r) => r.file.startsWith('tracking/'));

describe('tracking fixtures vs INDEX.csv', () => {
  it('covers all 225 tracking fixtures', () => {
    assert.equal(rows.length, 225);
  });

  for (const row of rows) {
    it(row.file, () => {
      const text = readFixture(row.file);
      const res = parseTrackingLine(text, RECEIVED);
      if (NO_TIME.has(row.file)) {
        assert.deepEqual(res, { ok: false, reason: 'no timestamp' });
        return;
      }
      assert.ok(res.ok, res.ok ? '' : res.reason);
      const e = res.event;

      // `name` supersedes event_type — even the deliberately altered "…grade_calculated2" (kept as logged)
      assert.equal(e.name, row.event);
      assert.equal(e.event_source, DERIVED_SOURCE[row.file] ?? (row.event_source || 'server'));

      const course = DERIVED_COURSE[row.file] ?? (row.course_id === '<absent>' ? '' : row.course_id);
      assert.equal(e.course_id, course);

      const user = DERIVED_USER[row.file] ?? indexUserId(row.user_id) ?? 0;
      assert.equal(e.user_id, user);

      assert.match(e.time, LAKE_TIME_RE);
      assert.equal(e.time, expectedLakeTime(text));
      assert.equal(e.received_at, '2026-01-02 03:04:05.678');
      assert.match(e.event_id, /^[0-9a-f]{32}$/);
      assert.equal(e.raw, text.trim());

      // DESIGN §5 invariants
      if (e.is_learner === 1) {
        assert.ok(e.user_id > 0 && e.course_id !== '', 'a learner event needs a learner and a course');
      }
      if (e.name.startsWith('/')) assert.equal(e.is_learner, 0, 'implicit request events are not learner events');
      if (e.name.startsWith('edx.grades.') || e.name.startsWith('edx.course.grade.')) {
        assert.equal(e.is_learner, 0, 'grade events are task echoes');
      }
    });
  }
});
