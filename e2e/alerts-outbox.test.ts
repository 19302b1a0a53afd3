/**
 * Alerts in the browser, as the demo shows them without an SMTP server (issue 22): the
 * instructor finds the digest of a newly red learner in their outbox (/notifications) and opts
 * out there; the admin sees the rule and every delivery with its status (/admin/alerts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postLines } from '../test/helpers';
import { enrollmentActivated, videoEvent } from '../lib/demo/tracking';
import { DEMO_COURSE_ID } from '../lib/demo/course';
import { seedLmsUsers } from '../server/demo/seedUsers';
import { setThresholds } from '../lib/risk/thresholds';
import { saveRule } from '../lib/alerts/rules';
import { preferencesOf } from '../lib/alerts/preferences';
import { exitWhenStuck, signInAsDemoUser, startBrowserLookout } from './browser';

const QUIET = { id: 941001, username: 'outbox_quiet', email: 'outbox_quiet@people.test', firstName: 'Q', lastName: 'Uiet' };
const DAY = 86_400_000;

describe('the alert pages', { timeout: 600_000 }, () => {
  let env: Awaited<ReturnType<typeof startBrowserLookout>>;

  before(async () => {
    env = await startBrowserLookout();
    const { lookout } = env;
    await seedLmsUsers(lookout.lake, [QUIET]);
    await setThresholds(lookout.lake, { scope: 'global', key: '', values: { hardAlerts: 1 }, actor: 'test setup' });
    await saveRule(lookout.lake, { scope: 'global', key: '', spec: { kind: 'newlyRed', label: 'Newly red learners' }, actor: 'test setup' });
    const actor = { userId: QUIET.id, username: QUIET.username, session: 'q' };
    const ago = (d: number) => new Date(Date.now() - d * DAY);
    const lines = [
      enrollmentActivated({ actor, courseId: DEMO_COURSE_ID, time: ago(30) }),
      videoEvent({ actor, courseId: DEMO_COURSE_ID, time: ago(17), action: 'play_video', videoId: 'v', position: 1, duration: 60 }),
      videoEvent({ actor, courseId: DEMO_COURSE_ID, time: ago(16), action: 'play_video', videoId: 'v', position: 2, duration: 60 }),
    ];
    assert.equal((await postLines(lookout.url, lines)).status, 200);
    await lookout.alerts.run(new Date());
  });
  after(async () => {
    await env?.browser.close();
    await env?.lookout.close();
    exitWhenStuck();
  });

  it('the instructor reads the digest in the outbox, with the reason and the learner’s email, and opts out', async () => {
    const { context, lookout } = env;
    await signInAsDemoUser(context, lookout.url, 'demo_instructor');
    const page = await context.newPage();
    await page.goto(`${lookout.url}/notifications`, { timeout: 180_000 });
    const item = page.getByTestId('outbox-item');
    await item.first().waitFor({ timeout: 60_000 });
    assert.equal(await item.count(), 1);
    await item.first().locator('summary').click();
    const text = await item.first().innerText();
    assert.match(text, /outbox_quiet <outbox_quiet@people\.test>/);
    assert.match(text, /no activity for 16 days/);
    assert.match(text, /at-risk#learner-outbox_quiet/);

    const every = page.locator('[data-testid="notification-pref"][data-course=""] input[type="checkbox"]');
    assert.equal(await every.isChecked(), true);
    await every.click();
    await page.locator('[data-testid="notification-pref"][data-course=""] input[type="checkbox"]:not(:checked)').waitFor({ timeout: 30_000 });
    const instructor = 990002;
    for (let i = 0; i < 100; i++) {
      const prefs = (await preferencesOf(lookout.lake, [instructor])).get(instructor);
      if (prefs?.some((p) => p.courseId === '' && p.optedOut)) break;
      if (i === 99) assert.fail('the opt-out was not saved');
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.close();
  });

  it('the admin sees the rule and every delivery with its status; others are refused', async () => {
    const { browser, lookout } = env;
    const adminContext = await browser.newContext();
    await signInAsDemoUser(adminContext, lookout.url, 'demo_admin');
    const page = await adminContext.newPage();
    await page.goto(`${lookout.url}/admin/alerts`, { timeout: 180_000 });
    await page.getByTestId('alert-rule').first().waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('alert-rules').innerText(), /Newly red learners/);
    assert.match(await page.getByTestId('alerts-mail-mode').innerText(), /outbox/);
    const delivery = page.locator('[data-testid="alert-delivery"][data-status="sent"]');
    // The course's staff by default: its instructor and the org-wide staff of its org, one digest each.
    assert.equal(await delivery.count(), 2);
    assert.equal(await delivery.filter({ hasText: 'instructor@demo.lookout' }).count(), 1);
    assert.equal(await delivery.filter({ hasText: 'orgstaff@demo.lookout' }).count(), 1);
    assert.match(await page.getByTestId('alert-delivery-counts').innerText(), /2 sent/);
    // A rule's org or course is picked from a searchable list of the orgs and courses, not typed from memory.
    await page.locator('select:has(option[value="course"])').first().selectOption('course');
    assert.equal(await page.getByTestId('alert-scope-key').getAttribute('list'), 'alert-scope-keys');
    assert.ok((await page.locator('#alert-scope-keys option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).includes(DEMO_COURSE_ID));
    await adminContext.close();

    const learnerContext = await browser.newContext();
    await signInAsDemoUser(learnerContext, lookout.url, 'demo_learner');
    const refused = await learnerContext.newPage();
    await refused.goto(`${lookout.url}/admin/alerts`, { timeout: 180_000 });
    assert.equal(await refused.getByTestId('alert-rules').count(), 0);
    assert.equal(await refused.getByTestId('alert-deliveries').count(), 0);
    await learnerContext.close();
  });
});
