/**
 * Every xapi/ fixture maps to the same learner, course and Open edX event name as its tracking/erb
 * twin of the same basename (ERB made the statement from that event).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTrackingLine } from '../../lib/events/parse';
import type { LakeEvent } from '../../lib/events/types';
import { statementToEvent, validateStatement, XAPI_COLLAPSED_NAMES } from '../../lib/events/xapi';
import { FIXTURES, fixtureJson, listFixtures, readFixture } from './fixtures';

/** ERB's expected outputs were made with a mocked uuid4 for the anonymised actor. */
const MOCK_ACTOR = '32e08e30-f8ae-4ce2-94a8-c2bfe38a70cb';
const RECEIVED = new Date('2026-01-02T03:04:05.678Z');

/**
 * The statement knows the course where the event did not: the twin has no context.course_id,
 * but the link's target URL (the statement's object id) is inside a course.
 */
const COURSE_ONLY_IN_XAPI: Record<string, string> = {
  'edx.ui.lms.link_clicked.required.only.data.json': 'course-v1:edX+DemoX+Demo_Course',
};

function twinOf(file: string): LakeEvent | undefined {
  const twin = join('tracking', 'erb', basename(file));
  if (!existsSync(join(FIXTURES, twin))) return undefined;
  const res = parseTrackingLine(readFixture(twin));
  assert.ok(res.ok, res.ok ? '' : res.reason);
  return res.event;
}

const files = listFixtures('xapi');

describe('xapi fixtures vs their tracking twins', () => {
  it('has the 77 expected outputs, all with a twin', () => {
    assert.equal(files.length, 77);
    assert.deepEqual(files.filter((f) => !twinOf(f)), []);
  });

  for (const file of files) {
    it(basename(file), () => {
      const twin = twinOf(file);
      assert.ok(twin);
      const doc = fixtureJson(file);
      const statements = Array.isArray(doc) ? doc : [doc];
      const resolveActor = (name: string) =>
        name === MOCK_ACTOR ? { user_id: twin.user_id, username: twin.username } : undefined;
      const ids = new Set<string>();
      statements.forEach((stmt, i) => {
        assert.equal(validateStatement(stmt), null);
        const res = statementToEvent(stmt, { receivedAt: RECEIVED, resolveActor });
        assert.ok(res.ok, res.ok ? '' : res.reason);
        const e = res.event;
        assert.equal(e.name, XAPI_COLLAPSED_NAMES[twin.name] ?? twin.name);
        assert.equal(e.user_id, twin.user_id);
        assert.equal(e.username, twin.username);
        assert.equal(e.course_id, twin.course_id || (COURSE_ONLY_IN_XAPI[basename(file)] ?? ''));
        assert.equal(e.time, twin.time);
        assert.equal(e.received_at, '2026-01-02 03:04:05.678');
        assert.equal(e.event_id, (stmt as { id: string }).id);
        if (twin.session) assert.equal(e.session, twin.session);
        if (e.course_id && e.course_id === twin.course_id) assert.equal(e.org, twin.org);
        // a multi-question problem_check: only the first statement is the (server) attempt
        if (e.name === 'problem_check' && twin.event_source === 'server') {
          assert.equal(e.event_source, i === 0 ? 'server' : 'xapi');
        }
        ids.add(e.event_id);
      });
      assert.equal(ids.size, statements.length, 'statement ids are distinct');
    });
  }
});

