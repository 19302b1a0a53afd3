/** Hand-written checks for the quirks SCHEMA.md names, on real samples (some with one field edited). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { courseFromUrl, courseFromUsageKey, isCourseKey, orgFromCourseKey, videoUsageKey } from '../../lib/events/courseKey';
import { isLearnerServerEvent, LEARNER_SERVER_EVENTS } from '../../lib/events/learner';
import { normalizeTrackingObject, parseTrackingLine } from '../../lib/events/parse';
import { decodePayload } from '../../lib/events/payload';
import { toLakeTime } from '../../lib/events/time';
import type { LakeEvent } from '../../lib/events/types';
import { fixtureJson, readFixture } from './fixtures';

function parsed(rel: string): LakeEvent {
  const res = parseTrackingLine(readFixture(rel));
  assert.ok(res.ok, res.ok ? '' : res.reason);
  return res.event;
}

/** A fixture with some fields edited, parsed as an object. */
function edited(rel: string, edit: (o: Record<string, any>) => void): LakeEvent {
  const o = fixtureJson(rel) as Record<string, any>;
  edit(o);
  const res = normalizeTrackingObject(o, JSON.stringify(o));
  assert.ok(res.ok, res.ok ? '' : res.reason);
  return res.event;
}

const P = 'tracking/pipeline/';
const ERB = 'tracking/erb/';
const LOG = 'tracking/erb_tracking_log/';

describe('identity quirks', () => {
  it('blank username with context.user_id is still the learner', () => {
    const e = parsed(`${P}play_video__browser__module_engagement_acceptance_tracking_20150416-L125__quirk-blank-username.json`);
    assert.equal(e.username, '');
    assert.equal(e.user_id, 1);
    assert.equal(e.course_id, 'edX/DemoX/Demo_Course_3');
    assert.equal(e.is_learner, 1);
  });

  it('blank username and blank user_id: no learner', () => {
    const e = parsed(`${P}problem_check__browser__user_activity_tracking-L72__quirk-blank-user_id.json`);
    assert.equal(e.user_id, 0);
    assert.equal(e.is_learner, 0);
  });

  it('enrollment from a management command: learner from event.user_id, not a learner event', () => {
    const e = parsed(`${P}edx.course.enrollment.activated__server__problem_response_tracking-L3.json`);
    assert.equal(e.name, 'edx.course.enrollment.activated');
    assert.equal(e.user_id, 2);
    assert.equal(e.username, '');
    assert.equal(e.enrollment_mode, 'honor');
    assert.equal(e.is_learner, 0, 'context.command = ./manage.py create_user');
  });

  it('enrollment by "anonymous" without a command counts for event.user_id, and is not activity', () => {
    const e = parsed(`${P}edx.course.enrollment.deactivated__server__student_engagement_acceptance_tracking-L14.json`);
    assert.equal(e.user_id, 4);
    assert.equal(e.username, '', '"anonymous" is the requester, not the learner');
    assert.equal(e.is_learner, 0, 'enrolling is not activity (DESIGN §5)');
  });

  it('enterprise enrollment: blank context user, learner and username in data', () => {
    const e = parsed(`${ERB}edx.course.enrollment.activated.enterprise.json`);
    assert.equal(e.user_id, 3);
    assert.equal(e.username, 'edx');
    assert.equal(e.enrollment_mode, 'audit');
    assert.equal(e.event_source, 'server');
    assert.equal(e.is_learner, 0, 'enrolling is not activity (DESIGN §5)');
  });

  it('enrollment made by someone else keeps the learner, not the requester', () => {
    const e = edited(`${P}edx.course.enrollment.activated__server__problem_response_tracking-L91.json`, (o) => {
      o.event.user_id = 77;
    });
    assert.equal(e.user_id, 77);
    assert.equal(e.username, '');
  });

  it('grade event with string user_id "6" and no context.user_id', () => {
    const e = parsed(`${LOG}edx.grades.course.grade_calculated__L2.json`);
    assert.equal(e.user_id, 6);
    assert.equal(e.username, '');
    assert.equal(typeof e.grade_percent, 'number');
    assert.equal(e.is_learner, 0, 'celery task echo');
  });

  it('problem_rescore: the learner is event.student, the instructor is username', () => {
    const base = { username: 'staff', event_type: 'problem_rescore', event_source: 'server', time: '2016-01-01T00:00:00+00:00',
      context: { user_id: 5, course_id: 'course-v1:A+B+C', org_id: 'A' } };
    const r1 = normalizeTrackingObject({ ...base, event: { student: '42', problem_id: 'block-v1:A+B+C+type@problem+block@p' } }, '');
    assert.ok(r1.ok);
    assert.equal(r1.event.user_id, 42);
    assert.equal(r1.event.is_learner, 0, 'an instructor action');
    const r2 = normalizeTrackingObject({ ...base, event: { student: 'alice' } }, '');
    assert.ok(r2.ok);
    assert.equal(r2.event.user_id, 0);
    assert.equal(r2.event.username, 'alice');
  });

  it('"anonymous" request outside enrollments is not a learner event', () => {
    const e = edited(`${P}edx.forum.thread.created__server__student_engagement_acceptance_tracking-L181.json`, (o) => {
      o.username = 'anonymous';
      delete o.context.user_id;
      o.event.user_id = 9;
    });
    assert.equal(e.user_id, 9);
    assert.equal(e.username, '');
    assert.equal(e.is_learner, 0);
  });

  it('"anonymous" is not a username', () => {
    const e = parsed(`${P}edx.course.enrollment.activated__server__answer_dist_acceptance_tracking-L1__quirk-legacy-no-name-slash-courseid.json`);
    assert.equal(e.username, '');
  });
});

