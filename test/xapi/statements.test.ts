/**
 * POST/PUT /xapi/statements against a real chDB lake: every ERB fixture lands in `events` as
 * statementToEvent maps it; retries, conflicts, auth, version and invalid statements.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { statementToEvent } from '../../lib/events/xapi';
import { resolveLateStatements, unresolvedStatements, upsertXapiActors, XapiActorResolver } from '../../lib/xapiActors';
import { basicAuthMatches, canonicalStatement, handleXapi } from '../../server/http/xapi';
import { fixtureJson, listFixtures } from '../events/fixtures';
import { startTestLookout } from '../helpers';

const KEY = 'erb-test-key';
const SECRET = 'erb-test-secret-0123456789';
/** ERB's expected outputs were made with a mocked uuid4 for the anonymised actor of LMS user 3. */
const MOCK_ACTOR = '32e08e30-f8ae-4ce2-94a8-c2bfe38a70cb';
const EDX = { user_id: 3, username: 'edx' };
const resolveActor = (name: string) => (name === MOCK_ACTOR ? EDX : undefined);

type Statement = Record<string, unknown>;

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

interface Call {
  method?: string;
  query?: string;
  body?: unknown;
  rawBody?: string | Uint8Array<ArrayBuffer>;
  auth?: string | null;
  version?: string | null;
  headers?: Record<string, string>;
  base?: string;
}

let lookout: Awaited<ReturnType<typeof startTestLookout>>;

async function xapi({ method = 'POST', query = '', body, rawBody, auth, version = '1.0.3', headers = {}, base }: Call) {
  const h: Record<string, string> = { 'content-type': 'application/json', ...headers };
  if (auth !== null) h.authorization = auth ?? basic(KEY, SECRET);
  if (version !== null) h['x-experience-api-version'] = version;
  const res = await fetch(`${base ?? lookout.url}/xapi/statements${query}`, {
    method,
    headers: h,
    body: method === 'GET' ? undefined : (rawBody ?? JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as unknown) : undefined };
}

async function rows(sql: string, params: Record<string, unknown> = {}) {
  const result = await lookout.lake.client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
  return result.json<Record<string, unknown>>();
}

async function storedEvents(ids: string[]) {
  return rows(
    `SELECT event_id, name, user_id, username, course_id, event_source, toString(time) AS time, raw
     FROM events WHERE event_id IN {ids:Array(String)} ORDER BY event_id`,
    { ids: ids.map((i) => i.toLowerCase()) },
  );
}

async function countOf(id: string): Promise<number> {
  const [r] = await rows('SELECT count() AS n FROM events WHERE event_id = {id:String}', { id: id.toLowerCase() });
  return Number(r!.n);
}

async function deadLetters(reason: string) {
  return rows(`SELECT source, reason, raw FROM rejected_events WHERE source = 'xapi' AND reason = {reason:String}`, { reason });
}

/** A fixture statement with a fresh id (ERB's fixtures reuse ids across events). */
function fresh(file: string): Statement[] {
  const doc = fixtureJson(`xapi/${file}`);
  return (Array.isArray(doc) ? doc : [doc]).map((s) => ({ ...(s as Statement), id: randomUUID() }));
}

before(async () => {
  lookout = await startTestLookout({ LOOKOUT_XAPI_KEY: KEY, LOOKOUT_XAPI_SECRET: SECRET });
  await upsertXapiActors(lookout.lake, [{ actorId: MOCK_ACTOR, userId: EDX.user_id, username: EDX.username }]);
});
after(() => lookout.close());

describe('xAPI fixtures through POST /xapi/statements', () => {
  const files = listFixtures('xapi').map((f) => basename(f));

  it('has the ERB fixtures', () => assert.equal(files.length, 77));

  for (const file of files) {
    it(file, async () => {
      const doc = fixtureJson(`xapi/${file}`);
      const statements = fresh(file);
      const body = Array.isArray(doc) ? statements : statements[0];
      const res = await xapi({ body });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('x-experience-api-version'), '1.0.3');
      const ids = statements.map((s) => s.id as string);
      assert.deepEqual(res.json, ids);

      const stored = await storedEvents(ids);
      assert.equal(stored.length, statements.length);
      for (const stmt of statements) {
        const expected = statementToEvent(stmt, { resolveActor });
        assert.ok(expected.ok);
        const row = stored.find((r) => r.event_id === (stmt.id as string).toLowerCase());
        assert.ok(row, `statement ${stmt.id as string} stored`);
        assert.equal(row.name, expected.event.name);
        assert.equal(Number(row.user_id), 3);
        assert.equal(row.username, 'edx');
        assert.equal(row.course_id, expected.event.course_id);
        assert.equal(row.event_source, expected.event.event_source);
        assert.equal(row.time, expected.event.time);
        assert.deepEqual(JSON.parse(row.raw as string), stmt);
      }
    });
  }
});

