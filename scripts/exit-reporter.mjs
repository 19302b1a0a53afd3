// A test reporter beside spec. When a test file's process ends badly (an exit code or a signal)
// with no failing test to show for it, spec prints only 'test failed': this says how it ended,
// so that such a failure can be told apart (an error after the tests, a crash, a kill). With
// LOOKOUT_TEST_ENDINGS set, it also writes there which files ended so and how many other
// failures the run had (scripts/run-tests.js runs such files once more).
import { writeFileSync } from 'node:fs';

export default async function* exitReporter(source) {
  const endedBadly = [];
  let otherFailures = 0;
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const error = event.data.details?.error;
    const processEnded = error && (error.exitCode !== undefined || error.signal !== undefined) && error.failureType === 'testCodeFailure';
    if (!processEnded) {
      otherFailures++;
      continue;
    }
    endedBadly.push(event.data.name);
    yield `✖ ${event.data.name}: its process ended with exit code ${error.exitCode ?? '—'}, signal ${error.signal ?? '—'}, and no failing test\n`;
  }
  if (endedBadly.length) yield `\nTest files whose process ended badly, with no failing test:\n${endedBadly.map((f) => `  ${f}`).join('\n')}\n`;
  if (process.env.LOOKOUT_TEST_ENDINGS) writeFileSync(process.env.LOOKOUT_TEST_ENDINGS, JSON.stringify({ endedBadly, otherFailures }));
}