describe('course quirks', () => {
  it('legacy slash course id, no `name` (event_type used)', () => {
    const e = parsed(`${P}edx.course.enrollment.activated__server__answer_dist_acceptance_tracking-L1__quirk-legacy-no-name-slash-courseid.json`);
    assert.equal(e.name, 'edx.course.enrollment.activated');
    assert.equal(e.course_id, 'edX/Open_DemoX/edx_demo_course');
    assert.equal(e.org, 'edX');
    assert.equal(e.user_id, 1);
  });

  it('CCX course key', () => {
    const e = parsed(`${P}edx.ui.lms.link_clicked__browser__event_export_tracking-L12__quirk-nonstandard-courseid.json`);
    assert.equal(e.course_id, 'ccx-v1:AcceptanceX+Demo_ccx+T2_2014+ccx@101');
    assert.equal(orgFromCourseKey(e.course_id), 'AcceptanceX');
  });

  it('course only in a URL-path event_type (implicit event)', () => {
    const e = edited(`${P}pageview_courseware__server__problem_response_tracking-L72.json`, (o) => {
      o.context.course_id = '';
      o.context.org_id = '';
    });
    assert.equal(e.course_id, 'OpenCraft/DXB101x/2016_T2');
    assert.equal(e.org, 'OpenCraft');
    assert.equal(e.is_learner, 0, 'implicit request');
    const v1 = edited(`${P}pageview_progress__server__problem_response_tracking-L597.json`, (o) => {
      delete o.context.course_id;
    });
    assert.equal(v1.course_id, 'course-v1:OpenCraft+PRDemo1+2016');
  });

  it('course only in the browser page URL', () => {
    const e = edited(`${P}seq_goto__browser__problem_response_tracking-L553.json`, (o) => {
      o.context.course_id = '';
    });
    assert.equal(e.course_id, 'course-v1:OpenCraft+PRDemo1+2016');
    assert.equal(e.is_learner, 1);
  });

  it('no course anywhere stays blank (and is not a learner event)', () => {
    const e = parsed(`${P}pageview_dashboard__server__problem_response_tracking-L27.json`);
    assert.equal(e.course_id, '');
    assert.equal(e.is_learner, 0);
  });

  it('course key helpers', () => {
    assert.equal(courseFromUrl('http://x/courses/course-v1:edX+DemoX+Demo_Course/courseware/a/b/'), 'course-v1:edX+DemoX+Demo_Course');
    assert.equal(courseFromUrl('/courses/edX/DemoX/Demo_Course/info'), 'edX/DemoX/Demo_Course');
    assert.equal(courseFromUrl('/courses/ccx-v1:A+B+C+ccx@3/x'), 'ccx-v1:A+B+C+ccx@3');
    assert.equal(courseFromUrl('/courses/course-v1%3AedX%2BDemoX%2BDemo_Course/x'), 'course-v1:edX+DemoX+Demo_Course');
    assert.equal(courseFromUrl('http://h/course/course-v1:edX+DemoX+Demo_Course'), 'course-v1:edX+DemoX+Demo_Course');
    assert.equal(courseFromUrl('/courses'), '');
    assert.equal(courseFromUrl('/dashboard'), '');
    assert.equal(courseFromUsageKey('block-v1:edX+DemoX+Demo_Course+type@video+block@abc'), 'course-v1:edX+DemoX+Demo_Course');
    assert.equal(courseFromUsageKey('ccx-block-v1:edX+DemoX+Demo_Course+ccx@1+type@video+block@abc'), 'ccx-v1:edX+DemoX+Demo_Course+ccx@1');
    assert.equal(courseFromUsageKey('i4x://edX/DemoX/problem/abc'), '');
    assert.ok(isCourseKey('course-v1:edX+DemoX+Demo_Course'));
    assert.ok(isCourseKey('edX/DemoX/Demo_Course'));
    assert.ok(!isCourseKey('course-v1:edX+DemoX'));
    assert.equal(videoUsageKey('course-v1:A+B+C', 'abc123'), 'block-v1:A+B+C+type@video+block@abc123');
    assert.equal(videoUsageKey('ccx-v1:A+B+C+ccx@1', 'abc123'), 'ccx-block-v1:A+B+C+ccx@1+type@video+block@abc123');
    assert.equal(videoUsageKey('edX/DemoX/Demo_Course', 'abc123'), '');
  });
});