describe('xapi columns', () => {
  const map = (file: string) => {
    const res = statementToEvent(fixtureJson(`xapi/${file}`), {
      resolveActor: (n) => (n === MOCK_ACTOR ? { user_id: 3, username: 'edx' } : undefined),
    });
    assert.ok(res.ok, res.ok ? '' : res.reason);
    return res.event;
  };

  it('play_video: video id, block, position, duration, session', () => {
    const e = map('play_video.json');
    assert.equal(e.event_source, 'xapi');
    assert.equal(e.video_id, '0b9e39477cf34507a7a48f74be381fdd');
    assert.equal(e.block_id, 'block-v1:edX+DemoX+Demo_Course+type@video+block@0b9e39477cf34507a7a48f74be381fdd');
    assert.equal(e.video_position, 0.033);
    assert.equal(e.video_duration, 195);
    assert.equal(e.session, '993110e9c27848a545da74a74114158d');
    assert.equal(e.is_learner, 1);
  });

  it('seek_video: time-from / time-to', () => {
    const e = map('seek_video.json');
    assert.equal(e.video_old_time, 194.381);
    assert.equal(e.video_new_time, 10);
  });

  it('speed_change_video: "1.25x" → 1.25', () => {
    assert.equal(map('speed_change_video.json').video_speed, 1.25);
  });

  it('evaluated problem: server problem_check with score and success', () => {
    const e = map('problem_check(server).json');
    assert.equal(e.name, 'problem_check');
    assert.equal(e.event_source, 'server');
    assert.equal(e.problem_id, 'block-v1:edX+DemoX+Demo_Course+type@problem+block@3fc5461f86764ad7bdbdf6cbdde61e66');
    assert.equal(e.problem_success, 'incorrect');
    assert.equal(e.problem_grade, 0);
    assert.equal(e.problem_max_grade, 1);
    assert.equal(e.problem_attempts, 10);
    assert.equal(e.is_learner, 1);
  });

  it('attempted problem: browser problem_check without correctness', () => {
    const e = map('problem_check(browser).json');
    assert.equal(e.event_source, 'browser');
    assert.equal(e.problem_success, '');
  });

  it('grades, completion, enrollment', () => {
    const g = map('edx.grades.course.grade_calculated_letter_grade.json');
    assert.equal(g.grade_percent, 1);
    assert.equal(g.is_learner, 0);
    assert.equal(map('edx.completion.block_completion.changed.json').completion, 1);
    const en = map('edx.course.enrollment.activated.json');
    assert.equal(en.enrollment_mode, 'audit');
    assert.equal(en.is_learner, 0, 'enrolling is not activity (DESIGN §5)');
  });

  it('without resolveActor the user is unknown', () => {
    const res = statementToEvent(fixtureJson('xapi/play_video.json'), {});
    assert.ok(res.ok);
    assert.equal(res.event.user_id, 0);
    assert.equal(res.event.username, '');
    assert.equal(res.event.is_learner, 0);
  });

  it('unmapped verbs keep a descriptive name', () => {
    const stmt = { ...(fixtureJson('xapi/play_video.json') as object), verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' } };
    const res = statementToEvent(stmt, {});
    assert.ok(res.ok);
    assert.equal(res.event.name, 'xapi.experienced.video');
  });
});

describe('validateStatement', () => {
  const good = fixtureJson('xapi/play_video.json') as Record<string, unknown>;
  const without = (k: string) => Object.fromEntries(Object.entries(good).filter(([key]) => key !== k));
  const cases: [string, unknown, string][] = [
    ['null', null, 'not an object'],
    ['array', [good], 'not an object'],
    ['no id', without('id'), 'no statement id'],
    ['bad id', { ...good, id: 'not-a-uuid' }, 'statement id is not a UUID'],
    ['numeric id', { ...good, id: 12 }, 'statement id is not a UUID'],
    ['no actor', without('actor'), 'no actor'],
    ['anonymous actor', { ...good, actor: { objectType: 'Agent' } }, 'actor has no'],
    ['no verb', without('verb'), 'no verb'],
    ['verb without id', { ...good, verb: { display: { en: 'played' } } }, 'verb has no id'],
    ['no object', without('object'), 'no object'],
    ['bad timestamp', { ...good, timestamp: 'yesterday' }, 'timestamp not parseable'],
  ];
  for (const [label, stmt, reason] of cases) {
    it(label, () => {
      const why = validateStatement(stmt);
      assert.ok(why?.startsWith(reason), `got ${why}`);
      const res = statementToEvent(stmt, {});
      assert.ok(!res.ok && res.reason === why);
    });
  }

  it('a valid statement', () => assert.equal(validateStatement(good), null));

  it('missing timestamp falls back to stored, then receivedAt', () => {
    const stored = statementToEvent({ ...without('timestamp'), stored: '2021-01-01T00:00:00Z' }, {});
    assert.ok(stored.ok && stored.event.time === '2021-01-01 00:00:00.000');
    const none = statementToEvent(without('timestamp'), { receivedAt: RECEIVED });
    assert.ok(none.ok && none.event.time === '2026-01-02 03:04:05.678');
  });

  it('garbage never throws', () => {
    const evil = { ...good };
    Object.defineProperty(evil, 'result', { enumerable: true, get: () => { throw new Error('boom'); } });
    for (const v of [undefined, 0, 'x', [], {}, { id: good.id }, evil, { ...good, context: 5, result: 'x', object: { definition: 7 } }]) {
      const res = statementToEvent(v, { resolveActor: () => { throw new Error('resolver down'); } });
      assert.equal(typeof res.ok, 'boolean');
      if (!res.ok) assert.ok(res.reason.length > 0);
    }
  });
});