describe('PUT /xapi/statements?statementId=', () => {
  it('stores one statement and answers 204', async () => {
    const [stmt] = fresh('pause_video.json');
    const res = await xapi({ method: 'PUT', query: `?statementId=${stmt!.id as string}`, body: stmt });
    assert.equal(res.status, 204, res.text);
    assert.equal(res.text, '');
    assert.equal(res.headers.get('x-experience-api-version'), '1.0.3');
    const [row] = await storedEvents([stmt!.id as string]);
    assert.equal(row?.name, 'pause_video');
    assert.equal(row?.username, 'edx');
  });

  it('takes the id from statementId when the body has none', async () => {
    const [stmt] = fresh('seek_video.json');
    const { id, ...noId } = stmt!;
    const res = await xapi({ method: 'PUT', query: `?statementId=${id as string}`, body: noId });
    assert.equal(res.status, 204, res.text);
    assert.equal(await countOf(id as string), 1);
  });

  it('refuses a body id that does not match statementId, a missing statementId and an array', async () => {
    const [stmt] = fresh('stop_video.json');
    const mismatch = await xapi({ method: 'PUT', query: `?statementId=${randomUUID()}`, body: stmt });
    assert.equal(mismatch.status, 400);
    assert.match((mismatch.json as { error: string }).error, /does not match statementId/);
    const missing = await xapi({ method: 'PUT', body: stmt });
    assert.equal(missing.status, 400);
    assert.match((missing.json as { error: string }).error, /statementId/);
    const array = await xapi({ method: 'PUT', query: `?statementId=${stmt!.id as string}`, body: [stmt] });
    assert.equal(array.status, 400);
    assert.equal(await countOf(stmt!.id as string), 0);
  });
});

describe('ids, retries and conflicts', () => {
  it('gives a statement without an id a UUID v4', async () => {
    const [stmt] = fresh('play_video.json');
    delete stmt!.id;
    const res = await xapi({ body: [stmt] });
    assert.equal(res.status, 200, res.text);
    const [id] = res.json as string[];
    assert.match(id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(await countOf(id!), 1);
  });

  it('acknowledges a retry without storing it twice (POST, PUT, reordered, with stored/authority)', async () => {
    const [stmt] = fresh('play_video.json');
    const id = stmt!.id as string;
    assert.equal((await xapi({ body: stmt })).status, 200);
    const again = await xapi({ body: stmt });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.json, [id]);
    const put = await xapi({ method: 'PUT', query: `?statementId=${id}`, body: stmt });
    assert.equal(put.status, 204, put.text);
    const reordered = Object.fromEntries(Object.entries(stmt!).reverse());
    const decorated = {
      ...reordered,
      id: id.toUpperCase(),
      stored: new Date().toISOString(),
      authority: { objectType: 'Agent', account: { homePage: 'http://lrs', name: 'someone' } },
      version: '1.0.0',
    };
    const decoratedRes = await xapi({ body: [decorated] });
    assert.equal(decoratedRes.status, 200, decoratedRes.text);
    assert.equal(await countOf(id), 1);
  });

  it('answers 409 for an id already stored with different content, and keeps the first', async () => {
    // ERB's own fixtures: hide_transcript and show_transcript share one statement id.
    const hide = fixtureJson('xapi/hide_transcript.json') as Statement;
    const show = fixtureJson('xapi/show_transcript.json') as Statement;
    assert.equal(hide.id, show.id);
    assert.equal((await xapi({ body: hide })).status, 200);
    const conflict = await xapi({ body: show });
    assert.equal(conflict.status, 409, conflict.text);
    assert.match((conflict.json as { error: string }).error, /already stored with different content/);
    assert.equal(conflict.headers.get('x-experience-api-version'), '1.0.3');
    const put = await xapi({ method: 'PUT', query: `?statementId=${show.id as string}`, body: show });
    assert.equal(put.status, 409);
    const stored = await storedEvents([hide.id as string]);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.name, 'hide_transcript');
    const letters = await deadLetters(`conflict: statement id ${hide.id as string} is already stored with different content`);
    // refused twice (POST, then PUT), kept once: the same source, reason and raw is one dead letter
    assert.equal(letters.length, 1);
  });

  it('refuses a whole array when one statement conflicts', async () => {
    const [a] = fresh('load_video.json');
    const [b] = fresh('play_video.json');
    assert.equal((await xapi({ body: a })).status, 200);
    const changed = { ...a!, timestamp: '2021-01-01T00:00:00Z' };
    const res = await xapi({ body: [b, changed] });
    assert.equal(res.status, 409, res.text);
    assert.match((res.json as { error: string }).error, /^statements\[1\]/);
    assert.equal(await countOf(b!.id as string), 0);
    assert.equal(await countOf(a!.id as string), 1);
  });

  it('lets only one of two different statements sent at once with one id in', async () => {
    const [a] = fresh('pause_video.json');
    const b = { ...a!, timestamp: '2022-02-02T02:02:02Z' };
    const results = await Promise.all([xapi({ body: a }), xapi({ body: b })]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    assert.equal(await countOf(a!.id as string), 1);
  });

  it('accepts the same statement twice in one array, refuses two different ones', async () => {
    const [a] = fresh('load_video.json');
    const same = await xapi({ body: [a, a] });
    assert.equal(same.status, 200, same.text);
    assert.equal(await countOf(a!.id as string), 1);
    const [c] = fresh('load_video.json');
    const differ = await xapi({ body: [c, { ...c!, timestamp: '2023-03-03T03:03:03Z' }] });
    assert.equal(differ.status, 400);
    assert.equal(await countOf(c!.id as string), 0);
  });
});

