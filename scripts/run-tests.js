#!/usr/bin/env node
// Runs every *.test.ts under test/ and e2e/ with Node's own test runner (tsx loads TypeScript).
// Each file runs in its own process, which matters: chDB allows one data directory per process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function collect(dir) {
  let out = [];
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries.sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(collect(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const only = process.argv.slice(2);
const files = only.length ? only : [...collect('test'), ...collect('e2e')];
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'lookout-test-run-'));
const endings = join(scratch, 'endings.json');
function run(list) {
  rmSync(endings, { force: true });
  const result = spawnSync(
    process.execPath,
    [
      '--import', 'tsx', '--test', '--test-concurrency=1',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/exit-reporter.mjs', '--test-reporter-destination=stdout',
      ...list,
    ],
    { stdio: 'inherit', env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env, NODE_ENV: 'test', LOOKOUT_TEST_ENDINGS: endings } },
  );
  let report = { endedBadly: [], otherFailures: 0 };
  try { report = JSON.parse(readFileSync(endings, 'utf8')); } catch { /* the run wrote none */ }
  return { status: result.status ?? 1, ...report };
}

let { status, endedBadly, otherFailures } = run(files);
// A file whose every test passed but whose process then ended badly is run once more, and says
// so: the first ending is printed above (exit code or signal), for whoever looks into it. Any
// other failure fails the run as it is.
if (status !== 0 && otherFailures === 0 && endedBadly.length > 0) {
  console.log(`\n--- running again, once, the ${endedBadly.length} file(s) whose process ended badly with no failing test:\n${endedBadly.join('\n')}\n`);
  ({ status } = run(endedBadly));
}
rmSync(scratch, { recursive: true, force: true });
process.exit(status);
