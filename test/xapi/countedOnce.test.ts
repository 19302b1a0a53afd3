/**
 * Every action counted once in the per-minute all-events total (course_minute_activity.events,
 * migration 098): a statement stored before its actor was known and stored again with its learner
 * (lib/xapiActors.ts resolveLateStatements), and a statement whose tracking-log twin counts
 * (lib/xapiOverlap.ts) — whichever copy the events table still holds, and after a rebuild of the
 * derived tables from events. ERB's play_video pair (tracking/erb/ and xapi/), re-targeted per course.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import type { Lake } from '../../lib/lake/client';
import { queryRows } from '../../lib/lake/query';
import { statementToEvent } from '../../lib/events/xapi';
import type { LakeEvent } from '../../lib/events/types';
import { resolveLateStatements, unresolvedStatements, upsertXapiActors } from '../../lib/xapiActors';
import { leaveOverlapsUncounted } from '../../lib/xapiOverlap';
import { rebuildDerived } from '../../server/ingest/derivedRepair';
import { readFixture } from '../events/fixtures';
import { insertLines, openMetricsLake } from '../metrics/lake';

const ERB_COURSE = 'course-v1:edX+DemoX+Demo_Course';
const MOCK_ACTOR = '32e08e30-f8ae-4ce2-94a8-c2bfe38a70cb';
const LATE = 'course-v1:edX+Late+1';
const BOTH = 'course-v1:edX+Both+1';

/** ERB's play_video statement in `course`, with its own id and actor. */
function statement(course: string, actor: string): Record<string, unknown> {
  const s = JSON.parse(readFixture('xapi/play_video.json').replaceAll(ERB_COURSE, course)) as Record<string, any>;
  s.id = randomUUID();
  s.actor.account.name = actor;
  return s;
}

/** What the LRS stores for a statement: the event, its actor resolved by `known` (else user 0). */
function stored(stmt: Record<string, unknown>, known?: { user_id: number; username: string }): LakeEvent {
  const r = statementToEvent(stmt, { receivedAt: new Date(), raw: JSON.stringify(stmt), resolveActor: () => known });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.event;
}

let lake: Lake;
const minute = async (course: string) => {
  const [r] = await queryRows<{ events: string; learner_events: string; learners: string }>(
    lake,
    `SELECT sum(events) AS events, sum(learner_events) AS learner_events, uniqExactMerge(learners) AS learners FROM course_minute_activity WHERE course_id = {c:String}`,
    { c: course },
  );
  return [Number(r!.events), Number(r!.learner_events), Number(r!.learners)];
};

describe('each action once in the per-minute events total', () => {
  before(async () => {
    lake = await openMetricsLake('lookout_xapi_counted_once_test');
  });

  it('counts a statement resolved late once: when its learner is known, whichever copy events holds', async () => {
    const actor = randomUUID();
    await lake.client.insert({ table: 'events', values: [stored(statement(LATE, actor))], format: 'JSONEachRow' });
    assert.deepEqual(await minute(LATE), [0, 0, 0], 'waiting for its learner: not counted yet');
    assert.equal((await unresolvedStatements(lake)).statements, 1, 'but visible to admins');

    await upsertXapiActors(lake, [{ actorId: actor, userId: 78, username: 'late_learner' }]);
    assert.equal((await resolveLateStatements(lake)).resolved, 1);
    assert.deepEqual(await minute(LATE), [1, 1, 1]);

    await rebuildDerived(lake, [LATE]); // both copies in events
    assert.deepEqual(await minute(LATE), [1, 1, 1]);
    await lake.client.command({ query: 'OPTIMIZE TABLE events FINAL' }); // the later copy only
    await rebuildDerived(lake, [LATE]);
    assert.deepEqual(await minute(LATE), [1, 1, 1]);
  });

  it('counts an action that arrives both ways once: the tracking event, not its xAPI twin', async () => {
    await insertLines(lake, [readFixture('tracking/erb/play_video.json').replaceAll(ERB_COURSE, BOTH)]);
    const twin = stored(statement(BOTH, MOCK_ACTOR), { user_id: 3, username: 'edx' });
    assert.equal(await leaveOverlapsUncounted(lake, [twin]), 1);
    await lake.client.insert({ table: 'events', values: [twin], format: 'JSONEachRow' });
    assert.deepEqual(await minute(BOTH), [1, 1, 1]);
  });
});
