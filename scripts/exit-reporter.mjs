// A test reporter beside spec: when a test file's process ends badly with no failing test to show
// for it, spec prints only 'test failed'. This says how it ended (exit code, signal), so that
// such a failure in CI can be told apart: an error after the tests, a crash, a kill.
export default async function* exitReporter(source) {
  const ended = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const error = event.data.details?.error;
    if (!error || (error.exitCode === undefined && error.signal === undefined)) continue;
    const line = `✖ ${event.data.name}: its process ended with exit code ${error.exitCode ?? '—'}, signal ${error.signal ?? '—'}`;
    ended.push(line);
    yield `${line}\n`;
  }
  if (ended.length) yield `\nTest files whose process ended badly:\n${ended.join('\n')}\n`;
}
