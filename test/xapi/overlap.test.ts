/**
 * Both paths at once (lib/xapiOverlap.ts): ERB's own fixture pairs — a tracking event
 * (tracking/erb/) and the statement ERB made from it (xapi/, same basename) — sent through the
 * tracking ingest and the LRS: each action counts once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { upsertXapiActors } from '../../lib/xapiActors';
import { overlapCounts, TRACKING_HORIZON_DAYS } from '../../lib/xapiOverlap';
import { fixtureJson } from '../events/fixtures';
import { postLines, startTestLookout } from '../helpers';

const KEY = 'overlap-key';
const SECRET = 'overlap-secret-0123456789';
/** ERB's expected outputs were made with a mocked uuid4 for the anonymised actor of LMS user 3. */
const MOCK_ACTOR = '32e08e30-f8ae-4ce2-94a8-c2bfe38a70cb';
const COURSE = 'course-v1:edX+DemoX+Demo_Course';

type Statement = Record<string, unknown>;
let lookout: Awaited<ReturnType<typeof startTestLookout>>;

const statement = (file: string): Statement => {
  const doc = fixtureJson(`xapi/${file}`);
  return (Array.isArray(doc) ? doc[0] : doc) as Statement;
};
const trackingLine = (file: string) => JSON.stringify(fixtureJson(`tracking/erb/${file}`));

async function postStatement(stmt: Statement): Promise<number> {
  const res = await fetch(`${lookout.url}/xapi/statements`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-experience-api-version': '1.0.3',
      authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`,
    },
    body: JSON.stringify(stmt),
  });
  await res.text();
  return res.status;
}

async function one(sql: string, params: Record<string, unknown> = {}) {
  const result = await lookout.lake.client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
  return (await result.json<Record<string, unknown>>())[0]!;
}

const activity = () =>
  one(`SELECT sum(video_plays) AS plays, sum(problem_checks) AS checks FROM learner_activity WHERE course_id = {c:String} AND user_id = 3`, { c: COURSE }).then(
    (r) => [Number(r.plays), Number(r.checks)],
  );
const stored = (id: string) =>
  one('SELECT event_source, is_learner FROM events WHERE event_id = {id:String}', { id }).then((r) => [r.event_source, Number(r.is_learner)]);

before(async () => {
  lookout = await startTestLookout({ LOOKOUT_XAPI_KEY: KEY, LOOKOUT_XAPI_SECRET: SECRET });
  await upsertXapiActors(lookout.lake, [{ actorId: MOCK_ACTOR, userId: 3, username: 'edx' }]);
});
after(() => lookout.close());

describe('tracking logs and xAPI for the same course', () => {
  it('counts a statement of a course not fed by tracking logs', async () => {
    const play = statement('play_video.json');
    assert.equal(await postStatement(play), 200);
    assert.deepEqual(await activity(), [1, 0]);
    assert.deepEqual(await stored(play.id as string), ['xapi', 1]);
  });

  it('counts a problem check once when its tracking event and its ERB statement both arrive', async () => {
    const { status } = await postLines(lookout.url, [trackingLine('problem_check(server).json')]);
    assert.equal(status, 200);
    assert.deepEqual(await activity(), [1, 1]);
    const check = statement('problem_check(server).json');
    assert.equal(await postStatement(check), 200, 'stored and acknowledged');
    assert.deepEqual(await activity(), [1, 1], 'not counted twice');
    assert.deepEqual(await stored(check.id as string), ['xapi-overlap', 0]);
    assert.deepEqual(await overlapCounts(lookout.lake), { statements: 1, courses: 1 });
  });

  it('counts statements again once the course has had no tracking log for the horizon', async () => {
    const lastTracked = Date.parse('2020-07-14T14:39:26.906Z');
    const at = (days: number) => new Date(lastTracked + days * 86_400_000).toISOString();
    const within = { ...statement('pause_video.json'), id: randomUUID(), timestamp: at(TRACKING_HORIZON_DAYS - 1) };
    const beyond = { ...statement('pause_video.json'), id: randomUUID(), timestamp: at(TRACKING_HORIZON_DAYS + 1) };
    assert.equal(await postStatement(within), 200);
    assert.equal(await postStatement(beyond), 200);
    assert.deepEqual(await stored(within.id), ['xapi-overlap', 0]);
    assert.deepEqual(await stored(beyond.id), ['xapi', 1]);
  });
});
