import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openLake, type Lake } from '../../lib/lake/client';
import { loadMigrations, migrate } from '../../lib/lake/migrate';
import { queryRows } from '../../lib/lake/query';
import { formatLakeTime } from '../../lib/lake/time';
import { parseTrackingLine } from '../../lib/events/parse';
import type { LakeEvent } from '../../lib/events/types';
import { enrollmentActivated, problemCheck, problemRescored, seekVideo, videoEvent } from '../../lib/demo/tracking';
import { testDataDir } from '../helpers';

/**
 * Migrations 090 and 091 on a lake written before them: rows as the parser stored them then
 * (enrollments as learner events, completion credited to context.user_id), and the views of
 * then (a mobile play was not a play). After them, the derived tables say what the shared
 * definition says (lib/events/activity.ts), for old rows and new ones alike.
 */
const demo = 'course-v1:Test+Migrate+1';
const erb = 'course-v1:edX+DemoX+Demo_Course';
const mobile = 'foo/bar/baz';
const at = new Date('2026-11-16T09:00:00Z');
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

function parsed(line: string, asStoredBefore: Partial<LakeEvent> = {}): LakeEvent {
  const r = parseTrackingLine(line);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return { ...r.event, ...asStoredBefore };
}

const completion = fixture('openedx-events/tracking/erb/edx.completion.block_completion.changed.json');
const mobilePlay = fixture('activity/edx.video.played__mobile__test_segmentio.json');

