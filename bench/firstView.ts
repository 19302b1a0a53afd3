/**
 * Time to the first card of the course page, in Chromium, cold and warm.
 *
 *   npm run build && npm run bench:first-view -- --warm 5
 *
 * For each mode — the first view rendered on the server from the live snapshot (the default), and
 * the page waiting for the socket (LOOKOUT_FIRST_VIEW_MS=0, as before issue 20) — starts
 * `lookout start` (the production build) on a fresh chDB lake with the demo (300 learners, six
 * weeks of history, simulated learners posting events), signs in as the demo instructor, and
 * times from navigation to the first card showing figures (a card in state "ready") and to all
 * eight: once on the server's first page ("cold": no room computed yet), then `--warm` reloads.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_COURSE_ID } from '../lib/demo/course';
import { launchChromium, signInAsDemoUser } from '../e2e/browser';
import { numericArgs, summarize } from './stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const opts = numericArgs({ warm: 5 });
if (!existsSync(join(ROOT, '.next', 'BUILD_ID'))) {
  console.error('bench:first-view times the production pages: run `npm run build` first');
  process.exit(1);
}

async function startServer(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'lookout-bench-first-view-'));
  const child = spawn(process.execPath, ['bin/lookout.js', 'start'], {
    cwd: ROOT,
    // The production build (e2e/browser.ts, imported for Chromium, points tests at .next-test).
    env: { ...process.env, LOOKOUT_NEXT_DIST_DIR: '.next', LOOKOUT_DATA_DIR: dataDir, LOOKOUT_DEMO: '1', LOOKOUT_DEMO_SIGNIN: '1', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
  return { url, stop: () => new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) };
}

const CARDS = '[data-testid^="widget-"][data-state="ready"], [data-testid^="widget-"][data-state="missing"]';

const modes: Array<{ name: string; env: Record<string, string> }> = [
  { name: 'server-rendered first view', env: {} },
  { name: 'socket only (LOOKOUT_FIRST_VIEW_MS=0)', env: { LOOKOUT_FIRST_VIEW_MS: '0' } },
];
const browser = await launchChromium();
try {
  for (const mode of modes) {
    const server = await startServer(mode.env);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await signInAsDemoUser(context, server.url, 'demo_instructor');
      const page = await context.newPage();
      const url = `${server.url}/courses/${encodeURIComponent(DEMO_COURSE_ID)}`;
      const load = async () => {
        const start = performance.now();
        await page.goto(url, { waitUntil: 'commit', timeout: 180_000 });
        await page.locator(CARDS).first().waitFor({ timeout: 180_000 });
        const first = performance.now() - start;
        await page.waitForFunction((selector) => document.querySelectorAll(selector).length >= 8, CARDS, { timeout: 180_000 });
        return { first, all: performance.now() - start };
      };
      const cold = await load();
      const warm = [];
      for (let i = 0; i < opts.warm; i++) warm.push(await load());
      const w = summarize(warm.map((x) => x.first));
      const wAll = summarize(warm.map((x) => x.all));
      console.log(
        `${mode.name}: cold first card ${cold.first.toFixed(0)} ms (all cards ${cold.all.toFixed(0)} ms); ` +
          `warm first card p50 ${w.p50.toFixed(0)} ms, max ${w.max.toFixed(0)} ms (all cards p50 ${wAll.p50.toFixed(0)} ms), n=${w.n}`,
      );
    } finally {
      await context.close();
      await server.stop();
    }
  }
} finally {
  await browser.close();
}
