/**
 * The Content-Security-Policy in Chromium, on the pages as Next.js renders them (development
 * mode, as every e2e test): every script Next renders carries the request's nonce, none is
 * refused, and the pages still run their scripts (sign-out is a button that posts JSON).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exitWhenStuck, signInAsDemoUser, startBrowserLookout } from './browser';

describe('Content-Security-Policy on the pages, in Chromium', { timeout: 300_000 }, () => {
  let setup: Awaited<ReturnType<typeof startBrowserLookout>>;
  before(async () => {
    setup = await startBrowserLookout();
  });
  after(async () => {
    await setup?.browser.close();
    await setup?.lookout.close();
    exitWhenStuck();
  });

  it("every script of a page carries the request's nonce", async () => {
    const res = await fetch(`${setup.lookout.url}/signin`);
    assert.equal(res.status, 200);
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    assert.ok(nonce, 'a nonce in script-src');
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.ok(scripts.length > 0);
    for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `script without the nonce: ${tag.slice(0, 120)}`);
  });

  it('pages run under the policy: nothing refused, and the sign-out button works', async () => {
    const { context, lookout } = setup;
    const refused: string[] = [];
    context.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await signInAsDemoUser(context, lookout.url, 'demo_admin');
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(lookout.url, { timeout: 180_000 });
    await page.getByTestId('signed-in-as').filter({ hasText: 'demo_admin' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('sign-out').click({ timeout: 60_000 });
    await page.waitForURL(/\/signin/, { timeout: 60_000 });
    assert.deepEqual(refused, []);
  });
});
