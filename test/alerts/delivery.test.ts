/**
 * Alerts that reach people (issue 22), end to end: a real Lookout on a real chDB lake, a real SMTP
 * server and a real HTTP receiver started here; the alert runs are driven with their own clock
 * (lookout.alerts.run(at)) so digests and retries fall due without waiting.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, postLines, startTestLookout, tokenFor } from '../helpers';
import { enrollmentActivated, videoEvent } from '../../lib/demo/tracking';
import { seedLmsUsers, type SeedUser } from '../../server/demo/seedUsers';
import { setThresholds } from '../../lib/risk/thresholds';
import { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../lib/alerts/transports';
import { startSmtpReceiver, startWebhookReceiver } from './receivers';
import { formatLakeTime } from '../../lib/lake/time';

const A = 'course-v1:OrgA+Alerts+2026';
const B = 'course-v1:OrgB+Digest+2026';
const C = 'course-v1:OrgC+Hooks+2026';
const SECRET = 'webhook-secret-for-tests-0123';
const MINUTE = 60_000;
const DAY = 86_400_000;

const person = (id: number, username: string, extra: Partial<SeedUser> = {}): SeedUser => ({ id, username, email: `${username}@people.test`, firstName: username, lastName: 'P', ...extra });
const INSTRUCTOR_A = person(931001, 'a_instructor', { roles: [{ role: 'instructor', courseId: A }] });
const STAFF_A = person(931002, 'a_staff', { roles: [{ role: 'staff', courseId: A }] });
const INSTRUCTOR_B = person(931003, 'b_instructor', { roles: [{ role: 'instructor', courseId: B }] });
const SUPPORT = person(931004, 'support_person', { roles: [{ role: 'support' }] });
const learners = {
  aQuiet: person(932001, 'a_quiet'),
  aActive: person(932002, 'a_active'),
  aQuiet2: person(932003, 'a_quiet2'),
  aQuiet3: person(932007, 'a_quiet3'),
  b1: person(932004, 'b_quiet1'),
  b2: person(932005, 'b_quiet2'),
  c1: person(932006, 'c_quiet'),
  b3: person(932008, 'b_quiet3'),
};

const T1 = new Date();
const at = (ms: number) => new Date(T1.getTime() + ms);

let lookout: Awaited<ReturnType<typeof startTestLookout>>;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let admin: string;
const tokens: Record<string, string> = {};
const env = () => ({ LOOKOUT_SMTP_URL: smtp.url, LOOKOUT_ALERTS_INTERVAL_MS: '0', LOOKOUT_WEBHOOK_SECRET: SECRET, LOOKOUT_PUBLIC_URL: 'https://lookout.example.org' });

/** A learner enrolled 30 days ago whose last activity was `quietDays` ago: inactive at the red level from 14 days. */
function learnerLines(courseId: string, u: SeedUser, quietDays: number): string[] {
  const actor = { userId: u.id, username: u.username, session: `s${u.id}` };
  const ago = (d: number) => new Date(T1.getTime() - d * DAY);
  return [
    enrollmentActivated({ actor, courseId, time: ago(30) }),
    videoEvent({ actor, courseId, time: ago(quietDays + 1), action: 'play_video', videoId: 'v', position: 1, duration: 60 }),
    videoEvent({ actor, courseId, time: ago(quietDays), action: 'play_video', videoId: 'v', position: 2, duration: 60 }),
  ];
}

async function post(lines: string[]) {
  assert.equal((await postLines(lookout.url, lines)).status, 200);
}