describe('auth, version and protocol', () => {
  it('answers 401 with a Basic challenge to missing or wrong credentials', async () => {
    const [stmt] = fresh('play_video.json');
    for (const auth of [null, basic(KEY, 'wrong'), basic('wrong', SECRET), 'Bearer abc', 'Basic !!!']) {
      const res = await xapi({ body: stmt, auth });
      assert.equal(res.status, 401, String(auth));
      assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Lookout xAPI"');
      assert.equal(res.headers.get('x-experience-api-version'), '1.0.3');
    }
    assert.equal(await countOf(stmt!.id as string), 0);
  });

  it('needs X-Experience-API-Version 1.0.x', async () => {
    const [stmt] = fresh('play_video.json');
    const missing = await xapi({ body: stmt, version: null });
    assert.equal(missing.status, 400);
    assert.match((missing.json as { error: string }).error, /X-Experience-API-Version/);
    assert.equal(missing.headers.get('x-experience-api-version'), '1.0.3');
    const old = await xapi({ body: stmt, version: '0.95' });
    assert.equal(old.status, 400);
    assert.match((old.json as { error: string }).error, /1\.0\.x/);
    assert.equal(await countOf(stmt!.id as string), 0);
    const ok = await xapi({ body: stmt, version: '1.0.1' });
    assert.equal(ok.status, 200);
  });

  it('takes a gzip body', async () => {
    const statements = fresh('problem_check(server,multiple_questions,correct).json');
    const res = await xapi({ rawBody: new Uint8Array(gzipSync(JSON.stringify(statements))), headers: { 'content-encoding': 'gzip' } });
    assert.equal(res.status, 200, res.text);
    assert.equal((await storedEvents(statements.map((s) => s.id as string))).length, statements.length);
  });

  it('answers 405 to GET, 404 to other resources', async () => {
    const get = await xapi({ method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST, PUT');
    const res = await fetch(`${lookout.url}/xapi/activities/state`, {
      headers: { authorization: basic(KEY, SECRET), 'x-experience-api-version': '1.0.3' },
    });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-experience-api-version'), '1.0.3');
  });

  it('answers 503 naming the variables when no key and secret are configured', async () => {
    const server: Server = createServer((req, res) =>
      void handleXapi(req, res, { writer: lookout.writer, lake: lookout.lake, config: {}, draining: () => false }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const res = await xapi({ body: fresh('play_video.json')[0], base: `http://127.0.0.1:${port}` });
      assert.equal(res.status, 503);
      assert.deepEqual(res.json, { error: 'xAPI is not configured: set LOOKOUT_XAPI_KEY and LOOKOUT_XAPI_SECRET' });
      assert.equal(res.headers.get('x-experience-api-version'), '1.0.3');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('invalid statements', () => {
  it('answers 400 with the reason and keeps a dead letter', async () => {
    const [stmt] = fresh('play_video.json');
    delete stmt!.actor;
    const res = await xapi({ body: stmt });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { error: 'no actor' });
    assert.equal(res.headers.get('x-experience-api-version'), '1.0.3');
    const letters = await deadLetters('no actor');
    assert.ok(letters.some((l) => JSON.parse(l.raw as string).id === stmt!.id));
    assert.equal(await countOf(stmt!.id as string), 0);
  });

  it('refuses a whole array with one invalid statement, naming its index, and stores none of it', async () => {
    const good = fresh('play_video.json').concat(fresh('pause_video.json'));
    const bad: Statement = { ...fresh('seek_video.json')[0]!, verb: { display: { en: 'seeked' } } };
    const res = await xapi({ body: [good[0], bad, good[1]] });
    assert.equal(res.status, 400);
    const body = res.json as { error: string; invalid: { index: number; reason: string }[] };
    assert.match(body.error, /^statements\[1\]: verb has no id/);
    assert.deepEqual(body.invalid, [{ index: 1, reason: 'verb has no id' }]);
    assert.equal((await storedEvents(good.map((s) => s.id as string))).length, 0);
    const letters = await deadLetters('verb has no id');
    assert.equal(letters.filter((l) => JSON.parse(l.raw as string).id === bad.id).length, 1);
    assert.equal(letters.filter((l) => good.some((g) => JSON.parse(l.raw as string).id === g.id)).length, 0);
  });

  it('answers 400 to a body that is not JSON or not statements', async () => {
    const notJson = await xapi({ rawBody: '{"id": ' });
    assert.equal(notJson.status, 400);
    assert.match((notJson.json as { error: string }).error, /^body is not JSON/);
    const scalar = await xapi({ body: 42 });
    assert.equal(scalar.status, 400);
    assert.match((scalar.json as { error: string }).error, /not an object/);
  });
});

describe('actors', () => {
  it('stores a statement of an unknown actor with user 0, and resolves the actor once the sync has it', async () => {
    const actor = randomUUID();
    const withActor = (s: Statement): Statement => ({ ...s, actor: { objectType: 'Agent', account: { homePage: 'http://lms', name: actor } } });
    const [first] = fresh('play_video.json').map(withActor);
    assert.equal((await xapi({ body: first })).status, 200);
    const [before] = await storedEvents([first!.id as string]);
    assert.equal(Number(before!.user_id), 0);
    assert.equal(before!.username, '');

    await upsertXapiActors(lookout.lake, [{ actorId: actor, userId: 77, username: 'late_sync' }]);
    const [second] = fresh('pause_video.json').map(withActor);
    assert.equal((await xapi({ body: second })).status, 200);
    const [after] = await storedEvents([second!.id as string]);
    assert.equal(Number(after!.user_id), 77);
    assert.equal(after!.username, 'late_sync');
  });

  it('stores again with its learner a statement whose actor arrives later, once, and no longer lists it as waiting', async () => {
    const actor = randomUUID();
    const [play] = fresh('play_video.json').map((s): Statement => ({ ...s, actor: { objectType: 'Agent', account: { homePage: 'http://lms', name: actor } } }));
    const id = (play!.id as string).toLowerCase();
    assert.equal((await xapi({ body: play })).status, 200);
    const plays = async () => {
      const [r] = await rows(`SELECT sum(video_plays) AS n FROM learner_activity WHERE user_id = 78`);
      return Number(r!.n);
    };
    const waiting = async () => Number((await rows(`SELECT count() AS n FROM xapi_unresolved FINAL WHERE event_id = {id:String} AND resolved_at = 0`, { id }))[0]!.n);
    assert.equal(await plays(), 0, 'user 0: counted for no learner');
    assert.equal(await waiting(), 1);
    await resolveLateStatements(lookout.lake); // (resolves the earlier test's statement, whose actor is now synced)
    assert.equal(await waiting(), 1, 'not before the mapping');
    const before = await unresolvedStatements(lookout.lake);
    assert.ok(before.statements >= 1 && before.actors >= 1 && before.oldest !== null, JSON.stringify(before));
    await upsertXapiActors(lookout.lake, [{ actorId: actor, userId: 78, username: 'late_learner' }]);
    const run = await resolveLateStatements(lookout.lake);
    assert.equal(run.resolved, 1);
    const [stored] = await rows(`SELECT user_id, username FROM events FINAL WHERE event_id = {id:String}`, { id });
    assert.deepEqual([Number(stored!.user_id), stored!.username], [78, 'late_learner']);
    assert.equal(await plays(), 1, 'the play counts for its learner');
    assert.equal(await waiting(), 0);
    assert.equal((await unresolvedStatements(lookout.lake)).statements, before.statements - run.resolved);

    // Again, and after a run that stopped before marking it (the copy with a learner exists): still once.
    assert.equal((await resolveLateStatements(lookout.lake)).resolved, 0);
    await lookout.lake.client.insert({
      table: 'xapi_unresolved',
      values: [{ event_id: id, course_id: 'x', actor: '{}', received_at: '2020-01-01 00:00:00.000', resolved_at: '1970-01-01 00:00:00.000' }],
      format: 'JSONEachRow',
    });
    await lookout.lake.client.command({ query: 'OPTIMIZE TABLE xapi_unresolved FINAL' });
    assert.equal((await resolveLateStatements(lookout.lake)).resolved, 0);
    assert.equal(await plays(), 1);
  });

  it('resolves mbox and mbox_sha1sum actors (ERB XAPI_AGENT_IFI_TYPE) through the LMS users\' emails', async () => {
    const email = `Learner.${randomUUID().slice(0, 8)}@Example.com`;
    await lookout.lake.client.insert({
      table: 'lms_users',
      values: [{ id: 4242, username: 'mailer', email, first_name: '', last_name: '', is_staff: 0, is_superuser: 0, is_active: 1, synced_at: '2026-01-01 00:00:00.000' }],
      format: 'JSONEachRow',
    });
    // ERB: mbox "mailto:<email>"; mbox_sha1sum = sha1 of the bare email (test_xapi.py); the spec: sha1 of the mailto IRI
    const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
    const actors = [{ mbox: `mailto:${email.toLowerCase()}` }, { mbox_sha1sum: sha1(email) }, { mbox_sha1sum: sha1(`mailto:${email}`) }];
    const statements = actors.map((a, i): Statement => ({ ...fresh(i === 0 ? 'play_video.json' : 'pause_video.json')[0]!, actor: { objectType: 'Agent', ...a } }));
    assert.equal((await xapi({ body: statements })).status, 200);
    const stored = await storedEvents(statements.map((s) => s.id as string));
    assert.deepEqual(stored.map((r) => [Number(r.user_id), r.username]), [[4242, 'mailer'], [4242, 'mailer'], [4242, 'mailer']]);

    // An email no LMS user has: stored with user 0 and waiting, visible to admins.
    const [stranger] = fresh('play_video.json').map((s) => ({ ...s, actor: { objectType: 'Agent', mbox: 'mailto:nobody@else.example' } }));
    const before = await unresolvedStatements(lookout.lake);
    assert.equal((await xapi({ body: stranger })).status, 200);
    assert.equal((await unresolvedStatements(lookout.lake)).statements, before.statements + 1);
  });

  it('reloads on a miss at most once per refresh period, and the latest row wins', async () => {
    let now = 1_000_000;
    const resolver = new XapiActorResolver(lookout.lake, 5_000, () => now);
    const actor = randomUUID();
    await resolver.prepare([actor]);
    assert.equal(resolver.lookup(actor), undefined);
    // Written behind the resolver's back (as another process's sync would): no generation bump seen…
    await lookout.lake.client.insert({
      table: 'xapi_actors',
      values: [
        { actor_id: actor, user_id: 5, username: 'old', updated_at: '2020-01-01 00:00:00.000' },
        { actor_id: actor, user_id: 5, username: 'new', updated_at: '2020-01-02 00:00:00.000' },
      ],
      format: 'JSONEachRow',
    });
    now += 1_000;
    await resolver.prepare([actor]);
    assert.equal(resolver.lookup(actor), undefined, 'not reloaded within the refresh period');
    now += 5_000;
    await resolver.prepare([actor.toUpperCase()]);
    assert.deepEqual(resolver.lookup(actor.toUpperCase()), { user_id: 5, username: 'new' });
  });
});

describe('helpers', () => {
  it('compares statements ignoring order, stored, authority, version, id case and timestamp format', () => {
    const a = { id: 'ABC', verb: { id: 'v' }, timestamp: '2020-07-15T06:52:55.057099+00:00', version: '1.0.3' };
    const b = { timestamp: '2020-07-15T08:52:55.057099+02:00', verb: { id: 'v' }, id: 'abc', stored: 'x', authority: {} };
    assert.equal(canonicalStatement(a), canonicalStatement(b));
    assert.notEqual(canonicalStatement(a), canonicalStatement({ ...b, timestamp: '2020-07-15T06:52:55.057098+00:00' }));
    assert.notEqual(canonicalStatement(a), canonicalStatement({ ...b, verb: { id: 'w' } }));
  });

  it('checks Basic credentials', () => {
    assert.equal(basicAuthMatches(basic('k', 's:with:colons'), 'k', 's:with:colons'), true);
    assert.equal(basicAuthMatches(basic('k', 's'), 'k', 's2'), false);
    assert.equal(basicAuthMatches(basic('k', ''), 'k', 's'), false);
    assert.equal(basicAuthMatches(undefined, 'k', 's'), false);
    assert.equal(basicAuthMatches(`Basic ${Buffer.from('nocolon').toString('base64')}`, 'k', 's'), false);
  });
});
