import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { DEMO_USERS, seedLmsUsers } from '../server/demo/seedUsers';
import { startTestLookout } from '../test/helpers';

/** Debian's Chromium: Playwright's own browser download does not work everywhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The test runner fails a file on an error no test awaited, and after the last test it says only
// 'test failed': say which error it was (seen once in CI, after every test of a file had passed).
for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.on(event, (err) => console.error(`[${event}] after or outside a test:`, err));
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Next's dev server can leave handles open after close(), which would keep this
 * test file's process alive forever. Once everything is closed, give the reporter
 * time to flush its results, then end the process. (Node's --test-force-exit ends
 * it at once and can cut results off the pipe.)
 */
export function exitWhenStuck(afterMs = 3000): void {
  // stdout is a pipe to the test runner, written asynchronously: exiting with writes still queued
  // drops the file's last results and the runner fails it with only 'test failed' (seen in CI
  // after a file that logs much of the browser's console). Exit once the queued writes are out.
  // A pipe that never drains still ends the process, later.
  setTimeout(() => {
    process.stdout.write('', () => process.stderr.write('', () => process.exit()));
    setTimeout(() => process.exit(), 30_000).unref();
  }, afterMs).unref();
}

/** Signs a browser context in as one of the seeded demo users (LOOKOUT_DEMO_SIGNIN=1 and DEMO_USERS seeded). */
export async function signInAsDemoUser(context: BrowserContext, baseUrl: string, username = 'demo_admin'): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/signin`, { timeout: 180_000 });
  await page.getByTestId(`demo-${username}`).click({ timeout: 60_000 });
  await page.getByTestId('signed-in-as').filter({ hasText: username }).waitFor({ timeout: 60_000 });
  await page.close();
}

/**
 * A Lookout serving its pages with demo sign-in (the demo users seeded), and Chromium with one
 * context. Its locale is en-GB unless the test picks one: the viewer's locale decides a course's
 * week start (lib/metrics/weekStart.ts), and the suites count in ISO (Monday) weeks.
 */
export async function startBrowserLookout(contextOptions: BrowserContextOptions = {}, env: Record<string, string> = {}) {
  const lookout = await startTestLookout({ LOOKOUT_DEMO_SIGNIN: '1', ...env }, { web: true, dev: true });
  await seedLmsUsers(lookout.lake, DEMO_USERS);
  const browser = await launchChromium();
  const context = await browser.newContext({ locale: 'en-GB', ...contextOptions });
  return { lookout, browser, context };
}
