/**
 * The LRS validates statements as xAPI 1.0.3 requires (lib/events/xapiSchema.ts). Cases written
 * from the spec's statement requirements (xAPI-Data.md §2.4, §4.1 extensions, §4.2 language maps,
 * §4.5 timestamps, §4.6 durations): each invalid one must be refused naming the rule, each valid
 * one accepted. ERB's own fixtures are all accepted (test/xapi/statements.test.ts posts them all).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { xapiViolation } from '../../lib/events/xapiSchema';
import { fixtureJson } from '../events/fixtures';
import { startTestLookout } from '../helpers';

type Statement = Record<string, any>;
const base = (): Statement => ({
  id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee',
  actor: { objectType: 'Agent', mbox: 'mailto:learner@example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'en-US': 'attempted' } },
  object: { id: 'http://www.example.com/activities/1', definition: { type: 'http://adlnet.gov/expapi/activities/assessment' } },
  timestamp: '2013-05-18T05:32:34.804Z',
});
const edited = (edit: (s: Statement) => void): Statement => {
  const s = base();
  edit(s);
  return s;
};

const INVALID: [string, Statement, RegExp][] = [
  ['score.scaled above 1', edited((s) => (s.result = { score: { scaled: 1.01 } })), /score\.scaled.*between -1 and 1/],
  ['score.scaled below -1', edited((s) => (s.result = { score: { scaled: -1.5 } })), /score\.scaled.*between -1 and 1/],
  ['score.raw above max', edited((s) => (s.result = { score: { raw: 11, min: 0, max: 10 } })), /score\.raw must be between/],
  ['score.min not below max', edited((s) => (s.result = { score: { min: 5, max: 5 } })), /score\.min must be less than score\.max/],
  ['version 1.1.0', edited((s) => (s.version = '1.1.0')), /version must be 1\.0\.x/],
  ['verb id not an IRI', edited((s) => (s.verb.id = 'attempted')), /verb\.id must be an IRI/],
  ['verb display key not a language tag', edited((s) => (s.verb.display = { 'not a tag': 'x' })), /language tags/],
  ['sub-statement without a verb', edited((s) => (s.object = { objectType: 'SubStatement', actor: base().actor, object: base().object })), /object\.verb/],
  ['sub-statement with an id', edited((s) => (s.object = { objectType: 'SubStatement', id: randomUUID(), actor: base().actor, verb: base().verb, object: base().object })), /not an xAPI 1\.0\.3 property: id/],
  [
    'sub-statement in a sub-statement',
    edited((s) => (s.object = { objectType: 'SubStatement', actor: base().actor, verb: base().verb, object: { objectType: 'SubStatement', actor: base().actor, verb: base().verb, object: base().object } })),
    /object/,
  ],
  ['timestamp with -00:00', edited((s) => (s.timestamp = '2013-05-18T05:32:34.804-00:00')), /timestamp must not use the -00:00 offset/],
  ['timestamp without timezone', edited((s) => (s.timestamp = '2013-05-18T05:32:34')), /timestamp must be an ISO 8601/],
  ['stored with -00:00', edited((s) => (s.stored = '2013-05-18T05:32:34.804-00:00')), /stored must not use/],
  ['agent with two identifiers', edited((s) => (s.actor.mbox_sha1sum = 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9')), /exactly one of mbox/],
  ['agent without an identifier', edited((s) => (s.actor = { objectType: 'Agent', name: 'x' })), /exactly one of mbox/],
  ['anonymous group without members', edited((s) => (s.actor = { objectType: 'Group', name: 'g' })), /anonymous Group/],
  ['group member that is a group', edited((s) => (s.actor = { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:g@example.com' }] })), /actor/],
  ['mbox without mailto:', edited((s) => (s.actor.mbox = 'learner@example.com')), /mbox must be a mailto: IRI/],
  ['mbox_sha1sum not 40 hex digits', edited((s) => (s.actor = { mbox_sha1sum: 'xyz' })), /mbox_sha1sum must be 40 hex digits/],
  ['account without homePage', edited((s) => (s.actor = { account: { name: 'a' } })), /homePage/],
  ['StatementRef id not a UUID', edited((s) => (s.object = { objectType: 'StatementRef', id: 'abc' })), /StatementRef id must be a UUID/],
  ['activity without id', edited((s) => delete s.object.id), /object/],
  ['unknown interactionType', edited((s) => (s.object.definition.interactionType = 'bogus')), /interactionType must be one of/],
  ['registration not a UUID', edited((s) => (s.context = { registration: 'r1' })), /context\.registration must be a UUID/],
  ['revision with an Agent object', edited((s) => ((s.object = { objectType: 'Agent', mbox: 'mailto:o@example.com' }), (s.context = { revision: '2' }))), /only be used when the object is an Activity/],
  ['platform with a Group object', edited((s) => ((s.object = { objectType: 'Group', member: [base().actor] }), (s.context = { platform: 'x' }))), /only be used when the object is an Activity/],
  ['context language not a tag', edited((s) => (s.context = { language: 'english please' })), /context\.language/],
  ['context activity id not an IRI', edited((s) => (s.context = { contextActivities: { parent: [{ id: 'course 1' }] } })), /activity id must be an IRI/],
  ['duration not ISO 8601', edited((s) => (s.result = { duration: 'PT1H2X' })), /result\.duration must be an ISO 8601 duration/],
  ['success as a string', edited((s) => (s.result = { success: 'true' })), /result\.success/],
  ['attachment without sha2', edited((s) => (s.attachments = [{ usageType: 'http://adlnet.gov/expapi/attachments/signature', display: { en: 's' }, contentType: 'application/pdf', length: 10 }])), /sha2/],
  ['attachment length not an integer', edited((s) => (s.attachments = [{ usageType: 'http://x.example/u', display: { en: 's' }, contentType: 'text/plain', length: 1.5, sha2: 'a'.repeat(64) }])), /length must be an integer/],
  ['attachment usageType not an IRI', edited((s) => (s.attachments = [{ usageType: 'signature', display: { en: 's' }, contentType: 'text/plain', length: 1, sha2: 'a'.repeat(64) }])), /usageType must be an IRI/],
  ['extension key not an IRI', edited((s) => (s.result = { extensions: { time: 3 } })), /result\.extensions keys must be an IRI/],
  ['a property xAPI does not define', edited((s) => (s.foo = 1)), /not an xAPI 1\.0\.3 property: foo/],
  ['null for a property', edited((s) => (s.result = null)), /result/],
  ['id not a UUID', edited((s) => (s.id = 'not-a-uuid')), /id must be a UUID/],
];

const VALID: [string, Statement][] = [
  ['the minimal statement', base()],
  ['an identified group with members', edited((s) => (s.actor = { objectType: 'Group', account: { homePage: 'http://lms.example', name: 'team-1' }, member: [base().actor] }))],
  ['an anonymous group with members', edited((s) => (s.actor = { objectType: 'Group', member: [base().actor, { openid: 'http://openid.example/u' }] }))],
  ['an Agent as object', edited((s) => (s.object = { objectType: 'Agent', account: { homePage: 'http://lms.example', name: 'u' } }))],
  ['a StatementRef as object', edited((s) => (s.object = { objectType: 'StatementRef', id: randomUUID() }))],
  ['a SubStatement', edited((s) => (s.object = { objectType: 'SubStatement', actor: base().actor, verb: base().verb, object: base().object, timestamp: '2013-05-18T05:32:34+05:30' }))],
  ['null inside extensions', edited((s) => (s.context = { extensions: { 'http://x.example/e': null }, contextActivities: { parent: { id: 'http://x.example/c' } } }))],
  ['score at its bounds', edited((s) => (s.result = { score: { scaled: -1, raw: 0, min: 0, max: 10 }, duration: 'PT1H0M0.5S', success: false, completion: true }))],
  ['offsets +0000 and Z, version 1.0.0', edited((s) => ((s.timestamp = '2013-05-18T05:32:34+0000'), (s.stored = '2013-05-18T05:32:35Z'), (s.version = '1.0.0')))],
  ['an attachment', edited((s) => (s.attachments = [{ usageType: 'http://adlnet.gov/expapi/attachments/signature', display: { 'en-US': 'Signature' }, contentType: 'application/octet-stream', length: 4235, sha2: '672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634' }]))],
];

describe('xAPI 1.0.3 statement rules', () => {
  for (const [what, stmt, rule] of INVALID) {
    it(`refuses ${what}`, () => {
      const v = xapiViolation(stmt);
      assert.ok(v, 'accepted');
      assert.match(v, rule);
    });
  }
  for (const [what, stmt] of VALID) {
    it(`accepts ${what}`, () => assert.equal(xapiViolation(stmt), null));
  }
  it("accepts ERB's own deviations only from ERB", () => {
    const maxZero = fixtureJson('xapi/problem_check(server).max_grade_0.json') as Statement;
    assert.equal(xapiViolation(maxZero), null);
    const withoutErb = structuredClone(maxZero);
    delete withoutErb.context.extensions['https://w3id.org/xapi/openedx/extension/transformer-version'];
    assert.match(xapiViolation(withoutErb) ?? '', /score\.min must be less than score\.max/);
  });
});

describe('the LRS answers 400 naming the rule, and stores nothing of a batch with one invalid statement', () => {
  const KEY = 'validation-key';
  const SECRET = 'validation-secret-0123456789';
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  before(async () => {
    lookout = await startTestLookout({ LOOKOUT_XAPI_KEY: KEY, LOOKOUT_XAPI_SECRET: SECRET });
  });
  after(() => lookout.close());

  it('refuses score.scaled 1.01 in a batch, naming the statement and the rule', async () => {
    const good = { ...base(), id: randomUUID() };
    const bad = edited((s) => ((s.id = randomUUID()), (s.result = { score: { scaled: 1.01 } })));
    const res = await fetch(`${lookout.url}/xapi/statements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3', authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}` },
      body: JSON.stringify([good, bad]),
    });
    const body = (await res.json()) as { error: string };
    assert.equal(res.status, 400);
    assert.match(body.error, /statements\[1\]: not valid xAPI 1\.0\.3: result\.score\.scaled: score\.scaled must be between -1 and 1/);
    const result = await lookout.lake.client.query({ query: 'SELECT count() AS n FROM events WHERE event_id IN {ids:Array(String)}', query_params: { ids: [good.id, bad.id] }, format: 'JSONEachRow' });
    assert.equal(Number((await result.json<{ n: string }>())[0]!.n), 0);
  });
});