describe('migrations 090 and 091 on an older lake', () => {
  let lake: Lake;
  const rows = <T>(sql: string) => queryRows<T>(lake, sql);

  before(async () => {
    lake = await openLake({ dataDir: testDataDir(), database: 'lookout_activity_migration_test' });
    await migrate(lake, loadMigrations().filter((m) => m.version < 90));
    const before = [
      // enrollment: a learner event for the parser of then
      parsed(enrollmentActivated({ actor: { userId: 1, username: 'u1', session: '' }, courseId: demo, time: at }), { is_learner: 1 }),
      parsed(videoEvent({ actor: { userId: 2, username: 'u2', session: 's' }, courseId: demo, time: at, action: 'play_video', videoId: 'v', position: 0, duration: 60 })),
      parsed(mobilePlay),
      parsed(seekVideo({ actor: { userId: 2, username: 'u2', session: 's' }, courseId: demo, time: at, videoId: 'v', from: 10, to: 40, duration: 60 })),
      parsed(problemCheck({ actor: { userId: 2, username: 'u2', session: 's' }, courseId: demo, time: at, problem: 'block-v1:Test+Migrate+1+type@problem+block@p', problemName: 'P', attempts: 1, correct: true })),
      // an instructor (9) rescoring learner 5's problem, stored as the parser of then did: for the instructor, no score
      parsed(
        problemRescored({ actor: { userId: 9, username: 'teacher', session: '' }, courseId: demo, time: at, learnerId: 5, problem: 'block-v1:Test+Migrate+1+type@problem+block@p', earned: 2, possible: 2 }),
        { user_id: 9, username: 'teacher', problem_success: '', problem_grade: null, problem_max_grade: null },
      ),
      // ERB's completion: context.user_id 3 (who made the request), event.user_id 4 (the learner)
      parsed(completion, { user_id: 3, username: 'edx' }),
    ];
    assert.equal(before.find((e) => e.name === 'edx.completion.block_completion.changed')!.user_id, 3);
    await lake.client.insert({ table: 'events', values: before, format: 'JSONEachRow' });
    await lake.client.insert({
      table: 'lms_block_completion',
      values: [{ course_key: erb, user_id: 7, block_key: 'block-v1:edX+DemoX+Demo_Course+type@html+block@h', block_type: 'html', completion: 1, created: formatLakeTime(at), modified: formatLakeTime(at), synced_at: formatLakeTime(at) }],
      format: 'JSONEachRow',
    });

    // what the lake said before
    const learners = await rows<{ user_id: string }>(`SELECT DISTINCT user_id FROM learner_activity WHERE course_id = '${demo}' ORDER BY user_id`);
    assert.deepEqual(learners.map((r) => Number(r.user_id)), [1, 2]);
    const [plays] = await rows<{ n: string }>(`SELECT sum(video_plays) AS n FROM learner_activity WHERE course_id = '${mobile}'`);
    assert.equal(Number(plays!.n), 0);

    const applied = await migrate(lake);
    assert.deepEqual(applied.slice(0, 2), ['090_learner_activity_defined_once', '091_learner_acted_upon']);
    assert.ok(applied.includes('095_video_seek_new_position'));
  });

  it('makes enrollment rows not activity, and rebuilds the buckets, the minutes and the risk days', async () => {
    const [enrol] = await rows<{ is_learner: number }>(`SELECT is_learner FROM events WHERE course_id = '${demo}' AND name = 'edx.course.enrollment.activated'`);
    assert.equal(Number(enrol!.is_learner), 0);
    for (const table of ['learner_activity', 'learner_days']) {
      const learners = await rows<{ user_id: string }>(`SELECT DISTINCT user_id FROM ${table} WHERE course_id = '${demo}' ORDER BY user_id`);
      assert.deepEqual(learners.map((r) => Number(r.user_id)), [2], table);
    }
    const [minute] = await rows<{ events: string; learner_events: string; learners: string }>(
      `SELECT sum(events) AS events, sum(learner_events) AS learner_events, uniqExactMerge(learners) AS learners FROM course_minute_activity WHERE course_id = '${demo}'`,
    );
    assert.deepEqual([Number(minute!.events), Number(minute!.learner_events), Number(minute!.learners)], [5, 3, 1]); // enrollment, play, seek, check, rescore (not activity)
    const [day] = await rows<{ events: string }>(`SELECT sum(events) AS events FROM learner_activity_day_totals WHERE course_id = '${demo}'`);
    assert.equal(Number(day!.events), 3);
  });

  it('credits an old rescore to its learner, and lists it with its new score (096)', async () => {
    const [e] = await rows<{ user_id: string; username: string }>(`SELECT user_id, username FROM events WHERE name = 'edx.grades.problem.rescored'`);
    assert.deepEqual([Number(e!.user_id), e!.username], [5, '']);
    const rescores = await rows<{ user_id: string; correct: number }>(`SELECT user_id, correct FROM problem_rescores`);
    assert.deepEqual(rescores.map((r) => [Number(r.user_id), Number(r.correct)]), [[5, 1]]);
  });

  it('lists the checks written before, one row each (097), for rescores to re-judge', async () => {
    const checks = await rows<{ user_id: string; attempts: number; correct: number }>(`SELECT user_id, attempts, correct FROM problem_checks WHERE course_id = '${demo}'`);
    assert.deepEqual(checks.map((r) => [Number(r.user_id), Number(r.attempts), Number(r.correct)]), [[2, 1, 1]]);
  });

  it('keeps the new time of seeks written before (095), once', async () => {
    const seeks = await rows<{ position: number; new_position: number }>(`SELECT position, new_position FROM video_events WHERE course_id = '${demo}' AND kind = 4`);
    assert.deepEqual(seeks.map((r) => [Number(r.position), Number(r.new_position)]), [[10, 40]]);
  });

  it('counts the mobile play as a play, before and after the migration', async () => {
    const sumPlays = async () => Number((await rows<{ n: string }>(`SELECT sum(video_plays) AS n FROM learner_activity WHERE course_id = '${mobile}'`))[0]!.n);
    assert.equal(await sumPlays(), 1);
    const later = JSON.parse(mobilePlay) as Record<string, unknown>;
    later.time = '2014-08-27T16:40:00.000000+00:00';
    await lake.client.insert({ table: 'events', values: [parsed(JSON.stringify(later))], format: 'JSONEachRow' });
    assert.equal(await sumPlays(), 2);
  });

  it('credits completion to event.user_id, and rebuilds the facts and the completion tables with the LMS rows kept', async () => {
    const [row] = await rows<{ user_id: string; username: string }>(`SELECT user_id, username FROM events WHERE name = 'edx.completion.block_completion.changed'`);
    assert.deepEqual([Number(row!.user_id), row!.username], [4, '']);
    const facts = await rows<{ user_id: string }>(`SELECT user_id FROM learner_facts WHERE kind = 'completion'`);
    assert.deepEqual(facts.map((r) => Number(r.user_id)), [4]);
    const enrolled = await rows<{ user_id: string }>(`SELECT user_id FROM learner_facts WHERE kind = 'enrollment'`);
    assert.deepEqual(enrolled.map((r) => Number(r.user_id)), [1]);
    const done = await rows<{ block: string; users: number[] }>(
      `SELECT block, arraySort(bitmapToArray(groupBitmapMergeState(completed))) AS users FROM block_completion_totals WHERE course_id = '${erb}' GROUP BY block ORDER BY block`,
    );
    assert.deepEqual(
      done.map((r) => [r.block.replace(/.*@/, ''), r.users.map(Number)]),
      [['h', [7]], ['7c54b16c8ed34f9f8772015178c7a175', [4]]], // by usage key: type@html before type@problem
    );
    const [facts2] = await rows<{ n: string }>(`SELECT sum(facts) AS n FROM block_completion_day_facts WHERE course_id = '${erb}'`);
    assert.equal(Number(facts2!.n), 2);
  });
});