describe('payload encodings', () => {
  it('URL query string (browser problem_check) is kept, no correctness', () => {
    const e = parsed(`${ERB}problem_check(browser).json`);
    assert.equal(e.name, 'problem_check');
    assert.equal(e.event_source, 'browser');
    assert.equal(e.problem_success, '');
    assert.equal(e.problem_attempts, null);
    assert.equal(e.is_learner, 1);
    assert.equal(decodePayload('input_abc_2_1=choice_2&input_abc_3_1%5B%5D=x').kind, 'string');
  });

  it('list payload (browser problem_graded)', () => {
    const e = parsed(`${LOG}problem_graded__L8.json`);
    assert.equal(e.name, 'problem_graded');
    assert.equal(e.user_id, 6);
    assert.equal(decodePayload(['a=b', '<div/>']).kind, 'list');
  });

  it('empty-string payload with blank user (page_close)', () => {
    const e = parsed(`${P}page_close__browser__answer_dist_acceptance_tracking-L395__quirk-empty-string-event-blank-user.json`);
    assert.equal(e.name, 'page_close');
    assert.equal(e.user_id, 0);
    assert.equal(e.course_id, 'edX/Open_DemoX/edx_demo_course');
    assert.equal(e.is_learner, 0);
    assert.equal(decodePayload('').kind, 'empty');
    assert.equal(decodePayload('{}').kind, 'empty');
  });

  it('truncated implicit-event JSON string is kept, not a failure', () => {
    const e = edited(`${P}pageview_courseware__server__problem_response_tracking-L72.json`, (o) => {
      o.event = '{"POST": {"password": "********", "email": "a@b.c"}, "GET": {"next": ["/courses/x/y/z/courseware/aaaaaaaaaaaaaaaaaa';
    });
    assert.equal(e.course_id, 'OpenCraft/DXB101x/2016_T2');
    assert.equal(decodePayload('{"POST": {"a": "b').kind, 'string');
  });

  it('JSON-encoded string (second parse)', () => {
    const e = parsed(`${P}seek_video__browser__video_timeline-L5.json`);
    assert.equal(e.video_old_time, 14.234121);
    assert.equal(e.video_new_time, 7.345);
    assert.equal(e.video_id, 'i4x-edX-DemoX-video-3cb54a11efae4ccc8a0aade24d14b255');
    assert.equal(e.block_id, '', 'legacy course: no usage key form');
  });

  it('`event: null` next to `data` uses data', () => {
    const e = edited(`${ERB}edx.grades.course.grade_calculated_letter_grade.json`, (o) => {
      o.event = null;
    });
    assert.equal(e.grade_percent, 1);
  });

  it('hybrid: A envelope with `data` instead of `event`', () => {
    const e = parsed(`${ERB}edx.grades.course.grade_calculated_letter_grade.json`);
    assert.equal(e.grade_percent, 1);
    assert.equal(e.block_id, '', 'a course grade is not about the problem in context.module');
    assert.equal(e.is_learner, 0);
  });
});

