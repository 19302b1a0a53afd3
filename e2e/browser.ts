import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser download does not work everywhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
  setTimeout(() => process.exit(), afterMs).unref();
}