async function api(path: string, token: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(lookout.url + path, {
    method: init.method ?? 'GET',
    headers: { ...bearer(token), ...(init.body !== undefined && { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

before(async () => {
  smtp = await startSmtpReceiver();
  hook = await startWebhookReceiver();
  lookout = await startTestLookout(env());
  await seedLmsUsers(lookout.lake, Object.values(learners));
  // A few learners are too few for the flag budget: red rules flag beyond it.
  await setThresholds(lookout.lake, { scope: 'global', key: '', values: { hardAlerts: 1 }, actor: 'test setup' });
  admin = await tokenFor(lookout);
  for (const u of [INSTRUCTOR_A, STAFF_A, INSTRUCTOR_B, SUPPORT]) tokens[u.username] = await tokenFor(lookout, u);
  await post([...learnerLines(A, learners.aQuiet, 16), ...learnerLines(A, learners.aActive, 0)]);
});
after(async () => {
  await lookout?.close();
  await smtp?.close();
  await hook?.close();
});

describe('alerts by email', { timeout: 180_000 }, () => {
  it('a learner goes quiet: one email to the instructor with the reason, and no learner email to staff without PII', async () => {
    const created = await api('/api/admin/alert-rules', admin, { method: 'POST', body: { scope: 'global', key: '', spec: { kind: 'newlyRed' } } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const refused = await api('/api/admin/alert-rules', admin, { method: 'POST', body: { scope: 'course', key: '', spec: { kind: 'atRiskShare', schedule: 'hourly' } } });
    assert.equal(refused.status, 400);
    assert.ok(refused.body.errors.some((e: string) => /course scope needs a key/.test(e)) && refused.body.errors.some((e: string) => /schedule must be/.test(e)), JSON.stringify(refused.body));
    const notAdmin = await api('/api/admin/alert-rules', tokens.a_instructor!);
    assert.equal(notAdmin.status, 403);

    await lookout.alerts.run(T1);
    const toInstructor = smtp.to(INSTRUCTOR_A.email);
    assert.equal(toInstructor.length, 1, JSON.stringify(smtp.mails.map((m) => [m.to, m.subject])));
    const mail = toInstructor[0]!;
    if (process.env.SHOW_MAIL) console.log(mail.subject + '\n' + mail.text);
    assert.match(mail.subject, /1 newly at-risk learner in /);
    assert.match(mail.text, /a_quiet <a_quiet@people\.test>/);
    assert.match(mail.text, /no activity for 16 days/);
    assert.match(mail.text, /Since: \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    assert.ok(mail.text.includes(`https://lookout.example.org/courses/${encodeURIComponent(A)}/at-risk#learner-a_quiet`), mail.text);
    assert.ok(!mail.text.includes('a_active'), 'an active learner is not in the digest');

    const toStaff = smtp.to(STAFF_A.email);
    assert.equal(toStaff.length, 1);
    assert.match(toStaff[0]!.text, /a_quiet/);
    assert.ok(!toStaff[0]!.text.includes('a_quiet@people.test'), 'staff are not allowed learners’ emails by default');

    await lookout.alerts.run(at(MINUTE));
    assert.equal(smtp.to(INSTRUCTOR_A.email).length, 1, 'the same learner and rule are not sent again');
  });

  it('a person who opted out receives nothing; the others do', async () => {
    const saved = await api('/api/notifications', tokens.a_staff!, { method: 'PUT', body: { courseId: A, optedOut: true, schedule: null } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const bad = await api('/api/notifications', tokens.a_staff!, { method: 'PUT', body: { courseId: A, optedOut: 'yes', schedule: 'hourly' } });
    assert.equal(bad.status, 400);
    await post(learnerLines(A, learners.aQuiet2, 15));
    await lookout.alerts.run(at(2 * MINUTE));
    assert.equal(smtp.to(INSTRUCTOR_A.email).length, 2);
    assert.match(smtp.to(INSTRUCTOR_A.email)[1]!.text, /a_quiet2/);
    assert.equal(smtp.to(STAFF_A.email).length, 1, 'opted out');
    const own = await api('/api/notifications', tokens.a_staff!);
    assert.deepEqual(own.body.preferences, [{ courseId: A, optedOut: true, schedule: null }]);
    assert.equal(own.body.deliveries.length, 1);
  });

  it('nothing is sent twice after a restart on the same lake, and a failed email is retried once after it', async () => {
    smtp.state.failNext = 1;
    await post(learnerLines(A, learners.aQuiet3, 15));
    await lookout.alerts.run(at(150_000));
    const failed = (await api('/api/admin/alert-deliveries?status=failed', admin)).body.deliveries;
    assert.equal(failed.length, 1);
    assert.match(failed[0].lastError, /451/);
    const before = smtp.mails.length;
    await lookout.close();
    lookout = await startTestLookout(env());
    await lookout.alerts.run(at(180_000));
    assert.equal(smtp.mails.length, before, 'nothing sent again, and the failed one waits for its backoff');
    await lookout.alerts.run(at(211_000));
    assert.equal(smtp.mails.length, before + 1);
    assert.match(smtp.to(INSTRUCTOR_A.email)[2]!.text, /a_quiet3/);
    await lookout.alerts.run(at(212_000));
    assert.equal(smtp.mails.length, before + 1);
    const log = await api('/api/admin/alert-deliveries', admin);
    assert.equal(log.status, 200);
    assert.equal(log.body.counts.sent, 4);
    assert.equal(log.body.deliveries.find((d: { id: string }) => d.id === failed[0].id).attempts, 2);
    assert.ok(log.body.deliveries.every((d: { status: string; channel: string }) => d.status === 'sent' && d.channel === 'email'));
  });

  it('a daily digest batches the learners found since the last one into one email', async () => {
    assert.equal((await api('/api/notifications', tokens.b_instructor!, { method: 'PUT', body: { courseId: '', optedOut: false, schedule: 'daily' } })).status, 200);
    await post(learnerLines(B, learners.b1, 16));
    await lookout.alerts.run(at(4 * MINUTE));
    await post(learnerLines(B, learners.b2, 17));
    await lookout.alerts.run(at(5 * MINUTE));
    assert.equal(smtp.to(INSTRUCTOR_B.email).length, 0, 'nothing before the digest hour');
    // The rule's digest hour: 07:00 UTC.
    const digest = new Date(Math.floor(at(5 * MINUTE).getTime() / DAY) * DAY + 7 * 3_600_000);
    if (digest <= at(5 * MINUTE)) digest.setTime(digest.getTime() + DAY);
    await lookout.alerts.run(new Date(digest.getTime() - MINUTE));
    assert.equal(smtp.to(INSTRUCTOR_B.email).length, 0);
    await lookout.alerts.run(digest);
    const mails = smtp.to(INSTRUCTOR_B.email);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /2 newly at-risk learners/);
    assert.match(mails[0]!.text, /b_quiet1/);
    assert.match(mails[0]!.text, /b_quiet2/);
    await lookout.alerts.run(new Date(digest.getTime() + MINUTE));
    assert.equal(smtp.to(INSTRUCTOR_B.email).length, 1);
  });
});

describe('alerts by webhook', { timeout: 120_000 }, () => {
  it('posts signed JSON without emails, retried with backoff until it is taken, visible to admins', async () => {
    const rule = await api('/api/admin/alert-rules', admin, { method: 'POST', body: { scope: 'course', key: C, spec: { kind: 'newlyRed', webhookUrl: hook.url, label: 'Red in C' } } });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    await post(learnerLines(C, learners.c1, 16));
    hook.state.failNext = 2;
    const t = at(2 * DAY);
    await lookout.alerts.run(t);
    assert.equal(hook.calls.length, 1);
    let log = await api('/api/admin/alert-deliveries?status=failed', admin);
    const failed = log.body.deliveries.find((d: { channel: string }) => d.channel === 'webhook');
    assert.ok(failed, JSON.stringify(log.body));
    assert.equal(failed.attempts, 1);
    assert.match(failed.lastError, /500/);

    await lookout.alerts.run(new Date(t.getTime() + 30_000));
    assert.equal(hook.calls.length, 1, 'not before the backoff');
    await lookout.alerts.run(new Date(t.getTime() + 61_000));
    assert.equal(hook.calls.length, 2);
    await lookout.alerts.run(new Date(t.getTime() + 62_000));
    assert.equal(hook.calls.length, 2, 'the next attempt waits twice as long');
    // An admin need not wait: "retry now" makes the next run attempt it.
    const retried = await api(`/api/admin/alert-deliveries/${failed.id}/retry`, admin, { method: 'POST', body: {} });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    await lookout.alerts.run(new Date(t.getTime() + 63_000));
    assert.equal(hook.calls.length, 3);
    assert.equal(hook.calls[2]!.status, 200);
    assert.equal((await api(`/api/admin/alert-deliveries/${failed.id}/retry`, admin, { method: 'POST', body: {} })).status, 409, 'a sent delivery is not sent again');

    for (const call of hook.calls) {
      const ts = Number(call.headers[TIMESTAMP_HEADER]);
      assert.equal(call.headers[SIGNATURE_HEADER], signWebhook(SECRET, ts, call.body));
      assert.notEqual(call.headers[SIGNATURE_HEADER], signWebhook('another secret of 16+', ts, call.body));
    }
    const body = JSON.parse(hook.calls[2]!.body) as { type: string; text: string; alerts: Array<{ username: string; courseId: string; rule: { label: string }; links: { learner: string } }> };
    assert.equal(body.type, 'lookout.alerts');
    assert.deepEqual(body.alerts.map((a) => [a.username, a.courseId, a.rule.label]), [['c_quiet', C, 'Red in C']]);
    assert.match(body.text, /^New alerts from Lookout/);
    assert.match(body.text, /c_quiet \(red: /);
    assert.ok(!/Hello|notifications/.test(body.text), 'a channel is not a person');
    assert.ok(!hook.calls[2]!.body.includes('@people.test'), 'no learner email in a webhook');

    log = await api('/api/admin/alert-deliveries', admin);
    const sent = log.body.deliveries.find((d: { id: string }) => d.id === failed.id);
    assert.equal(sent.status, 'sent');
    assert.equal(sent.attempts, 3);
    await lookout.alerts.run(new Date(t.getTime() + 10 * MINUTE));
    assert.equal(hook.calls.length, 3, 'a delivered webhook is not sent again');
  });
});

describe('course and platform alerts', { timeout: 120_000 }, () => {
  it('the at-risk share above its level goes to support; courses without learner events go to the admins, batched', async () => {
    const share = await api('/api/admin/alert-rules', admin, { method: 'POST', body: { scope: 'org', key: 'OrgA', spec: { kind: 'atRiskShare', share: 0.5, audience: ['support'] } } });
    assert.equal(share.status, 201, JSON.stringify(share.body));
    const quiet = await api('/api/admin/alert-rules', admin, { method: 'POST', body: { scope: 'global', key: '', spec: { kind: 'ingestStopped', hours: 48 } } });
    assert.equal(quiet.status, 201, JSON.stringify(quiet.body));
    await lookout.alerts.run(at(3 * DAY));
    const toSupport = smtp.to(SUPPORT.email);
    assert.equal(toSupport.length, 1, JSON.stringify(smtp.mails.map((m) => [m.to, m.subject])));
    assert.match(toSupport[0]!.text, /3 of 4 enrolled learners are at risk \(75 %, level 50 %\)/);
    assert.ok(!toSupport[0]!.text.includes(B), 'the org rule covers OrgA only');
    const toAdmin = smtp.to('admin@test.lookout');
    assert.equal(toAdmin.length, 1);
    for (const course of [A, B, C]) assert.ok(toAdmin[0]!.text.includes(`Course: ${course}`), toAdmin[0]!.text);
    assert.match(toAdmin[0]!.text, /No learner event for 72 hours/);
    assert.match(toAdmin[0]!.text, /You receive this as a Lookout admin/);
    await lookout.alerts.run(at(3 * DAY + MINUTE));
    assert.equal(smtp.to('admin@test.lookout').length, 1);
    assert.equal(smtp.to(SUPPORT.email).length, 1);
  });
});

describe('roles read again when a digest is written', { timeout: 120_000 }, () => {
  it('someone who lost the course before their digest receives nothing about it; the log says why', async () => {
    await post(learnerLines(B, learners.b3, 18));
    const t = at(4 * DAY);
    await lookout.alerts.run(t);
    assert.equal(smtp.to(INSTRUCTOR_B.email).length, 1, 'a daily digest: not yet');
    // The LMS sync copies the removal of the role (student_courseaccessrole row deleted).
    await lookout.lake.client.insert({
      table: 'lms_course_access_roles',
      values: [{ user_id: INSTRUCTOR_B.id, org: '', course_id: B, role: 'instructor', id: 1, synced_at: formatLakeTime(new Date()), is_deleted: 1 }],
      format: 'JSONEachRow',
    });
    await lookout.alerts.run(new Date(t.getTime() + DAY));
    assert.equal(smtp.to(INSTRUCTOR_B.email).length, 1);
    const skipped = (await api(`/api/admin/alert-deliveries?status=skipped&recipient=user:${INSTRUCTOR_B.id}`, admin)).body.deliveries;
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0].lastError, `no longer allowed to see ${B}`);
  });
});