describe('time quirks', () => {
  it('`timestamp` instead of `time` on an on-disk line (altered ERB line 10)', () => {
    const e = parsed(`${LOG}edx.grades.subsection.grade_calculated__L10.json`);
    assert.equal(e.time, '2023-05-23 14:12:19.620');
    assert.equal(e.name, 'edx.grades.subsection.grade_calculated2', 'name kept as logged');
    assert.equal(e.block_id, 'block-v1:edX+DemoX+Demo_Course+type@sequential+block@19a30717eff543078a5d94ae9d6c18a5');
  });

  it('Z suffix', () => {
    assert.equal(parsed(`${ERB}edx.completion.block_completion.changed.json`).time, '2023-08-22 20:16:25.500');
  });

  it('formats', () => {
    assert.equal(toLakeTime('2020-07-15T06:52:55.057099+00:00'), '2020-07-15 06:52:55.057');
    assert.equal(toLakeTime('2014-12-09T03:57:24+00:00'), '2014-12-09 03:57:24.000');
    assert.equal(toLakeTime('2015-04-14T19:42:52.237Z'), '2015-04-14 19:42:52.237');
    assert.equal(toLakeTime('2013-12-17T15:38:32'), '2013-12-17 15:38:32.000');
    assert.equal(toLakeTime('2013-12-17T15:38:32.5'), '2013-12-17 15:38:32.500');
    assert.equal(toLakeTime('2023-05-12 20:55:53.096285+00:00'), '2023-05-12 20:55:53.096');
    assert.equal(toLakeTime('2015-04-14T20:42:49+0100'), '2015-04-14 19:42:49.000');
    assert.equal(toLakeTime('2020-01-01T01:30:00+05:30'), '2019-12-31 20:00:00.000');
    assert.equal(toLakeTime('2020-01-01T23:00:00-02:00'), '2020-01-02 01:00:00.000');
    assert.equal(toLakeTime('2020-02-30T00:00:00Z'), null);
    assert.equal(toLakeTime('2020-01-01T24:00:00Z'), null);
    assert.equal(toLakeTime('yesterday'), null);
    assert.equal(toLakeTime(1589000000), null);
    assert.equal(toLakeTime('9999-99-99T99:99:99.999999+99:99'), null);
  });

  it('missing and unparseable time are rejections', () => {
    const base = { name: 'play_video', context: { user_id: 1, course_id: 'course-v1:A+B+C' }, event: {} };
    assert.deepEqual(normalizeTrackingObject(base, ''), { ok: false, reason: 'no timestamp' });
    const bad = normalizeTrackingObject({ ...base, time: 'soon' }, '');
    assert.ok(!bad.ok && bad.reason.startsWith('time not parseable'));
  });
});

describe('video and mobile', () => {
  it('speed_change_video uses current_time (snake case)', () => {
    const e = parsed(`${ERB}speed_change_video.json`);
    assert.equal(e.video_position, 3.093662);
    assert.equal(e.video_speed, 1.25);
    assert.equal(e.video_duration, 194);
    assert.equal(e.block_id, 'block-v1:edX+DemoX+Demo_Course+type@video+block@0b9e39477cf34507a7a48f74be381fdd');
  });

  it('play_video: video id, position, duration, usage key built from course-v1 / ccx keys', () => {
    const e = parsed(`${ERB}play_video.json`);
    assert.equal(e.video_id, '0b9e39477cf34507a7a48f74be381fdd');
    assert.equal(e.video_position, 0.03278805340576172);
    assert.equal(e.video_duration, 195);
    assert.equal(e.session, '993110e9c27848a545da74a74114158d');
    assert.equal(e.username, 'edx');
    const ccx = parsed(`${ERB}play_video.ccx.json`);
    assert.equal(ccx.block_id, 'ccx-block-v1:edX+DemoX+Demo_Course+ccx@1+type@video+block@0b9e39477cf34507a7a48f74be381fdd');
  });

  it('mobile (Segment API payload)', () => {
    const e = parsed(`${P}segment_api__edx.video.loaded__mobile__load_events_acceptance_segment_20150414-L1.json`);
    assert.equal(e.name, 'edx.video.loaded');
    assert.equal(e.event_source, 'mobile');
    assert.equal(e.user_id, 4);
    assert.equal(e.course_id, 'course-v1:edX+DemoX+2T2016');
    assert.equal(e.org, 'edX');
    assert.equal(e.block_id, 'block-v1:edX+DemoX+2T2016+type@video+block@dcf121c8ce734eec99bf09182c2991be');
    assert.equal(e.video_id, 'dcf121c8ce734eec99bf09182c2991be');
    assert.equal(e.time, '2015-04-14 19:42:52.237');
    assert.equal(e.is_learner, 1);
  });

  it('mobile tracking-log names (edx.video.*) get the video columns', () => {
    const e = edited(`${P}play_video__browser__video_timeline-L24.json`, (o) => {
      o.name = 'edx.video.played';
      o.event_source = 'mobile';
      o.event = JSON.stringify({ module_id: 'block-v1:edX+DemoX+Test_2014+type@video+block@abc', code: 'mobile', current_time: 12.5 });
    });
    assert.equal(e.video_id, 'abc');
    assert.equal(e.video_position, 12.5);
    assert.equal(e.block_id, 'block-v1:edX+DemoX+Test_2014+type@video+block@abc');
    assert.equal(e.is_learner, 1);
  });
});

