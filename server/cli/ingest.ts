/**
 * `lookout ingest backfill <files...>` and `lookout ingest tail <file>`: send tracking
 * logs to a running Lookout server over HTTP. They never open the lake (chDB allows one
 * process per data directory, and that process is the server).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ingestTokenFile, readStoredIngestToken } from '../ingestToken';
import { backfill } from '../ingest/files/backfill';
import { tail } from '../ingest/files/tail';
import type { FileIngestOptions, IngestSummary } from '../ingest/files/common';
import { formatCount, formatDuration } from '../ingest/files/progress';

interface CommonCliOptions {
  url: string;
  token?: string;
  batchLines: number;
  checkpoint?: string;
  fromStart?: boolean;
  progress: boolean;
  json?: boolean;
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function dataDir(): string {
  return process.env.LOOKOUT_DATA_DIR || './data';
}

/** --token, else LOOKOUT_INGEST_TOKEN, else the token file the server wrote in its data folder. */
export function resolveCliToken(given: string | undefined): string {
  if (given) return given;
  if (process.env.LOOKOUT_INGEST_TOKEN) return process.env.LOOKOUT_INGEST_TOKEN;
  const stored = readStoredIngestToken(dataDir());
  if (stored) return stored;
  const file = ingestTokenFile(dataDir());
  throw new Error(
    `no ingest token: pass --token, set LOOKOUT_INGEST_TOKEN, or run where ${file} exists (the server writes it; set LOOKOUT_DATA_DIR to the server's data folder)`,
  );
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'Lookout server address', `http://localhost:${process.env.PORT || '3000'}`)
    .option('--token <token>', 'ingest token (default: LOOKOUT_INGEST_TOKEN, else $LOOKOUT_DATA_DIR/ingest-token)')
    .option('--batch-lines <n>', 'lines per request', positiveInt, 5000)
    .option('--checkpoint <file>', 'checkpoint file (default: $LOOKOUT_DATA_DIR/checkpoints/<sha256 of the absolute path>.json)')
    .option('--from-start', 'ignore the checkpoint and read from the beginning (the server skips lines it already has)')
    .option('--no-progress', 'no progress display on stderr')
    .option('--json', 'print the summary as JSON');
}

/** Runs a backfill/tail with SIGINT/SIGTERM wired to a graceful stop; returns the exit code. */
async function run(
  kind: 'backfill' | 'tail',
  opts: CommonCliOptions,
  go: (o: FileIngestOptions) => Promise<IngestSummary>,
): Promise<number> {
  let token: string;
  try {
    token = resolveCliToken(opts.token);
    new URL(opts.url);
  } catch (err) {
    console.error(`lookout ingest ${kind}: ${(err as Error).message}`);
    return 2;
  }
  const controller = new AbortController();
  let signal: string | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (signal) {
      // Second signal: leave now. The checkpoint is at the last acknowledged batch, so nothing is lost.
      process.exit(SIGNAL_EXIT[name] ?? 1);
    }
    signal = name;
    process.stderr.write(`\n${name}: finishing the batch in flight and saving the checkpoint (send again to quit at once)\n`);
    controller.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const summary = await go({
      url: opts.url,
      token,
      batchLines: opts.batchLines,
      checkpoint: opts.checkpoint,
      dataDir: dataDir(),
      fromStart: opts.fromStart,
      signal: controller.signal,
      progress: opts.progress ? {} : false,
    });
    printSummary(kind, summary, signal, opts.json);
    if (summary.fatal) return 1;
    if (signal) return SIGNAL_EXIT[signal] ?? 1;
    return summary.fileErrors.length > 0 ? 1 : 0;
  } catch (err) {
    console.error(`lookout ingest ${kind}: ${(err as Error).message}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function formatSummary(kind: string, s: IngestSummary, signal?: string): string {
  const out: string[] = [];
  if (s.fatal) out.push(`${kind} stopped: ${s.fatal}`);
  else if (signal) out.push(`${kind} interrupted (${signal}): the checkpoint is saved; run the same command to resume`);
  else if (s.interrupted) out.push(`${kind} stopped early: the checkpoint is saved; run the same command to resume`);
  out.push(`lines read   ${formatCount(s.lines)}${s.blank ? ` (${formatCount(s.blank)} blank, skipped)` : ''}`);
  out.push(`accepted     ${formatCount(s.accepted)}`);
  out.push(`duplicates   ${formatCount(s.duplicates)}`);
  out.push(`rejected     ${formatCount(s.rejected)}${s.rejected ? ' (kept by the server as dead letters)' : ''}`);
  for (const r of s.rejectedLines) out.push(`  ${r.file}:${r.line} (byte ${r.offset}): ${r.reason}`);
  if (s.rejected > s.rejectedLines.length) out.push(`  … and ${formatCount(s.rejected - s.rejectedLines.length)} more`);
  out.push(`elapsed      ${s.elapsedMs < 60_000 ? `${(s.elapsedMs / 1000).toFixed(1)}s` : formatDuration(s.elapsedMs)}`);
  out.push(`rate         ${formatCount(s.rate)} lines/s`);
  if (s.retries) out.push(`retries      ${formatCount(s.retries)}`);
  for (const e of s.fileErrors) out.push(`error: ${e.file}: ${e.message}`);
  return out.join('\n');
}

function printSummary(kind: string, s: IngestSummary, signal: string | undefined, json?: boolean): void {
  if (json) console.log(JSON.stringify({ ...s, signal }));
  else console.log(formatSummary(kind, s, signal));
}

export function registerIngestCommands(program: Command): void {
  const ingest = program.command('ingest').description('send tracking logs to a running Lookout server');

  addCommonOptions(
    ingest
      .command('backfill')
      .description('send tracking.log files (plain or gzip), resumable from a checkpoint')
      .argument('<files...>', 'tracking.log files, plain or gzip-compressed'),
  ).action(async (files: string[], opts: CommonCliOptions) => {
    process.exit(await run('backfill', opts, (o) => backfill({ ...o, files })));
  });

  addCommonOptions(
    ingest
      .command('tail')
      .description('follow a live tracking.log through rotation and truncation, from its checkpoint')
      .argument('<file>', 'the live tracking.log'),
  ).action(async (file: string, opts: CommonCliOptions) => {
    process.exit(await run('tail', opts, (o) => tail({ ...o, file })));
  });
}
