/**
 * Accessibility and phone width of every signed-in page (e2e/pages.ts), for each demo user whose
 * role opens it, at desktop size and at 390 px: axe-core (injected into the page, run in
 * Chromium) reports no serious or critical violation, and the page does not overflow sideways
 * (wide tables scroll inside their own focusable region). The demo course is seeded with its
 * 300 learners and six weeks of history, so tables and lists are full.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { startTestLookout } from '../test/helpers';
import { seedDemo } from '../server/demo/seed';
import { exitWhenStuck, launchChromium, signInAsDemoUser } from './browser';
import { SIGNED_IN_PAGES, type DemoUser } from './pages';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[]; failureSummary?: string }> }>;
}

/** What axe finds serious or critical on the page, one line per rule and element. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run() as Promise<AxeResult>);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}`));
}

/** How many px the page is wider than the viewport (0: it fits). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));
}

/** Waits until the page shows its data (no card or list still loading). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !document.querySelector('[aria-busy="true"]') && !document.querySelector('[data-testid="at-risk-list"]:not([data-count])'),
    null,
    { timeout: 120_000 },
  );
}

describe('every signed-in page: axe-core, and 390 px wide', { timeout: 1_800_000 }, () => {
  let lookout: Awaited<ReturnType<typeof startTestLookout>>;
  let browser: Browser;

  before(async () => {
    lookout = await startTestLookout({ LOOKOUT_DEMO_SIGNIN: '1' }, { web: true, dev: true });
    await seedDemo(lookout.lake, lookout.writer);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await lookout?.close();
    exitWhenStuck();
  });

  const users = [...new Set(SIGNED_IN_PAGES.flatMap((p) => p.users))] as DemoUser[];
  for (const user of users) {
    it(`${user}: no serious or critical violation, no sideways overflow, desktop and phone`, async () => {
      const problems: string[] = [];
      for (const viewport of VIEWPORTS) {
        const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
        await signInAsDemoUser(context, lookout.url, user);
        const page = await context.newPage();
        for (const { path } of SIGNED_IN_PAGES.filter((p) => p.users.includes(user))) {
          const where = `${viewport.name} ${path}`;
          const response = await page.goto(lookout.url + path, { timeout: 180_000 });
          assert.equal(response?.status(), 200, where);
          await settled(page);
          for (const v of await seriousViolations(page)) problems.push(`${where}: ${v}`);
          const wider = await overflow(page);
          if (wider > 0) problems.push(`${where}: the page is ${wider} px wider than the ${viewport.width} px viewport`);
        }
        await context.close();
      }
      assert.deepEqual(problems, []);
    });
  }
});