describe('problems, grades, completion', () => {
  it('server problem_check: success, grade, max_grade, attempts, problem id', () => {
    const e = parsed(`${P}problem_check__server__problem_response_tracking-L195.json`);
    assert.equal(e.problem_id, 'block-v1:OpenCraft+PRDemo1+2016+type@problem+block@d2069c02adc347318bc6e022705f2346');
    assert.equal(e.block_id, e.problem_id);
    assert.equal(e.problem_success, 'incorrect');
    assert.equal(e.problem_grade, 0);
    assert.equal(e.problem_max_grade, 1);
    assert.equal(e.problem_attempts, 1);
    assert.equal(e.is_learner, 1);
  });

  it('max_grade 0 is kept', () => {
    assert.equal(parsed(`${ERB}problem_check(server).max_grade_0.json`).problem_max_grade, 0);
  });

  it('edx.grades.problem.submitted is a task echo, not a learner event', () => {
    const e = parsed(`${ERB}edx.grades.problem.submitted.json`);
    assert.equal(e.problem_id, 'block-v1:edX+DemoX+Demo_Course+type@problem+block@3fc5461f86764ad7bdbdf6cbdde61e66');
    assert.equal(e.problem_success, '');
    assert.equal(e.is_learner, 0);
  });

  it('block completion', () => {
    const e = parsed(`${ERB}edx.completion.block_completion.changed.json`);
    assert.equal(e.completion, 1);
    assert.equal(e.block_id, 'block-v1:edX+DemoX+Demo_Course+type@problem+block@7c54b16c8ed34f9f8772015178c7a175');
  });
});

describe('learner events (DESIGN §5)', () => {
  it('the learner server event list is one exported constant', () => {
    assert.ok(LEARNER_SERVER_EVENTS.names.includes('problem_check'));
    assert.ok(isLearnerServerEvent('edx.forum.thread.created'));
    assert.ok(isLearnerServerEvent('edx.special_exam.proctored.attempt.created'));
    assert.ok(!isLearnerServerEvent('edx.grades.problem.submitted'));
    assert.ok(!isLearnerServerEvent('edx.course.index.published'));
  });

  const cases: [string, 0 | 1][] = [
    [`${P}edx.forum.thread.created__server__student_engagement_acceptance_tracking-L181.json`, 1],
    [`${P}edx.drag_and_drop_v2.item.dropped__server__problem_response_tracking-L289.json`, 1],
    [`${P}edx.problem.hint.feedback_displayed__server__problem_response_tracking-L537.json`, 1],
    [`${P}showanswer__server__problem_response_tracking-L542.json`, 1],
    [`${ERB}edx.special_exam.timed.attempt.created.json`, 1],
    [`${P}edx.course.index.published__server__student_engagement_acceptance_tracking-L68.json`, 0],
    [`${P}studio_container__server__problem_response_tracking-L99.json`, 0],
    [`${P}implicit_problem_check__server__problem_response_tracking-L193.json`, 0],
    [`${LOG}edx.grades.subsection.grade_calculated__L1.json`, 0],
    [`${ERB}edx.course.grade.now_passed.json`, 0],
    [`${P}edx.user.settings.changed__server__problem_response_tracking-L26.json`, 0],
    [`${P}edx.course_discovery.search.initiated__server__problem_response_tracking-L32.json`, 0],
    [`${P}edx.ui.lms.link_clicked__browser__lms_courseware_link_clicked_acceptance_tracking-L1.json`, 0],
  ];
  for (const [file, expected] of cases) {
    it(`${file.split('/').pop()} → ${expected}`, () => assert.equal(parsed(file).is_learner, expected));
  }
});

describe('prefixes and shapes', () => {
  it('syslog / Python-logging prefix before the first "{"', () => {
    const line = `2023-05-23 13:53:13,495 INFO 20 [tracking] [user None] [ip None] logger.py:41 - ${JSON.stringify(fixtureJson(`${LOG}problem_check__L7.json`))}`;
    const res = parseTrackingLine(line);
    assert.ok(res.ok);
    assert.equal(res.event.name, 'problem_check');
    assert.equal(res.event.problem_success, 'correct');
    assert.equal(res.event.raw, line);
  });

  it('shape B (name/timestamp/data/context)', () => {
    const e = parsed(`${ERB}pause_video.json`);
    assert.equal(e.event_source, 'browser');
    assert.equal(e.user_id, 3);
    assert.equal(e.username, 'edx');
    assert.equal(e.org, 'edX');
  });
});
